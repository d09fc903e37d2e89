"""The clock every source and the recorder share, injectable for tests."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...

    def sleep_until(self, deadline: float) -> None: ...


class MonotonicClock:
    """``time.monotonic``: never jumps with NTP or daylight saving, the same one for camera and mic."""

    def now(self) -> float:
        return time.monotonic()

    def sleep_until(self, deadline: float) -> None:
        delay = deadline - time.monotonic()
        if delay > 0:
            time.sleep(delay)


MONOTONIC = MonotonicClock()


class SharedEpoch:
    """The instant t = 0 of a paired camera + mic (demo, or one file given as both).

    Whichever starts first fixes it a little in the future, so both streams begin on the same tick.
    """

    def __init__(self, clock: Clock, lead_s: float = 0.1) -> None:
        self._clock = clock
        self._lead = lead_s
        self._t0: float | None = None

    def t0(self) -> float:
        if self._t0 is None:
            self._t0 = self._clock.now() + self._lead
        return self._t0
