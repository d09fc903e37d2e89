"""What a walk through the organiser's window by hand found (real windows, real mails, offscreen):
a form squeezed on a laptop screen, a failed collect's words left standing over the next job, and a
link-only mail whose note did not say how its clip gets into the film."""

from __future__ import annotations

import pytest
from organiser_rig import *  # noqa: F403 - the rig's fixtures, found by pytest under their names
from organiser_rig import LINK_ONLY
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
    assert page.result.text().startswith("Mails read: 1, new: 1.")
    assert page.result.property("role") == ""


def test_a_clip_fetched_from_a_cloud_link_and_mailed_in_by_the_organiser_can_be_accepted(qtbot, organiser, collected,
                                                                                        write_folder, tmp_path):
    """The note under a link-only mail names the way out, and that way works: the file fetched by
    hand, mailed to the inbox with the county's name in the subject, collected, watched, accepted."""
    from inbox.conftest import make_clip
    from inbox_mails import direct_mail
    from inbox_scenario import CountyClip

    window = organiser(collected)
    window.go("counties")
    window.counties.select(LINK_ONLY)
    detail = window.counties.detail
    assert not detail.accept_button.isEnabled()
    assert "mail it to this inbox with the county's name in the subject" in detail.accept_note.text()

    fetched = make_clip(tmp_path / "雲端下載.mp4", CountyClip(LINK_ONLY, (30, 160, 200), -20.0, 520, ""), seconds=2.0)
    forwarded = direct_mail(f"{LINK_ONLY} IVY 2026 影片（自雲端下載）", "ingo.se@vtaiwan.org", "由雲端連結下載的影片\n",
                            [("澎湖縣 雲端下載.mp4", fetched.read_bytes(), "video/mp4")])
    forwarded = forwarded.replace(b"Fri, 27 Nov 2026 09:30:00 +0800", b"Sat, 28 Nov 2026 10:00:00 +0800")
    window.go("collect")
    window.collect.set_path(write_folder([forwarded]))
    with qtbot.waitSignal(window.session.collected, timeout=60_000):
        qtbot.mouseClick(window.collect.collect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.session.busy and window.session.row(LINK_ONLY).clip is not None, timeout=60_000)

    window.counties.select(LINK_ONLY)
    assert detail.accept_button.isEnabled() and detail.play_button.isEnabled()
    qtbot.mouseClick(detail.accept_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(window.session.accepted, timeout=30_000):
        detail.confirm.accept()
    qtbot.waitUntil(lambda: not window.session.busy and window.session.row(LINK_ONLY).usable, timeout=60_000)
    assert LINK_ONLY in window.film.included()


def test_closing_the_window_during_a_collect_keeps_what_it_had_and_the_next_window_finishes(qtbot, organiser,
                                                                                          kiosk_mails, write_folder,
                                                                                          tmp_path):
    from kiosk.inbox import InboxFolder

    target = tmp_path / "收件 關窗"
    mails = write_folder(kiosk_mails.all, "全部")
    window = organiser(target)
    window.collect.set_path(mails)
    qtbot.mouseClick(window.collect.collect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.last_step is not None and window.session.last_step.done >= 2,
                    timeout=60_000)
    window.close()  # stops the job and lets go of the folder before the window is gone
    kept = len(InboxFolder.open(target).index.mails)
    assert 0 < kept < len(kiosk_mails.all)
    assert not list((InboxFolder.open(target).meta / "staging").glob("*"))

    again = organiser(target)  # the folder is free again: a second window may have it
    assert again.current_name == "counties"  # it opens on what was collected
    again.collect.set_path(mails)
    with qtbot.waitSignal(again.session.collected, timeout=120_000) as done:
        again.go("collect")
        qtbot.mouseClick(again.collect.collect_button, Qt.MouseButton.LeftButton)
    # nothing went on behind the closed window: exactly what it had kept counts as collected before
    assert (done.args[0].already, done.args[0].new) == (kept, len(kiosk_mails.all) - kept)
