"""The personal-data notice that Taiwan's Personal Data Protection Act (PDPA) art. 8 requires.

Art. 8 asks the collector to tell the person, before collecting: who collects, for what purpose,
which data, the period / area / recipients / manner of use, the person's rights under art. 3 and
how to exercise them, and what happens if the data is not given. Each item below answers one of
those, in Traditional Chinese and English. The text is versioned: every consent record keeps the
version (and the package's PDF keeps the full text) so what a person agreed to is never in doubt.
Change ``NOTICE_VERSION`` whenever the words change.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk import organiser

NOTICE_VERSION = "IVY2026-PDPA-1"


@dataclass(frozen=True)
class NoticeItem:
    heading_zh: str
    heading_en: str
    body_zh: str
    body_en: str


def notice_items(retention_days: int = 30) -> list[NoticeItem]:
    """The notice, item by item; ``retention_days`` is how long this computer keeps a sent package."""
    collector_zh = f"{organiser.ORGANISER_ZH}（{organiser.ORGANISER_EN}，國際志工協會 IAVE 全球志工領導聯盟 GNVL 臺灣代表組織）"
    collector_en = f"{organiser.ORGANISER_ZH} ({organiser.ORGANISER_EN}), the IAVE GNVL representative in Taiwan"
    contact_zh = f"電子郵件 {organiser.HELP_EMAIL} 或電話 {organiser.HELP_PHONE}"
    contact_en = f"e-mail {organiser.HELP_EMAIL} or telephone {organiser.HELP_PHONE}"
    return [
        NoticeItem("蒐集者", "Who collects", collector_zh, collector_en),
        NoticeItem(
            "蒐集目的",
            "Purpose",
            "聯繫貴單位辦理「國際志工年 IVY 2026」響應活動事宜、記錄素材使用授權，並將影片與照片剪輯為全國串連短影音，"
            "提供國際志工協會（IAVE）及聯合國志工組織（UNV）於全球正式宣導使用。",
            "To contact your unit about the IVY 2026 pledge, to record the authorisation to use the material, and "
            "to edit the video and photos into a nationwide short video that IAVE and UN Volunteers (UNV) use in "
            "the official global campaign.",
        ),
        NoticeItem(
            "個人資料類別",
            "Data collected",
            "聯絡人姓名、服務單位、職稱、聯絡電話、電子郵件、簽名、簽署時間；影片與照片中可辨識之人像與聲音。",
            "The contact person's name, organisation, job title, telephone, e-mail, signature and time of signing; "
            "the faces and voices that can be recognised in the video and photos.",
        ),
        NoticeItem(
            "利用期間",
            "Period of use",
            "聯絡資料保存至 IVY 2026 活動結束（2026 年 12 月 31 日）後一年；影片與照片於授權範圍內持續用於宣導。"
            f"本機於確認寄達後 {retention_days} 天刪除本機副本，未寄出者不刪除。",
            "Contact details are kept until one year after the end of IVY 2026 (31 December 2026); the video and "
            "photos are used for the campaign within the authorisation. This computer deletes its own copy "
            f"{retention_days} days after delivery is confirmed, never before.",
        ),
        NoticeItem("利用地區", "Area of use", "臺灣及全球（國際志工協會與聯合國志工組織發布之地區）。",
                   "Taiwan and worldwide (wherever IAVE and UN Volunteers publish)."),
        NoticeItem(
            "利用對象及方式",
            "Recipients and manner of use",
            f"{organiser.ORGANISER_ZH}、國際志工協會（IAVE）、聯合國志工組織（UNV）；以電子郵件傳送，"
            "剪輯製作短影音，於網路、社群、影音平臺及各式媒體公開播送。聯絡資料僅供聯繫，不公開。",
            f"{organiser.ORGANISER_EN}, IAVE and UN Volunteers; sent by e-mail, edited into a short video and shown "
            "publicly online, on social and video platforms and in all media. Contact details are used only to "
            "reach you and are never published.",
        ),
        NoticeItem(
            "當事人權利及行使方式",
            "Your rights and how to use them",
            "依個人資料保護法第 3 條，您可請求查詢或閱覽、製給複製本、補充或更正、停止蒐集處理或利用，及刪除您的個人資料。"
            f"請以{contact_zh} 聯絡{organiser.ORGANISER_ZH}。",
            "Under PDPA art. 3 you may ask to see your data or get a copy, to have it completed or corrected, to "
            "stop its collection, processing or use, and to have it deleted. Contact "
            f"{organiser.ORGANISER_EN} by {contact_en}.",
        ),
        NoticeItem(
            "不提供之影響",
            "If you do not provide them",
            "您可自由選擇是否提供。若不提供聯絡資料或不同意授權，本會將無法聯繫貴單位，亦無法將貴單位之影片與照片納入"
            "全國串連短影音。",
            "Giving the data is your choice. Without the contact details or the authorisation, Volunteering "
            "Taiwan cannot reach your unit or include your video and photos in the nationwide short video.",
        ),
    ]
