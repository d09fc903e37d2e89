"""Real hardware: an OpenCV camera and a sounddevice (PortAudio) microphone."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import cv2
import numpy as np

from kiosk.capture.audio import SAMPLE_RATE
from kiosk.capture.video import CameraMode
from kiosk.errors import BadInput, SourceError

WANTED_WIDTH, WANTED_HEIGHT, WANTED_FPS = 1920, 1080, 30


def camera_backend() -> int:
    """DirectShow on Windows (MSMF opens slowly and ignores MJPG), AVFoundation on macOS, V4L2 on Linux."""
    if sys.platform == "win32":
        return cv2.CAP_DSHOW
    if sys.platform == "darwin":
        return cv2.CAP_AVFOUNDATION
    return cv2.CAP_V4L2


def _fourcc_text(value: float) -> str:
    code = int(value)
    return "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4)).strip("\x00")


class OpenCVFrameSource:
    """A UVC webcam, opened once in its final mode (never re-opened to change it)."""

    finite = False

    def __init__(self, index: int) -> None:
        self.index = index
        self.description = f"camera:{index}"
        self._cap: cv2.VideoCapture | None = None

    def open(self) -> CameraMode:
        cap = cv2.VideoCapture(self.index, camera_backend())
        if not cap.isOpened():
            cap.release()
            raise BadInput(
                f"找不到攝影機 {self.index}：請確認已接上，或改用其他編號／名稱",
                f"No camera {self.index}: check that it is plugged in, or pick another index or name",
            )
        # Order matters: FOURCC first, then size, then rate. Uncompressed YUYV at 1080p cannot pass
        # USB 2 and gives about 5 fps; MJPG gets the full 30.
        cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, WANTED_WIDTH)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, WANTED_HEIGHT)
        cap.set(cv2.CAP_PROP_FPS, WANTED_FPS)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 2)
        self._cap = cap
        return CameraMode(
            width=int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            height=int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            fps=float(cap.get(cv2.CAP_PROP_FPS) or 0.0),
            fourcc=_fourcc_text(cap.get(cv2.CAP_PROP_FOURCC)),
        )

    def grab(self) -> np.ndarray | None:
        if self._cap is None:
            return None
        ok, image = self._cap.read()
        return image if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


def import_sounddevice():  # -> module; typed loosely because the import itself may fail
    """sounddevice, or a clear message when PortAudio is missing (Debian: ``libportaudio2``)."""
    try:
        import sounddevice
    except OSError as exc:
        raise SourceError(
            "找不到 PortAudio 音訊程式庫，無法使用麥克風（Debian/Ubuntu：sudo apt-get install libportaudio2）",
            "The PortAudio library is missing, so no microphone can be used "
            "(Debian/Ubuntu: sudo apt-get install libportaudio2)",
        ) from exc
    return sounddevice


class SoundDeviceSource:
    """A microphone through PortAudio, delivering 10 ms blocks from PortAudio's callback thread."""

    def __init__(self, device: int | str | None) -> None:
        self.device = device
        self.description = f"mic:{device if device is not None else 'default'}"
        self.sample_rate = SAMPLE_RATE
        self._stream: Any = None  # a sounddevice.InputStream once started

    def start(self, deliver: Callable[[np.ndarray], None]) -> None:
        sd = import_sounddevice()

        def callback(indata, _frames, _time, _status) -> None:
            deliver(indata[:, 0].copy())

        try:
            self._stream = sd.InputStream(
                device=self.device, channels=1, samplerate=SAMPLE_RATE, dtype="float32",
                blocksize=480, callback=callback,
            )
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise BadInput(
                f"無法開啟麥克風 {self.device}：{exc}", f"Cannot open microphone {self.device}: {exc}"
            ) from None

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.stop()
            self._stream.close()
            self._stream = None
