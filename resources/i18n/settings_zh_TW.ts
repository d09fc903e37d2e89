<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/settings.py" line="+324"/>
        <source>Looking for cameras and microphones…</source>
        <translation>正在尋找攝影機與麥克風…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>1 camera</source>
        <translation>1 台攝影機</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 cameras</source>
        <translation>%1 台攝影機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 microphone</source>
        <translation>1 支麥克風</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 microphones</source>
        <translation>%1 支麥克風</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Found %1 and %2.</source>
        <translation>找到 %1、%2。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Demo camera (test picture)</source>
        <translation>示範攝影機（測試畫面）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The computer&apos;s default microphone</source>
        <translation>電腦的預設麥克風</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo microphone (test sound)</source>
        <translation>示範麥克風（測試聲音）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No microphone (no sound)</source>
        <translation>不使用麥克風（沒有聲音）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (not connected)</source>
        <translation>%1（未連接）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event</source>
        <translation>活動</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact person (defaults for the consent form)</source>
        <translation>聯絡人（授權書的預設值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery</source>
        <translation>寄送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending account</source>
        <translation>寄件帳號</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera and microphone</source>
        <translation>攝影機與麥克風</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shot plan cues</source>
        <translation>拍攝提示時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator</source>
        <translation>操作人員</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>County or city</source>
        <translation>縣市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unit</source>
        <translation>單位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Job title</source>
        <translation>職稱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phone</source>
        <translation>連絡電話</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>Email</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send to</source>
        <translation>收件人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep sent packages (days)</source>
        <translation>已寄出資料保留天數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Camera</source>
        <translation>攝影機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Microphone</source>
        <translation>麥克風</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turn to the crowd at</source>
        <translation>轉向群眾的時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cheering from</source>
        <translation>開始歡呼的時間</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operator PIN (4–8 digits)</source>
        <translation>操作密碼（4–8 位數字）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Refresh devices</source>
        <translation>重新尋找裝置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look for cameras and microphones again</source>
        <translation>重新尋找攝影機與麥克風</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save (Ctrl+S)</source>
        <translation>儲存 (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the settings</source>
        <translation>儲存設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leave without saving</source>
        <translation>不儲存並離開</translation>
    </message>
</context>
</TS>
