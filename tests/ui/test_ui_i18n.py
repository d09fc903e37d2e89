"""Translations: compiled files up to date, nothing untranslated, glyphs in the bundled font, and a
pseudo-translation (every string stretched, like vorta's TRANS_SCALE) that must not clip any label."""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QRawFont
from ui_inspect import clipped_texts, outside

from kiosk import paths
from kiosk.ui.i18n import qm_files, stretch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as i18n_tool  # noqa: E402 - tools/i18n.py

TS_FILES = sorted((ROOT / "resources" / "i18n").glob("*.ts"))
UI_TS = ROOT / "resources" / "i18n" / "ui_zh_TW.ts"


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(context.findtext("name"), message.findtext("source"), message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


@pytest.mark.parametrize("ts", TS_FILES, ids=lambda p: p.name)
def test_each_committed_qm_is_up_to_date_with_its_ts(ts: Path, tmp_path: Path):
    committed = ts.with_suffix(".qm")
    assert committed.is_file(), f"{committed.name} missing: run python tools/i18n.py"
    fresh = i18n_tool.lrelease(ts, tmp_path / committed.name)
    assert fresh.read_bytes() == committed.read_bytes(), f"{committed.name} is stale: run python tools/i18n.py"


def test_ui_strings_are_all_extracted_and_translated(tmp_path: Path):
    """lupdate of today's code into a copy finds no string that the committed .ts lacks."""
    copy = tmp_path / UI_TS.name
    shutil.copyfile(UI_TS, copy)
    sources = [str(s) for s in i18n_tool.area_sources("ui")]
    i18n_tool.run_tool([i18n_tool.venv_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                        *sources, "-ts", str(copy)])
    fresh = {(c, s) for c, s, t in messages(copy)}
    committed = {(c, s) for c, s, t in messages(UI_TS)}
    assert fresh - committed == set(), "new strings: run python tools/i18n.py --area ui and translate them"
    untranslated = [(c, s) for c, s, t in messages(UI_TS) if t.get("type") == "unfinished" or not t.text]
    assert untranslated == []
    assert len(committed) > 80


def test_app_loads_every_area_file_for_chinese_and_none_for_english():
    names = {p.name for p in qm_files("zh-TW")}
    assert "ui_zh_TW.qm" in names
    assert names == {p.with_suffix(".qm").name for p in TS_FILES if p.stem.endswith("_zh_TW")}
    assert qm_files("en") == []


@pytest.mark.parametrize("font_file", ["NotoSansTC-Regular.otf", "NotoSansTC-Bold.otf"])
def test_every_character_of_the_ui_translations_is_in_the_bundled_font(font_file: str):
    font = QRawFont(str(paths.resource(f"fonts/{font_file}")), 20)
    assert font.isValid()
    text = "".join((t.text or "") + s for c, s, t in messages(UI_TS))
    characters = sorted({ch for ch in text if not ch.isspace()})
    # glyph 0 is .notdef: the font has no glyph for the character (Qt would borrow a system font)
    missing = [ch for ch, glyph in zip(characters, font.glyphIndexesForString("".join(characters)), strict=True)
               if glyph == 0]
    assert len(characters) > 150
    assert missing == []


def test_stretch_keeps_placeholders_and_lines():
    stretched = stretch("%1 s: keep going\nnext", 1.5)
    assert stretched.startswith("%1 s: keep going") and "\n" in stretched
    assert stretched.count("%1") == 1
    assert len(stretched) >= len("%1 s: keep going\nnext") * 1.4


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> float:
    scale = 1.4
    monkeypatch.setenv("IVY_KIOSK_TRANS_SCALE", str(scale))
    return scale


def test_pseudo_translation_clips_nothing_on_the_live_screen(qtbot, open_window, pseudo, clock):
    window = open_window()
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    assert "·" in window.live.record_button.text()  # the stretched strings are really showing
    for state in ("idle", "recording"):
        if state == "recording":
            window.context.takes.start_count_in()
            clock.advance(3.1)
            window.context.takes.tick()
            window.live.confirm.ask("stop-short", lambda: None)
            window.live._retranslate_confirm()
        qtbot.wait(10)
        assert clipped_texts(window) == [], state
        assert outside(window) == [], state


def test_pseudo_translation_clips_nothing_on_the_review_screen(qtbot, open_window, pseudo, make_take):
    make_take(kept=True)
    window = open_window()
    window._on_take_finished(make_take(duration=8.0))
    # let the take start playing: clearing a source that is still loading (at teardown) races
    # Qt's FFmpeg back-end, which can crash or hang
    qtbot.waitUntil(lambda: window.review.video.frames_shown > 0, timeout=10000)
    assert clipped_texts(window) == []
    assert outside(window) == []


def test_pseudo_translation_clips_nothing_in_the_pin_dialog(qtbot, open_window, pseudo):
    window = open_window()
    dialog = window.ask_pin("settings", lambda: None)
    qtbot.waitExposed(dialog)
    dialog.pin_edit.setText("0")
    dialog._check()
    qtbot.wait(10)
    assert clipped_texts(dialog) == []
    dialog.reject()
