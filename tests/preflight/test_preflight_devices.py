"""Camera and microphone checks, each in its ok, warn and fail states, through the real capture layer."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from kiosk.capture import Camera, Microphone
from kiosk.capture import devices as capture_devices
from kiosk.capture.clock import MONOTONIC, SharedEpoch
from kiosk.capture.sources import open_camera_source, open_mic_source
from kiosk.errors import SourceError
from kiosk.preflight.camera import check_camera, check_camera_source, check_running_camera
from kiosk.preflight.microphone import check_microphone, check_microphone_source, check_running_microphone

MEASURE_S = 1.0


def by_name(results: list) -> dict:
    return {r.name: r for r in results}


# -- camera ----------------------------------------------------------------------------------------


def test_demo_camera_passes_all_three_lines() -> None:
    results = by_name(check_camera("demo", measure_s=MEASURE_S))
    assert [results[n].status for n in ("camera", "camera_resolution", "camera_fps")] == ["ok"] * 3
    assert results["camera_resolution"].data["width"] == 1920
    assert results["camera_resolution"].data["height"] == 1080
    assert 25 <= results["camera_fps"].data["fps"] <= 35  # measured from arrivals, not claimed


def test_missing_camera_index_is_a_failed_check_not_an_exception() -> None:
    results = check_camera("7", measure_s=MEASURE_S)
    assert len(results) == 1
    camera = results[0]
    assert (camera.name, camera.status, camera.ok) == ("camera", "fail", False)
    assert "7" in camera.detail_en and "7" in camera.detail_zh
    assert camera.fix_en and camera.fix_zh


def test_camera_name_that_is_not_plugged_in_fails() -> None:
    [camera] = check_camera("No Such Webcam 9000", measure_s=MEASURE_S)
    assert camera.status == "fail" and "No Such Webcam 9000" in camera.detail_en


def test_camera_that_gives_only_720p_fails_the_resolution_line(clip_720p: Path) -> None:
    results = by_name(check_camera(str(clip_720p), measure_s=MEASURE_S))
    assert results["camera"].status == "ok"
    resolution = results["camera_resolution"]
    assert resolution.status == "fail"
    assert "1280×720" in resolution.detail_en and "1920×1080" in resolution.detail_en
    assert "upscale" in resolution.fix_en
    assert results["camera_fps"].status == "ok"


class SlowCamera:
    """Full HD pictures at 12 fps, as a webcam in YUYV mode on USB 2 really delivers them."""

    description = "slow USB 2 camera"
    finite = False

    def __init__(self, fps: float) -> None:
        self.index = 0  # looks like a device: the advice then mentions MJPG
        self._interval = 1.0 / fps
        self._image = np.full((1080, 1920, 3), 90, dtype=np.uint8)
        self._next = 0.0
        self._closed = threading.Event()

    def open(self):
        from kiosk.capture.video import CameraMode

        self._next = time.monotonic()
        return CameraMode(1920, 1080, 30.0, "YUYV")  # the driver claims 30

    def grab(self):
        self._next += self._interval
        if self._closed.wait(max(0.0, self._next - time.monotonic())):
            return None
        return self._image

    def close(self) -> None:
        self._closed.set()


def test_camera_below_25_fps_fails_with_advice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.capture.device_list.list_cameras", lambda: [(0, "Slow Cam")])
    results = by_name(check_camera_source(SlowCamera(12), measure_s=1.5))
    fps = results["camera_fps"]
    assert fps.status == "fail"
    assert 9 <= fps.data["fps"] <= 13.5
    assert fps.data["claimed_fps"] == 30.0  # the driver's claim is not believed
    assert "USB 3" in fps.fix_en and "light" in fps.fix_en
    assert "MJPG" in fps.fix_en  # the camera did not take MJPG
    assert results["camera"].detail_en.startswith("Slow Cam")  # the name on the box


def test_camera_already_open_is_measured_and_left_running() -> None:
    camera = Camera(open_camera_source("demo", SharedEpoch(MONOTONIC)))
    camera.start()
    try:
        results = by_name(check_running_camera(camera, spec="demo", measure_s=MEASURE_S))
        assert all(r.status == "ok" for r in results.values())
        seq = camera.latest().seq
        camera.wait_first_frame(1.0)
        time.sleep(0.2)
        assert not camera.ended.is_set() and camera.latest().seq > seq  # still capturing
    finally:
        camera.stop()


# -- microphone ------------------------------------------------------------------------------------


def test_demo_microphone_is_ok_with_its_level() -> None:
    result = check_microphone("demo", measure_s=1.2)  # includes the beep at t = 1 s
    assert result.status == "ok"
    assert -10 < result.data["peak_dbfs"] < 0
    assert "dBFS" in result.detail_en


def test_no_microphone_warns_that_no_sound_will_be_recorded() -> None:
    result = check_microphone("none")
    assert (result.status, result.ok) == ("warn", True)
    assert "no sound will be recorded" in result.detail_en


def test_quiet_microphone_warns(quiet_wav: Path) -> None:
    result = check_microphone(str(quiet_wav), measure_s=MEASURE_S)
    assert result.status == "warn"
    assert "silence" in result.detail_en and "dBFS" in result.detail_en
    assert "muted" in result.fix_en
    assert result.data["seconds_received"] > 0.5  # sound data did arrive: it is just too quiet


def test_clipping_microphone_warns(clipping_wav: Path) -> None:
    result = check_microphone(str(clipping_wav), measure_s=MEASURE_S)
    assert result.status == "warn" and "clips" in result.detail_en
    assert "lower" in result.fix_en


def test_microphone_file_that_does_not_exist_fails(tmp_path: Path) -> None:
    result = check_microphone(str(tmp_path / "沒有 missing.wav"), measure_s=MEASURE_S)
    assert result.status == "fail" and "missing.wav" in result.detail_en


def test_missing_portaudio_is_a_clear_failed_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_portaudio():
        raise SourceError("找不到 PortAudio 音訊程式庫", "The PortAudio library is missing (libportaudio2)")

    monkeypatch.setattr(capture_devices, "import_sounddevice", no_portaudio)
    result = check_microphone("USB Microphone", measure_s=MEASURE_S)
    assert result.status == "fail"
    assert "PortAudio" in result.detail_en and "PortAudio" in result.detail_zh


class StalledMic:
    """A microphone that opens but never delivers a block (another app holds it)."""

    description = "stalled mic"
    sample_rate = 48_000

    def start(self, deliver) -> None:
        self.started = True

    def stop(self) -> None:
        self.stopped = True


def test_microphone_that_delivers_nothing_fails() -> None:
    mic = StalledMic()
    result = check_microphone_source(mic, measure_s=0.5)
    assert result.status == "fail" and "0.0 s" in result.detail_en
    assert mic.stopped


def test_microphone_already_open_is_measured_and_left_running() -> None:
    source = open_mic_source("demo", SharedEpoch(MONOTONIC))
    mic = Microphone(source)
    mic.start()
    try:
        result = check_running_microphone(mic, spec="demo", measure_s=MEASURE_S)
        assert result.status == "ok"  # the demo's noise bed alone is well above silence
        assert result.data["seconds_received"] >= 0.8
        total = mic.ring.total
        time.sleep(0.1)
        assert mic.ring.total > total  # still streaming
    finally:
        mic.stop()


def test_open_camera_that_was_unplugged_fails() -> None:
    source = SlowCamera(30)
    camera = Camera(source)
    camera.start()
    try:
        assert camera.wait_first_frame(2.0) is not None
        source.close()  # the cable is pulled: grab() returns None, the capture thread reports it
        assert camera.ended.wait(2.0)
        results = check_running_camera(camera, spec="0", measure_s=MEASURE_S)
        assert [(r.name, r.status) for r in results] == [("camera", "fail")]
        assert "stopped delivering" in results[0].detail_en
    finally:
        camera.stop()
