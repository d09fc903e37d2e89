<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/consent.py" line="+256"/>
        <source>Consent and authorisation</source>
        <translation>授權同意書</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The organiser&apos;s authorisation</source>
        <translation>主辦單位的授權說明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Personal data notice (Taiwan PDPA art. 8)</source>
        <translation>個人資料蒐集告知事項（個人資料保護法第 8 條）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>County or city</source>
        <translation>縣市</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contact person</source>
        <translation>聯絡人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>服務單位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>職稱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>聯絡電話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>電子郵件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>I have read the notice and authorise the use of the material as stated above</source>
        <translation>我已閱讀告知事項，並同意依上述說明授權使用素材</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorise the use of the material</source>
        <translation>同意授權使用素材</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signature of the contact person</source>
        <translation>聯絡人簽名</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Clear signature</source>
        <translation>清除簽名</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Preview the consent form</source>
        <translation>預覽同意書</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Confirm consent</source>
        <translation>確認同意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>◀ Back to the form (Esc)</source>
        <translation>◀ 回到同意書 (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the consent form</source>
        <translation>回到授權同意書</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A Taiwan number with its area code, e.g. 07-3438100, (02)2345-6789#123 or 0912-345-678</source>
        <translation>請填臺灣電話（市話含區碼），例如 07-3438100、(02)2345-6789#123 或 0912-345-678</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An e-mail address such as name@example.org</source>
        <translation>請填電子郵件地址，例如 name@example.org</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most 80 characters on one line</source>
        <translation>最多 80 字，單行</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Tick the authorisation box</source>
        <translation>請勾選同意授權</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in the signature box</source>
        <translation>請在簽名框內簽名</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still needed: %1</source>
        <translation>尚缺：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready: confirm to continue to sending.</source>
        <translation>已完成：請按「確認同意」繼續送出。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep a take on the Review screen first: this consent goes with it.</source>
        <translation>請先在「回看」保留一段錄影：這份同意書會隨它送出。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For the take recorded at %1 (%2 s).</source>
        <translation>用於 %1 錄製的那段錄影（%2 秒）。</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Preparing the preview…</source>
        <translation>正在準備預覽…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Preview: page 1 of the consent PDF</source>
        <translation>預覽：同意書 PDF 第 1 頁</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Preview: the text of the consent PDF</source>
        <translation>預覽：同意書 PDF 的文字內容</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The preview could not be made: %1</source>
        <translation>無法產生預覽：%1</translation>
    </message>
</context>
<context>
    <name>SendScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/send.py" line="+141"/>
        <source>Check and send</source>
        <translation>檢查並送出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>「%1」 — every line is read from the files themselves.</source>
        <translation>「%1」——每一項都直接從檔案檢查。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send anyway: I accept that a requirement is not met</source>
        <translation>仍要送出：我了解有項目未符合要求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Override failed checks</source>
        <translation>略過未通過的檢查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason (kept in the package)</source>
        <translation>原因（會記錄在套件中）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reason for the override</source>
        <translation>略過檢查的原因</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Send to Volunteering Taiwan</source>
        <translation>送出給台灣志願服務國際交流協會</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Video at least 1920×1080, landscape</source>
        <translation>影片至少 1920×1080、橫式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MP4 with H.264 video and AAC sound</source>
        <translation>MP4 格式（H.264 影像、AAC 聲音）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Length 10–15 seconds</source>
        <translation>長度 10–15 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sound recorded, not silent</source>
        <translation>有錄到聲音，不是靜音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least 3 photos, each at least 1280×720, 300 dpi</source>
        <translation>至少 3 張照片，每張至少 1280×720、300 dpi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files named 「County IVY 2026」</source>
        <translation>檔名「○○市 IVY 2026」</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent form complete</source>
        <translation>授權同意書完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Small enough for one e-mail</source>
        <translation>大小可用一封電子郵件寄出</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Putting the package in the outbox…</source>
        <translation>正在放入寄件匣…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Package %1 is in the outbox: it is sent by itself.</source>
        <translation>套件 %1 已放入寄件匣，會自動寄出。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep a take and sign the consent form first.</source>
        <translation>請先保留一段錄影並簽署授權同意書。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Checking the video, the photos and the consent…</source>
        <translation>正在檢查影片、照片與同意書…</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Building the package…</source>
        <translation>正在打包…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A requirement is not met: record again, or tick the override and give a reason.</source>
        <translation>有項目未符合要求：請重錄，或勾選「仍要送出」並填寫原因。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Everything is in order.</source>
        <translation>全部符合要求。</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../kiosk/ui/screens/signature.py" line="+46"/>
        <source>Signature pad</source>
        <translation>簽名板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign here with the mouse, a finger or a pen</source>
        <translation>請用滑鼠、手指或觸控筆在此簽名</translation>
    </message>
</context>
</TS>
