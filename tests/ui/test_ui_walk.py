"""The day walked through the real window as a new user would: every control found by its accessible
name and pressed with QTest keys and clicks, in the natural order and in odd ones. Each step must
reach its goal with no false message.

The natural order uses the real demo camera and recorder (a 15 s take, the real checks and package,
the real outbox); the odd orders a fake camera with a clip that meets every requirement.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget
from ui_fakes import FakeClock, FakeStudio, Media, run_clock, stage_picture
from ui_hands import by_name, fill_consent

from kiosk import procs
from kiosk.outbox import QUEUED
from kiosk.recording.take import Take
from kiosk.ui.app import create_kiosk
from kiosk.ui.take_controller import StudioPhase

WAIT_MS = 60_000  # ceilings for ffmpeg on a busy machine, never measured times
FALSE_MESSAGES = ("first", "NOT queued", "went wrong")


# --- finding and using controls as a person (or assistive technology) does ------------------------------


def click(qtbot, window: QWidget, name: str) -> None:
    widget = by_name(window, name)
    assert widget.isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press(qtbot, window: QWidget, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def no_false_message(window) -> None:
    text = window.notice_label.text()
    assert not any(words in text for words in FALSE_MESSAGES), text


def consent_and_confirm(qtbot, window) -> None:
    """Type the contact details where empty, tick, sign, Confirm consent: on to the checklist."""
    fill_consent(window)
    assert window.current_name == "send", window.consent.status.text()
    no_false_message(window)


def send_and_reach_the_outbox(qtbot, window) -> str:
    qtbot.waitUntil(lambda: bool(window.send.checks), timeout=WAIT_MS)
    assert window.send.failed_checks() == [], window.send.status.text()
    with qtbot.waitSignal(window.context.flow.queued, timeout=WAIT_MS) as queued:
        click(qtbot, window, "Send to Volunteering Taiwan")
    qtbot.waitUntil(lambda: window.current_name == "outbox", timeout=5000)
    package_id = queued.args[0]
    status = next(s for s in window.context.outbox.statuses if s.package == package_id)
    assert status.state == QUEUED or status.unsent is False
    assert window.outbox.row_of(package_id) >= 0
    no_false_message(window)
    return package_id


def close(window) -> None:
    if getattr(window, "walk_closed", False):
        return
    window.walk_closed = True
    window.review.video.release()
    window.context.languages.release()
    window.exit_unlocked = True
    takes = window.context.takes
    takes.cancel_count_in()
    window.close()
    window.deleteLater()


# --- the natural order, with the real demo camera --------------------------------------------------------


@pytest.mark.slow
def test_the_natural_order_from_preflight_to_the_outbox(qtbot, monkeypatch):
    monkeypatch.setenv("IVY_KIOSK_LANG", "en")
    window = create_kiosk(demo=True, windowed=True, with_outbox=False)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    try:
        assert window.current_name == "preflight"  # the day starts here
        qtbot.waitUntil(lambda: window.preflight.report is not None, timeout=WAIT_MS)
        click(qtbot, window, "Continue to the camera")
        assert window.current_name == "live"
        takes = window.context.takes
        qtbot.waitUntil(lambda: takes.studio is not None and window.live.preview.frames_shown > 5, timeout=15000)
        press(qtbot, window, Qt.Key.Key_Space)
        assert takes.state is StudioPhase.COUNT_IN
        qtbot.waitUntil(lambda: window.current_name == "review", timeout=WAIT_MS)
        take = window.review.take
        assert take.state == "done" and take.duration_s == pytest.approx(15.0, abs=0.2)
        qtbot.waitUntil(lambda: window.review.video.frames_shown > 0, timeout=10000)
        press(qtbot, window, Qt.Key.Key_K)
        assert Take.load(take.dir).kept is True
        click(qtbot, window, "Screen: Consent")  # the sidebar, not Review's own button
        assert window.current_name == "consent"
        no_false_message(window)
        consent_and_confirm(qtbot, window)
        send_and_reach_the_outbox(qtbot, window)
        click(qtbot, window, "Screen: Review")
        assert "sent" in window.review.take_list.item(0).text() or "outbox" in window.review.take_list.item(0).text()
    finally:
        close(window)


# --- odd orders, with a fake camera and a clip that meets every requirement --------------------------------


@pytest.fixture(scope="session")
def good_media(tmp_path_factory) -> Media:
    """A 12 s 1920×1080 H.264/AAC clip with sound and 300 dpi photos: every check passes."""
    folder = tmp_path_factory.mktemp("good media")
    video = folder / "clip.mp4"
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                        "-t", "12", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "35", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(video)], timeout=120)
    assert result.returncode == 0, result.stderr
    pictures = []
    for index in range(8):
        path = folder / f"picture-{index}.jpg"
        Image.fromarray(stage_picture(40 + index * 25)[:, :, ::-1]).save(path, "JPEG", dpi=(300, 300), quality=85)
        pictures.append(path)
    return Media(video, pictures)


@pytest.fixture
def walk(qtbot, good_media, kiosk_home) -> Iterator:
    windows = []
    clock = FakeClock()

    def start(language: str = "en"):
        studio = FakeStudio(clock, good_media)
        window = create_kiosk(demo=True, windowed=True, clock=clock, opener=lambda c, m, s: studio,
                              language=language, with_outbox=False)
        windows.append(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        qtbot.waitUntil(lambda: window.context.takes.studio is not None, timeout=5000)
        window.clock = clock
        return window

    yield start
    for window in windows:
        close(window)


def record(qtbot, window, seconds: float = 12.0) -> Take:
    """Space, the count-in, a take of ``seconds``, Space again; the Review screen shows it."""
    clock, takes = window.clock, window.context.takes
    press(qtbot, window, Qt.Key.Key_Space)
    assert takes.state is StudioPhase.COUNT_IN
    run_clock(qtbot, clock, takes, 3.0 + seconds)
    with qtbot.waitSignal(takes.take_finished, timeout=10000):
        press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.current_name == "review", timeout=5000)
    return window.review.take


def test_odd_order_send_and_consent_before_any_take_then_retake_after_keep(qtbot, walk):
    window = walk()
    click(qtbot, window, "Screen: Live")
    click(qtbot, window, "Screen: Send")  # nothing recorded yet
    assert window.current_name == "review"
    assert "record a take" in window.notice_label.text()
    click(qtbot, window, "Screen: Consent")
    assert window.current_name == "review"
    click(qtbot, window, "Screen: Live")
    first = record(qtbot, window)
    press(qtbot, window, Qt.Key.Key_K)
    click(qtbot, window, "Screen: Send")  # kept, not signed: the consent form comes first, and says why
    assert window.current_name == "consent"
    assert "consent form first" in window.notice_label.text()
    assert window.context.flow.take.dir == first.dir
    consent_and_confirm(qtbot, window)
    # Retake after Keep: another take, kept; the sidebar's Send now checks the new one
    click(qtbot, window, "Screen: Review")
    click(qtbot, window, "Record another take")
    assert window.current_name == "live"
    second = record(qtbot, window)
    assert second.dir != first.dir
    press(qtbot, window, Qt.Key.Key_K)
    click(qtbot, window, "Screen: Send")
    assert window.current_name == "send"  # the consent stands for the package not yet sent
    assert window.context.flow.take.dir == second.dir
    send_and_reach_the_outbox(qtbot, window)
    assert Take.load(first.dir).kept is True  # nothing lost: the first take is still there, kept


def test_odd_order_language_switch_mid_flow_and_back_to_review_after_a_restart(qtbot, walk):
    window = walk("zh-TW")
    click(qtbot, window, "畫面：錄影")
    take = record(qtbot, window)
    press(qtbot, window, Qt.Key.Key_K)
    click(qtbot, window, "畫面：授權同意")
    assert window.current_name == "consent"
    press(qtbot, window, Qt.Key.Key_F2)  # English, in the middle of the form
    qtbot.waitUntil(lambda: window.consent.confirm_button.text() == "Confirm consent", timeout=5000)
    consent_and_confirm(qtbot, window)
    press(qtbot, window, Qt.Key.Key_F2)  # and back to Chinese on the checklist
    qtbot.waitUntil(lambda: window.send.send_button.text() == "送出給台灣志願服務國際交流協會", timeout=5000)
    qtbot.waitUntil(lambda: bool(window.send.checks), timeout=WAIT_MS)
    close(window)

    again = walk()  # a restart: the language chosen last (zh-TW) unless the environment says otherwise
    click(qtbot, again, "Screen: Review")
    assert again.review.take is not None and again.review.take.dir == take.dir
    assert again.review.video._poster is not None
    assert "No take yet" not in again.review.status_label.text()
    click(qtbot, again, "Screen: Send")  # after a restart the consent is asked again, for this take
    assert again.current_name == "consent" and again.context.flow.take.dir == take.dir
    consent_and_confirm(qtbot, again)
    send_and_reach_the_outbox(qtbot, again)


def test_the_picker_exports_a_queued_package_to_a_usb_drive(qtbot, walk, tmp_path, monkeypatch):
    from kiosk import drives

    usb = tmp_path / "USB"
    usb.mkdir()
    monkeypatch.setattr(drives, "removable_drives", lambda: [drives.Place(usb, "USB", True, 16_000_000_000)])
    window = walk()
    click(qtbot, window, "Screen: Live")
    record(qtbot, window)
    press(qtbot, window, Qt.Key.Key_K)
    click(qtbot, window, "Screen: Consent")
    consent_and_confirm(qtbot, window)
    send_and_reach_the_outbox(qtbot, window)
    click(qtbot, window, "Export to a folder or USB drive")
    picker = window.outbox.picker
    assert picker is not None and picker.folder == usb  # the USB drive first
    with qtbot.waitSignal(window.context.outbox.exported, timeout=WAIT_MS) as exported:
        click(qtbot, window, "Choose this folder")
    assert Path(exported.args[1]).parent == usb
    assert any(Path(exported.args[1]).rglob("*.mp4"))
    shutil.rmtree(usb)
    assert isinstance(by_name(window, "Retry now"), QAbstractButton)
