"""The capture thread shared by every picture source."""

from __future__ import annotations

import collections
import queue
import threading
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from kiosk.capture.clock import MONOTONIC, Clock
from kiosk.errors import KioskError, SourceError


@dataclass(frozen=True)
class CameraMode:
    """What the source agreed to deliver (read back from it, not what we asked for)."""

    width: int
    height: int
    fps: float
    fourcc: str = ""


class Frame:
    """One picture as it arrived, stamped on the monotonic clock.

    Sources deliver either BGR (``height × width × 3``: OpenCV cameras, the demo) or I420, the
    encoder's own format (``height·3/2 × width``: decoded files, which then need no conversion on
    their way to the encoder). Either is converted to the other on first use and kept.
    """

    __slots__ = ("_bgr", "_i420", "seq", "t")

    def __init__(self, image: np.ndarray, t: float, seq: int) -> None:
        self._bgr: np.ndarray | None = image if image.ndim == 3 else None
        self._i420: np.ndarray | None = image if image.ndim == 2 else None
        self.t = t  # monotonic seconds at arrival
        self.seq = seq  # arrival order, from 0

    @property
    def is_i420(self) -> bool:
        """Delivered as I420 (no conversion on the way to the encoder)."""
        return self._i420 is not None and self._bgr is None

    @property
    def image(self) -> np.ndarray:
        """The picture as BGR, ``height × width × 3`` (for the preview and OpenCV)."""
        if self._bgr is None:
            assert self._i420 is not None
            self._bgr = cv2.cvtColor(self._i420, cv2.COLOR_YUV2BGR_I420)
        return self._bgr

    @property
    def i420(self) -> np.ndarray:
        """The picture as I420 (BT.601, limited range, as the encoder takes it), ``height·3/2 × width``."""
        if self._i420 is None:
            assert self._bgr is not None
            self._i420 = cv2.cvtColor(self._bgr, cv2.COLOR_BGR2YUV_I420)
        return self._i420

    @property
    def nbytes(self) -> int:
        """The bytes of the pictures it holds (one format, or both once converted)."""
        return sum(picture.nbytes for picture in (self._bgr, self._i420) if picture is not None)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height)"""
        if self._bgr is not None:
            return self._bgr.shape[1], self._bgr.shape[0]
        assert self._i420 is not None
        return self._i420.shape[1], self._i420.shape[0] * 2 // 3


class FrameSource(Protocol):
    """A device or file that produces pictures; ``Camera`` does the threading and timestamps."""

    description: str
    finite: bool  # a file ends by itself; a device that stops delivering was unplugged

    def open(self) -> CameraMode:
        """Open once, in the final mode; raise ``SourceError`` with a reason when it cannot."""
        ...

    def grab(self) -> np.ndarray | None:
        """Block until the next picture arrives (BGR or I420, see ``Frame``); ``None`` when the source
        has ended or was unplugged."""
        ...

    def close(self) -> None: ...


class FrameSink(Protocol):
    def offer(self, frame: Frame) -> None:
        """Take the frame without ever blocking the capture thread."""
        ...


class QueueSink:
    """Hands frames to a consumer thread through a queue bounded in bytes, and counts what did not fit.

    Bytes rather than frames: a BGR frame is twice an I420 one, and the queue is what fills when the
    encoder falls behind on a loaded machine; by count, 20 BGR frames were 124 MB on top of the
    window's memory (issue 10's soak: the recording peak)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.dropped = 0
        self._queue: queue.SimpleQueue[tuple[Frame, int]] = queue.SimpleQueue()  # with its bytes as offered
        self._bytes = 0  # what the queued frames hold
        self._lock = threading.Lock()

    def offer(self, frame: Frame) -> None:
        size = frame.nbytes
        with self._lock:
            if self._bytes and self._bytes + size > self.max_bytes:  # one frame always fits
                self.dropped += 1
                return
            self._bytes += size
        self._queue.put((frame, size))

    def get(self, timeout: float) -> Frame:
        """The oldest frame; ``queue.Empty`` when none came within ``timeout`` seconds."""
        frame, size = self._queue.get(timeout=timeout)
        with self._lock:
            self._bytes -= size
        return frame


class Camera:
    """Reads a ``FrameSource`` on its own thread, stamps each frame on arrival, keeps the latest for
    preview and stills, and passes every frame to the sinks (a recording) without blocking."""

    FPS_WINDOW_S = 2.0

    def __init__(self, source: FrameSource, clock: Clock = MONOTONIC) -> None:
        self.source = source
        self.clock = clock
        self.mode: CameraMode | None = None
        self.error: KioskError | None = None
        self.ended = threading.Event()
        self._latest: Frame | None = None
        self._first_frame = threading.Event()
        self._sinks: list[FrameSink] = []
        self._lock = threading.Lock()
        self._arrivals: collections.deque[float] = collections.deque()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> CameraMode:
        self.mode = self.source.open()
        self._thread = threading.Thread(target=self._run, name="camera-capture", daemon=True)
        self._thread.start()
        return self.mode

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=3.0)
        self.source.close()

    def latest(self) -> Frame | None:
        return self._latest

    def wait_first_frame(self, timeout: float) -> Frame | None:
        self._first_frame.wait(timeout)
        return self._latest

    def add_sink(self, sink: FrameSink) -> None:
        with self._lock:
            self._sinks = [*self._sinks, sink]

    def remove_sink(self, sink: FrameSink) -> None:
        with self._lock:
            self._sinks = [s for s in self._sinks if s is not sink]

    def measured_fps(self) -> float:
        """Frames that really arrived per second over the last two seconds (not the driver's claim)."""
        with self._lock:
            stamps = list(self._arrivals)
        if len(stamps) < 2 or stamps[-1] == stamps[0]:
            return 0.0
        return (len(stamps) - 1) / (stamps[-1] - stamps[0])

    def _run(self) -> None:
        seq = 0
        try:
            while not self._stop.is_set():
                image = self.source.grab()
                if image is None:
                    if not self._stop.is_set() and not self.source.finite:
                        self.error = SourceError(
                            "攝影機停止傳送畫面（可能被拔除或檔案已播完）",
                            "The camera stopped delivering pictures (unplugged, or the file ended)",
                        )
                    break
                frame = Frame(image=image, t=self.clock.now(), seq=seq)
                seq += 1
                self._note_arrival(frame.t)
                self._latest = frame
                self._first_frame.set()
                for sink in self._sinks:  # a snapshot: add/remove replace the list
                    sink.offer(frame)
        except Exception as exc:  # a driver error must end the stream visibly, never kill silently
            self.error = SourceError(f"攝影機錯誤：{exc}", f"Camera error: {exc}")
        finally:
            self.ended.set()
            self._first_frame.set()

    def _note_arrival(self, t: float) -> None:
        with self._lock:
            self._arrivals.append(t)
            while self._arrivals and t - self._arrivals[0] > self.FPS_WINDOW_S:
                self._arrivals.popleft()
