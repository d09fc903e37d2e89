"""The outbox database: one row per mail (a package split in two is two rows), in SQLite.

Durability: WAL journal, ``synchronous=FULL`` (a committed row survives a power cut) and every
write in ``BEGIN IMMEDIATE`` (the write lock is taken up front, so two writers never interleave a
read-then-update). Each operation opens its own short connection, so the GUI thread and the sender
thread never share one.

States (SPEC §4)::

    queued ──claim──▶ sending ──250──▶ sent
       ▲                 │
       │                 ├─ 4xx / network ─▶ retry_wait ──(due)──▶ claim again
       │                 ├─ 5xx ───────────▶ failed      (operator: retry)
       │                 └─ password / TLS ─▶ blocked    (all unsent rows; operator or new settings)
       └── a claim whose holder died (lock free) or whose deadline passed goes back to queued
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

QUEUED = "queued"
SENDING = "sending"
RETRY_WAIT = "retry_wait"
SENT = "sent"
FAILED = "failed"
BLOCKED = "blocked"
STATES = (QUEUED, SENDING, RETRY_WAIT, SENT, FAILED, BLOCKED)
WAITING = (QUEUED, RETRY_WAIT)  # rows the runner may pick up when due
UNSENT = (QUEUED, SENDING, RETRY_WAIT, FAILED, BLOCKED)

SCHEMA_VERSION = 1
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS mails (
    package_id      TEXT NOT NULL,
    part            INTEGER NOT NULL,
    parts           INTEGER NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    eml             TEXT NOT NULL,          -- file name under <outbox>/mail/
    bytes           INTEGER NOT NULL,       -- size of the .eml
    package_dir     TEXT NOT NULL,          -- the package folder, for export and retention
    county          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ({", ".join(repr(s) for s in STATES)})),
    attempts        INTEGER NOT NULL DEFAULT 0,
    failures        INTEGER NOT NULL DEFAULT 0,   -- consecutive temporary failures: drives back-off
    offline         INTEGER NOT NULL DEFAULT 0,   -- last failure was "no network": wake on network up
    next_attempt_at REAL,
    claimed_by      TEXT,
    claimed_until   REAL,
    last_error_zh   TEXT,
    last_error_en   TEXT,
    server_reply    TEXT,
    created_at      REAL NOT NULL,
    sent_at         REAL,
    purged_at       REAL,
    PRIMARY KEY (package_id, part)
);
CREATE INDEX IF NOT EXISTS mails_due ON mails (state, next_attempt_at);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass
class MailRow:
    package_id: str
    part: int
    parts: int
    message_id: str
    eml: str
    bytes: int
    package_dir: str
    county: str
    state: str
    attempts: int
    failures: int
    offline: int
    next_attempt_at: float | None
    claimed_by: str | None
    claimed_until: float | None
    last_error_zh: str | None
    last_error_en: str | None
    server_reply: str | None
    created_at: float
    sent_at: float | None
    purged_at: float | None

    @property
    def key(self) -> tuple[str, int]:
        return (self.package_id, self.part)


_COLUMNS = ", ".join(f.name for f in fields(MailRow))


@dataclass(frozen=True)
class NewMail:
    """A mail already written to its ``.eml`` file, ready to be recorded."""

    package_id: str
    part: int
    parts: int
    message_id: str
    eml: str
    bytes: int
    package_dir: str
    county: str


@dataclass(frozen=True)
class BlockInfo:
    """Why all sending is paused, and for which settings (a change of settings lifts it)."""

    fingerprint: str
    zh: str
    en: str
    since: float


class OutboxStore:
    def __init__(self, db_path: Path) -> None:
        self.path = db_path
        db_path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA busy_timeout=30000")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, the lock taken at BEGIN (no read-then-upgrade deadlocks)."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @staticmethod
    def _rows(conn: sqlite3.Connection, where: str = "1", args: tuple = ()) -> list[MailRow]:
        cursor = conn.execute(f"SELECT {_COLUMNS} FROM mails WHERE {where} ORDER BY created_at, rowid",
                              args)
        return [MailRow(*values) for values in cursor.fetchall()]

    # -- reading --------------------------------------------------------------------------------

    def rows(self, package_id: str | None = None) -> list[MailRow]:
        with self._connect() as conn:
            if package_id is None:
                return self._rows(conn)
            return self._rows(conn, "package_id = ?", (package_id,))

    def due(self, now: float) -> list[MailRow]:
        with self._connect() as conn:
            return self._rows(conn, "state IN (?, ?) AND next_attempt_at <= ?", (*WAITING, now))

    def next_due_time(self) -> float | None:
        """The earliest moment a waiting row becomes due (None: nothing waits)."""
        with self._connect() as conn:
            (value,) = conn.execute(
                "SELECT MIN(next_attempt_at) FROM mails WHERE state IN (?, ?)", WAITING
            ).fetchone()
            return value

    def set_meta_default(self, key: str, value: str) -> str:
        """The stored value for ``key``, storing ``value`` first if there is none."""
        with self._write() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))
            return conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0]

    def block_info(self) -> BlockInfo | None:
        with self._connect() as conn:
            values = dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'blocked_%'").fetchall())
        if "blocked_fingerprint" not in values:
            return None
        return BlockInfo(values["blocked_fingerprint"], values.get("blocked_zh", ""), values.get("blocked_en", ""),
                         float(values.get("blocked_since", "0")))

    # -- adding ---------------------------------------------------------------------------------

    def insert(self, mails: list[NewMail], now: float) -> bool:
        """Record a package's mails in one transaction; False when the package is already there.

        While sending is blocked, new mails join the pause instead of being tried.
        """
        with self._write() as conn:
            ids = {m.package_id for m in mails}
            for package_id in ids:
                if conn.execute("SELECT 1 FROM mails WHERE package_id = ?", (package_id,)).fetchone():
                    return False
            blocked = conn.execute("SELECT 1 FROM meta WHERE key = 'blocked_fingerprint'").fetchone()
            state = BLOCKED if blocked else QUEUED
            conn.executemany(
                "INSERT INTO mails (package_id, part, parts, message_id, eml, bytes, package_dir, county, "
                "state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(m.package_id, m.part, m.parts, m.message_id, m.eml, m.bytes, m.package_dir, m.county,
                  state, now, now) for m in mails],
            )
            return True

    def replace_package(self, package_id: str, mails: list[NewMail], now: float) -> list[str]:
        """Swap a package's unsent mails for a new split; returns the old ``.eml`` names to delete."""
        with self._write() as conn:
            old = self._rows(conn, "package_id = ?", (package_id,))
            conn.execute("DELETE FROM mails WHERE package_id = ?", (package_id,))
            conn.executemany(
                "INSERT INTO mails (package_id, part, parts, message_id, eml, bytes, package_dir, county, "
                "state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(m.package_id, m.part, m.parts, m.message_id, m.eml, m.bytes, m.package_dir, m.county,
                  QUEUED, now, old[0].created_at if old else now) for m in mails],
            )
            new_names = {m.eml for m in mails}
            return [row.eml for row in old if row.eml not in new_names]

    # -- the sender's claim ---------------------------------------------------------------------

    def claim(self, key: tuple[str, int], owner: str, now: float, deadline: float) -> MailRow | None:
        """Take a due row for sending; None when someone else took it or it is no longer due.

        The attempt is counted here, so a crash mid-send still counts as an attempt.
        """
        with self._write() as conn:
            updated = conn.execute(
                "UPDATE mails SET state = ?, claimed_by = ?, claimed_until = ?, attempts = attempts + 1 "
                "WHERE package_id = ? AND part = ? AND state IN (?, ?) AND next_attempt_at <= ?",
                (SENDING, owner, deadline, *key, *WAITING, now),
            ).rowcount
            if not updated:
                return None
            return self._rows(conn, "package_id = ? AND part = ?", key)[0]

    def _finish(self, key: tuple[str, int], owner: str, assignments: str, args: tuple) -> bool:
        with self._write() as conn:
            return bool(conn.execute(
                f"UPDATE mails SET {assignments}, claimed_by = NULL, claimed_until = NULL "
                "WHERE package_id = ? AND part = ? AND state = ? AND claimed_by = ?",
                (*args, *key, SENDING, owner),
            ).rowcount)

    def mark_sent(self, key: tuple[str, int], owner: str, now: float, reply: str) -> bool:
        return self._finish(key, owner,
                            "state = ?, sent_at = ?, server_reply = ?, failures = 0, offline = 0, "
                            "next_attempt_at = NULL, last_error_zh = NULL, last_error_en = NULL",
                            (SENT, now, reply))

    def mark_retry(self, key: tuple[str, int], owner: str, next_at: float, zh: str, en: str,
                   offline: bool) -> bool:
        return self._finish(key, owner,
                            "state = ?, failures = failures + 1, offline = ?, next_attempt_at = ?, "
                            "last_error_zh = ?, last_error_en = ?",
                            (RETRY_WAIT, int(offline), next_at, zh, en))

    def mark_failed(self, key: tuple[str, int], owner: str, zh: str, en: str) -> bool:
        return self._finish(key, owner,
                            "state = ?, next_attempt_at = NULL, last_error_zh = ?, last_error_en = ?",
                            (FAILED, zh, en))

    def release(self, key: tuple[str, int], owner: str, now: float) -> bool:
        """Give a claim back untouched (the sender was asked to stop): due again at once."""
        return self._finish(key, owner, "state = ?, next_attempt_at = ?", (QUEUED, now))

    def block_all(self, key: tuple[str, int] | None, owner: str, info: BlockInfo) -> None:
        """Pause everything: the row that hit the problem and every waiting row become blocked."""
        with self._write() as conn:
            if key is not None:
                conn.execute(
                    "UPDATE mails SET state = ?, claimed_by = NULL, claimed_until = NULL, last_error_zh = ?, "
                    "last_error_en = ? WHERE package_id = ? AND part = ? AND state = ? AND claimed_by = ?",
                    (BLOCKED, info.zh, info.en, *key, SENDING, owner),
                )
            conn.execute(
                "UPDATE mails SET state = ?, last_error_zh = ?, last_error_en = ? WHERE state IN (?, ?)",
                (BLOCKED, info.zh, info.en, *WAITING),
            )
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [("blocked_fingerprint", info.fingerprint), ("blocked_zh", info.zh), ("blocked_en", info.en),
                 ("blocked_since", repr(info.since))],
            )

    def unblock(self, now: float) -> int:
        """Lift the pause: blocked rows are due at once, with a fresh back-off."""
        with self._write() as conn:
            conn.execute("DELETE FROM meta WHERE key LIKE 'blocked_%'")
            return conn.execute(
                "UPDATE mails SET state = ?, next_attempt_at = ?, failures = 0 WHERE state = ?",
                (QUEUED, now, BLOCKED),
            ).rowcount

    def release_stale_claims(self, now: float, holder_gone: bool) -> list[tuple[str, int]]:
        """Claims whose sender died go back to the queue (same ``.eml``, same Message-ID).

        ``holder_gone``: the caller holds the runner lock, which proves no sender is alive, so every
        claim is stale whatever its deadline; otherwise only claims past their deadline are.
        Returns the (package, part) of every mail put back.
        """
        with self._write() as conn:
            condition = "state = ?" if holder_gone else "state = ? AND claimed_until < ?"
            args: tuple = (SENDING,) if holder_gone else (SENDING, now)
            stale = conn.execute(f"SELECT package_id, part FROM mails WHERE {condition}", args).fetchall()
            conn.execute(
                f"UPDATE mails SET state = ?, next_attempt_at = ?, claimed_by = NULL, claimed_until = NULL "
                f"WHERE {condition}",
                (QUEUED, now, *args),
            )
            return [(package_id, part) for package_id, part in stale]

    def defer_waiting(self, next_at: float, zh: str, en: str) -> int:
        """The network is down: push every due waiting row to the same next try, without an attempt."""
        with self._write() as conn:
            return conn.execute(
                "UPDATE mails SET state = ?, offline = 1, next_attempt_at = MAX(next_attempt_at, ?), "
                "last_error_zh = ?, last_error_en = ? WHERE state IN (?, ?) AND next_attempt_at < ?",
                (RETRY_WAIT, next_at, zh, en, *WAITING, next_at),
            ).rowcount

    def wake_offline(self, now: float) -> int:
        """The network came back: rows that waited only for it are due now."""
        with self._write() as conn:
            return conn.execute(
                "UPDATE mails SET next_attempt_at = ? WHERE state = ? AND offline = 1 AND next_attempt_at > ?",
                (now, RETRY_WAIT, now),
            ).rowcount

    # -- operator actions -----------------------------------------------------------------------

    def requeue(self, package_id: str, now: float) -> int:
        """Retry now: every unsent, unclaimed row of the package is due at once with a fresh back-off."""
        with self._write() as conn:
            return conn.execute(
                "UPDATE mails SET state = ?, next_attempt_at = ?, failures = 0 "
                "WHERE package_id = ? AND state IN (?, ?, ?, ?)",
                (QUEUED, now, package_id, QUEUED, RETRY_WAIT, FAILED, BLOCKED),
            ).rowcount

    def mark_purged(self, package_id: str, now: float) -> None:
        with self._write() as conn:
            conn.execute("UPDATE mails SET purged_at = ? WHERE package_id = ?", (now, package_id))

    def sent_before(self, cutoff: float) -> list[str]:
        """Packages whose every mail was sent before ``cutoff`` and whose copies are still kept."""
        with self._connect() as conn:
            cursor = conn.execute(
                "SELECT package_id FROM mails GROUP BY package_id "
                "HAVING SUM(state != ?) = 0 AND MAX(sent_at) < ? AND MAX(purged_at) IS NULL",
                (SENT, cutoff),
            )
            return [row[0] for row in cursor.fetchall()]
