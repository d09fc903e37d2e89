"""Progress and cancelling for the organiser's long jobs (collect, montage), for the CLI and a screen.

A screen runs a job in a worker thread with a :class:`CancelToken` and a progress callback; the
callback is called from that worker thread, so a Qt owner re-emits it as a signal (workers never
touch widgets). ``token.cancel()`` from any thread stops the job at the next step or within a
fraction of a second of an ffmpeg run, which is stopped; the job then raises :class:`Cancelled`
and leaves nothing half-written behind.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.errors import KioskError


class Cancelled(KioskError):
    def __init__(self) -> None:
        super().__init__("已取消", "cancelled")


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


NEVER_CANCELLED = CancelToken()


@dataclass(frozen=True)
class Step:
    """Where a job is: ``done`` of ``total`` (in the stage's own unit), and what it is doing."""

    stage: str  # collect | measure | render | audio | mux | check
    done: float
    total: float
    zh: str
    en: str

    @property
    def fraction(self) -> float:
        return min(1.0, max(0.0, self.done / self.total)) if self.total > 0 else 0.0


ProgressCallback = Callable[[Step], None]


def no_progress(step: Step) -> None:
    """The default progress callback: nobody is watching."""
