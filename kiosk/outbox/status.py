"""Where a package stands: its mails' rows folded into one status (the JSON of SPEC §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import operator_language
from kiosk.outbox.clock import iso, short_time
from kiosk.outbox.store import (
    BLOCKED,
    FAILED,
    QUEUED,
    RETRY_WAIT,
    SENDING,
    SENT,
    WAITING,
    MailRow,
)

# The package shows the state of its part that most needs attention.
_ATTENTION_ORDER = (BLOCKED, FAILED, SENDING, RETRY_WAIT, QUEUED, SENT)

STATE_WORDS: dict[str, tuple[str, str]] = {
    QUEUED: ("排隊等待寄出", "queued"),
    SENDING: ("寄送中", "sending"),
    RETRY_WAIT: ("稍後自動重試", "waiting to retry"),
    SENT: ("已寄出", "sent"),
    FAILED: ("需要處理", "needs attention"),
    BLOCKED: ("已暫停：需要處理", "paused: needs attention"),
}


@dataclass
class PartStatus:
    part: int
    parts: int
    state: str
    attempts: int
    message_id: str
    bytes: int
    sent_at: float | None

    def to_json(self) -> dict[str, Any]:
        return {"part": self.part, "of": self.parts, "state": self.state, "attempts": self.attempts,
                "message_id": self.message_id, "bytes": self.bytes, "sent_at": iso(self.sent_at)}


@dataclass
class PackageStatus:
    package: str
    state: str
    attempts: int
    next_attempt_at: float | None
    last_error_zh: str | None
    last_error_en: str | None
    sent_at: float | None
    message_id: str
    county: str
    package_dir: str
    created_at: float
    purged: bool
    parts: list[PartStatus] = field(default_factory=list)

    @property
    def unsent(self) -> bool:
        return self.state != SENT

    @property
    def bytes(self) -> int:
        return sum(p.bytes for p in self.parts)

    def last_error(self, language: str | None = None) -> str | None:
        return self.last_error_en if (language or operator_language()) == "en" else self.last_error_zh

    def to_json(self) -> dict[str, Any]:
        return {
            "package": self.package,
            "state": self.state,
            "attempts": self.attempts,
            "next_attempt_at": iso(self.next_attempt_at),
            "last_error": self.last_error(),
            "sent_at": iso(self.sent_at),
            "message_id": self.message_id,
            "county": self.county,
            "bytes": self.bytes,
            "purged": self.purged,
            "parts": [p.to_json() for p in self.parts],
        }

    def line(self, language: str | None = None) -> str:
        """One human line for the command line."""
        english = (language or operator_language()) == "en"
        words = STATE_WORDS[self.state][1 if english else 0]
        details = [words, f"{'attempts' if english else '嘗試'} {self.attempts}"]
        if self.state in WAITING and self.next_attempt_at is not None:
            details.append(f"{'next try' if english else '下次'} {short_time(self.next_attempt_at)}")
        if self.state == SENT:
            details.append(f"{'sent' if english else '寄出'} {short_time(self.sent_at)}")
        error = self.last_error(language)
        if error and self.state != SENT:
            details.append(error)
        return f"{self.package}  " + " · ".join(details)


def fold(rows: list[MailRow]) -> PackageStatus:
    """One package's rows (all parts) as one status."""
    rows = sorted(rows, key=lambda r: r.part)
    state = min((r.state for r in rows), key=_ATTENTION_ORDER.index)
    showing = next(r for r in rows if r.state == state)
    all_sent = state == SENT
    waiting_times = [r.next_attempt_at for r in rows if r.state in WAITING and r.next_attempt_at is not None]
    return PackageStatus(
        package=rows[0].package_id,
        state=state,
        attempts=sum(r.attempts for r in rows),
        next_attempt_at=min(waiting_times) if waiting_times and state in WAITING else None,
        last_error_zh=None if all_sent else showing.last_error_zh,
        last_error_en=None if all_sent else showing.last_error_en,
        sent_at=max(r.sent_at or 0 for r in rows) if all_sent else None,
        message_id=rows[0].message_id,
        county=rows[0].county,
        package_dir=rows[0].package_dir,
        created_at=min(r.created_at for r in rows),
        purged=any(r.purged_at is not None for r in rows),
        parts=[PartStatus(r.part, r.parts, r.state, r.attempts, r.message_id, r.bytes, r.sent_at) for r in rows],
    )


def fold_all(rows: list[MailRow]) -> list[PackageStatus]:
    """Every package, oldest first."""
    by_package: dict[str, list[MailRow]] = {}
    for row in rows:
        by_package.setdefault(row.package_id, []).append(row)
    return sorted((fold(group) for group in by_package.values()), key=lambda s: s.created_at)
