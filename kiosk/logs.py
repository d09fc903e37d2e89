"""Logging that never raises: the CLI's ``logs/cli.log`` and the GUI's ``logs/kiosk.log``.

A log is written to the same disk as everything else, so on a full disk (or a data folder that
became read-only) a log line cannot be written. Python's own handlers then print a "--- Logging
error ---" traceback to stderr, and ``close()`` raises at exit. :class:`SafeFileHandler` instead
drops the line (and counts it): the operator sees the one-line reason of the real problem, not the
logger's. The file is created 0600 in a 0700 folder (personal data rules, although the kiosk never
logs names, phone numbers or e-mail addresses), rotated at 2 MB, 5 kept.

Chatty libraries are held to warnings: fontTools logs an INFO line for every table it subsets
(the consent PDF's font), which would fill the log.
"""

from __future__ import annotations

import contextlib
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.errors import KioskError
from kiosk.fsutil import open_private, private_dir

CLI_LOG = "cli.log"  # warnings and errors of the commands
KIOSK_LOG = "kiosk.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
QUIET_LIBRARIES = ("fontTools", "PIL", "asyncio", "mail.log", "aiosmtpd")
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class SafeFileHandler(RotatingFileHandler):
    """A rotating log file whose every failure (open, write, flush, rotate, close) is swallowed."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
        self.dropped = 0  # lines that could not be written

    def _open(self) -> Any:
        target = Path(self.baseFilename)
        private_dir(target.parent)
        fd = open_private(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, "a", encoding="utf-8", errors="replace")

    def handleError(self, record: logging.LogRecord) -> None:
        """Called by ``emit`` for any failure: drop the line and the broken stream, say nothing."""
        self.dropped += 1
        self._discard_stream()

    def _discard_stream(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):  # its unwritten buffer goes with it
                stream.close()

    def flush(self) -> None:
        try:
            super().flush()
        except (OSError, ValueError):
            self.dropped += 1
            self._discard_stream()

    def close(self) -> None:
        try:
            super().close()
        except (OSError, ValueError):
            self.stream = None

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:  # a rename refused (Windows: another process reading the log): keep appending
            self._discard_stream()


def _quiet_libraries() -> None:
    for name in QUIET_LIBRARIES:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET or logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


def setup(file_name: str, level: int = logging.INFO) -> logging.Handler:
    """``<data>/logs/<file_name>`` gets every record of ``level`` and up, never raising; set up once.

    The GUI keeps INFO (its events); the CLI keeps warnings and errors only (its events are in
    ``outbox.log`` already, and a command such as ``self-test`` that works in a folder of its own
    leaves nothing in the operator's). When the data folder cannot even be located, a handler that
    discards everything is installed, so nothing falls back to printing on stderr either."""
    logging.raiseExceptions = False  # any other handler's failure is silent too
    root = logging.getLogger()
    _quiet_libraries()
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    try:
        target = (paths.data_home_path() / "logs" / file_name).absolute()
    except (OSError, KioskError):
        target = None
    for existing in root.handlers:
        if isinstance(existing, SafeFileHandler) and target is not None and Path(existing.baseFilename) == target:
            return existing
    handler: logging.Handler
    if target is None:
        handler = logging.NullHandler()
    else:
        handler = SafeFileHandler(target)
        handler.setFormatter(logging.Formatter(_FORMAT))
    handler.setLevel(level)
    root.addHandler(handler)
    return handler
