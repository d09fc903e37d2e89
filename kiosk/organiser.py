"""What the organiser (Volunteering Taiwan) asks for, in one place: the call's own words and numbers."""

from __future__ import annotations

COUNTIES: tuple[str, ...] = (
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣",
    "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣",
    "金門縣", "連江縣",
)

RECIPIENT = "ingo.se@vtaiwan.org"
ORGANISER_ZH = "台灣志願服務國際交流協會"
ORGANISER_EN = "Volunteering Taiwan"
HELP_PHONE = "07-3438100"
HELP_EMAIL = "ceo@vtaiwan.org"
HELP_WEB = "www.volunext.org"

# The call's authorisation sentence, verbatim (seed/000: 「※當您願意將照片及影片傳給…」).
AUTHORISATION_ZH = (
    "當您願意將照片及影片傳給台灣志願服務國際交流協會時，即表示貴單位授權本會及國際志工協會能運用該素材"
    "在全球正式宣導的各式媒體中"
)
AUTHORISATION_EN = (
    "By sending the photos and video to Volunteering Taiwan, your unit authorises Volunteering Taiwan and "
    "the International Association for Volunteer Effort (IAVE) to use the material in all media of the "
    "official global campaign."
)

# Deliverable requirements (SPEC §1).
VIDEO_MIN_WIDTH, VIDEO_MIN_HEIGHT = 1920, 1080
TAKE_MIN_SECONDS, TAKE_MAX_SECONDS = 10, 15
PHOTO_MIN_WIDTH, PHOTO_MIN_HEIGHT = 1280, 720
PHOTO_MIN_COUNT = 3
PHOTO_DPI = 300


def pledge_line(county: str) -> str:
    """「高雄市響應國際志工年 IVY 2026」"""
    return f"{county}響應國際志工年 IVY 2026"


def deliverable_name(county: str) -> str:
    """The call's file name: 「高雄市 IVY 2026」."""
    return f"{county} IVY 2026"
