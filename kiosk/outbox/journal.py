"""The outbox's event log, ``<data>/logs/outbox.log``: ids, states, counts and reply codes only.

Never names, phone numbers or e-mail addresses (Taiwan PDPA): callers pass package ids, numbers and
reply codes only, and as a safety net :func:`scrub` blanks anything that looks like an e-mail address
(a server's reply may quote one).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

from kiosk import paths
from kiosk.errors import KioskError
from kiosk.fsutil import open_private

LOG_NAME = "outbox.log"
_log = logging.getLogger("kiosk.outbox")
_ADDRESS = re.compile(r"[^\s<>\"']+@[^\s<>\"']+")


def scrub(text: str) -> str:
    return _ADDRESS.sub("[address]", text)


def log_event(message: str) -> None:
    """Append one line (local time, message) to the outbox log and pass it to ``logging``.

    Never raises: on a full disk or a read-only folder the line is lost, not the operation."""
    line = scrub(message)
    _log.info(line)
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        fd = open_private(paths.data_dir("logs") / LOG_NAME, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(f"{stamp} {line}\n")
    except (OSError, KioskError):
        _log.warning("outbox log not writable")


def log_path() -> Path:
    return paths.data_home_path() / "logs" / LOG_NAME


_SENT_LINE = re.compile(r"^(\S+) sent package (\S+) mail (\d+)/(\d+) ")


def sent_in_log() -> dict[tuple[str, int], float]:
    """Every mail the outbox log shows as delivered (the server said 250): (package, part) → when.

    The log is written after the database, so a line here means the mail went; the database is
    what is lost when this is needed (it was damaged)."""
    found: dict[tuple[str, int], float] = {}
    try:
        text = log_path().read_text(encoding="utf-8", errors="replace")
    except OSError:
        return found
    for line in text.splitlines():
        match = _SENT_LINE.match(line)
        if match is None:
            continue
        try:
            at = dt.datetime.fromisoformat(match.group(1)).timestamp()
        except ValueError:
            continue
        found[(match.group(2), int(match.group(3)))] = at
    return found
