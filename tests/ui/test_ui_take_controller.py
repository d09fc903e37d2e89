"""The take's timing, driven by a clock the test moves: count-in, phases, cues, stops, auto-stop."""

from __future__ import annotations

import threading

import pytest
from ui_fakes import FakeClock, FakeStudio, run_clock

from kiosk.config import CueSettings
from kiosk.errors import KioskError
from kiosk.ui.take_controller import Cue, Phase, StudioPhase, TakeController, cue_at


@pytest.fixture
def takes(qtbot, clock: FakeClock, studio: FakeStudio) -> TakeController:
    controller = TakeController(CueSettings(turn_at_s=5.0, cheer_at_s=9.0), clock=clock)
    controller.set_studio(studio)
    yield controller
    if controller.recorder is not None:
        controller.recorder.request_stop("teardown")
        qtbot.waitUntil(lambda: not controller.busy, timeout=5000)


def record_signals(controller: TakeController) -> dict[str, list]:
    seen: dict[str, list] = {"count": [], "phase": [], "cue": [], "state": [], "confirm": []}
    controller.count_in_changed.connect(seen["count"].append)
    controller.phase_changed.connect(seen["phase"].append)
    controller.cue_changed.connect(seen["cue"].append)
    controller.state_changed.connect(seen["state"].append)
    controller.stop_confirmation_needed.connect(seen["confirm"].append)
    return seen


def run_to(qtbot, clock: FakeClock, controller: TakeController, seconds: float) -> None:
    run_clock(qtbot, clock, controller, seconds)


def test_count_in_is_three_two_one_then_recording(qtbot, clock, takes):
    seen = record_signals(takes)
    assert takes.start_count_in()
    assert takes.state is StudioPhase.COUNT_IN
    run_to(qtbot, clock, takes, 2.9)
    assert seen["count"] == [3, 2, 1]
    assert takes.state is StudioPhase.COUNT_IN
    run_to(qtbot, clock, takes, 0.2)
    assert takes.state is StudioPhase.RECORDING
    assert takes.recorder is not None


def test_escape_cancels_the_count_in_and_nothing_is_recorded(qtbot, clock, takes, studio):
    takes.start_count_in()
    run_to(qtbot, clock, takes, 1.5)
    assert takes.cancel_count_in()
    run_to(qtbot, clock, takes, 3.0)
    assert takes.state is StudioPhase.IDLE
    assert studio.recorders == []


def test_phases_and_cues_follow_the_configured_times(qtbot, clock, takes):
    seen = record_signals(takes)
    takes.cues = CueSettings(turn_at_s=4.0, cheer_at_s=7.5)
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0)
    run_to(qtbot, clock, takes, 3.9)
    assert seen["cue"] == [Cue.LEAD_PLEDGE]
    run_to(qtbot, clock, takes, 0.2)
    assert seen["cue"] == [Cue.LEAD_PLEDGE, Cue.TURN_TO_CROWD]
    run_to(qtbot, clock, takes, 3.5)
    assert seen["cue"][-1] == Cue.CHEER
    assert seen["phase"] == [Phase.KEEP_GOING]
    run_to(qtbot, clock, takes, 2.5)
    assert seen["phase"] == [Phase.KEEP_GOING, Phase.CAN_STOP]


def test_cue_at_uses_the_settings():
    cues = CueSettings(turn_at_s=6.0, cheer_at_s=11.0)
    assert [cue_at(t, cues) for t in (0.0, 5.9, 6.0, 10.9, 11.0, 15.0)] == [
        Cue.LEAD_PLEDGE, Cue.LEAD_PLEDGE, Cue.TURN_TO_CROWD, Cue.TURN_TO_CROWD, Cue.CHEER, Cue.CHEER]


def test_stop_under_ten_seconds_asks_first_and_a_confirmed_stop_is_kept_as_short(qtbot, clock, takes, studio):
    seen = record_signals(takes)
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0 + 6.0)
    assert takes.request_stop() is False
    assert seen["confirm"] and seen["confirm"][0] == pytest.approx(6.0, abs=0.3)
    assert takes.state is StudioPhase.RECORDING
    with qtbot.waitSignal(takes.take_finished, timeout=5000) as finished:
        assert takes.request_stop(confirmed=True)
    take = finished.args[0]
    assert studio.recorders[0].stop_reasons == ["operator-short"]
    assert take.is_short
    assert takes.state is StudioPhase.IDLE


def test_stop_after_ten_seconds_needs_no_confirmation(qtbot, clock, takes, studio):
    seen = record_signals(takes)
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0 + 11.0)
    with qtbot.waitSignal(takes.take_finished, timeout=5000) as finished:
        assert takes.request_stop()
    assert seen["confirm"] == []
    assert studio.recorders[0].stop_reasons == ["operator"]
    assert not finished.args[0].is_short


def test_auto_stop_at_fifteen_seconds(qtbot, clock, takes, studio):
    progress: list[tuple[float, float]] = []
    takes.progress_changed.connect(lambda e, r: progress.append((e, r)))
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0 + 14.5)
    assert takes.state is StudioPhase.RECORDING
    with qtbot.waitSignal(takes.take_finished, timeout=5000) as finished:
        run_to(qtbot, clock, takes, 0.75)
    take = finished.args[0]
    assert take.duration_s == pytest.approx(15.0, abs=0.01)
    assert studio.recorders[0].stop_reasons == []  # the recorder stopped itself at max_seconds
    assert max(e for e, _ in progress) == pytest.approx(15.0)
    assert min(r for _, r in progress) == pytest.approx(0.0)


def test_a_recorder_that_does_not_stop_by_itself_is_asked_after_the_grace(qtbot, clock, takes, studio):
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0)
    studio.recorders[0].ignore_max = True
    run_to(qtbot, clock, takes, 15.5)
    assert takes.state is StudioPhase.STOPPING
    with qtbot.waitSignal(takes.take_finished, timeout=5000):
        run_to(qtbot, clock, takes, takes.STOP_GRACE_S)
    assert studio.recorders[0].stop_reasons == ["max"]


def test_a_recorder_catching_up_on_a_busy_machine_is_not_cut_short(qtbot, clock, takes, studio):
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0)
    studio.recorders[0].lag_s = 4.0  # longer than the grace: only its progress keeps it going
    run_to(qtbot, clock, takes, 15.0 + 3.5)
    assert takes.state is StudioPhase.STOPPING
    with qtbot.waitSignal(takes.take_finished, timeout=5000) as finished:
        run_to(qtbot, clock, takes, 1.0)
    assert studio.recorders[0].stop_reasons == []
    assert finished.args[0].duration_s == pytest.approx(15.0, abs=0.01)


def test_finish_reported_from_the_recorder_thread_arrives_on_the_gui_thread(qtbot, clock, takes, studio):
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.0 + 11.0)
    threads: list[str] = []
    takes.take_finished.connect(lambda _take: threads.append(threading.current_thread().name))
    takes._timer.stop()  # only the recorder thread's call may deliver the result now
    takes.request_stop()
    qtbot.waitUntil(lambda: bool(threads), timeout=5000)
    assert studio.recorders[0].finished_on_thread == "fake-recorder"
    assert threads == [threading.main_thread().name]


def test_a_take_that_cannot_start_says_why_and_returns_to_idle(qtbot, clock, takes, studio):
    studio.fail_next = KioskError("磁碟空間不足", "Disk nearly full")
    failures: list[tuple[str, str]] = []
    takes.take_failed.connect(lambda zh, en: failures.append((zh, en)))
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.1)
    assert failures == [("磁碟空間不足", "Disk nearly full")]
    assert takes.state is StudioPhase.IDLE


def test_manual_still_only_during_a_take(qtbot, clock, takes, studio):
    assert takes.take_still() is None
    takes.start_count_in()
    run_to(qtbot, clock, takes, 4.0)
    with qtbot.waitSignal(takes.still_taken, timeout=1000) as taken:
        path = takes.take_still()
    assert path is not None and path.is_file()
    assert taken.args[0] == str(path)
    assert studio.recorders[0].stills_taken == 1


def test_no_take_without_a_studio(clock):
    controller = TakeController(CueSettings(), clock=clock)
    assert controller.start_count_in() is False
    assert controller.state is StudioPhase.IDLE


def test_a_recorder_that_cannot_even_start_its_process_returns_to_idle_and_says_so(qtbot, clock, takes, studio):
    studio.fail_next = FileNotFoundError(2, "No such file or directory", "ffmpeg")
    failures: list[tuple[str, str]] = []
    takes.take_failed.connect(lambda zh, en: failures.append((zh, en)))
    takes.start_count_in()
    run_to(qtbot, clock, takes, 3.1)
    assert takes.state is StudioPhase.IDLE
    assert not takes.busy
    assert len(failures) == 1
    assert failures[0][0].startswith("無法開始錄影") and "ffmpeg" in failures[0][1]
