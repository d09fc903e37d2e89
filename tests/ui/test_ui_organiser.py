"""The organiser's window with real widgets on real mails: the kiosk's own outbox delivered them (one
package split in two, one sent twice, one tampered with, hostile ones, a county's own phone mail, a
cloud link, junk — ``tests/inbox``), the window collects them from a folder, shows the 22 rows, a
person plays and accepts the unverified clip, and a short film is cut and played back."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from organiser_rig import *  # noqa: F403 - the rig's fixtures, found by pytest under their names
from organiser_rig import (
    CLIP_SECONDS,
    CLIPS,
    CLOUD_URL,
    DIRECT,
    IMAP_PASSWORD,
    IMAP_USER,
    LINK_ONLY,
    SPLIT,
    TAMPERED,
    TAMPERED_FILE,
    TEST_FILM,
    without_second_part,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from kiosk import organiser as call
from kiosk.inbox import InboxFolder, Step
from kiosk.inbox.sources import IMAP_SERVICE
from kiosk.recording.media import probe_media
from kiosk.ui.organiser.county_model import STATE_COLOURS, Column
from kiosk.ui.organiser.session import SourceKind, Task

PHONE_CLIP_SECONDS = 2.0  # the phone clip 花蓮縣 mailed by hand (tests/inbox/conftest.py)


@pytest.fixture
def taipei_time(monkeypatch: pytest.MonkeyPatch):
    """The organiser's office clock (where the platform lets a test set it)."""
    if hasattr(time, "tzset"):
        monkeypatch.setenv("TZ", "Asia/Taipei")
        time.tzset()
    yield
    if hasattr(time, "tzset"):
        monkeypatch.undo()
        time.tzset()


def cell(window, county: str, column: Column, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole):
    model = window.counties.model
    return model.data(model.index(model.row_of(county), column), role)


def wait_for_table(qtbot, window, timeout: int = 60_000) -> None:
    qtbot.waitUntil(lambda: not window.session.busy and any(r.state.value != "missing"
                                                            for r in window.session.view.rows), timeout=timeout)


def collect_through_the_picker(qtbot, window, source: Path) -> None:
    window.go("collect")
    page = window.collect
    qtbot.mouseClick(page.kind_buttons[page.kind.FOLDER], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.choose_button, Qt.MouseButton.LeftButton)
    picker = page.chooser.picker
    assert picker is not None and picker.isVisible()
    picker.show_folder(source)
    qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert page.path_label.text().replace("\u200b", "") == str(source)
    qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)


def test_the_window_collects_the_kiosks_mails_and_shows_the_22_counties(qtbot, organiser, kiosk_mails, write_folder,
                                                                        taipei_time):
    mails = without_second_part(kiosk_mails)  # the split package's second mail has not arrived yet
    window = organiser()
    assert window.current_name == "collect"  # nothing collected into this folder yet
    assert [cell(window, county, Column.STATE) for county in call.COUNTIES] == ["● Missing"] * 22
    seen: list[Step] = []
    window.session.step.connect(seen.append)

    collect_through_the_picker(qtbot, window, write_folder(mails))
    assert window.session.task is Task.COLLECT
    assert window.strip.isVisible() and window.strip.indeterminate  # a mailbox has no total: a moving bar
    wait_for_table(qtbot, window)

    assert not window.strip.isVisible()
    assert any(step.stage == "collect" and "mail 1" in step.en for step in seen)
    assert window.current_name == "counties"
    model = window.counties.model
    assert [row.county for row in model.rows] == list(call.COUNTIES)
    expected = {county: "Missing" for county in call.COUNTIES}
    expected.update({county: "Complete" for county in ("臺北市", "新北市", "臺中市")})
    expected.update({SPLIT: "Incomplete", TAMPERED: "Invalid", "基隆市": "Invalid", "新竹市": "Invalid",
                     DIRECT: "Unverified", LINK_ONLY: "Unverified"})
    assert {county: cell(window, county, Column.STATE) for county in call.COUNTIES} == {
        county: f"● {word}" for county, word in expected.items()}
    for county, word in expected.items():  # the colour says it too, never alone
        colour = cell(window, county, Column.STATE, Qt.ItemDataRole.ForegroundRole)
        assert colour.name() == STATE_COLOURS[word.lower()].lower(), county

    assert "2/2" in cell(window, SPLIT, Column.PROBLEMS)  # which mail is missing
    assert TAMPERED_FILE in cell(window, TAMPERED, Column.PROBLEMS)
    assert cell(window, "桃園市", Column.PROBLEMS) == "nothing has arrived yet"
    assert "not a video" in cell(window, "新竹市", Column.PROBLEMS)
    for county, clip in CLIPS.items():  # whom to call
        assert cell(window, county, Column.CONTACT) == f"{county}聯絡人"
        assert cell(window, county, Column.PHONE) == clip.phone
    assert cell(window, DIRECT, Column.PHONE) == "03-8227171" and cell(window, LINK_ONLY, Column.PHONE) == "06-9274400"
    assert [cell(window, county, Column.PHOTOS) for county in ("臺北市", SPLIT, DIRECT, LINK_ONLY, "桃園市")] == [
        "3", "2", "2", "0", ""]
    # 花蓮縣's mail is dated Fri, 27 Nov 2026 09:30 +0800: shown in this computer's own time
    local = dt.datetime(2026, 11, 27, 1, 30, tzinfo=dt.UTC).astimezone()
    assert cell(window, DIRECT, Column.DELIVERED) == local.strftime("%m-%d %H:%M")
    assert cell(window, DIRECT, Column.DELIVERED, Qt.ItemDataRole.ToolTipRole) == local.strftime("%Y-%m-%d %H:%M")
    if hasattr(time, "tzset"):
        assert cell(window, DIRECT, Column.DELIVERED) == "11-27 09:30"
    assert window.counties.summary.text().startswith("3 Complete · 2 Unverified · 1 Incomplete · 3 Invalid · 13 Missing")

    page = window.collect
    assert page.result.text().startswith(f"Mails read: {len(mails)}, new: {len(mails)}.")
    assert page.unmatched_list.count() == 4  # junk, a county not among the 22, and refusals naming no county
    assert any(page.unmatched_list.item(n).text().startswith("Special offer") for n in range(4))


def test_the_detail_shows_deliveries_problems_contact_and_the_link_to_copy(qtbot, organiser, collected):
    window = organiser(collected)
    assert window.current_name == "counties"  # something was collected: the table first
    detail = window.counties.detail
    window.counties.select("臺中市")  # its package arrived twice
    assert detail.heading.text() == "臺中市"
    deliveries = [detail.deliveries.item(n) for n in range(detail.deliveries.count())]
    assert [item.text().split(" · ")[0] for item in deliveries] == ["● Complete", "● Duplicate"]
    assert deliveries[1].foreground().color().name() == STATE_COLOURS["duplicate"].lower()
    assert "1 duplicate mail(s) ignored" in detail.problems.text()
    assert "Phone: 04-22289111" in detail.contact.text() and "臺中市聯絡人" in detail.contact.text()
    assert detail.files.count() == 5 and not detail.accept_button.isVisible()  # video, 3 photos, the consent PDF

    window.counties.table.setFocus()
    qtbot.keyClick(window.counties.table, Qt.Key.Key_Down)  # the arrows walk the table
    assert detail.heading.text() == TAMPERED
    assert TAMPERED_FILE in detail.problems.text()

    window.counties.select(LINK_ONLY)
    assert [detail.links.item(n).text() for n in range(detail.links.count())] == [CLOUD_URL]
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == CLOUD_URL
    assert detail.accept_button.isVisible() and not detail.accept_button.isEnabled()  # no clip came: nothing to accept
    assert "link" in detail.accept_note.text()


def test_an_unverified_clip_is_watched_accepted_and_cut_into_a_short_film(qtbot, organiser, collected):
    window = organiser(collected)
    counties, detail = window.counties, window.counties.detail
    counties.select(DIRECT)
    assert detail.accept_button.isEnabled() and "watch the clip" in detail.accept_note.text()
    qtbot.mouseClick(detail.play_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.video.frames_shown > 0, timeout=15_000)  # the Review screen's player

    qtbot.keyClick(window, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert detail.confirm.asking and "watched it" in detail.confirm.message.text()
    with qtbot.waitSignal(window.session.accepted, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.busy and window.session.row(DIRECT).usable, timeout=30_000)
    assert cell(window, DIRECT, Column.STATE) == "● Unverified, accepted"
    assert InboxFolder.open(collected).index.submissions[window.session.row(DIRECT).submission].accepted
    assert detail.accept_button.text().startswith("Take it back")

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "film"
    film = window.film
    assert film.order == ["臺北市", "新北市", "臺中市", "高雄市", DIRECT]  # the call's order
    film.set_included("新北市", False)
    film.set_included("高雄市", False)
    film.counties.setCurrentRow(film.order.index(DIRECT))
    for _ in range(4):
        qtbot.mouseClick(film.up_button, Qt.MouseButton.LeftButton)
    assert film.included() == [DIRECT, "臺北市", "臺中市"]
    film.set_span("臺北市", 0.5, 2.5)
    film.draft.setFocus()
    qtbot.keyClick(film.draft, Qt.Key.Key_Space)
    assert film.draft.isChecked()
    card, fade = TEST_FILM["card_s"], 0.5
    expected = 2 * card + PHONE_CLIP_SECONDS + 2.0 + CLIP_SECONDS - 4 * fade
    assert film.expected_seconds() == pytest.approx(expected, abs=0.05)
    assert f"about {expected:.1f} s" in film.length.text()

    seen: list[Step] = []
    window.session.step.connect(seen.append)
    with qtbot.waitSignal(window.session.film_built, timeout=240_000) as built:
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert window.session.task is Task.FILM and window.strip.isVisible()
    result = built.args[0]
    assert result.counties == [DIRECT, "臺北市", "臺中市"]
    assert result.duration_s == pytest.approx(expected, abs=0.05)
    assert [(c.source_start_s, c.source_end_s) for c in result.clips if c.county == "臺北市"] == [(0.5, 2.5)]
    assert result.video == collected / "IVY 2026 臺灣.mp4"
    info = probe_media(result.video)
    assert (info.width, info.height, info.fps, info.video_codec, info.audio_codec) == (1920, 1080, 30.0, "h264", "aac")
    assert abs(info.duration_s - expected) < 0.1
    assert any(step.total > 0 and 0 < step.fraction <= 1 for step in seen)  # the build has a total: a filling bar
    assert "The film is ready" in film.result_label.text() and "3 counties" in film.result_label.text()
    qtbot.waitUntil(lambda: film.video.frames_shown > 0, timeout=15_000)  # played back in the window
    assert film.video.path == result.video

    with qtbot.waitSignal(window.session.film_built, timeout=60_000) as again:  # nothing changed: nothing to cut
        qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert again.args[0].up_to_date
    assert window.notice_label.text().startswith("The film is up to date")  # not "ready", as if it were new
    assert film.result_label.text().startswith("The film is up to date")


def test_cancel_stops_a_collect_and_a_film_and_leaves_nothing_half_made(qtbot, organiser, collected, kiosk_mails,
                                                                        write_folder, tmp_path):
    window = organiser(collected)
    window.go("film")
    window.film.set_included("臺北市", False)  # a new plan: nothing of it is in the cache yet
    with qtbot.waitSignal(window.session.cancelled, timeout=30_000):
        qtbot.mouseClick(window.film.build_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not (collected / "IVY 2026 臺灣.mp4").exists()
    assert not [p for p in collected.rglob("*") if ".partial" in p.name]
    assert window.notice_label.text().startswith("Cancelled")
    assert window.film.build_button.isEnabled()

    fresh = organiser(tmp_path / "另一個 收件")
    collect_through_the_picker(qtbot, fresh, write_folder(kiosk_mails.all, "全部"))
    with qtbot.waitSignal(fresh.session.cancelled, timeout=30_000):
        qtbot.mouseClick(fresh.strip.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not fresh.session.busy, timeout=30_000)  # the table is read back after a cancel
    folder = InboxFolder.open(tmp_path / "另一個 收件")
    assert len(folder.index.mails) < len(kiosk_mails.all)  # stopped part-way; what it had is recorded
    assert not list((folder.meta / "staging").glob("*"))


def test_the_contact_sheet_is_made_and_opened(qtbot, organiser, collected, opened):
    window = organiser(collected)
    assert not window.counties.open_sheet_button.isEnabled()
    with qtbot.waitSignal(window.session.sheet_made, timeout=30_000) as made:
        qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    sheet = made.args[0]
    assert sheet == collected / "contact-sheet.jpg" and sheet.read_bytes()[:3] == b"\xff\xd8\xff"
    qtbot.waitUntil(lambda: window.counties.open_sheet_button.isEnabled(), timeout=30_000)
    qtbot.mouseClick(window.counties.open_sheet_button, Qt.MouseButton.LeftButton)
    assert opened == [sheet]


def test_an_imap_mailbox_with_a_typed_password_kept_only_in_the_keyring(qtbot, organiser, kiosk_mails, imap_server,
                                                                       memory_keyring, kiosk_home, tmp_path):
    url = imap_server.fill(kiosk_mails.mails[:2])
    window = organiser(tmp_path / "IMAP 收件")
    page = window.collect
    qtbot.mouseClick(page.kind_buttons[SourceKind.IMAP], Qt.MouseButton.LeftButton)
    assert page.imap_panel.isVisible() and not page.file_panel.isVisible()
    qtbot.keyClicks(page.server, f"127.0.0.1:{imap_server.port}")
    qtbot.keyClicks(page.account, IMAP_USER)
    page.mailbox.clear()
    qtbot.keyClicks(page.mailbox, url.rsplit("/", 1)[1])
    qtbot.mouseClick(page.ca_button, Qt.MouseButton.LeftButton)  # the test CA, through the picker
    picker = page.chooser.picker
    picker.show_folder(imap_server.ca_file.parent)
    picker.entries.setCurrentRow(next(n for n in range(picker.entries.count())
                                      if picker.entries.item(n).text() == imap_server.ca_file.name))
    qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert page.ca_label.text().replace("\u200b", "") == str(imap_server.ca_file)
    account = f"{IMAP_USER}@127.0.0.1:{imap_server.port}"

    qtbot.keyClicks(page.password, "not the password")
    page.save_password.setFocus()
    qtbot.keyClick(page.save_password, Qt.Key.Key_Space)
    assert page.save_password.isChecked()
    with qtbot.waitSignal(window.session.failed, timeout=30_000):
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    assert "refused the login" in window.notice_label.text()
    imap_entries = lambda: {key: value for key, value in memory_keyring.entries.items() if key[0] == IMAP_SERVICE}  # noqa: E731
    assert imap_entries() == {}  # a password the server refused is not kept

    qtbot.waitUntil(lambda: not window.session.busy, timeout=30_000)  # the folder is read back after a failure
    page.password.clear()
    page.password.insert(IMAP_PASSWORD)  # as an input method types it (QTest has no keys for 收件密碼)
    with qtbot.waitSignal(window.session.collected, timeout=60_000) as first:
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    assert (first.args[0].seen, first.args[0].new) == (2, 2)
    assert imap_entries() == {(IMAP_SERVICE, account): IMAP_PASSWORD}
    secret = IMAP_PASSWORD.encode()
    written = [p for root in (kiosk_home, tmp_path / "IMAP 收件") for p in root.rglob("*") if p.is_file()]
    assert written and not [p for p in written if secret in p.read_bytes()]  # never in a file

    qtbot.waitUntil(lambda: not window.session.busy, timeout=30_000)
    page.password.clear()  # empty: the keyring's
    with qtbot.waitSignal(window.session.collected, timeout=60_000) as again:
        qtbot.mouseClick(page.collect_button, Qt.MouseButton.LeftButton)
    assert (again.args[0].seen, again.args[0].new, again.args[0].already) == (2, 0, 2)
