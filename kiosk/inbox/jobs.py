"""Progress and cancelling for the organiser's long jobs (collect, montage), for the CLI and a screen.

A screen runs a job in a worker thread with a :class:`CancelToken` and a progress callback; the
callback is called from that worker thread, so a Qt owner re-emits it as a signal (workers never
touch widgets). ``token.cancel()`` from any thread stops the job at the next step or within a
fraction of a second of an ffmpeg run, which is stopped; the job then raises :class:`Cancelled`
and leaves nothing half-written behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.cancel import Cancelled, CancelToken

__all__ = ["NEVER_CANCELLED", "CancelToken", "Cancelled", "ProgressCallback", "Step", "no_progress"]


NEVER_CANCELLED = CancelToken()


@dataclass(frozen=True)
class Step:
    """Where a job is: ``done`` of ``total`` (in the stage's own unit), and what it is doing."""

    stage: str  # collect | measure | render | audio | mux | check | done
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
