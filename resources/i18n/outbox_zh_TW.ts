<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>MailSettingsWidget</name>
    <message>
        <location filename="../../kiosk/ui/screens/mail_settings.py" line="+125"/>
        <source>Mail server</source>
        <translation>郵件伺服器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Port</source>
        <translation>連接埠</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Encryption</source>
        <translation>加密方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>帳號</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Or: password in environment variable</source>
        <translation>或：密碼所在的環境變數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sender address</source>
        <translation>寄件地址</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Send packages to</source>
        <translation>素材寄給</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra certificate (optional)</source>
        <translation>額外憑證（可不填）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>TLS usually goes with port 465, STARTTLS with port 587; your mail provider says which.</source>
        <translation>TLS 通常用連接埠 465，STARTTLS 通常用 587；請依郵件服務商的說明設定。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>e.g. IVY_SMTP_PASSWORD</source>
        <translation>例如 IVY_SMTP_PASSWORD</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the account&apos;s own address</source>
        <translation>帳號本身的電子郵件地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+136"/>
        <source>Choose a certificate file</source>
        <translation>選擇憑證檔</translation>
    </message>
    <message>
        <location line="-135"/>
        <location line="+1"/>
        <source>Send test mail</source>
        <translation>寄送測試信</translation>
    </message>
    <message>
        <location line="+110"/>
        <source>(for the test mail only)</source>
        <translation>（僅用於測試信）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No safe password store on this computer: the password is read from the environment variable %1.</source>
        <translation>這台電腦沒有安全的密碼庫：密碼從環境變數 %1 讀取。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No safe password store on this computer, so a typed password cannot be saved. Put the password in an environment variable and enter its name above.</source>
        <translation>這台電腦沒有安全的密碼庫，輸入的密碼無法儲存。請把密碼放進環境變數，並在上方填入變數名稱。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A password is saved in %1. Type a new one only to change it.</source>
        <translation>密碼已存在%1。要更換時才需要輸入新密碼。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password is kept in %1, never in the settings file.</source>
        <translation>密碼會存在%1，不會寫進設定檔。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(saved)</source>
        <translation>（已儲存）</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The test mail could not be sent: %1</source>
        <translation>測試信無法寄出：%1</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Sending a test mail…</source>
        <translation>正在寄送測試信…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Test mail sent to %1. Check that it arrived.</source>
        <translation>測試信已寄到 %1，請確認是否收到。</translation>
    </message>
</context>
<context>
    <name>OutboxChip</name>
    <message>
        <location filename="../../kiosk/ui/screens/outbox.py" line="+285"/>
        <source>Outbox: empty</source>
        <translation>寄件匣：空的</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outbox: all sent</source>
        <translation>寄件匣：全部已送出</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 waiting to send</source>
        <translation>%1 件待傳送</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>needs attention</source>
        <translation>需要處理</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sending %1%</source>
        <translation>傳送中 %1%</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>offline</source>
        <translation>離線</translation>
    </message>
</context>
<context>
    <name>OutboxScreen</name>
    <message>
        <location line="-180"/>
        <location line="+127"/>
        <source>Export to a folder or USB drive</source>
        <translation>匯出到資料夾／隨身碟</translation>
    </message>
    <message>
        <location line="-135"/>
        <source>Outbox</source>
        <translation>寄件匣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Package</source>
        <translation>素材包</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Attempts</source>
        <translation>嘗試次數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next try</source>
        <translation>下次嘗試</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What to do</source>
        <translation>說明／處理方式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Packages in the outbox</source>
        <translation>寄件匣中的素材包</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Column headings</source>
        <translation>欄位標題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry now (Ctrl+R)</source>
        <translation>立即重試（Ctrl+R）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry now</source>
        <translation>立即重試</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export to a folder or USB drive (Ctrl+E)</source>
        <translation>匯出到資料夾／隨身碟（Ctrl+E）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sending…</source>
        <translation>傳送中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sending… %1%</source>
        <translation>傳送中… %1%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for the network</source>
        <translation>等待網路</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting to try again</source>
        <translation>等待重試</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting to be sent</source>
        <translation>等待寄出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sent %1</source>
        <translation>已於 %1 送出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs attention</source>
        <translation>需要處理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused: needs attention</source>
        <translation>已暫停：需要處理</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delivered; the local copy was removed after the retention period.</source>
        <translation>已送達；本機副本已在保存期限後刪除。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The mail server accepted it for Volunteering Taiwan.</source>
        <translation>郵件伺服器已收下，寄往台灣志願服務國際交流協會。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sending is paused: see the message above.</source>
        <translation>已暫停寄送：請看上方的說明。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>It goes out by itself; nothing to do.</source>
        <translation>會自動寄出，不需操作。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Nothing in the outbox yet.</source>
        <translation>寄件匣目前是空的。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: %2. %3</source>
        <translation>%1：%2。%3</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Trying %1 again now.</source>
        <translation>正在重新寄送 %1。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Copying %1 to %2…</source>
        <translation>正在把 %1 複製到 %2…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 was copied to %2.</source>
        <translation>%1 已複製到 %2。</translation>
    </message>
</context>
</TS>
