"""Test doubles for the GUI tests: a clock the test moves, and a studio whose recorder behaves like
the real one (finishes on its own thread, stops itself at max_seconds, writes a real take folder with
a real MP4, stills and candidates) without a camera or an encoder."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import cv2
import numpy as np

from kiosk.capture.audio import Level
from kiosk.capture.video import CameraMode, Frame
from kiosk.recording.take import CANDIDATES_DIR, STILLS_DIR, VIDEO_FILE, Take


class FakeClock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds

    def sleep_until(self, deadline: float) -> None:  # the Clock protocol; nothing here sleeps on it
        time.sleep(0)


def stage_picture(shade: int = 90) -> np.ndarray:
    """A 1920×1080 picture with structure (not flat), different per ``shade``."""
    image = np.full((1080, 1920, 3), shade, np.uint8)
    cv2.rectangle(image, (360, 110), (1560, 520), (150, 95, 30), -1)
    cv2.circle(image, (960, 470), 48, (140, 170, 210), -1)
    cv2.putText(image, f"shade {shade}", (200, 900), cv2.FONT_HERSHEY_SIMPLEX, 4, (255, 255, 255), 8)
    return image


class FakeCamera:
    def __init__(self) -> None:
        self.mode = CameraMode(1920, 1080, 30.0, "fake")
        self.error = None
        self.ended = threading.Event()
        self._image = stage_picture()
        self._seq = 0

    def latest(self) -> Frame:
        self._seq += 1  # every poll sees a new frame, like a live camera
        return Frame(self._image, time.monotonic(), self._seq)

    def measured_fps(self) -> float:
        return 30.0

    def stop(self) -> None:  # a real Studio closes its camera
        self.ended.set()


class FakeRing:
    def level(self, seconds: float = 0.1) -> Level:
        return Level(peak=0.5, rms=0.12, clipped=False)


class FakeMic:
    def __init__(self) -> None:
        self.ring = FakeRing()

    def stop(self) -> None:  # a real Studio closes its microphone
        pass


class Media:
    """Sample files made once per test session (see conftest.media)."""

    def __init__(self, video: Path, pictures: list[Path]) -> None:
        self.video = video
        self.pictures = pictures


def write_take_files(take: Take, media: Media, duration: float, stop_reason: str, has_audio: bool = True) -> Take:
    """Fill a take folder the way the recorder leaves it when done."""
    shutil.copyfile(media.video, take.dir / VIDEO_FILE)
    candidates = []
    for index, picture in enumerate(media.pictures):
        name = f"cand-{index:02d}.jpg"
        shutil.copyfile(picture, take.dir / CANDIDATES_DIR / name)
        candidates.append({"file": name, "t_s": index * duration / len(media.pictures), "sharpness": 100.0})
    stills = []
    for slot, source in enumerate((0, 3, 6)):
        name = f"still-{slot + 1}.jpg"
        shutil.copyfile(take.dir / CANDIDATES_DIR / candidates[source]["file"], take.dir / STILLS_DIR / name)
        stills.append(name)
    take.update(state="done", video=VIDEO_FILE, duration_s=round(duration, 3), short=duration < 10,
                width=1920, height=1080, fps=30, has_audio=has_audio, stop_reason=stop_reason,
                stills=stills, still_sources=[candidates[i]["file"] for i in (0, 3, 6)], candidates=candidates)
    return take


class FakeRecorder:
    """Like ``kiosk.recording.recorder.Recorder``: finishes on its own thread and stops itself at max."""

    def __init__(self, take: Take, clock: FakeClock, max_seconds: float, media: Media) -> None:
        self.take = take
        self.clock = clock
        self.max_seconds = max_seconds
        self.media = media
        self.finished = threading.Event()
        self.on_finished = None
        self.stop_reasons: list[str] = []
        self.stills_taken = 0
        self.ignore_max = False  # a recorder that does not stop by itself (the UI must ask)
        self.lag_s = 0.0  # a recorder behind the clock (a busy machine): its video lags by this much
        self.may_finish = threading.Event()  # cleared: the files are "still being written" after the stop
        self.may_finish.set()
        self._t0 = clock.now()
        self._stop = threading.Event()
        self.finished_on_thread: str | None = None
        self._thread = threading.Thread(target=self._run, name="fake-recorder", daemon=True)
        self._thread.start()

    def elapsed_s(self) -> float:
        return max(0.0, min(self.max_seconds, self.clock.now() - self._t0 - self.lag_s))

    def request_stop(self, reason: str = "operator") -> None:
        self.stop_reasons.append(reason)
        self._stop.set()

    def take_still(self) -> str:
        self.stills_taken += 1
        path = self.take.dir / CANDIDATES_DIR / f"manual-{self.stills_taken}.jpg"
        shutil.copyfile(self.media.pictures[-1], path)
        return str(path)

    def result(self) -> Take:
        self.finished.wait()
        return self.take

    def _run(self) -> None:
        while not self._stop.wait(0.002):
            if not self.ignore_max and self.elapsed_s() >= self.max_seconds:
                break
        reason = self.stop_reasons[0] if self.stop_reasons else "time_limit"
        self.may_finish.wait()
        write_take_files(self.take, self.media, self.elapsed_s(), reason)
        self.finished_on_thread = threading.current_thread().name
        self.finished.set()
        if self.on_finished is not None:
            self.on_finished(self.take)


class FakeStudio:
    def __init__(self, clock: FakeClock, media: Media, with_mic: bool = True) -> None:
        self.clock = clock
        self.media = media
        self.camera = FakeCamera()
        self.mic = FakeMic() if with_mic else None
        self.sources = {"camera": {"spec": "demo"}, "mic": {"spec": "demo"} if with_mic else None}
        self.recorders: list[FakeRecorder] = []
        self.fail_next: Exception | None = None
        self.closed = False

    def record(self, max_seconds: float = 15) -> FakeRecorder:
        if self.fail_next is not None:
            error, self.fail_next = self.fail_next, None
            raise error
        take = Take.create(seconds_requested=max_seconds)
        recorder = FakeRecorder(take, self.clock, max_seconds, self.media)
        self.recorders.append(recorder)
        return recorder

    def close(self) -> None:
        self.closed = True


def run_clock(qtbot, clock: FakeClock, takes, seconds: float) -> None:
    """Move the fake clock in small steps and let the take controller's own timer see each step."""
    target = clock.now() + seconds
    while clock.now() < target - 1e-9:
        clock.advance(min(0.25, target - clock.now()))
        takes.tick()
    qtbot.wait(0)
