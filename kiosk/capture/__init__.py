"""Camera and microphone sources behind one interface each.

Every source - a real device, a video or WAV file, or the synthetic ``demo`` - is a small
``FrameSource`` / ``AudioSource`` that only knows how to produce pictures or samples. The shared
``Camera`` and ``Microphone`` classes do the rest for all of them alike: the capture thread, the
monotonic timestamps, the latest frame for preview, the hand-off to a recording and the audio
ring buffer.
"""

import os

# OpenCV logs every failed device probe to stderr; the operator gets our own message instead.
os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")
os.environ.setdefault("OPENCV_VIDEOIO_DEBUG", "0")

import cv2

# Our frame operations (resize, colour conversion) are ~1 ms each; OpenCV's own thread pool costs
# more CPU in hand-offs than it saves, and the encoder needs every cycle of a 2-core laptop.
cv2.setNumThreads(1)

from kiosk.capture.audio import AudioRing, AudioSource, Microphone  # noqa: E402
from kiosk.capture.clock import Clock, MonotonicClock  # noqa: E402
from kiosk.capture.sources import open_sources  # noqa: E402
from kiosk.capture.video import Camera, CameraMode, Frame, FrameSource  # noqa: E402

__all__ = [
    "AudioRing",
    "AudioSource",
    "Camera",
    "CameraMode",
    "Clock",
    "Frame",
    "FrameSource",
    "Microphone",
    "MonotonicClock",
    "open_sources",
]
