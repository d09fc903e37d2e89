"""Stand-ins for the outside world that go through the same code paths as the real ones.

* :class:`ManualClock` — time moves only when told (or when the runner "sleeps").
* :class:`ScriptedTransport` — a transport whose attempts follow a script of real smtplib / socket
  exceptions; each is turned into a :class:`~kiosk.outbox.transport.SendFailure` by the same
  ``classify`` the SMTP transport uses, and every delivered mail is kept for inspection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kiosk.config import SmtpSettings
from kiosk.outbox.transport import Envelope, Progress, classify


class ManualClock:
    def __init__(self, start: float = 1_780_000_000.0) -> None:
        self.time = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        self.time += seconds


@dataclass
class Delivered:
    envelope: Envelope
    data: bytes


@dataclass
class ScriptedTransport:
    """``script``: one entry per attempt, ``None`` for success or ``(exception, stage)`` for a failure;
    when the script runs out every attempt succeeds."""

    script: list[tuple[BaseException, str] | None] = field(default_factory=list)
    host: str = "mail.example.org"
    delivered: list[Delivered] = field(default_factory=list)
    attempts: int = 0

    def extend(self, steps: Iterable[tuple[BaseException, str] | None]) -> None:
        self.script.extend(steps)

    def factory(self, smtp: SmtpSettings, password: str) -> ScriptedTransport:
        """Use as ``transport_factory``: every runner pass talks to this same double."""
        return self

    def send(self, envelope: Envelope, data: bytes, progress: Progress | None = None) -> str:
        self.attempts += 1
        step = self.script.pop(0) if self.script else None
        if step is not None:
            exc, stage = step
            raise classify(exc, stage, self.host)
        if progress is not None:
            progress(len(data), len(data))
        self.delivered.append(Delivered(envelope, data))
        return "250 2.0.0 OK"

    def abort(self) -> None:
        pass
