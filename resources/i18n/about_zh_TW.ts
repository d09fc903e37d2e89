<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW" sourcelanguage="en">
<context>
    <name>AboutScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/about.py" line="+100"/>
        <source>About and licences</source>
        <translation>關於與授權</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The kiosk is free software under the MIT licence. It ships the components listed here, each under its own licence; choose one to read its licence, version and where its source code is.</source>
        <translation>本錄影站是以 MIT 授權釋出的自由軟體，並隨附下列元件，各依其授權條款使用；點選元件即可閱讀它的授權條款、版本與原始碼的取得位置。</translation>
    </message>
    <message>
        <location line="+2"/>
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
        <source>Bundled components</source>
        <translation>隨附的元件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Licence of the chosen component</source>
        <translation>所選元件的授權條款</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Licence</source>
        <translation>授權</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source code</source>
        <translation>原始碼</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Its licence is named above; the full text is published with its source code.</source>
        <translation>授權名稱如上；完整條文與其原始碼一同公開。</translation>
    </message>
</context>
</TS>
