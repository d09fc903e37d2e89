"""Faults during a take, with a camera double that goes through the same Camera/Recorder code."""

from __future__ import annotations

import shutil
from collections import namedtuple

import numpy as np
import pytest

from kiosk.capture import Camera, Microphone
from kiosk.capture.audio import PacedAudioSource
from kiosk.capture.clock import MONOTONIC
from kiosk.capture.demo import DemoFrameSource, demo_samples
from kiosk.capture.video import CameraMode
from kiosk.config import RecordingSettings
from kiosk.errors import KioskError, SourceError
from kiosk.recording.media import probe_media
from kiosk.recording.recorder import Recorder
from kiosk.recording.take import Take


class UnpluggedCamera(DemoFrameSource):
    """The demo picture, until the cable is pulled after ``frames`` frames."""

    def __init__(self, frames: int, mode: CameraMode | None = None) -> None:
        self._t0 = MONOTONIC.now() + 0.05
        super().__init__(lambda: self._t0)
        self.frames = frames
        self.mode = mode

    def open(self) -> CameraMode:
        real = super().open()
        return self.mode or real

    def grab(self) -> np.ndarray | None:
        if self._next >= self.frames:
            return None
        return super().grab()


@pytest.fixture
def start_take():
    """Starts a take from a camera double (and the demo mic); stops the devices afterwards."""
    opened: list = []

    def start(source, *, with_mic: bool = True, seconds: float = 3.0) -> Recorder:
        camera = Camera(source)
        camera.start()
        opened.append(camera)
        mic = None
        if with_mic:
            mic = Microphone(PacedAudioSource("demo", demo_samples, lambda: MONOTONIC.now()))
            mic.start()
            opened.append(mic)
        camera.wait_first_frame(5)
        recorder = Recorder(camera, mic, Take.create(), settings=RecordingSettings(encoder="libx264", preset="ultrafast"),
                            max_seconds=seconds)
        recorder.start()
        return recorder

    yield start
    for device in opened:
        device.stop()


def test_a_camera_unplugged_mid_take_keeps_what_was_recorded(start_take):
    recorder = start_take(UnpluggedCamera(frames=45), seconds=10)
    take = recorder.wait(timeout=30)
    assert take.state == "done"
    assert take.meta["stop_reason"] == "camera_lost"
    assert take.meta["short"] is True
    info = probe_media(take.video_path)
    assert info.duration_s == pytest.approx(take.meta["duration_s"], abs=0.1)
    assert 1.0 <= info.duration_s <= 1.6 and info.has_audio


def test_without_a_microphone_the_take_has_no_sound(start_take):
    recorder = start_take(UnpluggedCamera(frames=10_000), with_mic=False, seconds=2)
    take = recorder.wait(timeout=30)
    assert take.state == "done" and take.meta["has_audio"] is False
    info = probe_media(take.video_path)
    assert not info.has_audio and info.duration_s == pytest.approx(2.0, abs=0.1)


def test_the_operator_can_stop_early_and_the_take_is_flagged_short(start_take):
    recorder = start_take(UnpluggedCamera(frames=10_000), seconds=15)
    while recorder.elapsed_s() < 1.0:
        recorder.finished.wait(0.05)
    recorder.request_stop()
    take = recorder.wait(timeout=30)
    assert take.meta["stop_reason"] == "operator" and take.is_short
    assert take.video_path.is_file()


def test_a_camera_that_cannot_give_1080p_is_refused_not_upscaled():
    source = UnpluggedCamera(frames=10_000, mode=CameraMode(1280, 720, 30.0, "MJPG"))
    camera = Camera(source)
    camera.start()
    try:
        with pytest.raises(SourceError, match="1920×1080"):
            Recorder(camera, None, Take.create(), settings=RecordingSettings()).start()
    finally:
        camera.stop()


def test_a_nearly_full_disk_refuses_to_start(monkeypatch):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(10**9, 10**9 - 50 * 2**20, 50 * 2**20))
    camera = Camera(UnpluggedCamera(frames=10_000))
    camera.start()
    try:
        with pytest.raises(KioskError, match="Disk nearly full"):
            Recorder(camera, None, Take.create(), settings=RecordingSettings()).start()
    finally:
        camera.stop()
