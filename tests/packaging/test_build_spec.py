"""What the frozen build relies on and can be checked without building (the build itself runs in CI:
`pyinstaller build.spec`, then the frozen self-test): the macOS usage strings in both languages, the
entitlements, the icons, and the Linux strip helper that must leave patchelf-rewritten libraries alone."""

from __future__ import annotations

import plistlib
import sys
from pathlib import Path

import pytest
from PIL import Image

from installer import strip

ROOT = Path(__file__).resolve().parents[2]
SPEC = (ROOT / "build.spec").read_text(encoding="utf-8")
MACOS = ROOT / "installer" / "macos"


def test_the_spec_carries_the_macos_usage_strings_and_the_app_bundle():
    assert "BUNDLE(" in SPEC and '"NSCameraUsageDescription": CAMERA_WHY' in SPEC
    assert '"NSMicrophoneUsageDescription": MICROPHONE_WHY' in SPEC
    for language in ("zh_TW", "en"):
        strings = (MACOS / f"{language}.lproj" / "InfoPlist.strings").read_text(encoding="utf-8")
        assert '"NSCameraUsageDescription" = "' in strings and '"NSMicrophoneUsageDescription" = "' in strings
    assert "攝影機" in (MACOS / "zh_TW.lproj" / "InfoPlist.strings").read_text(encoding="utf-8")


def test_the_entitlements_allow_camera_and_microphone():
    entitlements = plistlib.loads((MACOS / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.device.camera"] is True
    assert entitlements["com.apple.security.device.audio-input"] is True


def test_the_icons_are_the_app_s_own_mark_at_every_size():
    brand = ROOT / "resources" / "brand"
    with Image.open(brand / "ivy-kiosk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(brand / "ivy-kiosk.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]
    assert "NOT the UN's" in (brand / "ivy-kiosk-icon.svg").read_text(encoding="utf-8")


LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries: the Linux build")


@pytest.fixture(scope="module")
def qt_lib() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "lib"


@LINUX_ONLY
def test_strip_leaves_patchelf_rewritten_libraries_alone(qt_lib, tmp_path):
    """Qt's own libavformat has patchelf's extra LOAD segments: stripping it made Qt lose its media back-end."""
    rewritten = qt_lib / "libavformat.so.61"
    assert len(strip.load_segments(rewritten.read_bytes())) > strip.PLAIN_LOAD_SEGMENTS
    assert strip.stripped_copy(rewritten, tmp_path / rewritten.name) == rewritten
    assert not (tmp_path / rewritten.name).exists()


@LINUX_ONLY
def test_strip_shrinks_a_plain_library_and_keeps_it_loadable(tmp_path):
    import fontTools.misc.bezierTools as compiled

    source = Path(compiled.__file__)
    assert source.suffix == ".so" and strip.worth_stripping(source)
    copy = strip.stripped_copy(source, tmp_path / source.name)
    assert copy != source and copy.stat().st_size < source.stat().st_size
    assert strip.aligned(copy.read_bytes()) and not strip.has_symbol_table(copy.read_bytes())
