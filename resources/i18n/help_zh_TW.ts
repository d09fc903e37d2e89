<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>HelpScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/help.py" line="+106"/>
        <source>Help</source>
        <translation>說明</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back (Esc)</source>
        <translation>返回 (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the previous screen</source>
        <translation>回到上一個畫面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About and licences</source>
        <translation>關於與授權</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About the kiosk, its licences and source code</source>
        <translation>關於本機台、授權與原始碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the organiser asks for</source>
        <translation>主辦單位的要求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>• Video: landscape, about 10–15 seconds, at least 1920×1080, with sound (MP4).</source>
        <translation>• 影片：橫式拍攝，約 10–15 秒，至少 1920×1080，有聲音（MP4）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>• Photos: at least 3, each at least 1280×720.</source>
        <translation>• 照片：至少 3 張，每張至少 1280×720。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>• File names: 「%7」.</source>
        <translation>• 檔名：「%7」。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>• Sent by e-mail to %3, with the contact person, unit, job title and phone.</source>
        <translation>• 以 Email 寄到 %3，並留下聯絡人／單位／職稱／連絡電話。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>• Sending it authorises Volunteering Taiwan and IAVE to use the material in all media of the global campaign.</source>
        <translation>• 傳送素材即表示貴單位授權台灣志願服務國際交流協會及國際志工協會運用於全球正式宣導的各式媒體中。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>• The stage backdrop shows the IVY 2026 logo and 「%2」.</source>
        <translation>• 活動背板顯著位置放入 IVY 2026 標誌及「%2」字樣。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The shot (about 10–15 seconds)</source>
        <translation>拍攝內容（約 10–15 秒）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1. Leading the pledge: the county or city head, on stage, leads all volunteers in shouting 「%2」.</source>
        <translation>1. 帶領宣示：縣市首長在舞台上帶領全體志工一同喊出「%2」。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>2. Turning to the crowd: the head turns towards the volunteers.</source>
        <translation>2. 轉向群眾：首長轉身面向志工。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3. Cheering: the crowd cheers and waves. Keep recording until the timer says you can stop; it stops by itself at 15 seconds.</source>
        <translation>3. 歡呼：群眾歡呼、揮手。請錄到計時器顯示可以停止；15 秒時會自動停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tip: the camera on a tripod, landscape, the head and the backdrop inside the guide frame.</source>
        <translation>小提醒：攝影機架在腳架上、橫式拍攝，讓首長與背板都在導引框內。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Help line</source>
        <translation>聯絡窗口</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volunteering Taiwan, IAVE GNVL office</source>
        <translation>台灣志願服務國際交流協會 IAVE GNVL 代表辦公室</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone: %4</source>
        <translation>電話：%4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail: %5</source>
        <translation>Email：%5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web: %6</source>
        <translation>網站：%6</translation>
    </message>
</context>
</TS>
