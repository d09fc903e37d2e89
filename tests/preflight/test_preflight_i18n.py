"""Translations of the preflight, help and settings screens: every string extracted and translated,
every character drawable by the bundled fonts."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QRawFont

from kiosk import paths

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402 - tools/i18n.py

# area → the screen class (context) this area's file holds for that screen
AREAS = {"preflight": "PreflightScreen", "help": "HelpScreen", "settings": "SettingsScreen"}


def messages(ts: Path, context: str) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(message.findtext("source"), message.find("translation"))
            for ctx in root.iter("context") if ctx.findtext("name") == context for message in ctx.iter("message")]


@pytest.mark.parametrize(("area", "context"), AREAS.items())
def test_every_string_of_the_screen_is_in_its_ts_and_translated(area: str, context: str, tmp_path: Path) -> None:
    committed = i18n_tool.ts_path(area)
    copy = tmp_path / committed.name
    shutil.copyfile(committed, copy)
    sources = [str(ROOT / "kiosk" / "ui" / "screens" / f"{area}.py")]
    i18n_tool.run_tool([i18n_tool.venv_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                        *sources, "-ts", str(copy)])
    fresh = {source for source, _ in messages(copy, context)}
    known = {source for source, _ in messages(committed, context)}
    assert fresh - known == set(), f"new strings: run python tools/i18n.py --area {area} and translate them"
    assert len(known) >= 15
    untranslated = [s for s, t in messages(committed, context) if t.get("type") == "unfinished" or not t.text]
    assert untranslated == []


@pytest.mark.parametrize("font_file", ["NotoSansTC-Regular.otf", "NotoSansTC-Bold.otf"])
def test_every_translated_character_is_in_the_bundled_fonts(qapp, font_file: str) -> None:  # QRawFont needs the app
    font = QRawFont(str(paths.resource(f"fonts/{font_file}")), 20)
    assert font.isValid()
    text = "".join((t.text or "") for area, context in AREAS.items()
                   for _, t in messages(i18n_tool.ts_path(area), context))
    characters = sorted({ch for ch in text if not ch.isspace()})
    glyphs = font.glyphIndexesForString("".join(characters))
    missing = [ch for ch, glyph in zip(characters, glyphs, strict=True) if glyph == 0]
    assert len(characters) > 100
    assert missing == []
