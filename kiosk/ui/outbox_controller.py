"""The outbox, as the GUI sees it: one GUI-thread object that owns the background sender.

* The sender runs in its own ``QThread`` (a worker object moved there); it never touches a widget.
  Everything it reports is re-emitted by this controller as signals on the GUI thread, and tests
  wait on this object, never on the worker.
* It wakes up on a timer (at the next due time, at least every ``poll_ms``), when the network comes
  back (``QNetworkInformation``: "Online" wakes every mail that waited for the network, "Unknown"
  is never taken as an answer either way) and whenever a package is put in or retried.
* A package shows "sent" only after the mail server's 250: the state comes from the database,
  which the runner updates only then.
* Putting a package in and exporting one run as background jobs (``kiosk.ui.jobs``: they read and
  write tens of megabytes), their results re-emitted here.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation

from kiosk import config, memory, paths
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.outbox import Outbox, PackageStatus, PassReport, Runner
from kiosk.outbox.runner import OFFLINE, SENT_OUTCOME
from kiosk.outbox.service import unsent_packages as _core_unsent
from kiosk.ui.jobs import run_once

log = logging.getLogger(__name__)

POLL_MS = 30_000
MIN_WAIT_MS = 1_000

RunnerFactory = Callable[[Callable[[str, int, int, int, int], None]], Runner]


def unsent_packages() -> list[str]:
    """For the window's close warning: ids of the packages not yet confirmed by the mail server."""
    return [status.package for status in _core_unsent()]


class _SenderWorker(QObject):
    """Lives in the sender thread; reports through signals only."""

    pass_done = Signal(object)  # PassReport
    pass_failed = Signal(str, str)  # zh, en
    progress = Signal(str, int)  # package id, percent of the mail being uploaded

    def __init__(self, runner_factory: RunnerFactory) -> None:
        super().__init__()
        self._runner_factory = runner_factory
        self.runner: Runner | None = None
        self._last_percent: tuple[str, int] | None = None

    def make_runner(self) -> Runner:
        if self.runner is None:
            self.runner = self._runner_factory(self._on_progress)
        return self.runner

    @Slot(bool)
    def run_pass(self, wake_offline: bool) -> None:
        try:
            report = self.make_runner().run_once(wake_offline=wake_offline)
        except KioskError as exc:  # e.g. config.toml became unreadable
            self.pass_failed.emit(exc.zh, exc.en)
            return
        except Exception as exc:  # the sender must survive anything and say so
            log.exception("outbox pass failed")
            self.pass_failed.emit(f"寄件程序發生錯誤：{exc}", f"the sender hit an error: {exc}")
            return
        finally:
            memory.give_back_freed()  # the mails just read and sent: 15 MB each
        self.pass_done.emit(report)

    def _on_progress(self, package_id: str, part: int, parts: int, sent: int, total: int) -> None:
        # The whole package, parts included: part 2 of 2 at half is 75 %.
        percent = int(100 * ((part - 1) + sent / max(1, total)) / max(1, parts))
        if self._last_percent != (package_id, percent):
            self._last_percent = (package_id, percent)
            self.progress.emit(package_id, percent)


class OutboxController(QObject):
    changed = Signal(list)  # list[PackageStatus], after every pass and every operator action
    progress = Signal(str, int)  # package id, percent
    delivered = Signal(str)  # package id: the mail server confirmed every mail of it (250)
    paused = Signal(str, str)  # zh, en: all sending paused (bad password, TLS); "" "" when lifted
    online_changed = Signal(bool)  # what the network monitor says (never emitted for "Unknown")
    queued = Signal(str)  # package id: on disk and in the outbox — only now may a screen say "queued"
    enqueue_failed = Signal(str, str, str)  # package ref, zh, en
    exported = Signal(str, str)  # package id, destination folder
    export_failed = Signal(str, str, str)  # package id, zh, en
    problem = Signal(str, str)  # zh, en: the sender itself could not run a pass

    _request_pass = Signal(bool)

    def __init__(
        self,
        outbox: Outbox | None = None,
        *,
        config_path: Path | None = None,
        runner_factory: RunnerFactory | None = None,
        poll_ms: int = POLL_MS,
        watch_network: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.config_path = config_path or paths.config_path()
        self.outbox = outbox or Outbox()
        self.poll_ms = poll_ms
        self.statuses: list[PackageStatus] = []
        self.sending: dict[str, int] = {}  # package id → percent, while its upload runs
        self.network_online: bool | None = None  # None: unknown (no monitor, or it said Unknown)
        self.last_pass_offline = False
        self._busy = False
        self._pending: bool | None = None  # a pass asked for while one runs (its wake_offline flag)
        self._paused_reason: tuple[str, str] | None = None
        self._delivered_before: set[str] = set()

        self._thread = QThread(self)
        self._thread.setObjectName("outbox-sender")
        self._worker = _SenderWorker(runner_factory or self._default_runner)
        self._worker.moveToThread(self._thread)
        self._request_pass.connect(self._worker.run_pass)
        self._worker.pass_done.connect(self._on_pass_done)
        self._worker.pass_failed.connect(self._on_pass_failed)
        self._worker.progress.connect(self._on_progress)
        self._thread.start()
        # Destroyed with its parent (a screen, the window) without shutdown(): the thread must still
        # stop first, or Qt aborts ("QThread: Destroyed while thread is still running").
        self.destroyed.connect(functools.partial(_stop_sender, self._thread, self._worker))

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.wake)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        if watch_network:
            self._watch_network()
        self.refresh()
        self._delivered_before = {s.package for s in self.statuses if not s.unsent}

    def _default_runner(self, progress: Callable[[str, int, int, int, int], None]) -> Runner:
        config_path = self.config_path
        return Runner(self.outbox, settings_loader=lambda: config.load(config_path), progress=progress)

    # -- asking --------------------------------------------------------------------------------------

    def start(self) -> None:
        """At the app's start: recover what a crash left, then deliver what is due."""
        try:
            self.outbox.recover(config.load(self.config_path))
        except KioskError as exc:
            self.problem.emit(exc.zh, exc.en)
        self.wake()

    def wake(self, wake_offline: bool = False) -> None:
        """Run a pass now (or right after the one running)."""
        if not self._thread.isRunning():
            return
        if self._busy:
            self._pending = bool(self._pending) or wake_offline
            return
        self._busy = True
        self._timer.stop()
        self._request_pass.emit(wake_offline)

    @property
    def busy(self) -> bool:
        return self._busy

    def refresh(self) -> list[PackageStatus]:
        self.statuses = self.outbox.statuses()
        self.changed.emit(self.statuses)
        return self.statuses

    def unsent_count(self) -> int:
        return sum(1 for s in self.statuses if s.unsent)

    @property
    def offline(self) -> bool:
        """Offline as far as we can tell: the last try could not reach the server (that outweighs a
        monitor saying "Online": some back-ends say so with no real connection), or the monitor
        says "Disconnected"."""
        return self.last_pass_offline or self.network_online is False

    @property
    def paused_reason(self) -> tuple[str, str] | None:
        return self._paused_reason

    # -- operator actions -----------------------------------------------------------------------------

    def send_package(self, package_ref: str, settings: Settings) -> None:
        """「送出」: build the mails and record them off the GUI thread; ``queued`` when on disk."""
        run_once(self, "enqueue", lambda: self.outbox.enqueue(package_ref, settings).package,
                 self._on_enqueued, lambda exc: self.enqueue_failed.emit(package_ref, *self._words(exc)))

    def _on_enqueued(self, package_id: str) -> None:
        self.refresh()
        self.queued.emit(package_id)
        self.wake()

    def retry(self, package_id: str, settings: Settings | None = None) -> None:
        """「立即重試」 (also lifts a pause: the operator says it is fixed)."""
        try:
            self.outbox.retry(package_id, settings or config.load(self.config_path))
        except KioskError as exc:
            self.problem.emit(exc.zh, exc.en)
            return
        self.refresh()
        self.wake()

    def export(self, package_id: str, destination: Path) -> None:
        run_once(self, "export", lambda: str(self.outbox.export(package_id, destination)),
                 lambda target: self.exported.emit(package_id, target),
                 lambda exc: self.export_failed.emit(package_id, *self._words(exc)))

    @staticmethod
    def _words(exc: Exception) -> tuple[str, str]:
        if isinstance(exc, KioskError):
            return exc.zh, exc.en
        return f"發生錯誤：{exc}", f"something went wrong: {exc}"

    # -- the network -----------------------------------------------------------------------------------

    def _watch_network(self) -> None:
        try:
            loaded = QNetworkInformation.loadDefaultBackend()
        except Exception:  # no plugin in this build: the timer alone will do
            loaded = False
        monitor = QNetworkInformation.instance() if loaded else None
        if monitor is None:
            return
        monitor.reachabilityChanged.connect(self.network_changed)
        self.network_changed(monitor.reachability())

    def network_changed(self, reachability: Any) -> None:
        """React to the monitor: Online wakes the waiting mails; Unknown means nothing."""
        reach = QNetworkInformation.Reachability
        if reachability == reach.Unknown:
            self.network_online = None
            return
        online = reachability == reach.Online
        was = self.network_online
        self.network_online = online
        if online != was:
            self.online_changed.emit(online)
        if online and was is not True:
            self.wake(wake_offline=True)

    # -- results from the sender ---------------------------------------------------------------------

    def _on_progress(self, package_id: str, percent: int) -> None:
        self.sending[package_id] = percent
        self.progress.emit(package_id, percent)

    def _on_pass_done(self, report: PassReport) -> None:
        self._busy = False
        self.sending.clear()
        if report.attempts:
            self.last_pass_offline = any(a.outcome == OFFLINE for a in report.attempts) and not any(
                a.outcome == SENT_OUTCOME for a in report.attempts)
        self.refresh()
        self._announce_deliveries()
        self._announce_pause(report)
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.wake(pending)
            return
        self._schedule(report)

    def _on_pass_failed(self, zh: str, en: str) -> None:
        self._busy = False
        self.sending.clear()
        self.problem.emit(zh, en)
        self._timer.start(self.poll_ms)

    def _announce_deliveries(self) -> None:
        for status in self.statuses:
            if not status.unsent and status.package not in self._delivered_before:
                self._delivered_before.add(status.package)
                self.delivered.emit(status.package)

    def _announce_pause(self, report: PassReport) -> None:
        reason = (report.paused.zh, report.paused.en) if report.paused else None
        if reason != self._paused_reason:
            self._paused_reason = reason
            self.paused.emit(*(reason or ("", "")))

    def _schedule(self, report: PassReport) -> None:
        wait_ms = self.poll_ms
        if report.next_due is not None and report.paused is None:
            wait_ms = min(wait_ms, int((report.next_due - time.time()) * 1000))
        self._timer.start(max(MIN_WAIT_MS, wait_ms))

    # -- the end -----------------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the sender (a mail being uploaded is given back, due at the next start)."""
        self._timer.stop()
        _stop_sender(self._thread, self._worker)


def _stop_sender(thread: QThread, worker: _SenderWorker, *_: object) -> None:
    if worker.runner is not None:
        worker.runner.stop()  # also cuts an upload in progress, so the wait below is short
    if thread.isRunning():
        thread.quit()
        thread.wait(10_000)
