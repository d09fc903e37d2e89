"""The outbox's event log, ``<data>/logs/outbox.log``: ids, states, counts and reply codes only.

Never names, phone numbers or e-mail addresses (Taiwan PDPA): callers pass package ids, numbers and
reply codes only, and as a safety net :func:`scrub` blanks anything that looks like an e-mail address
(a server's reply may quote one).
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from kiosk import paths

LOG_NAME = "outbox.log"
_log = logging.getLogger("kiosk.outbox")
_ADDRESS = re.compile(r"[^\s<>\"']+@[^\s<>\"']+")


def scrub(text: str) -> str:
    return _ADDRESS.sub("[address]", text)


def log_event(message: str) -> None:
    """Append one line (local time, message) to the outbox log and pass it to ``logging``."""
    line = scrub(message)
    _log.info(line)
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        with (paths.data_dir("logs") / LOG_NAME).open("a", encoding="utf-8") as fh:
            fh.write(f"{stamp} {line}\n")
    except OSError:
        _log.warning("outbox log not writable")
