<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>CollectPage</name>
    <message>
        <location filename="../../kiosk/ui/organiser/collect_page.py" line="+179"/>
        <source>Collect the counties&apos; mail</source>
        <translation>收取各縣市的信件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reads the mails that arrived into the folder shown at the top: every file is checked against its mail and the consent form. Collecting again only adds what is new.</source>
        <translation>把收到的信件收進上方顯示的資料夾：每個檔案都會對照信中的清單與授權同意書檢查。再收一次只會加入新的信件。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A folder of .eml files</source>
        <translation>.eml 信件資料夾</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>A mailbox file (mbox)</source>
        <translation>信箱匯出檔（mbox）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The mailbox on the mail server (IMAP)</source>
        <translation>郵件伺服器上的信箱（IMAP）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mails from: %1</source>
        <translation>信件來源：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mail server</source>
        <translation>郵件伺服器</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Account</source>
        <translation>帳號</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mailbox folder</source>
        <translation>信箱資料夾</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Password</source>
        <translation>密碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra certificate (optional)</source>
        <translation>額外憑證（選用）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. imap.gmail.com (port 993 unless you add :port)</source>
        <translation>例如 imap.gmail.com（連接埠預設 993，可加 :連接埠）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>empty: the password saved in the system keyring</source>
        <translation>留空：使用系統密碼庫中儲存的密碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Save the typed password in the system keyring</source>
        <translation>把輸入的密碼存入系統密碼庫</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The password is never written to a file: it is kept in memory for this window, or in the system&apos;s encrypted keyring (service %1).</source>
        <translation>密碼絕不寫入檔案：只在這個視窗開著時留在記憶體中，或存在系統加密的密碼庫（服務 %1）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+5"/>
        <source>Choose…</source>
        <translation>選擇…</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Choose a certificate file</source>
        <translation>選擇憑證檔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <translation>不使用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No extra certificate</source>
        <translation>不使用額外憑證</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra certificate</source>
        <translation>額外憑證</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose where the mails are</source>
        <translation>選擇信件所在位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the mails are</source>
        <translation>信件所在位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collect (Ctrl+Enter)</source>
        <translation>收取（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Collect the mails</source>
        <translation>收取信件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the last collect found</source>
        <translation>上次收取的結果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mails for no county</source>
        <translation>不屬於任何縣市的信件</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The folder of .eml files</source>
        <translation>.eml 信件所在的資料夾</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The mailbox file (mbox)</source>
        <translation>信箱匯出檔（mbox）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The extra certificate (CA) file</source>
        <translation>額外的憑證（CA）檔</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>No file chosen yet: an export from Thunderbird, Apple Mail or Google Takeout.</source>
        <translation>尚未選擇檔案：Thunderbird、Apple Mail 或 Google Takeout 匯出的檔案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No folder chosen yet: a folder of saved .eml mails.</source>
        <translation>尚未選擇資料夾：存放 .eml 信件的資料夾。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none: the system&apos;s certificates</source>
        <translation>無：使用系統內建的憑證</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not collected: %1</source>
        <translation>未能收取：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mails read: %1, new: %2. Collected: %3 · sent twice: %4 · refused: %5 · for no county: %6 · already collected before: %7</source>
        <translation>讀取 %1 封信，其中 %2 封是新的。已收取：%3 · 重複寄送：%4 · 拒收：%5 · 不屬於任何縣市：%6 · 先前已收：%7</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mails that belong to no county, for a person to sort: %1</source>
        <translation>不屬於任何縣市、需人工判斷的信件：%1 封</translation>
    </message>
</context>
<context>
    <name>CountiesPage</name>
    <message>
        <location filename="../../kiosk/ui/organiser/counties_page.py" line="+102"/>
        <source>The 22 counties</source>
        <translation>22 縣市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The 22 counties and cities</source>
        <translation>22 個縣市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Column headings</source>
        <translation>欄位標題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many are in each state</source>
        <translation>各狀態的縣市數</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the folder again (F5)</source>
        <translation>重新讀取資料夾（F5）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the folder again</source>
        <translation>重新讀取資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make the contact sheet (Ctrl+M)</source>
        <translation>製作照片一覽（Ctrl+M）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make the contact sheet of all photos</source>
        <translation>製作所有照片的一覽表</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Open the contact sheet</source>
        <translation>開啟照片一覽</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 in the film</source>
        <translation>%1 個可剪入影片</translation>
    </message>
</context>
<context>
    <name>CountyDetail</name>
    <message>
        <location filename="../../kiosk/ui/organiser/county_detail.py" line="+167"/>
        <source>▶ Play the clip (Ctrl+P)</source>
        <translation>▶ 播放影片（Ctrl+P）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the county&apos;s clip</source>
        <translation>播放該縣市的影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The county&apos;s clip</source>
        <translation>該縣市的影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The county&apos;s photos</source>
        <translation>該縣市的照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The files received</source>
        <translation>收到的檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the folder</source>
        <translation>開啟資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the county&apos;s folder</source>
        <translation>開啟該縣市的資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every delivery from this county</source>
        <translation>這個縣市的每一次寄送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cloud links to fetch by hand</source>
        <translation>需手動下載的雲端連結</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the link (Ctrl+L)</source>
        <translation>複製連結（Ctrl+L）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the cloud link</source>
        <translation>複製雲端連結</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whom to call</source>
        <translation>聯絡對象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Choose a county in the table</source>
        <translation>請在表格中選一個縣市</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delivered: %1</source>
        <translation>送達：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No problems.</source>
        <translation>沒有問題。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Call: %1</source>
        <translation>聯絡：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Phone: %1</source>
        <translation>電話：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>E-mail: %1</source>
        <translation>電子郵件：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No clip arrived.</source>
        <translation>沒有收到影片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · %2 s</source>
        <translation>%1 · %2 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Photos: %1</source>
        <translation>照片：%1 張</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Files received: %1</source>
        <translation>收到的檔案：%1 個</translation>
    </message>
    <message>
        <location line="+16"/>
        <source> (shown above)</source>
        <translation>（即上方所示）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Deliveries: %1</source>
        <translation>寄送紀錄：%1 筆</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cloud links: fetch the files by hand, then ask the county to confirm</source>
        <translation>雲端連結：請手動下載檔案，再請該縣市確認</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Copied: paste it into a web browser to fetch the files.</source>
        <translation>已複製：貼到網頁瀏覽器即可下載檔案。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Use the clip of %1 in the film? Only once you have watched it to the end and looked at the photos: nothing here could be verified.</source>
        <translation>要把%1的影片剪入影片嗎？請先完整看過影片並檢查照片：這份投稿無法自動驗證。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Accept (Enter)</source>
        <translation>接受（Enter）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Not yet (Esc)</source>
        <translation>先不要（Esc）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No clip came with this mail: fetch it from its cloud link (Copy the link, Ctrl+L) and mail it to this inbox with the county&apos;s name in the subject, or ask the county to send the file; then collect again.</source>
        <translation>這封信沒有附上影片：請用雲端連結下載（複製連結，Ctrl+L），再以主旨含縣市名稱的信寄到這個收件信箱，或請該縣市寄送檔案；然後再收取一次。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Accepted: this clip goes into the film.</source>
        <translation>已接受：這段影片會剪入影片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent without the kiosk: watch the clip and check the photos, then accept it for the film.</source>
        <translation>未經本程式寄送：請看過影片並檢查照片，再接受剪入影片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Take it back (Ctrl+Shift+A)</source>
        <translation>取消接受（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept for the film (Ctrl+Shift+A)</source>
        <translation>接受剪入影片（Ctrl+Shift+A）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take the acceptance back</source>
        <translation>取消接受</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept this clip for the film</source>
        <translation>接受這段影片剪入影片</translation>
    </message>
</context>
<context>
    <name>CountyStates</name>
    <message>
        <location filename="../../kiosk/ui/organiser/county_model.py" line="+43"/>
        <source>Unverified: check by hand</source>
        <translation>未驗證：請人工檢查</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unverified</source>
        <translation>未驗證</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invalid</source>
        <translation>無效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>重複</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing</source>
        <translation>未收到</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unverified, accepted</source>
        <translation>未驗證，已接受</translation>
    </message>
</context>
<context>
    <name>CountyTableModel</name>
    <message>
        <location line="+66"/>
        <source>County</source>
        <translation>縣市</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>狀態</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delivered</source>
        <translation>送達時間</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problems</source>
        <translation>問題</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact</source>
        <translation>聯絡人</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phone</source>
        <translation>電話</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (+%2 more)</source>
        <translation>%1（另有 %2 項）</translation>
    </message>
</context>
<context>
    <name>FilmPage</name>
    <message>
        <location filename="../../kiosk/ui/organiser/film_page.py" line="+176"/>
        <location line="+28"/>
        <source>The film</source>
        <translation>影片</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Every complete or accepted county, in the order of the 22 names: untick one to leave it out, move it earlier or later, choose the part of its clip. The clips cross-fade at one loudness between an opening and a closing card.</source>
        <translation>每個完整或已接受的縣市，依 22 縣市的順序排列：取消勾選即不放入，可調前後順序、選擇要用的片段。各段以交叉淡化銜接、音量一致，前後各有開場與結尾字卡。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Counties in the film, in order</source>
        <translation>影片中的縣市（依順序）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▲ Earlier</source>
        <translation>▲ 往前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the county earlier (Ctrl+Up)</source>
        <translation>把這個縣市往前移（Ctrl+↑）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the county earlier</source>
        <translation>把這個縣市往前移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▼ Later</source>
        <translation>▼ 往後</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the county later (Ctrl+Down)</source>
        <translation>把這個縣市往後移（Ctrl+↓）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Move the county later</source>
        <translation>把這個縣市往後移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>從</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clip&apos;s part starts at</source>
        <translation>片段開始於</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The clip&apos;s part ends at</source>
        <translation>片段結束於</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole clip</source>
        <translation>整段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the whole clip</source>
        <translation>使用整段影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit the film to</source>
        <translation>影片總長</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit the film to a length</source>
        <translation>把影片調整到指定長度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The film&apos;s length</source>
        <translation>影片長度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick draft (faster, softer picture)</source>
        <translation>快速草稿（較快，畫質較柔）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick draft</source>
        <translation>快速草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save in…</source>
        <translation>存到…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the folder for the film</source>
        <translation>選擇影片存放的資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the film is saved</source>
        <translation>影片存放位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build the film (Ctrl+Enter)</source>
        <translation>製作影片（Ctrl+Enter）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build the film</source>
        <translation>製作影片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>▶ Play the film (Ctrl+P)</source>
        <translation>▶ 播放影片（Ctrl+P）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the film</source>
        <translation>播放完成的影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The film built</source>
        <translation>完成的影片</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>%1–%2 s of %3 s</source>
        <translation>%1–%2 秒（共 %3 秒）</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Choose a county to set the part of its clip.</source>
        <translation>請選一個縣市，設定要用的片段。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Part of the clip of %1 (%2 s long)</source>
        <translation>%1影片的片段（全長 %2 秒）</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>No county can go into the film yet: it needs a complete or an accepted submission.</source>
        <translation>還沒有縣市可以剪入影片：需要完整或已接受的投稿。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 counties; the film will be about %2 s long.</source>
        <translation>%1 個縣市；影片約 %2 秒。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The folder for the film</source>
        <translation>影片存放的資料夾</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Saved as: %1</source>
        <translation>存為：%1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>The film appears here once it is built.</source>
        <translation>影片完成後會在這裡播放。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The film is up to date: %1</source>
        <translation>影片已是最新：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The film is ready: %1</source>
        <translation>影片完成：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s, %2 counties, loudness %3 LUFS</source>
        <translation>%1 秒，%2 個縣市，響度 %3 LUFS</translation>
    </message>
</context>
<context>
    <name>JobStrip</name>
    <message>
        <location filename="../../kiosk/ui/organiser/parts.py" line="+121"/>
        <source>Progress: %1</source>
        <translation>進度：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the running job</source>
        <translation>取消進行中的工作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What is running</source>
        <translation>進行中的工作</translation>
    </message>
</context>
<context>
    <name>OrganiserWindow</name>
    <message>
        <location filename="../../kiosk/ui/organiser/window.py" line="+195"/>
        <source>The folder the counties&apos; submissions go into</source>
        <translation>存放各縣市投稿的資料夾</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Wait for the running job to finish (or cancel it) first.</source>
        <translation>請先等進行中的工作完成（或取消它）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Working on %1 now.</source>
        <translation>現在使用的資料夾：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder: %1</source>
        <translation>資料夾：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Collected. Mails read: %2, new: %1.</source>
        <translation>收取完成：讀取 %2 封，其中 %1 封是新的。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: accepted for the film.</source>
        <translation>%1：已接受剪入影片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: no longer accepted.</source>
        <translation>%1：已取消接受。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The film is ready: %1</source>
        <translation>影片完成：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The film is up to date: %1</source>
        <translation>影片已是最新：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The contact sheet is ready: %1</source>
        <translation>照片一覽完成：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Something went wrong (details are in the log): %1</source>
        <translation>發生錯誤（詳情已寫入記錄檔）：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled: nothing half-made was kept.</source>
        <translation>已取消：未完成的檔案都沒有留下。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Something went wrong (details are in the log).</source>
        <translation>發生錯誤（詳情已寫入記錄檔）。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>IVY 2026: the organiser&apos;s window</source>
        <translation>IVY 2026：主辦單位視窗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IVY 2026 · Organiser</source>
        <translation>IVY 2026 · 主辦單位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The folder worked on</source>
        <translation>使用中的資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another folder… (Ctrl+O)</source>
        <translation>換資料夾…（Ctrl+O）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Work on another folder</source>
        <translation>改用另一個資料夾</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Switch the language</source>
        <translation>切換語言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 Collect mail (Ctrl+1)</source>
        <translation>1 收取信件（Ctrl+1）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>2 The 22 counties (Ctrl+2)</source>
        <translation>2 22 縣市（Ctrl+2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 The film (Ctrl+3)</source>
        <translation>3 影片（Ctrl+3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Page: %1</source>
        <translation>頁面：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
</context>
</TS>
