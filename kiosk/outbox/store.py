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

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from kiosk.errors import BadInput, KioskError, disk_full, folder_unusable, from_os_error
from kiosk.fsutil import fsync_dir, on_read_only_file_system, open_private, private_dir, replace_with_retry

QUEUED = "queued"
SENDING = "sending"
RETRY_WAIT = "retry_wait"
SENT = "sent"
FAILED = "failed"
BLOCKED = "blocked"
STATES = (QUEUED, SENDING, RETRY_WAIT, SENT, FAILED, BLOCKED)
WAITING = (QUEUED, RETRY_WAIT)  # rows the runner may pick up when due
UNSENT = (QUEUED, SENDING, RETRY_WAIT, FAILED, BLOCKED)

SCHEMA_VERSION = 2
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS mails (
    package_id      TEXT NOT NULL,
    part            INTEGER NOT NULL,
    parts           INTEGER NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    eml             TEXT NOT NULL,          -- file name under <outbox>/mail/
    bytes           INTEGER NOT NULL,       -- size of the .eml as built
    sha256          TEXT,                   -- SHA-256 of the .eml as built (NULL: a row of version 1)
    files           TEXT,                   -- JSON list of the package files this mail carries
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
# Columns added after version 1, with their declarations (an old database gets them on open).
_ADDED_COLUMNS = {"sha256": "TEXT", "files": "TEXT"}


@dataclass
class MailRow:
    package_id: str
    part: int
    parts: int
    message_id: str
    eml: str
    bytes: int
    sha256: str | None
    files: str | None
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

    @property
    def file_names(self) -> list[str] | None:
        """The package files this mail carries, as built (None: not recorded)."""
        if not self.files:
            return None
        names = json.loads(self.files)
        return [str(name) for name in names] if isinstance(names, list) and names else None


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
    sha256: str
    files: tuple[str, ...]
    package_dir: str
    county: str

    def values(self, state: str, next_attempt_at: float, created_at: float) -> tuple:
        return (self.package_id, self.part, self.parts, self.message_id, self.eml, self.bytes, self.sha256,
                json.dumps(list(self.files), ensure_ascii=False), self.package_dir, self.county, state,
                next_attempt_at, created_at)


_INSERT = ("INSERT INTO mails (package_id, part, parts, message_id, eml, bytes, sha256, files, package_dir, "
           "county, state, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


@dataclass(frozen=True)
class BlockInfo:
    """Why all sending is paused, and for which settings (a change of settings lifts it)."""

    fingerprint: str
    zh: str
    en: str
    since: float


# SQLite's primary result codes (``sqlite3.Error.sqlite_errorcode & 0xFF``) that mean something to the operator.
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 8, 10, 11, 13, 14, 26
_NEARLY_FULL_BYTES = 1 << 20


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _NEARLY_FULL_BYTES
    except OSError:
        return False
DAMAGED_SUFFIX = ".damaged-"


class DamagedDatabase(BadInput):
    """The outbox database is not a readable SQLite database (any more)."""


@dataclass(frozen=True)
class Repair:
    """A damaged database was moved aside (kept, never deleted) and a new one started."""

    kept_as: Path
    problem: str


def _code(exc: sqlite3.Error) -> int:
    return (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _damage(exc: sqlite3.Error) -> bool:
    return _code(exc) in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in str(exc) or "not a database" in str(exc)


def operator_error(exc: sqlite3.Error, path: Path) -> KioskError:
    """What a SQLite failure means for the operator (a full disk, a read-only folder, damage)."""
    code = _code(exc)
    if code == _SQLITE_FULL:
        return disk_full(path.parent)
    if _damage(exc):
        return DamagedDatabase(
            f"寄件匣資料庫已損壞（{exc}）：{path}。請再執行一次 ivy-kiosk recover：它會把損壞的檔案移到一旁保存，"
            "並由磁碟上的郵件檔重建，已排入的信不會遺失。",
            f"The outbox database is damaged ({exc}): {path}. Run ivy-kiosk recover: it keeps the damaged file "
            "aside and rebuilds the outbox from the mail files on disk; nothing queued is lost.",
        )
    if code in (_SQLITE_IOERR, _SQLITE_CANTOPEN) and _nearly_full(path.parent):
        return disk_full(path.parent)
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN):
        if on_read_only_file_system(path.parent):
            return folder_unusable(path.parent, "唯讀", "read-only")
        return folder_unusable(path.parent, f"資料庫無法寫入：{exc}", f"the database cannot be written: {exc}")
    return KioskError(f"寄件匣資料庫無法使用（{exc}）：{path}", f"The outbox database cannot be used ({exc}): {path}")


class OutboxStore:
    """``read_only``: for looking only (``outbox list``): nothing is written, not even the journal
    mode, so it works on a full disk, a read-only folder and beside a running sender."""

    def __init__(self, db_path: Path, *, read_only: bool = False) -> None:
        self.path = db_path
        self.read_only = read_only
        self.repair: Repair | None = None
        if read_only:
            self._check_readable()
            return
        try:
            self._open_for_writing()
        except sqlite3.Error as exc:
            if not _damage(exc):
                raise operator_error(exc, db_path) from None
            self.repair = self._move_aside(str(exc))
            self._open_for_writing()

    def _open_for_writing(self) -> None:
        private_dir(self.path.parent)
        if not self.path.exists():  # created private; SQLite gives its -wal and -shm the same mode
            os.close(open_private(self.path, os.O_WRONLY | os.O_CREAT))
        with self._raw() as conn:
            self._check_intact(conn)
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION or not self._has_schema(conn):
                self._create_or_upgrade(conn)

    @staticmethod
    def _has_schema(conn: sqlite3.Connection) -> bool:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'mails'").fetchone() is not None

    @staticmethod
    def _create_or_upgrade(conn: sqlite3.Connection) -> None:
        conn.executescript(_SCHEMA)
        present = {row[1] for row in conn.execute("PRAGMA table_info(mails)")}
        for column, declaration in _ADDED_COLUMNS.items():
            if column not in present:
                conn.execute(f"ALTER TABLE mails ADD COLUMN {column} {declaration}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _move_aside(self, problem: str) -> Repair:
        """Keep the damaged database (and its journal files) under a new name; never delete it."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = self.path.with_name(f"{self.path.name}{DAMAGED_SUFFIX}{stamp}")
        suffix = 2
        while kept.exists():
            kept = self.path.with_name(f"{self.path.name}{DAMAGED_SUFFIX}{stamp}-{suffix}")
            suffix += 1
        try:
            for extra in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + extra)
                if companion.exists():
                    replace_with_retry(companion, kept.with_name(kept.name + extra))
            replace_with_retry(self.path, kept)
            fsync_dir(self.path.parent)
        except OSError as exc:
            raise (from_os_error(exc, self.path.parent) or operator_error(sqlite3.DatabaseError(problem), self.path)) \
                from None
        return Repair(kept, problem)

    def _check_readable(self) -> None:
        with self._connect() as conn:
            self._check_intact(conn)
            if not self._has_schema(conn):
                raise sqlite3.DatabaseError("file is not a database: no mails table")

    @staticmethod
    def _check_intact(conn: sqlite3.Connection) -> None:
        """Every page readable (a truncated file or a zeroed page shows here, not half-way through a
        listing); quick: the outbox holds a few dozen rows."""
        problem = conn.execute("PRAGMA quick_check").fetchone()[0]
        if problem != "ok":
            raise sqlite3.DatabaseError(f"database disk image is malformed: {problem}")

    # -- plumbing -------------------------------------------------------------------------------

    @contextmanager
    def _raw(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            conn = self._read_only_connection()
        else:
            conn = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            if not self.read_only:
                conn.execute("PRAGMA synchronous=FULL")
            yield conn
        finally:
            conn.close()

    def _read_only_connection(self) -> sqlite3.Connection:
        """Read-only; where even that needs a write (a WAL index on a full disk or a read-only folder),
        the file as it was at its last checkpoint (``immutable``): a listing, never a change."""
        if not self.path.is_file():  # nothing was ever queued here: an empty outbox
            empty = sqlite3.connect(":memory:", isolation_level=None)
            empty.executescript(_SCHEMA)
            return empty
        uri = self.path.absolute().as_uri()
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30.0, isolation_level=None)
        try:
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError as exc:
            conn.close()
            if _damage(exc):
                raise
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection whose SQLite errors reach the caller as the operator's words."""
        try:
            with self._raw() as conn:
                yield conn
        except sqlite3.Error as exc:
            raise operator_error(exc, self.path) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, the lock taken at BEGIN (no read-then-upgrade deadlocks)."""
        if self.read_only:
            raise RuntimeError("a read-only outbox store was asked to write")
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # a failed COMMIT may have ended it already
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
            conn.executemany(_INSERT, [m.values(state, now, now) for m in mails])
            return True

    def replace_package(self, package_id: str, mails: list[NewMail], now: float) -> list[str]:
        """Swap a package's unsent mails for a new split; returns the old ``.eml`` names to delete."""
        with self._write() as conn:
            old = self._rows(conn, "package_id = ?", (package_id,))
            conn.execute("DELETE FROM mails WHERE package_id = ?", (package_id,))
            created = old[0].created_at if old else now
            conn.executemany(_INSERT, [m.values(QUEUED, now, created) for m in mails])
            new_names = {m.eml for m in mails}
            return [row.eml for row in old if row.eml not in new_names]

    def restore_sent(self, sent: dict[tuple[str, int], float], reply: str) -> int:
        """After a rebuild: mails the outbox log shows as delivered are sent again in the new database."""
        with self._write() as conn:
            return sum(conn.execute(
                "UPDATE mails SET state = ?, sent_at = ?, server_reply = ?, next_attempt_at = NULL "
                "WHERE package_id = ? AND part = ? AND state = ?", (SENT, at, reply, *key, QUEUED)).rowcount
                for key, at in sent.items())

    def record_file(self, key: tuple[str, int], sha256: str, size: int) -> None:
        """The mail file was written anew (rebuilt, or its From re-stamped): what it must hold now."""
        with self._write() as conn:
            conn.execute("UPDATE mails SET sha256 = ?, bytes = ? WHERE package_id = ? AND part = ?",
                         (sha256, size, *key))

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

    def extend_claim(self, key: tuple[str, int], owner: str, until: float) -> bool:
        """A sender whose upload still moves keeps its claim (recovery elsewhere frees only dead ones)."""
        with self._write() as conn:
            return bool(conn.execute(
                "UPDATE mails SET claimed_until = MAX(claimed_until, ?) "
                "WHERE package_id = ? AND part = ? AND state = ? AND claimed_by = ?",
                (until, *key, SENDING, owner),
            ).rowcount)

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
