"""Cancelling a long job (an import, a collect, a montage) from another thread.

The job's worker polls the token (or waits on it between steps); ``cancel()`` may be called from
any thread, e.g. a screen's Cancel button. A cancelled job raises :class:`Cancelled` (or a subclass
that says what was cancelled) and leaves nothing half-written behind.
"""

from __future__ import annotations

import threading

from kiosk.errors import KioskError


class Cancelled(KioskError):
    """The operator cancelled the job (exit 1)."""

    def __init__(self, zh: str = "已取消", en: str = "cancelled") -> None:
        super().__init__(zh, en)


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True as soon as the job is cancelled."""
        return self._event.wait(seconds)

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
