"""The outbox's clock: wall time (epoch seconds), because due times survive restarts in the database.

Injectable so tests can jump hours ahead without waiting (``kiosk.outbox.doubles.ManualClock``).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Protocol

# Sleep in short slices so Ctrl+C and a stop request are noticed promptly on every platform.
_SLEEP_SLICE_S = 0.5


class WallClock(Protocol):
    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + max(0.0, seconds)
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(left, _SLEEP_SLICE_S))


SYSTEM_CLOCK = SystemClock()


def iso(timestamp: float | None) -> str | None:
    """Epoch seconds as ISO 8601 local time with its offset (the form every JSON output uses)."""
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp).astimezone().isoformat(timespec="seconds")


def short_time(timestamp: float | None) -> str:
    """``14:05`` today, ``12-03 14:05`` on another day: for one-line human output."""
    if timestamp is None:
        return "—"
    moment = dt.datetime.fromtimestamp(timestamp)
    if moment.date() == dt.date.today():
        return moment.strftime("%H:%M:%S")
    return moment.strftime("%m-%d %H:%M")
