; The Windows installer for the frozen kiosk (NSIS 3, Unicode).
;   makensis /DVERSION=0.1.0 /DPAYLOAD=<dist\ivy-kiosk> /DOUTFILE=<setup.exe> installer\windows\ivy-kiosk.nsi
; Per user, no administrator rights: the app goes to %LOCALAPPDATA%\Programs, the Start-menu
; shortcut opens the windowed launcher (no console behind the kiosk), and the uninstaller removes
; exactly what was installed. The recorded takes, packages and outbox (%LOCALAPPDATA%\ivy-kiosk)
; are the operator's and are never removed by an uninstall.
Unicode true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "VERSION is required: makensis /DVERSION=x.y.z"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\dist\ivy-kiosk"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\ivy-kiosk-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\brand\ivy-kiosk.ico"
!endif

!define APP_NAME "IVY 2026 Pledge Kiosk"
!define APP_NAME_ZH "IVY 2026 宣誓錄影站"
!define APP_KEY "IVY2026PledgeKiosk"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_KEY}"
!define LAUNCHER "ivy-kiosk-gui.exe"
!define SHORTCUT_DIR "$SMPROGRAMS\${APP_NAME}"

Name "${APP_NAME_ZH} ${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "Software\${APP_KEY}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=0 "FileDescription" "${APP_NAME} installer"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT; bundled components under their own licences"

!include "MUI2.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\${LAUNCHER}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "TradChinese"
!insertmacro MUI_LANGUAGE "English"

LangString KEEPS_DATA ${LANG_TRADCHINESE} "錄好的影片、包裹與寄件匣會保留在 %LOCALAPPDATA%\ivy-kiosk，不會被移除。"
LangString KEEPS_DATA ${LANG_ENGLISH} "Recorded takes, packages and the outbox stay in %LOCALAPPDATA%\ivy-kiosk; they are not removed."

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; A previous version's library folder goes first, so no stale file outlives an update.
  RMDir /r "$INSTDIR\_internal"
  File /r "${PAYLOAD}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "${SHORTCUT_DIR}"
  CreateShortcut "${SHORTCUT_DIR}\${APP_NAME_ZH}.lnk" "$INSTDIR\${LAUNCHER}" "" "$INSTDIR\${LAUNCHER}" 0

  WriteRegStr HKCU "Software\${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME_ZH} ${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "IVY 2026 Pledge Kiosk project"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${LAUNCHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  DetailPrint "$(KEEPS_DATA)"
  Delete "${SHORTCUT_DIR}\${APP_NAME_ZH}.lnk"
  RMDir "${SHORTCUT_DIR}"
  ; Only what the installer put there: the folder itself goes only if nothing else is left in it.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\ivy-kiosk.exe"
  Delete "$INSTDIR\${LAUNCHER}"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${APP_KEY}"
SectionEnd
