"""Opening the camera and microphone off the GUI thread, and crash recovery at start.

Opening a camera can take seconds (driver negotiation, the first frame); the window stays alive
meanwhile. Both run as a :class:`~kiosk.ui.jobs.Job`, so their results arrive as signals on the GUI
thread (tests wait on these objects, never on a worker).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.capture import Camera, Microphone
from kiosk.config import Settings
from kiosk.errors import KioskError, SourceError
from kiosk.recording import recover
from kiosk.recording.studio import Studio
from kiosk.ui.jobs import Job

log = logging.getLogger(__name__)

DEMO = "demo"


class OpenStudio(Protocol):
    """What the kiosk needs of an open ``kiosk.recording.studio.Studio`` (tests give a double)."""

    camera: Camera
    mic: Microphone | None
    sources: dict[str, Any]

    def record(self, max_seconds: float = ...) -> Any: ...

    def close(self) -> None: ...


StudioOpener = Callable[[str, str, Settings], OpenStudio]


def open_studio(camera_spec: str, mic_spec: str, settings: Settings) -> OpenStudio:
    """The real thing: ``Studio.open`` (camera + mic started, first frame seen; the encoder is
    settled in the background by the studio itself)."""
    return Studio.open(camera_spec=camera_spec, mic_spec=mic_spec, settings=settings)


def _as_kiosk_error(exc: BaseException) -> KioskError:
    if isinstance(exc, KioskError):
        return exc
    return SourceError(f"無法開啟攝影機或麥克風：{exc}", f"Cannot open the camera or microphone: {exc}")


def opened_devices(studio: OpenStudio | None) -> tuple[str, str]:
    """(camera spec, mic spec) the studio was opened with; ("", "none") without one."""
    sources = studio.sources if studio is not None else {}
    camera = (sources.get("camera") or {}).get("spec", "")
    mic = (sources.get("mic") or {}).get("spec", "none")
    return camera, mic


class StudioSession(QObject):
    """Owns the open studio for the whole session."""

    opening = Signal(bool)  # demo?
    opened = Signal(object)  # the studio
    failed = Signal(object)  # KioskError (with .zh / .en)

    def __init__(self, settings: Settings, opener: StudioOpener = open_studio,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.opener = opener
        self.studio: OpenStudio | None = None
        self.demo = False
        self.last_error: KioskError | None = None
        self.opening_since: float | None = None  # monotonic time the current opening began
        self._discard = False  # closed while the job was still opening: close what it opens
        self._job = Job("studio-open", self)
        self._job.finished.connect(self._on_opened)
        self._job.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self._job.running

    def open(self, demo: bool) -> bool:
        """Open the configured devices (or the demo pair) in the background; False if already opening."""
        if self._job.running:
            return False
        self.close()
        self._discard = False
        self.demo = demo
        camera, mic = (DEMO, DEMO) if demo else (self.settings.devices.camera, self.settings.devices.mic)
        self.opening_since = time.monotonic()
        opener, settings = self.opener, self.settings
        self._job.start(lambda: opener(camera, mic, settings))
        self.opening.emit(demo)
        return True

    def _on_opened(self, studio: OpenStudio) -> None:
        self.opening_since = None
        if self._discard:
            studio.close()
            return
        self.studio, self.last_error = studio, None
        self.opened.emit(studio)

    def _on_failed(self, exc: Exception) -> None:
        self.opening_since = None
        if self._discard:
            return
        self.last_error = _as_kiosk_error(exc)
        self.failed.emit(self.last_error)

    def close(self) -> None:
        self._discard = self._job.running
        studio, self.studio = self.studio, None
        if studio is not None:
            try:
                studio.close()
            except Exception:
                log.exception("closing the studio failed")


RecoverAll = Callable[[], list[dict[str, Any]]]
PENDING = "pending"  # a take whose encoders are still finishing it (recover.py says so)


class Recovery(QObject):
    """Crash recovery (``kiosk.recording.recover.recover_all``) at start, in the background.

    Each entry is ``{take, dir, state, duration_s, error}``. While any take comes back "pending"
    (an encoder that outlived the crash is still writing it), recovery runs again every
    ``retry_ms`` for at most ``give_up_s``; ``finished`` then reports every take it looked at.
    """

    progress = Signal(list)  # the entries so far, after each run that left a take pending
    finished = Signal(list)  # the entries, once none is pending (or recovery gave up waiting)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, recover_all: RecoverAll = recover.recover_all,
                 retry_ms: int = 2000, give_up_s: float = 60.0) -> None:
        super().__init__(parent)
        self.retry_ms = retry_ms
        self.give_up_s = give_up_s
        self.entries: dict[str, dict[str, Any]] = {}
        self.runs = 0
        self.reports: list[dict[str, Any]] | None = None  # the final entries, once finished
        self._recover_all = recover_all
        self._started_at = 0.0
        self._job = Job("recover", self)
        self._job.finished.connect(self._on_run)
        self._job.failed.connect(self._on_failed)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._run)

    @property
    def running(self) -> bool:
        return self._job.running or self._retry.isActive()

    def start(self) -> bool:
        if self.running:
            return False
        self._started_at = time.monotonic()
        self.entries.clear()
        self.runs = 0
        self.reports = None
        self._run()
        return True

    def pending(self) -> list[dict[str, Any]]:
        return [entry for entry in self.entries.values() if entry.get("state") == PENDING]

    def _run(self) -> None:
        self._job.start(self._recover_all)

    def _on_run(self, entries: list[dict[str, Any]]) -> None:
        self.runs += 1
        # A take pending last time and not reported now was finished by its encoder: nothing to say.
        for take in [key for key, entry in self.entries.items() if entry.get("state") == PENDING]:
            del self.entries[take]
        for entry in entries:
            self.entries[str(entry.get("take"))] = dict(entry)
        waited = time.monotonic() - self._started_at
        if self.pending() and waited + self.retry_ms / 1000 <= self.give_up_s:
            self.progress.emit(list(self.entries.values()))
            self._retry.start(self.retry_ms)
            return
        self.reports = list(self.entries.values())
        self.finished.emit(self.reports)

    def _on_failed(self, exc: Exception) -> None:
        log.error("crash recovery failed: %s", exc)
        self.failed.emit(exc.message() if isinstance(exc, KioskError) else str(exc))
