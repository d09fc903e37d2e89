"""The live screen in the kiosk window: keys, the count-in, the short-take question, the guide."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from ui_fakes import FakeStudio, run_clock

from kiosk.errors import SourceError
from kiosk.ui.take_controller import StudioPhase


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.focusWidget() or window, key, modifier)


def advance(qtbot, clock, window, seconds: float) -> None:
    run_clock(qtbot, clock, window.context.takes, seconds)


def test_preview_shows_camera_frames_with_the_county_pledge(qtbot, open_window, settings):
    settings.event.county = "臺南市"
    window = open_window()
    live = window.live
    qtbot.waitUntil(lambda: live.preview.frames_shown >= 3, timeout=5000)
    assert live.preview.state.pledge == "臺南市響應國際志工年 IVY 2026"
    assert "臺南市響應國際志工年 IVY 2026" in live.cue_label.text()
    assert live.preview.state.level is not None and live.preview.state.level.peak > 0
    assert not live.preview.is_frozen()


def test_space_counts_in_then_records_and_esc_cancels_the_count_in(qtbot, open_window, clock, studio):
    window = open_window()
    takes = window.context.takes
    qtbot.waitUntil(lambda: takes.studio is not None)
    press(qtbot, window, Qt.Key.Key_Space)
    assert takes.state is StudioPhase.COUNT_IN
    assert window.live.preview.state.count_in == 3
    assert window.live.cue_label.text() == "Get ready… 3"
    advance(qtbot, clock, window, 1.2)
    assert window.live.preview.state.count_in == 2
    assert window.live.cue_label.text() == "Get ready… 2"
    press(qtbot, window, Qt.Key.Key_Escape)
    assert takes.state is StudioPhase.IDLE
    assert window.live.preview.state.count_in is None
    advance(qtbot, clock, window, 5)
    assert studio.recorders == []

    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 3.1)
    assert takes.state is StudioPhase.RECORDING
    assert window.live.preview.state.recording
    assert "Stop" in window.live.record_button.text()


def test_stopping_a_short_take_asks_and_enter_confirms(qtbot, open_window, clock, studio):
    window = open_window()
    takes = window.context.takes
    qtbot.waitUntil(lambda: takes.studio is not None)
    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 3.0 + 5.0)
    press(qtbot, window, Qt.Key.Key_Space)
    live = window.live
    assert live.confirm.isVisible()
    assert "5 s" in live.confirm.message.text()
    assert takes.state is StudioPhase.RECORDING
    press(qtbot, window, Qt.Key.Key_Escape)  # keep going
    assert not live.confirm.isVisible()
    assert takes.state is StudioPhase.RECORDING
    advance(qtbot, clock, window, 1.0)
    press(qtbot, window, Qt.Key.Key_Space)
    assert live.confirm.isVisible()
    with qtbot.waitSignal(live.take_finished, timeout=5000) as finished:
        press(qtbot, window, Qt.Key.Key_Return)
    assert studio.recorders[0].stop_reasons == ["operator-short"]
    assert finished.args[0].is_short
    qtbot.waitUntil(lambda: window.current_name == "review")
    assert "Short take" in window.review.info_label.text()


def test_the_question_disappears_once_the_take_reaches_ten_seconds(qtbot, open_window, clock):
    window = open_window()
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 3.0 + 9.0)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.live.confirm.isVisible()
    advance(qtbot, clock, window, 1.5)
    assert not window.live.confirm.isVisible()
    assert "you can stop" in window.live.progress.format()


def test_progress_and_cue_line_follow_the_take(qtbot, open_window, clock, settings):
    settings.cues.turn_at_s = 4.0
    settings.cues.cheer_at_s = 8.0
    window = open_window()
    live = window.live
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 3.0 + 2.0)
    assert live.cue_label.text().startswith("Lead the pledge")
    assert "keep going" in live.progress.format()
    assert live.progress.value() == 20
    advance(qtbot, clock, window, 2.5)
    assert live.cue_label.text() == "Turn to the crowd"
    advance(qtbot, clock, window, 4.0)
    assert live.cue_label.text() == "Everyone cheers!"
    assert live.preview.state.elapsed_s == pytest.approx(8.5)
    assert live.preview.state.remaining_s == pytest.approx(6.5)


def test_s_takes_a_still_only_during_the_take(qtbot, open_window, clock, studio):
    window = open_window()
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    assert not window.live.still_button.isEnabled()
    press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 4.0)
    assert window.live.still_button.isEnabled()
    press(qtbot, window, Qt.Key.Key_S)
    assert studio.recorders[0].stills_taken == 1


def test_auto_stop_at_fifteen_seconds_opens_the_review(qtbot, open_window, clock, studio):
    window = open_window()
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 3.0 + 14.9)
    assert window.current_name == "live"
    with qtbot.waitSignal(window.live.take_finished, timeout=5000):
        advance(qtbot, clock, window, 0.3)
    qtbot.waitUntil(lambda: window.current_name == "review")
    assert window.review.take.duration_s == 15.0


def test_without_a_microphone_recording_needs_a_confirmation(qtbot, open_window, clock, media):
    silent = FakeStudio(clock, media, with_mic=False)
    window = open_window(opener=lambda camera, mic, settings: silent)
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.live.confirm.isVisible()
    assert "No microphone" in window.live.confirm.message.text()
    assert window.context.takes.state is StudioPhase.IDLE
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.context.takes.state is StudioPhase.COUNT_IN


def test_no_camera_says_so_and_offers_the_demo(qtbot, open_window, studio):
    calls: list[str] = []

    def opener(camera: str, mic: str, settings):
        calls.append(camera)
        if camera != "demo":
            raise SourceError("找不到攝影機", "No camera found")
        return studio

    window = open_window(opener=opener, demo=False)
    live = window.live
    qtbot.waitUntil(lambda: live.source_bar.isVisible(), timeout=5000)
    assert "No camera found" in live.source_message.text()
    assert live.preview.status_text == "No camera picture"
    assert not live.record_button.isEnabled()
    assert not window.demo_badge.isVisible()
    qtbot.mouseClick(live.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.context.takes.studio is studio, timeout=5000)
    assert calls == ["0", "demo"]
    assert not live.source_bar.isVisible()
    assert window.demo_badge.isVisible()
    assert live.record_button.isEnabled()


def test_a_take_that_cannot_start_is_explained_in_the_operators_language(qtbot, open_window, clock, studio):
    from kiosk.errors import KioskError

    window = open_window()
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    studio.fail_next = KioskError("磁碟空間不足：請清出空間", "Disk nearly full: free some space")
    press(qtbot, window, Qt.Key.Key_Space)
    advance(qtbot, clock, window, 3.1)
    assert window.live.hint_label.text() == "Disk nearly full: free some space"
    window.toggle_language()
    qtbot.waitUntil(lambda: window.live.hint_label.text() == "磁碟空間不足：請清出空間")
