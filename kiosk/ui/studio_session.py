"""Opening the camera and microphone off the GUI thread, and the session's other background jobs.

Opening a camera can take seconds (driver negotiation, the first frame); the window stays alive
meanwhile. The worker only opens things and hands the result over; the GUI-thread object here
re-emits it as a signal (tests wait on this object, never on the worker).
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.config import Settings
from kiosk.errors import KioskError, SourceError

log = logging.getLogger(__name__)

DEMO = "demo"

StudioOpener = Callable[[str, str, Settings], Any]


def open_studio(camera_spec: str, mic_spec: str, settings: Settings) -> Any:
    """The real thing: ``Studio.open`` (camera + mic started, first frame seen), encoder probed."""
    from kiosk.recording import encoder
    from kiosk.recording.studio import Studio

    studio = Studio.open(camera_spec=camera_spec, mic_spec=mic_spec, settings=settings)
    try:
        encoder.choose_encoder(settings.recording)  # probe now (cached), not at the first Record press
    except KioskError:
        log.exception("encoder probe failed; the take will report it")
    return studio


def _as_kiosk_error(exc: BaseException) -> KioskError:
    if isinstance(exc, KioskError):
        return exc
    return SourceError(f"無法開啟攝影機或麥克風：{exc}", f"Cannot open the camera or microphone: {exc}")


class _Relay(QObject):
    done = Signal(object, object)  # (studio or None, KioskError or None)


class StudioSession(QObject):
    """Owns the open ``Studio`` for the whole session."""

    opening = Signal(bool)  # demo?
    opened = Signal(object)  # the studio
    failed = Signal(object)  # KioskError (with .zh / .en)

    def __init__(self, settings: Settings, opener: StudioOpener = open_studio,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.opener = opener
        self.studio: Any = None
        self.demo = False
        self.last_error: KioskError | None = None
        self._busy = False
        self._discard = False  # closed while a worker was still opening: close what it opens
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return self._busy

    def open(self, demo: bool) -> bool:
        """Open the configured devices (or the demo pair) in a worker; False if already opening."""
        if self._busy:
            return False
        self.close()
        self._busy = True
        self._discard = False
        self.demo = demo
        camera, mic = (DEMO, DEMO) if demo else (self.settings.devices.camera, self.settings.devices.mic)
        self.opening.emit(demo)
        threading.Thread(target=self._work, args=(camera, mic), name="studio-open", daemon=True).start()
        return True

    def _work(self, camera: str, mic: str) -> None:
        try:
            studio = self.opener(camera, mic, self.settings)
        except BaseException as exc:  # every failure must reach the operator as words
            self._relay.done.emit(None, _as_kiosk_error(exc))
            return
        self._relay.done.emit(studio, None)

    def _on_done(self, studio: Any, error: KioskError | None) -> None:
        self._busy = False
        if self._discard:
            if studio is not None:
                studio.close()
            return
        if error is not None:
            self.last_error = error
            self.failed.emit(error)
            return
        self.studio, self.last_error = studio, None
        self.opened.emit(studio)

    def close(self) -> None:
        self._discard = self._busy
        studio, self.studio = self.studio, None
        if studio is not None:
            try:
                studio.close()
            except Exception:
                log.exception("closing the studio failed")


class _RecoveryRelay(QObject):
    done = Signal(object)  # list of reports, or an exception


class Recovery(QObject):
    """Crash recovery (``kiosk.recording.recover.recover_all``) run once at start, in a worker."""

    finished = Signal(list)  # the reports of salvaged takes
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _RecoveryRelay(self)
        self._relay.done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self.reports: list[dict] | None = None

    @staticmethod
    def available() -> bool:
        return importlib.util.find_spec("kiosk.recording.recover") is not None

    def start(self) -> bool:
        if not self.available():
            return False
        threading.Thread(target=self._work, name="recover", daemon=True).start()
        return True

    def _work(self) -> None:
        try:
            recover = importlib.import_module("kiosk.recording.recover")
            self._relay.done.emit(list(recover.recover_all()))
        except BaseException as exc:
            self._relay.done.emit(exc)

    def _on_done(self, result: object) -> None:
        if isinstance(result, BaseException):
            log.error("crash recovery failed: %s", result)
            self.failed.emit(str(result))
            return
        self.reports = list(result)  # type: ignore[arg-type]
        self.finished.emit(self.reports)
