"""The organiser's window as a window: both languages (F2, translations complete, glyphs bundled),
unique accessible names and large targets on every page, nothing clipped at 1366×768, one window
per folder, and ``ivy-kiosk --organiser [DIR]`` itself."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from organiser_rig import *  # noqa: F403 - the rig's fixtures, found by pytest under their names
from organiser_rig import DIRECT, LINK_ONLY
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QRawFont
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QScrollArea, QWidget
from test_ui_i18n import i18n_tool, messages
from test_ui_names import name_problems
from ui_inspect import clipped_texts, describe, outside, small_controls, visible_widgets

from kiosk import config, paths, procs
from kiosk.instance import AlreadyRunning
from kiosk.locks import FileLock
from kiosk.ui.app import ORGANISER_FOLDER, create_organiser
from kiosk.ui.organiser.county_model import Column
from kiosk.ui.organiser.session import SourceKind

ROOT = Path(__file__).resolve().parents[2]
ORGANISER_TS = ROOT / "resources" / "i18n" / "organiser_zh_TW.ts"
LOCK = Path(".inbox") / "organiser-window.lock"


def unscrolled(root: QWidget) -> list[str]:
    """``outside`` but for what a scroll area shows part of (it scrolls there; the area itself is checked)."""
    moving = [area.widget() for area in root.findChildren(QScrollArea) if area.widget() is not None]
    inside = {describe(w) for content in moving for w in content.findChildren(QWidget)} | {describe(w) for w in moving}
    return [problem for problem in outside(root) if problem.rsplit(" at ", 1)[0] not in inside]


def squeezed(root: QWidget) -> list[str]:
    """Visible widgets that reach past their parent: a layout given less room than it needs paints
    them cut off (a scroll area's content is meant to be larger than its viewport: it scrolls)."""
    problems = []
    for widget in visible_widgets(root, QWidget):
        parent = widget.parentWidget()
        if parent is None or widget.isWindow() or isinstance(parent.parentWidget(), QAbstractScrollArea):
            continue
        if not parent.rect().contains(widget.geometry().adjusted(1, 1, -1, -1)):
            geometry: QRect = widget.geometry()
            problems.append(f"{describe(widget)} {geometry.height()} px high at y={geometry.y()} "
                            f"in {describe(parent)} {parent.height()} px high")
    return problems


def looked_at(qtbot, window) -> dict[str, list[str]]:
    """Every page (and the states a page changes into), as an operator sees it: what is wrong."""
    seen = {}

    def look(name: str) -> None:
        for _ in range(3):  # a page shown for the first time lays itself out over a few posted events
            QApplication.sendPostedEvents()
            qtbot.wait(30)
        small = [p for p in small_controls(window) if "qt_spinbox_lineedit" not in p]  # the box itself is tall
        seen[name] = name_problems(window) + small + clipped_texts(window) + unscrolled(window) + squeezed(window)

    window.go("collect")
    for kind in SourceKind:
        window.collect.choose_kind(kind)
        look(f"collect {kind.value}")
    window.go("counties")
    window.counties.select(DIRECT)
    look("counties: unverified")
    window.counties.detail.request_accept()
    look("counties: the acceptance question")
    window.counties.detail.decline()
    window.counties.select(LINK_ONLY)
    look("counties: a cloud link")
    window.go("film")
    look("film")
    return seen


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_every_page_names_each_control_once_with_large_targets_and_nothing_clipped(qtbot, organiser, collected,
                                                                                  language):
    window = organiser(collected, language=language)
    seen = looked_at(qtbot, window)
    assert seen == {name: [] for name in seen}
    assert len(seen) == 7


def test_f2_switches_the_language_at_once_and_keeps_it_for_the_next_start(qtbot, organiser, collected):
    window = organiser(collected, language="en")
    assert window.title_label.text() == "IVY 2026 · Organiser"
    assert window.counties.model.headerData(Column.STATE, Qt.Orientation.Horizontal) == "State"
    qtbot.keyClick(window, Qt.Key.Key_F2)
    assert window.languages.language == "zh-TW"
    qtbot.waitUntil(lambda: window.title_label.text() == "IVY 2026 · 主辦單位")  # Qt posts the change
    assert window.counties.model.headerData(Column.STATE, Qt.Orientation.Horizontal) == "狀態"
    model = window.counties.model
    row = model.row_of("桃園市")
    assert model.data(model.index(row, Column.STATE)) == "● 未收到"
    assert model.data(model.index(row, Column.PROBLEMS)) == "尚未收到任何信件"  # the core's words, in zh-TW
    assert window.collect.collect_button.text() == "收取（Ctrl+Enter）"
    assert config.load(paths.config_path()).kiosk.language == "zh-TW"


def test_the_organiser_strings_are_all_extracted_and_translated(tmp_path: Path):
    copy = tmp_path / ORGANISER_TS.name
    shutil.copyfile(ORGANISER_TS, copy)
    sources = [str(s) for s in i18n_tool.area_sources("organiser")]
    assert len(sources) >= 8
    i18n_tool.run_tool([i18n_tool.venv_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
                        *sources, "-ts", str(copy)])
    fresh = {(c, s) for c, s, _t in messages(copy)}
    committed = {(c, s) for c, s, _t in messages(ORGANISER_TS)}
    assert fresh - committed == set(), "new strings: run python tools/i18n.py --area organiser and translate them"
    assert [(c, s) for c, s, t in messages(ORGANISER_TS) if t.get("type") == "unfinished" or not t.text] == []
    assert len(committed) > 100


@pytest.mark.parametrize("font_file", ["NotoSansTC-Regular.otf", "NotoSansTC-Bold.otf"])
def test_every_character_of_the_organiser_translation_is_in_the_bundled_font(font_file: str):
    font = QRawFont(str(paths.resource(f"fonts/{font_file}")), 20)
    text = "".join((t.text or "") + s for _c, s, t in messages(ORGANISER_TS))
    characters = sorted({ch for ch in text if not ch.isspace()})
    glyphs = font.glyphIndexesForString("".join(characters))
    assert [ch for ch, glyph in zip(characters, glyphs, strict=True) if glyph == 0] == []


def test_one_organiser_window_per_folder(qtbot, organiser, tmp_path: Path):
    window = organiser(tmp_path / "收件 A")
    with pytest.raises(AlreadyRunning) as refused:
        create_organiser(tmp_path / "收件 A", language="en")
    assert "already open" in refused.value.en and "收件 A" in refused.value.zh
    other = organiser(tmp_path / "收件 B")  # another folder is fine, and so is the same one once closed
    assert other.session.root == (tmp_path / "收件 B").resolve()
    window.close()
    again = organiser(tmp_path / "收件 A")
    assert again.session.root == (tmp_path / "收件 A").resolve()


def _held(lock: Path) -> bool:
    if not lock.exists():
        return False
    probe = FileLock(lock)
    if probe.try_acquire():
        probe.release()
        return False
    return True


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("given", [True, False], ids=["DIR given", "default DIR"])
def test_ivy_kiosk_organiser_opens_the_window_on_its_folder(cli_env, python_exe, kiosk_home, tmp_path, given):
    folder = tmp_path / "主辦 收件" if given else kiosk_home / ORGANISER_FOLDER
    command = [python_exe, "-m", "kiosk", "--organiser", *([str(folder)] if given else [])]
    process = procs.spawn(command, env=cli_env, log_path=tmp_path / "window.log")
    try:
        assert _wait_until(lambda: _held(folder / LOCK) or process.poll() is not None, 60), "no window came up"
        assert process.poll() is None, (tmp_path / "window.log").read_text(errors="replace")
        second = procs.run(command, env=cli_env, timeout=60)  # the same folder again: refused, in words
        assert second.returncode == 1
        lines = second.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and "already open" in lines[0]
    finally:
        process.terminate()
        process.wait(10)


def test_organiser_takes_no_sub_command(cli_env, python_exe, tmp_path):
    result = procs.run([python_exe, "-m", "kiosk", "--organiser", str(tmp_path), "outbox", "list"], env=cli_env,
                       timeout=60)
    assert result.returncode == 2
    assert "takes no sub-command" in result.stderr.decode()
