"""The built-in demo camera and microphone (SPEC §4 ``demo``).

A synthetic 1920×1080 30 fps stage scene with moving content and sensor-like noise; every whole
second from t = 1 s one frame is full white, and the demo microphone plays a 40 ms 1 kHz beep at
the same instants over a quiet noise bed. The flash/beep pairs let a benchmark measure A/V offset
from the finished file. Both are paced on the shared clock exactly like a device.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

from kiosk.capture.audio import SAMPLE_RATE
from kiosk.capture.clock import MONOTONIC, Clock
from kiosk.capture.video import CameraMode

WIDTH, HEIGHT, FPS = 1920, 1080, 30
FLASH_EVERY_S = 1.0
BEEP_S, BEEP_HZ, BEEP_AMPLITUDE = 0.040, 1000.0, 0.5
NOISE_BED_AMPLITUDE = 0.003
_NOISE_VARIANTS = 30  # distinct noise fields, so no two frames of a second repeat
# Each variant is a window into one noise buffer, this many bytes on from the last: 2,639⅔ pixels,
# so neighbouring frames' noise is 719 columns apart and channel-shifted (past any encoder's motion
# search: the noise costs the encoder what a sensor's does) for one frame's memory instead of 30.
_NOISE_STEP = 7919
_NOISE_MEAN = 6  # the noise is 0..12: the scene is darkened by its mean, so it only adds grain


def _stage_background() -> np.ndarray:
    """A stage: dark gradient, a backdrop panel with the event title, a floor and a crowd."""
    rows = np.linspace(40, 90, HEIGHT, dtype=np.float32)[:, None]
    img = np.empty((HEIGHT, WIDTH, 3), dtype=np.uint8)
    img[..., 0] = (rows + 40).astype(np.uint8)
    img[..., 1] = (rows * 0.6).astype(np.uint8)
    img[..., 2] = (rows * 0.5).astype(np.uint8)
    cv2.rectangle(img, (360, 110), (1560, 520), (150, 95, 30), -1)  # the backdrop
    cv2.rectangle(img, (360, 110), (1560, 520), (230, 230, 230), 4)
    cv2.putText(img, "IVY 2026", (560, 300), cv2.FONT_HERSHEY_DUPLEX, 5.0, (255, 255, 255), 10, cv2.LINE_AA)
    cv2.putText(img, "DEMO CAMERA", (690, 440), cv2.FONT_HERSHEY_DUPLEX, 2.2, (40, 200, 250), 4, cv2.LINE_AA)
    cv2.rectangle(img, (0, 700), (WIDTH, 780), (40, 60, 90), -1)  # the stage floor
    rng = np.random.default_rng(7)
    for _ in range(160):  # the crowd's heads
        x, y = int(rng.integers(0, WIDTH)), int(rng.integers(820, HEIGHT))
        shade = int(rng.integers(20, 80))
        cv2.circle(img, (x, y), int(rng.integers(22, 40)), (shade, shade + 10, shade + 25), -1)
    return img


class DemoFrameSource:
    description = "demo"
    finite = False

    def __init__(self, epoch_t0: Callable[[], float], clock: Clock = MONOTONIC) -> None:
        self._epoch_t0 = epoch_t0
        self._clock = clock
        self._scene: np.ndarray = np.zeros((0,), np.uint8)  # the stage, darkened by the noise's mean (open())
        self._noise: np.ndarray = np.zeros((0,), np.uint8)  # one buffer, every variant a window into it
        self._next = 0

    def open(self) -> CameraMode:
        self._scene = cv2.subtract(_stage_background(), np.full((HEIGHT, WIDTH, 3), _NOISE_MEAN, np.uint8))
        frame_bytes = HEIGHT * WIDTH * 3
        self._noise = np.random.default_rng(2026).integers(
            0, 2 * _NOISE_MEAN + 1, size=frame_bytes + _NOISE_VARIANTS * _NOISE_STEP, dtype=np.uint8)
        return CameraMode(WIDTH, HEIGHT, float(FPS), "demo")

    def grab(self) -> np.ndarray | None:
        t0 = self._epoch_t0()
        n = self._next
        now = self._clock.now()
        if now - (t0 + n / FPS) > 1.0 / FPS:  # we were not read in time: a camera would have moved on
            n = math.floor((now - t0) * FPS)
        self._clock.sleep_until(t0 + n / FPS)
        self._next = n + 1
        return self.render(n)

    def render(self, n: int) -> np.ndarray:
        if n >= FPS and n % round(FPS * FLASH_EVERY_S) == 0:
            return np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
        offset = (n % _NOISE_VARIANTS) * _NOISE_STEP
        noise = self._noise[offset:offset + HEIGHT * WIDTH * 3].reshape(HEIGHT, WIDTH, 3)
        frame = cv2.add(self._scene, noise)
        t = n / FPS
        head_x = int(WIDTH / 2 + 380 * math.sin(t * 0.9))  # the county head walks and turns
        cv2.rectangle(frame, (head_x - 55, 520), (head_x + 55, 720), (60, 60, 170), -1)
        cv2.circle(frame, (head_x, 470), 48, (140, 170, 210), -1)
        arm_lift = int(60 * abs(math.sin(t * 3.0)))  # the crowd cheers
        for i, x in enumerate(range(80, WIDTH, 180)):
            lift = arm_lift if i % 2 else 60 - arm_lift
            cv2.line(frame, (x, 840), (x - 20, 760 - lift), (120, 150, 190), 14)
        cv2.putText(frame, f"{t:6.2f}s #{n}", (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (255, 255, 255), 3)
        return frame

    def close(self) -> None:
        self._scene = self._noise = np.zeros((0,), np.uint8)


_NOISE_BED = (np.random.default_rng(2026).standard_normal(SAMPLE_RATE) * NOISE_BED_AMPLITUDE).astype(np.float32)


def demo_samples(start: int, count: int) -> np.ndarray:
    """Samples ``[start, start+count)`` of the demo microphone: a noise bed with a beep each second."""
    index = np.arange(start, start + count)
    out = _NOISE_BED[index % SAMPLE_RATE]  # one second of noise, repeating: cheap at 100 blocks a second
    t = index / SAMPLE_RATE
    in_beep = (t >= FLASH_EVERY_S) & ((t % FLASH_EVERY_S) < BEEP_S)
    out[in_beep] += (BEEP_AMPLITUDE * np.sin(2 * np.pi * BEEP_HZ * t[in_beep])).astype(np.float32)
    return out
