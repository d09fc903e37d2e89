<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>FilePicker</name>
    <message>
        <location filename="../../kiosk/ui/file_picker.py" line="+178"/>
        <source>USB drive or card: %1</source>
        <translation>隨身碟或記憶卡：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <source>Folder: %1</source>
        <translation>資料夾：%1</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>%1 GB free</source>
        <translation>可用 %1 GB</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>No folders inside this one: Choose takes the folder shown above.</source>
        <translation>這個資料夾裡沒有其他資料夾：「選擇」會選上方顯示的資料夾。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a folder with Enter or a double tap; Choose takes the folder shown above.</source>
        <translation>按 Enter 或點兩下開啟資料夾；「選擇」會選上方顯示的資料夾。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a folder with Enter; pick a file, then Choose.</source>
        <translation>按 Enter 開啟資料夾；點選檔案後按「選擇」。</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Choose a folder</source>
        <translation>選擇資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Drives and folders</source>
        <translation>磁碟與資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contents of the folder</source>
        <translation>資料夾內容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder shown</source>
        <translation>目前的資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▲ Up (Backspace)</source>
        <translation>▲ 上一層 (Backspace)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up one folder</source>
        <translation>回到上一層資料夾</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose this folder (Ctrl+Enter)</source>
        <translation>選擇這個資料夾 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose this file (Ctrl+Enter)</source>
        <translation>選擇這個檔案 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose this folder</source>
        <translation>選擇這個資料夾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose this file</source>
        <translation>選擇這個檔案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel choosing</source>
        <translation>取消選擇</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="+249"/>
        <location line="+277"/>
        <location line="+14"/>
        <source>Finish the take first.</source>
        <translation>請先完成這段錄影。</translation>
    </message>
    <message>
        <location line="-196"/>
        <source>The package was NOT queued for sending: %1</source>
        <translation>這個包裹「沒有」排入寄件匣：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send again</source>
        <translation>再送一次</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The outbox&apos;s records were damaged and have been rebuilt from the saved mails: %1 package(s), %2 mail(s) still to send. Nothing queued is lost; the damaged copy is kept in the outbox folder.</source>
        <translation>寄件匣的紀錄已損壞，已由保存的郵件重建：%1 件素材包，還有 %2 封信要寄。已排入的信沒有遺失；損壞的副本保存在寄件匣資料夾中。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>OK</source>
        <translation>知道了</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>IVY 2026 Pledge Kiosk</source>
        <translation>IVY 2026 宣誓錄影站</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>IVY 2026 Pledge</source>
        <translation>IVY 2026 宣誓錄影</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>County or city</source>
        <translation>縣市</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preflight</source>
        <translation>預檢</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Live</source>
        <translation>錄影</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review</source>
        <translation>回看</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Consent</source>
        <translation>授權同意</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send</source>
        <translation>送出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outbox</source>
        <translation>寄件匣</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Help (F1)</source>
        <translation>說明 (F1)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Screen: %1</source>
        <translation>畫面：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Switch the language</source>
        <translation>切換語言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exit</source>
        <translation>離開</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exit the kiosk: Ctrl+Shift+Q and the operator PIN</source>
        <translation>離開錄影站：按 Ctrl+Shift+Q 並輸入操作員密碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DEMO</source>
        <translation>示範模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo camera and microphone: for practice, not the real event</source>
        <translation>示範攝影機與麥克風：僅供練習，不是正式活動錄影</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Exit the kiosk (operator PIN)</source>
        <translation>離開錄影站（需操作員密碼）</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>The new take is ready on the Review screen.</source>
        <translation>新的錄影已可在「回看」觀看。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>1 interrupted take was recovered: see Review.</source>
        <translation>已救回 1 段中斷的錄影：請到「回看」查看。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 interrupted takes were recovered: see Review.</source>
        <translation>已救回 %1 段中斷的錄影：請到「回看」查看。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An interrupted take is still being written; it is recovered at the next start.</source>
        <translation>有一段中斷的錄影仍在寫入中，下次啟動時會救回。</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Demo mode</source>
        <translation>示範模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notices</source>
        <translation>通知</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Something went wrong (details are in the log).</source>
        <translation>發生錯誤（詳情已記錄在日誌中）。</translation>
    </message>
    <message>
        <location line="+84"/>
        <source>To exit, press Ctrl+Shift+Q and enter the operator PIN.</source>
        <translation>要離開，請按 Ctrl+Shift+Q 並輸入操作員密碼。</translation>
    </message>
</context>
<context>
    <name>LiveScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/live.py" line="+308"/>
        <source>Stage head here</source>
        <translation>首長站這裡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backdrop with the IVY 2026 logo</source>
        <translation>背板（含 IVY 2026 標誌）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>action safe</source>
        <translation>動作安全框</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>title safe</source>
        <translation>字幕安全框</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>REC</source>
        <translation>錄影中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 left</source>
        <translation>剩 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MIC</source>
        <translation>麥克風</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CLIP</source>
        <translation>爆音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no mic</source>
        <translation>無麥克風</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DEMO</source>
        <translation>示範模式</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Live camera preview with the framing guide</source>
        <translation>即時攝影畫面與構圖參考線</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take progress</source>
        <translation>錄影進度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo (S)</source>
        <translation>拍照 (S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Take a photo now</source>
        <translation>立即拍一張照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Use the demo camera</source>
        <translation>改用示範攝影機</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>再試一次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try the camera again</source>
        <translation>重新連接攝影機</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Only %1 s so far; the organiser asks for 10–15 s. Stop anyway? The take is kept but marked short.</source>
        <translation>目前只錄了 %1 秒，主辦單位要求 10–15 秒。仍要停止嗎？這段會保留，但標記為過短。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop now (Enter)</source>
        <translation>立即停止 (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep going (Esc)</source>
        <translation>繼續錄 (Esc)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No microphone: the take will have no sound. Record without sound?</source>
        <translation>沒有麥克風：錄影將沒有聲音。要錄無聲影片嗎？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record without sound (Enter)</source>
        <translation>錄無聲影片 (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>● Record (Space)</source>
        <translation>● 錄影 (空白鍵)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Record</source>
        <translation>錄影</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the count-in</source>
        <translation>取消倒數</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>■ Stop (Space)</source>
        <translation>■ 停止 (空白鍵)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop the take</source>
        <translation>停止錄影</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Finishing…</source>
        <translation>收尾中…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Finishing the take</source>
        <translation>正在完成錄影</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Get ready… %1</source>
        <translation>準備… %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Turn to the crowd</source>
        <translation>轉身面向群眾</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everyone cheers!</source>
        <translation>全場歡呼！</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lead the pledge: 「%1」</source>
        <translation>帶領宣誓：「%1」</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pledge: 「%1」</source>
        <translation>宣誓詞：「%1」</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 s: finishing the take…</source>
        <translation>%1 秒：正在完成錄影…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>10–15 s; stops by itself at 15 s</source>
        <translation>錄 10–15 秒；15 秒自動停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s: keep going</source>
        <translation>%1 秒：請繼續</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s: you can stop</source>
        <translation>%1 秒：可以停止了</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No camera yet: nothing can be recorded.</source>
        <translation>還沒有攝影機：目前無法錄影。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the camera…</source>
        <translation>等待攝影機…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Frame the stage head in the green box, then press Space.</source>
        <translation>讓首長站進綠框內，再按空白鍵開始。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Esc cancels the count-in.</source>
        <translation>按 Esc 取消倒數。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep going until at least 10 s. S takes a photo.</source>
        <translation>請至少錄到 10 秒。按 S 可拍照。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Space stops; at 15 s the take stops by itself.</source>
        <translation>按空白鍵停止；15 秒時會自動停止。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving the video and photos…</source>
        <translation>正在儲存影片與照片…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Starting the demo camera…</source>
        <translation>正在啟動示範攝影機…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Opening the camera…</source>
        <translation>正在開啟攝影機…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No camera picture</source>
        <translation>沒有攝影機畫面</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1. Check the cable and press Try again, or use the demo camera to practise.</source>
        <translation>%1。請檢查連接線後按「再試一次」，或改用示範攝影機練習。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The camera picture has stopped</source>
        <translation>攝影機畫面停止了</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/ui/dialogs.py" line="+60"/>
        <location line="+5"/>
        <source>Operator PIN</source>
        <translation>操作員密碼</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Enter the operator PIN to exit the kiosk</source>
        <translation>請輸入操作員密碼以離開錄影站</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter the operator PIN to open the settings</source>
        <translation>請輸入操作員密碼以開啟設定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OK (Enter)</source>
        <translation>確定 (Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirm the PIN</source>
        <translation>確認密碼</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Wrong PIN, please try again.</source>
        <translation>密碼錯誤，請再試一次。</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/review.py" line="+431"/>
        <source>Playback of the take</source>
        <translation>錄影回放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>▶ Play again (P)</source>
        <translation>▶ 重播 (P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Play the take again</source>
        <translation>重播這段錄影</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Send this take (Ctrl+Enter)</source>
        <translation>送出這段 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send this take</source>
        <translation>送出這段錄影</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Other pictures from the take</source>
        <translation>這段錄影的其他畫面</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>◀ Retake (R)</source>
        <translation>◀ 重錄 (R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record the take again</source>
        <translation>重新錄這一段</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>✓ Keep (K)</source>
        <translation>✓ 保留 (K)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep this take</source>
        <translation>保留這段錄影</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 · %2 s</source>
        <translation>%1 · %2 秒</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>short</source>
        <translation>過短</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>recovered</source>
        <translation>已救回</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>not kept yet</source>
        <translation>尚未保留</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Takes</source>
        <translation>錄影</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes, newest first</source>
        <translation>錄影清單（新的在上）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>Show set-aside takes</source>
        <translation>顯示擱置的錄影</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set aside</source>
        <translation>擱置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set this take aside (it is not deleted)</source>
        <translation>擱置這段錄影（不會刪除）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Takes it off the list; the files stay on the computer.</source>
        <translation>從清單移開；檔案仍留在電腦上。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Pick a photo slot (keys 1–%1), then a picture below to put in it.</source>
        <translation>先選照片位置（按鍵 1–%1），再點下方的畫面放進去。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Photo %1 · key %1</source>
        <translation>照片 %1 · 按鍵 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo slot %1</source>
        <translation>照片位置 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>kept</source>
        <translation>已保留</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>set aside</source>
        <translation>已擱置</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>sent ✓</source>
        <translation>已寄出 ✓</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>in the outbox</source>
        <translation>在寄件匣</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>● Record another (R)</source>
        <translation>● 再錄一段 (R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Record another take</source>
        <translation>再錄一段</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pick a take from the list to watch it.</source>
        <translation>從清單選一段錄影來觀看。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No take yet: record one on the Live screen.</source>
        <translation>還沒有錄影：請到「錄影」畫面錄一段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kept. Send it on, or record another take.</source>
        <translation>已保留。可以送出，或再錄一段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Set aside. Keep it after all, or record another take.</source>
        <translation>已擱置。仍可保留它，或再錄一段。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watch it with sound: keep it, or record it again.</source>
        <translation>請開聲音看一遍：保留，或重錄。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>with sound</source>
        <translation>有聲音</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NO SOUND</source>
        <translation>沒有聲音</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s · %2×%3 · %4</source>
        <translation>%1 秒 · %2×%3 · %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Short take: under %1 s. It is kept but marked, and sending it needs an explicit override.</source>
        <translation>過短：不到 %1 秒。會保留並標記，送出時需要另外確認。</translation>
    </message>
</context>
<context>
    <name>SubmissionFlow</name>
    <message>
        <location filename="../../kiosk/ui/flow.py" line="+102"/>
        <source>Nothing to send yet: record a take, watch it on Review and press Keep (K).</source>
        <translation>還沒有可送出的錄影：請錄一段，在「回看」看過後按「保留 (K)」。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill in and sign the consent form first: the checklist and the Send button come next.</source>
        <translation>請先填寫並簽署授權同意書，接著才是檢查清單與送出按鈕。</translation>
    </message>
</context>
</TS>
