"""The NSIS installer script compiles (makensis, as on every Windows CI run) on a stand-in payload with
the files the frozen app has, and says what it does: per user, no admin, Start-menu shortcut to the
windowed launcher, an uninstaller that removes what it installed and keeps the operator's data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "windows" / "ivy-kiosk.nsi"
MAKENSIS = shutil.which("makensis")

# ./dev installs NSIS on Debian/Ubuntu (SYSTEM_PACKAGES): there a missing makensis is a failure.
pytestmark = pytest.mark.skipif(MAKENSIS is None and not sys.platform.startswith("linux"),
                                reason="makensis not installed (the Windows workflow compiles the real installer)")


def makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    assert MAKENSIS is not None, "makensis is missing: run ./dev setup (it installs nsis)"
    return subprocess.run([MAKENSIS, "-V2", "-WX", *defines, str(SCRIPT)], capture_output=True, text=True, timeout=120)


@pytest.fixture
def payload(tmp_path: Path) -> Path:
    folder = tmp_path / "替身 payload" / "ivy-kiosk"
    (folder / "_internal" / "kiosk" / "resources").mkdir(parents=True)
    for launcher in ("ivy-kiosk.exe", "ivy-kiosk-gui.exe"):
        (folder / launcher).write_bytes(b"MZ stand-in launcher")
    (folder / "_internal" / "kiosk" / "resources" / "字型 font.otf").write_bytes(b"\0" * 4096)
    return folder


def test_the_installer_compiles_from_the_app_folder(payload, tmp_path):
    out = tmp_path / "輸出 out" / "ivy-kiosk-0.1.0-setup.exe"
    out.parent.mkdir()
    result = makensis("-DVERSION=0.1.0", f"-DPAYLOAD={payload}", f"-DOUTFILE={out}")
    assert result.returncode == 0, result.stdout + result.stderr  # -WX: no warnings either
    assert out.read_bytes()[:2] == b"MZ"


def test_without_a_version_the_script_refuses(payload, tmp_path):
    result = makensis(f"-DPAYLOAD={payload}", f"-DOUTFILE={tmp_path / 'x-setup.exe'}")
    assert result.returncode != 0 and "VERSION is required" in result.stdout + result.stderr


def test_per_user_shortcut_to_the_windowed_launcher_and_a_clean_uninstall():
    script = SCRIPT.read_text(encoding="utf-8")
    assert "RequestExecutionLevel user" in script and '"$LOCALAPPDATA\\Programs\\' in script
    assert '!define LAUNCHER "ivy-kiosk-gui.exe"' in script
    assert 'CreateShortcut "${SHORTCUT_DIR}\\${APP_NAME_ZH}.lnk" "$INSTDIR\\${LAUNCHER}"' in script
    uninstall = script.split('Section "Uninstall"', 1)[1].split("SectionEnd", 1)[0]
    for removed in ('RMDir /r "$INSTDIR\\_internal"', 'Delete "$INSTDIR\\ivy-kiosk.exe"',
                    'Delete "$INSTDIR\\${LAUNCHER}"', 'Delete "$INSTDIR\\uninstall.exe"', 'RMDir "$INSTDIR"',
                    'DeleteRegKey HKCU "${UNINSTALL_KEY}"'):
        assert removed in uninstall
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # never the whole folder a user may have chosen
    assert "LOCALAPPDATA" not in uninstall  # the takes, packages and outbox stay
