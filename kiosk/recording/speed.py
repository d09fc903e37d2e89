"""How fast this machine encodes 1080p30 with given settings: the demo scene piped into ffmpeg.

Used by the preflight's encoder line and by the ``auto`` preset choice. Frames are rendered from
the demo scene (noisy, realistic content) and converted to I420 in the app, exactly as a take
feeds the encoder. The measurement stops as soon as it can no longer reach ``give_up_below``.
"""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2

from kiosk import procs
from kiosk.capture.demo import FPS, DemoFrameSource

STARTUP_ALLOWANCE_S = 1.0  # starting ffmpeg and the encoder is not part of the steady pace


@dataclass(frozen=True)
class SpeedResult:
    factor: float  # seconds of video encoded per second of wall time
    elapsed_s: float
    returncode: int | None  # None: stopped because it could no longer reach the bar


def _frames(scene: DemoFrameSource, count: int) -> Iterator[bytes]:
    """Rendered as needed: 60 frames at once would hold ~190 MB."""
    for n in range(count):
        yield cv2.cvtColor(scene.render(n), cv2.COLOR_BGR2YUV_I420).tobytes()


def _feed(proc: subprocess.Popen, frames: Iterator[bytes]) -> None:
    assert proc.stdin is not None
    with contextlib.suppress(OSError, ValueError):  # broken pipe: the encoder died or was stopped
        for frame in frames:
            proc.stdin.write(frame)
    with contextlib.suppress(OSError, ValueError):
        proc.stdin.close()


def encode_speed(args: list[str], log: Path, *, seconds: float = 2.0, give_up_below: float = 1.5) -> SpeedResult:
    """Run ``args`` (an encoder reading I420 1080p30 on stdin) on ``seconds`` of the demo scene."""
    scene = DemoFrameSource(lambda: 0.0)
    scene.open()  # built before the clock starts: not part of the encoder's work
    budget_s = seconds / give_up_below + STARTUP_ALLOWANCE_S
    started = time.perf_counter()
    proc = procs.spawn(args, stdin=subprocess.PIPE, log_path=log)
    feeder = threading.Thread(target=_feed, args=(proc, _frames(scene, round(seconds * FPS))),
                              name="encode-speed-feed", daemon=True)
    feeder.start()
    try:
        returncode: int | None = proc.wait(timeout=budget_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
        returncode = None
    elapsed = time.perf_counter() - started
    feeder.join(timeout=10)
    scene.close()
    return SpeedResult(factor=seconds / elapsed if elapsed > 0 else 0.0, elapsed_s=elapsed, returncode=returncode)
