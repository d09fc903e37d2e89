<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>PreflightScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/preflight.py" line="+192"/>
        <source>Preflight: will everything work?</source>
        <translation>錄影前檢查：一切都準備好了嗎？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run again (F5)</source>
        <translation>重新檢查 (F5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the checks again</source>
        <translation>重新執行所有檢查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue (Enter)</source>
        <translation>繼續 (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue to the camera</source>
        <translation>前往攝影畫面</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Note</source>
        <translation>注意</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fix</source>
        <translation>需處理</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+31"/>
        <source>Waiting for the camera to open…</source>
        <translation>等待攝影機開啟…</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Checking…</source>
        <translation>檢查中…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Checking… (%1 of %2)</source>
        <translation>檢查中…（%1／%2）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Run again to check the camera, microphone, disk, encoder and account.</source>
        <translation>按「重新檢查」來檢查攝影機、麥克風、磁碟、編碼速度與寄件帳號。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 problem to fix before the event: see the red line.</source>
        <translation>活動前有 1 個問題需要處理：請看紅色項目。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 problems to fix before the event: see the red lines.</source>
        <translation>活動前有 %1 個問題需要處理：請看紅色項目。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ready, with 1 note: read the amber line.</source>
        <translation>可以開始，有 1 項提醒：請看黃色項目。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ready, with %1 notes: read the amber lines.</source>
        <translation>可以開始，有 %1 項提醒：請看黃色項目。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready: everything checked out.</source>
        <translation>一切正常，可以開始。</translation>
    </message>
</context>
</TS>
