"""The take, as the operator lives it: 3-2-1 count-in, the timed recording, the stop, the result.

A GUI-thread object and the ONLY place in the GUI that touches the recorder. Time comes from an
injected clock (``now()``), ticked by a QTimer, so tests can run a 15 s take without 15 s of wall
time. The recorder finishes a take on its own thread; a :class:`~kiosk.ui.jobs.Job` waits for its
result, so every signal of this class is emitted on the GUI thread.
"""

from __future__ import annotations

import enum
import logging
import math
import threading
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.capture.clock import MONOTONIC
from kiosk.config import CueSettings
from kiosk.errors import KioskError
from kiosk.organiser import TAKE_MAX_SECONDS, TAKE_MIN_SECONDS
from kiosk.recording.take import Take
from kiosk.ui.jobs import Job
from kiosk.ui.studio_session import OpenStudio

log = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> float: ...


class TakeRecorder(Protocol):
    """What the controller needs of ``kiosk.recording.recorder.Recorder`` (tests give a double)."""

    finished: threading.Event

    def elapsed_s(self) -> float: ...

    def request_stop(self, reason: str = ...) -> None: ...

    def take_still(self) -> str: ...

    def result(self) -> Take: ...


class StudioPhase(enum.StrEnum):
    """Where the operator is in a take (the take's own life on disk is ``kiosk.recording.take.TakeState``)."""

    IDLE = "idle"
    COUNT_IN = "count-in"
    RECORDING = "recording"
    STOPPING = "stopping"


class Phase(enum.StrEnum):
    KEEP_GOING = "keep-going"  # under 10 s: a stop must be confirmed
    CAN_STOP = "can-stop"  # 10–15 s: fine to stop


class Cue(enum.IntEnum):
    """The shot plan: the head leads the pledge, turns to the crowd, the crowd cheers."""

    LEAD_PLEDGE = 0
    TURN_TO_CROWD = 1
    CHEER = 2


def cue_at(elapsed_s: float, cues: CueSettings) -> Cue:
    if elapsed_s >= cues.cheer_at_s:
        return Cue.CHEER
    if elapsed_s >= cues.turn_at_s:
        return Cue.TURN_TO_CROWD
    return Cue.LEAD_PLEDGE


class TakeController(QObject):
    state_changed = Signal(str)
    count_in_changed = Signal(int)  # 3, 2, 1
    progress_changed = Signal(float, float)  # elapsed, remaining (seconds)
    phase_changed = Signal(str)
    cue_changed = Signal(int)
    stop_confirmation_needed = Signal(float)  # elapsed: the screen asks "stop this short take?"
    still_taken = Signal(str)
    take_finished = Signal(object)  # the finished Take
    take_failed = Signal(str, str)  # zh, en
    notice = Signal(str, str)  # zh, en: something to tell the operator that does not end the take

    COUNT_IN_S = 3
    TICK_MS = 40
    STOP_GRACE_S = 2.5  # after 15 s the recorder stops itself; if it makes no progress for this long, we ask

    def __init__(self, cues: CueSettings, clock: Clock = MONOTONIC, parent: QObject | None = None,
                 max_seconds: int = TAKE_MAX_SECONDS, min_seconds: int = TAKE_MIN_SECONDS) -> None:
        super().__init__(parent)
        self.cues = cues
        self.clock = clock
        self.max_seconds = max_seconds
        self.min_seconds = min_seconds
        self.state = StudioPhase.IDLE
        self.studio: OpenStudio | None = None
        self.recorder: TakeRecorder | None = None
        self._count_in_started = 0.0
        self._recording_started = 0.0
        self._stop_deadline: float | None = None
        self._written = 0.0  # the recorder's video seconds when last seen, while it finishes
        self._stop_requested = False
        self._last_count = -1
        self._phase: Phase | None = None
        self._cue: Cue | None = None
        self._finishing = Job("take-finish", self)  # waits for the recorder's result
        self._finishing.finished.connect(self._on_result)
        self._finishing.failed.connect(self._on_result_failed)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self.tick)

    # --- what the screen asks for -------------------------------------------------------------

    def set_studio(self, studio: OpenStudio | None) -> None:
        """The open camera + mic (``kiosk.recording.studio.Studio``) or ``None`` while there is none."""
        if self.state is not StudioPhase.IDLE:
            raise RuntimeError("cannot change the studio during a take")
        self.studio = studio

    @property
    def busy(self) -> bool:
        """A take is under way, its files not yet finished (no exit, no new studio)."""
        return self.state is not StudioPhase.IDLE

    @property
    def on_camera(self) -> bool:
        """Counting in or recording: the operator's attention belongs to the take (no navigation)."""
        return self.state in (StudioPhase.COUNT_IN, StudioPhase.RECORDING)

    def start_count_in(self) -> bool:
        if self.state is not StudioPhase.IDLE or self.studio is None:
            return False
        self._count_in_started = self.clock.now()
        self._last_count = -1
        self._set_state(StudioPhase.COUNT_IN)
        self._timer.start()
        self.tick()
        return True

    def cancel_count_in(self) -> bool:
        if self.state is not StudioPhase.COUNT_IN:
            return False
        self._timer.stop()
        self._set_state(StudioPhase.IDLE)
        return True

    def elapsed_s(self) -> float:
        if self.state in (StudioPhase.RECORDING, StudioPhase.STOPPING):
            return max(0.0, self.clock.now() - self._recording_started)
        return 0.0

    def request_stop(self, confirmed: bool = False) -> bool:
        """The operator's stop. Under the minimum it only asks for confirmation; returns True if stopping."""
        if self.state is StudioPhase.COUNT_IN:
            return self.cancel_count_in()
        if self.state is not StudioPhase.RECORDING:
            return False
        elapsed = self.elapsed_s()
        if elapsed < self.min_seconds and not confirmed:
            self.stop_confirmation_needed.emit(elapsed)
            return False
        self._ask_recorder_to_stop("operator" if elapsed >= self.min_seconds else "operator-short")
        self._set_state(StudioPhase.STOPPING)
        return True

    def take_still(self) -> Path | None:
        """A manual still from the latest frame (only during a take: it joins the take's candidates)."""
        if self.state is not StudioPhase.RECORDING or self.recorder is None:
            return None
        try:
            path = Path(self.recorder.take_still())
        except KioskError as exc:
            self.notice.emit(exc.zh, exc.en)
            return None
        self.still_taken.emit(str(path))
        return path

    # --- the clock --------------------------------------------------------------------------

    def tick(self) -> None:
        if self.state is StudioPhase.COUNT_IN:
            self._tick_count_in()
        elif self.state in (StudioPhase.RECORDING, StudioPhase.STOPPING):
            self._tick_recording()

    def _tick_count_in(self) -> None:
        left = self.COUNT_IN_S - (self.clock.now() - self._count_in_started)
        if left <= 0:
            self._start_recording()
            return
        number = math.ceil(left)
        if number != self._last_count:
            self._last_count = number
            self.count_in_changed.emit(number)

    def _tick_recording(self) -> None:
        elapsed = self.elapsed_s()
        shown = min(elapsed, float(self.max_seconds))
        self.progress_changed.emit(shown, self.max_seconds - shown)
        self._emit_phase(Phase.CAN_STOP if elapsed >= self.min_seconds else Phase.KEEP_GOING)
        self._emit_cue(cue_at(elapsed, self.cues))
        if self.state is StudioPhase.RECORDING and elapsed >= self.max_seconds:
            # The recorder stops itself at max_seconds of video; a busy machine may put it behind.
            self._stop_deadline = self.clock.now() + self.STOP_GRACE_S
            self._written = self.recorder.elapsed_s() if self.recorder is not None else 0.0
            self._set_state(StudioPhase.STOPPING)
        if self.state is StudioPhase.STOPPING and not self._stop_requested and self._stop_deadline is not None:
            self._stop_if_stuck()

    # --- the recorder -----------------------------------------------------------------------

    def _start_recording(self) -> None:
        self._timer.stop()
        if self.studio is None:
            self._set_state(StudioPhase.IDLE)
            return
        try:
            recorder: TakeRecorder = self.studio.record(max_seconds=self.max_seconds)
        except KioskError as exc:
            self._set_state(StudioPhase.IDLE)
            self.take_failed.emit(exc.zh, exc.en)
            return
        except Exception as exc:  # e.g. OSError: ffmpeg missing — never stuck in the count-in, never silent
            log.exception("the recording could not start")
            self._set_state(StudioPhase.IDLE)
            self.take_failed.emit(f"無法開始錄影：{exc}", f"The recording could not start: {exc}")
            return
        self.recorder = recorder
        self._recording_started = self.clock.now()
        self._stop_deadline = None
        self._stop_requested = False
        self._phase = self._cue = None
        self._finishing.start(recorder.result)
        self._set_state(StudioPhase.RECORDING)
        self._timer.start()
        self.tick()

    def _stop_if_stuck(self) -> None:
        """Wait while the recorder is still catching up; ask it to stop only once it makes no progress."""
        written = self.recorder.elapsed_s() if self.recorder is not None else 0.0
        if written > self._written:
            self._written = written
            self._stop_deadline = self.clock.now() + self.STOP_GRACE_S
        elif self._stop_deadline is not None and self.clock.now() >= self._stop_deadline:
            self._ask_recorder_to_stop("max")

    def _ask_recorder_to_stop(self, reason: str) -> None:
        self._stop_requested = True
        if self.recorder is not None:
            self.recorder.request_stop(reason=reason)

    def _on_result(self, take: Take) -> None:
        self._take_ended()
        if take.state.has_video and take.video_path is not None:
            self.take_finished.emit(take)
            return
        reason = take.error or ""
        self.take_failed.emit(f"錄影失敗：{reason}", f"The recording failed: {reason}")

    def _on_result_failed(self, exc: Exception) -> None:
        self._take_ended()
        if isinstance(exc, KioskError):
            self.take_failed.emit(exc.zh, exc.en)
        else:
            self.take_failed.emit(f"錄影失敗：{exc}", f"The recording failed: {exc}")

    def _take_ended(self) -> None:
        self.recorder = None
        self._timer.stop()
        self._set_state(StudioPhase.IDLE)

    # --- signals ----------------------------------------------------------------------------

    def _set_state(self, state: StudioPhase) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(str(state))

    def _emit_phase(self, phase: Phase) -> None:
        if phase is not self._phase:
            self._phase = phase
            self.phase_changed.emit(str(phase))

    def _emit_cue(self, cue: Cue) -> None:
        if cue is not self._cue:
            self._cue = cue
            self.cue_changed.emit(int(cue))
