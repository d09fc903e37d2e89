"""Placing camera frames on a constant frame-rate grid by their arrival times.

A camera does not deliver at exactly 30 fps: arrivals jitter, bursts come after a stall, and a
frame is sometimes lost. The MP4 has a constant rate, so each arriving frame is given a slot.
A frame within one frame period of its expected slot takes it (jitter is absorbed); a frame more
than a period late means frames were lost, and the previous picture fills the gap (counted); a
frame more than a period early is a burst duplicate and is left out (counted). The offsets of the
placed frames from their slots give the video's true start for cutting the audio.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field


@dataclass
class Placement:
    fill_with_previous: int  # slots to fill with the last written picture first
    write: bool  # then write this frame into the next slot


@dataclass
class FrameGrid:
    fps: float
    max_slots: int
    t0: float | None = None
    next_slot: int = 0
    duplicated: int = 0  # slots filled by repeating a picture (frames the camera lost)
    collapsed: int = 0  # arrivals left out (burst or too early)
    _offsets: list[float] = field(default_factory=list)

    @property
    def full(self) -> bool:
        return self.next_slot >= self.max_slots

    def place(self, t: float) -> Placement:
        if self.full:
            return Placement(0, False)
        if self.t0 is None:
            self.t0 = t
        deviation = (t - self.t0) * self.fps - self.next_slot
        if deviation < -1.0:
            self.collapsed += 1
            return Placement(0, False)
        fill = 0
        if deviation > 1.0 and self.next_slot > 0:
            fill = min(round(deviation), self.max_slots - self.next_slot - 1)
            self.duplicated += fill
            self.next_slot += fill
        self._offsets.append(t - self.t0 - self.next_slot / self.fps)
        self.next_slot += 1
        return Placement(fill, True)

    def video_start(self) -> float:
        """The instant slot 0 shows: the first arrival corrected by the median placement offset."""
        if self.t0 is None:
            raise ValueError("no frame was placed")
        return self.t0 + (statistics.median(self._offsets) if self._offsets else 0.0)

    @property
    def duration_s(self) -> float:
        return self.next_slot / self.fps
