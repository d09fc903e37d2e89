<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>ImportChip</name>
    <message>
        <location filename="../../kiosk/ui/screens/import_clip.py" line="+169"/>
        <source>Importing…</source>
        <translation>匯入中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Importing %1 %</source>
        <translation>匯入中 %1 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import in progress: open the Import screen</source>
        <translation>正在匯入：開啟匯入畫面</translation>
    </message>
</context>
<context>
    <name>ImportClipButton</name>
    <message>
        <location line="-25"/>
        <source>Import a clip (Ctrl+I)</source>
        <translation>匯入影片 (Ctrl+I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import a clip from a phone or camera</source>
        <translation>匯入手機或攝影機拍的影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A county filmed the pledge on a phone or a camera: make that clip a take.</source>
        <translation>縣市用手機或攝影機拍了宣誓：把那段影片變成一段錄影。</translation>
    </message>
</context>
<context>
    <name>ImportScreen</name>
    <message>
        <location line="+204"/>
        <source>Import</source>
        <translation>匯入</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A clip is being imported: wait for it, or cancel it on the Import screen.</source>
        <translation>正在匯入影片：請等它完成，或在匯入畫面取消。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose the clip (from the phone, the card or a USB drive)</source>
        <translation>選擇影片（來自手機、記憶卡或隨身碟）</translation>
    </message>
    <message>
        <location line="+168"/>
        <source>4K</source>
        <translation>4K</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HDR %1</source>
        <translation>HDR %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Variable frame rate</source>
        <translation>可變影格率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Portrait</source>
        <translation>直式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Extra track ignored</source>
        <translation>略過多餘的音軌</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No sound</source>
        <translation>沒有聲音</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1×%2 · %3 fps</source>
        <translation>%1×%2 · %3 fps</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 s long</source>
        <translation>長 %1 秒</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>From %1 to %2 · %3 s</source>
        <translation>從 %1 到 %2 · %3 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the start</source>
        <translation>開頭</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the end</source>
        <translation>結尾</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the whole span</source>
        <translation>整段</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Making the preview… %1 s</source>
        <translation>正在產生預覽… %1 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the trim bar to rest…</source>
        <translation>等修剪條停下來…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Last imported: %1</source>
        <translation>上次匯入：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No clip chosen yet.</source>
        <translation>尚未選擇影片。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The take at its start, as it will look.</source>
        <translation>錄影開頭的畫面，也就是轉換後的樣子。</translation>
    </message>
    <message>
        <location line="-100"/>
        <source>scaled to 1920×1080, never stretched.</source>
        <translation>縮放為 1920×1080，絕不拉伸。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>tone-mapped to SDR (BT.709), as the preview shows.</source>
        <translation>色調對應為 SDR（BT.709），如預覽所示。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>made a steady 30 fps, each frame placed by its time: the sound stays in sync.</source>
        <translation>轉為固定 30 fps，每格依時間放置：聲音保持同步。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the reason and the choice are above the trim bar.</source>
        <translation>原因與選擇在修剪條上方。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>left out of the take: %1.</source>
        <translation>不放入錄影：%1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the take will have no sound; sending it needs an explicit override.</source>
        <translation>這段錄影將沒有聲音；送出時需要明確確認例外。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the clip&apos;s video format</source>
        <translation>影片的視訊格式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the picture as shown, and its frame rate</source>
        <translation>顯示時的畫面大小與影格率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the clip&apos;s length</source>
        <translation>影片長度</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Trim bar: ←/→ a frame, Shift+←/→ a second, ↑/↓ what moves (now %1), or drag. A take is 10–15 s.</source>
        <translation>修剪條：←/→ 移一格，Shift+←/→ 移一秒，↑/↓ 切換要移動的部分（現在：%1），也可拖曳。一段錄影為 10–15 秒。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source> The sides are filled with the picture, blurred.</source>
        <translation>兩側以模糊的畫面填滿。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> Black bars at the sides: the organiser asks for landscape.</source>
        <translation>兩側是黑邊：主辦單位要求橫式。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Portrait clip, filled: the sides show the picture again, blurred and a little darker.</source>
        <translation>直式影片已填滿：兩側再放一次畫面，模糊且稍暗。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Portrait clip (%1×%2): the organiser asks for landscape, and a picture is never stretched. Film it again holding the phone sideways, or fill the sides with a blurred copy of the picture (F).</source>
        <translation>直式影片（%1×%2）：主辦單位要求橫式，且畫面絕不拉伸。請橫拿手機重拍，或以模糊的畫面填滿兩側（F）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading the clip… %1 s</source>
        <translation>正在讀取影片… %1 秒</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 became a take: it is on the Review screen. Choose another clip to import it too.</source>
        <translation>%1 已成為一段錄影，在回看畫面。要再匯入，請選擇另一段影片。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a clip (Ctrl+O).</source>
        <translation>請選擇影片（Ctrl+O）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This clip cannot be converted as it is: the reason is above the trim bar.</source>
        <translation>這段影片無法直接轉換：原因在修剪條上方。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ready: Convert (Ctrl+Enter) makes a %1 s take from %2.</source>
        <translation>就緒：按「轉換」（Ctrl+Enter）從 %2 起做成 %1 秒的錄影。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelling… nothing of this import is kept.</source>
        <translation>正在取消…這次匯入不會留下任何檔案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Starting the conversion… %1 s</source>
        <translation>正在開始轉換… %1 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Converting: %1 of %2 s of the take made. You may go on to other screens.</source>
        <translation>轉換中：已完成 %1／%2 秒。可以先到其他畫面。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Adding the photos…</source>
        <translation>正在加入照片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the take and choosing its photos…</source>
        <translation>正在檢查錄影並挑選照片…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancelled: nothing was kept. Convert again, or choose another clip.</source>
        <translation>已取消：沒有留下任何檔案。可再轉換一次，或選擇另一段影片。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The import failed: %1</source>
        <translation>匯入失敗：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A take is at least 10 s: the span cannot be shorter.</source>
        <translation>一段錄影至少 10 秒：不能再短。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A take is at most 15 s: the span cannot be longer.</source>
        <translation>一段錄影最多 15 秒：不能再長。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is the start of the clip.</source>
        <translation>已到影片開頭。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>That is the end of the clip.</source>
        <translation>已到影片結尾。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Import a clip from a phone or camera</source>
        <translation>匯入手機或攝影機拍的影片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a clip… (Ctrl+O)</source>
        <translation>選擇影片… (Ctrl+O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a clip</source>
        <translation>選擇影片</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A county filmed the pledge on a phone or a camera? Make that clip a take, exactly like one recorded here: 1920×1080, 30 fps, with its sound and three photos. Then keep it on Review, fill in the consent and send it as usual.</source>
        <translation>縣市用手機或攝影機拍了宣誓？把那段影片做成一段錄影，和在這裡錄的完全一樣：1920×1080、30 fps，有聲音和三張照片。接著在回看畫面保留它，填寫授權同意書，照常送出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the clip from the phone, or plug in the card or the USB drive, then choose it. Landscape, at least 1920×1080; you choose the 10–15 s that become the take.</source>
        <translation>先從手機複製影片，或插上記憶卡或隨身碟，再選擇它。須為橫式、至少 1920×1080；由您選出要成為錄影的 10–15 秒。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Convert makes the take: 1920×1080, 30 fps, with the clip&apos;s sound and three photos chosen from the span. It then appears on Review, like a take recorded here: watch it, keep it, send it.</source>
        <translation>「轉換」會做出錄影：1920×1080、30 fps，有影片的聲音，並從選取的片段挑出三張照片。完成後出現在回看畫面，和在這裡錄的一樣：看過、保留、送出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fill the sides with a blurred copy (F)</source>
        <translation>兩側以模糊畫面填滿 (F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the sides with a blurred copy</source>
        <translation>兩側以模糊畫面填滿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel the conversion</source>
        <translation>取消轉換</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Convert to a take (Ctrl+Enter)</source>
        <translation>轉換成錄影 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Convert to a take</source>
        <translation>轉換成錄影</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview of the take at its start</source>
        <translation>錄影開頭的預覽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress of the import</source>
        <translation>匯入進度</translation>
    </message>
</context>
<context>
    <name>PhotoAdder</name>
    <message>
        <location filename="../../kiosk/ui/add_photos.py" line="+230"/>
        <source>Checking and adding the photos…</source>
        <translation>正在檢查並加入照片…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 photo(s) now in the first slots.</source>
        <translation>%1 張照片已放在最前面的位置。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 photo(s) added after the others.</source>
        <translation>已在其他照片後加入 %1 張照片。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> Swap any of them like the others.</source>
        <translation>每張都能像其他畫面一樣更換。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>＋ Add photos (A)</source>
        <translation>＋ 加入照片 (A)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add photos to this take</source>
        <translation>為這段錄影加入照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From a photographer&apos;s camera or a phone: JPEG, HEIC or PNG, at least 1280×720.</source>
        <translation>來自攝影師的相機或手機：JPEG、HEIC 或 PNG，至少 1280×720。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adding the photos</source>
        <translation>正在加入照片</translation>
    </message>
</context>
<context>
    <name>PhotoPicker</name>
    <message>
        <location line="-152"/>
        <source>%1 photo(s) ticked. Space or a tap ticks another; Ctrl+Enter adds them.</source>
        <translation>已勾選 %1 張照片。按空白鍵或點一下可再勾選；按 Ctrl+Enter 加入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tick photos with Space or a tap (at least %1×%2 each), then add them.</source>
        <translation>用空白鍵或點一下勾選照片（每張至少 %1×%2），再加入。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add the photographer&apos;s photos to this take</source>
        <translation>把攝影師的照片加入這段錄影</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>✓ Replace the take&apos;s photos with these</source>
        <translation>✓ 用這些照片取代錄影的照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the take&apos;s photos with these</source>
        <translation>用這些照片取代錄影的照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Replace the take&apos;s photos</source>
        <translation>取代錄影的照片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use these photos (Ctrl+Enter)</source>
        <translation>使用這些照片 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add these photos (Ctrl+Enter)</source>
        <translation>加入這些照片 (Ctrl+Enter)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the ticked photos</source>
        <translation>使用勾選的照片</translation>
    </message>
</context>
<context>
    <name>TrimBar</name>
    <message>
        <location filename="../../kiosk/ui/trim_bar.py" line="+367"/>
        <source>Trim bar: the part of the clip that becomes the take</source>
        <translation>修剪條：影片中要成為錄影的部分</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the start</source>
        <translation>開頭</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the end</source>
        <translation>結尾</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the whole span</source>
        <translation>整段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>From %1 s to %2 s, %3 s. The arrows move %4.</source>
        <translation>從 %1 秒到 %2 秒，共 %3 秒。方向鍵移動%4。</translation>
    </message>
</context>
</TS>
