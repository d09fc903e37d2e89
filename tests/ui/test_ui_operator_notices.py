"""What the operator is told in words: another take live on the data folder, a rebuilt outbox
database, the About screen, and no Python class name in any message."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from ui_fakes import run_clock
from ui_hands import click, press

from kiosk import paths
from kiosk.instance import LIVE_TAKE_LOCK
from kiosk.language import ZH_TW
from kiosk.locks import FileLock
from kiosk.recording.studio import Studio
from kiosk.recording.take import takes_root
from kiosk.ui.take_controller import StudioPhase


def test_a_take_refused_because_another_take_is_live_says_so_on_live(qtbot, open_window, clock, studio):
    """The real Studio.record (only the camera is a double): the data folder's live-take lock is held by
    another program (a ``ivy-kiosk record`` in a console), so the take cannot start."""
    window = open_window(opener=lambda _camera, _mic, settings: Studio(studio.camera, studio.mic, settings,
                                                                                  studio.sources))
    takes = window.context.takes
    qtbot.waitUntil(lambda: takes.studio is not None)
    other_program = FileLock(takes_root() / LIVE_TAKE_LOCK)
    assert other_program.try_acquire()
    try:
        before = sorted(p.name for p in takes_root().iterdir())
        press(window, Qt.Key.Key_Space)
        run_clock(qtbot, clock, takes, 3.1)
        assert takes.state is StudioPhase.IDLE and takes.recorder is None
        assert window.live.hint_label.text() == ("another take is being recorded on this data folder: wait for it "
                                                 "to finish before starting one")
        assert window.current_name == "live" and "went wrong" not in window.notice_label.text()
        assert sorted(p.name for p in takes_root().iterdir()) == before  # no half-made take folder
        window.toggle_language()
        qtbot.waitUntil(lambda: window.live.hint_label.text().startswith("另一段錄影正在進行中"))
    finally:
        other_program.release()



@pytest.mark.parametrize(("language", "words", "ok"), [
    ("en", "The outbox's records were damaged and have been rebuilt from the saved mails: 0 package(s)", "OK"),
    (ZH_TW, "寄件匣的紀錄已損壞，已由保存的郵件重建：0 件素材包", "知道了"),
])
def test_a_damaged_outbox_database_found_at_the_start_is_told_once_in_words(qtbot, open_window, language, words,
                                                                             ok):
    database = paths.data_dir("outbox") / "outbox.sqlite3"
    database.write_bytes(os.urandom(64 * 1024))  # what a power cut in the middle of a write can leave
    window = open_window(language=language)
    notice = window.notice_label.text()
    assert notice.startswith(words), notice
    assert "sqlite" not in notice.lower() and "Error" not in notice
    assert list(database.parent.glob("outbox.sqlite3.damaged-*"))  # the outbox kept the damaged copy
    click(window, ok)  # it stays until the operator has read it
    assert window.notice_label.text() == ""
    second = open_window(language=language)  # the next start: the database is sound, nothing more to say
    assert second.notice_label.text() == ""


def test_help_leads_to_the_about_screen_and_back_in_both_languages(qtbot, open_window):
    window = open_window()
    press(window, Qt.Key.Key_F1)
    assert window.current_name == "help"
    click(window, "About the kiosk, its licences and source code")
    assert window.current_name == "about"
    assert window.about.heading.text() == "About and licences"
    components = [window.about.components.item(row).text() for row in range(window.about.components.count())]
    assert any(text.startswith("FFmpeg") and "GPL" in text for text in components), components
    window.toggle_language()
    qtbot.waitUntil(lambda: window.about.heading.text() == "關於與授權")
    press(window, Qt.Key.Key_Escape)
    assert window.current_name == "help"
    click(window, "關於本機台、授權與原始碼")
    assert window.current_name == "about"
    click(window, "回到上一個畫面")
    assert window.current_name == "help"

