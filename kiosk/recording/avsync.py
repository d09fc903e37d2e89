"""Measure audio/video offset in a finished file from flash/beep pairs (the demo source makes them).

Video: the mean brightness of each decoded frame; a flash is a frame far brighter than the one
before. Audio: the onset of each beep, the first sample well above the noise bed after a quiet
stretch. Each flash is paired with the nearest beep; offset = beep time − flash time (positive:
the sound comes late). Used by the benchmark, the tests and the self-test.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kiosk import procs

_PROBE_W, _PROBE_H = 64, 36
_RATE = 48_000


@dataclass(frozen=True)
class AvOffset:
    offsets_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.offsets_ms)

    @property
    def spread_ms(self) -> float:
        return max(self.offsets_ms) - min(self.offsets_ms)


def _decode(path: Path, args: list[str]) -> bytes:
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), *args],
                       timeout=300)
    return result.stdout


def flash_times(path: Path, fps: float) -> list[float]:
    # Both streams are decoded onto one timeline from t = 0 (padding whichever starts late), so a
    # file's own start offsets and edit lists count, as a player would show them.
    raw = _decode(path, ["-an", "-vf", f"fps=fps={fps:g}:start_time=0,scale={_PROBE_W}:{_PROBE_H}",
                         "-f", "rawvideo", "-pix_fmt", "gray", "-"])
    frames = np.frombuffer(raw, dtype=np.uint8).reshape(-1, _PROBE_H * _PROBE_W).mean(axis=1)
    rising = np.nonzero((frames[1:] > 200) & (frames[:-1] < 150))[0] + 1
    return [float(i) / fps for i in rising]


def beep_times(path: Path, threshold: float = 0.1, quiet_s: float = 0.3) -> list[float]:
    raw = _decode(path, ["-vn", "-af", f"aresample={_RATE}:async=1:first_pts=0", "-ac", "1", "-f", "f32le", "-"])
    loud = np.nonzero(np.abs(np.frombuffer(raw, dtype=np.float32)) > threshold)[0]
    if not len(loud):
        return []
    starts = loud[np.concatenate(([True], np.diff(loud) > quiet_s * _RATE))]
    return [float(i) / _RATE for i in starts]


def measure(path: Path, fps: float = 30.0) -> AvOffset:
    flashes, beeps = flash_times(path, fps), beep_times(path)
    if not flashes or not beeps:
        raise ValueError(f"no flash/beep pairs found ({len(flashes)} flashes, {len(beeps)} beeps)")
    offsets = [min((b - f for b in beeps), key=abs) * 1000.0 for f in flashes]
    return AvOffset(offsets_ms=[round(o, 2) for o in offsets])
