"""What a walk through the organiser's window by hand found (real windows, real mails, offscreen):
a form squeezed on a laptop screen, and a failed collect's words left standing over the next job."""

from __future__ import annotations

import pytest
from organiser_rig import *  # noqa: F403 - the rig's fixtures, found by pytest under their names
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_organiser_window import squeezed

from kiosk.ui.organiser.session import SourceKind, Task


def settle(qtbot) -> None:
    for _ in range(3):  # a page shown for the first time lays itself out over a few posted events
        QApplication.sendPostedEvents()
        qtbot.wait(30)


@pytest.mark.parametrize("size", [(1366, 768), (1280, 680)])  # a laptop; the same less a title and task bar
@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_the_imap_form_is_never_squeezed_on_a_laptop_screen(qtbot, organiser, tmp_path, language, size):
    window = organiser(tmp_path / "收件", language=language, size=size)
    page = window.collect
    window.go("collect")
    for kind in SourceKind:
        qtbot.mouseClick(page.kind_buttons[kind], Qt.MouseButton.LeftButton)
        settle(qtbot)
        assert squeezed(page) == [], kind
    page.scroll_area.ensureWidgetVisible(page.collect_button)  # the page scrolls to what does not fit
    settle(qtbot)
    assert page.collect_button.visibleRegion().boundingRect().size() == page.collect_button.size()


def test_a_failed_collect_says_why_beside_its_button_and_the_next_job_clears_it(qtbot, organiser, kiosk_mails,
                                                                               write_folder, tmp_path):
    window = organiser(tmp_path / "收件")
    page = window.collect
    page.set_path(tmp_path / "沒有這個 資料夾")
    with qtbot.waitSignal(window.session.failed, timeout=30_000):
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    assert "no such mail source" in window.notice_label.text()
    assert page.result.text().startswith("Not collected: no such mail source")
    assert page.result.property("role") == "warning"
    qtbot.waitUntil(lambda: not window.session.busy, timeout=30_000)

    page.set_path(write_folder([kiosk_mails.junk]))
    running = []
    window.session.busy_changed.connect(
        lambda task: running.append((window.notice_label.text(), page.result.text())) if task is Task.COLLECT else None)
    with qtbot.waitSignal(window.session.collected, timeout=60_000):
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    assert running == [("", "")]  # while it ran, nothing said the last one had failed
    assert page.result.text().startswith("1 mails read, 1 of them new.")
    assert page.result.property("role") == ""
