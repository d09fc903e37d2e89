"""The one way the GUI runs work in the background (vorta's ``BorgJob`` is the model).

A :class:`Job` lives on the GUI thread and runs one piece of work at a time on a Python thread. It
says what happens with four signals, all emitted on the GUI thread, so no worker ever touches a
widget and tests wait on the job, never on the worker::

    started()            the work began
    progress(object)     the work called ``job.report(value)`` (from its own thread)
    finished(object)     the work returned this
    failed(object)       the work raised this exception (already logged)

A job whose owner is destroyed while the work runs simply drops the answer.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from kiosk import memory
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

Work = Callable[[], Any]


_working: set[threading.Thread] = set()  # every job's thread while its work runs
_working_lock = threading.Lock()


def wait_for_running_jobs(timeout_s: float) -> bool:
    """Let the work already running finish, for at most ``timeout_s`` (the window closing): a daemon
    thread still inside OpenCV when Python exits is ended by the C++ runtime with an abort
    ("terminate called without an active exception"). True when none is left."""
    deadline = time.monotonic() + timeout_s
    with _working_lock:
        threads = list(_working)
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return not any(thread.is_alive() for thread in threads)


class Job(QObject):
    started = Signal()
    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    # From the worker thread to this object's thread: queued, so the slots run on the GUI thread.
    _reported = Signal(int, object)
    _ended = Signal(int, bool, object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._thread: threading.Thread | None = None
        self._run = 0  # which start() the worker's answers belong to (a cancelled run's are dropped)
        self._local = threading.local()  # the worker thread's own run number, for report()
        self._reported.connect(self._on_reported, Qt.ConnectionType.QueuedConnection)
        self._ended.connect(self._on_ended, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, work: Work) -> bool:
        """Run ``work()`` in the background; False (and nothing started) while a run is going."""
        if self._thread is not None:
            return False
        self._run += 1
        run = self._run
        self._thread = threading.Thread(target=self._work, args=(run, work), name=f"job-{self.name}", daemon=True)
        self.started.emit()
        self._thread.start()
        return True

    def cancel(self) -> None:
        """Forget the run going on: its answer is dropped (the work itself runs to its end)."""
        if self._thread is not None:
            self._run += 1
            self._thread = None

    def report(self, value: object) -> None:
        """Called by the work, on its own thread: ``progress(value)`` on the GUI thread."""
        run = getattr(self._local, "run", self._run)
        with contextlib.suppress(RuntimeError):  # the job is gone: nobody is listening
            self._reported.emit(run, value)

    def _work(self, run: int, work: Work) -> None:
        self._local.run = run
        with _working_lock:
            _working.add(threading.current_thread())
        try:
            self._answer(run, work)
        finally:  # the signal's emit is C++ too: the thread counts as working until it is out
            with _working_lock:
                _working.discard(threading.current_thread())

    def _answer(self, run: int, work: Work) -> None:
        try:
            result, ok = work(), True
        except Exception as exc:  # every failure reaches the operator as words, never a dead thread
            if not isinstance(exc, KioskError):
                log.error("background job %s failed", self.name, exc_info=exc)
            result, ok = exc, False
        memory.give_back_freed()  # what the work freed (frames, a PDF's fonts, a mail) leaves the process
        with contextlib.suppress(RuntimeError):
            self._ended.emit(run, ok, result)

    def _on_reported(self, run: int, value: object) -> None:
        if run == self._run and self._thread is not None:
            self.progress.emit(value)

    def _on_ended(self, run: int, ok: bool, result: object) -> None:
        if run != self._run:
            return
        self._thread = None
        (self.finished if ok else self.failed).emit(result)


def run_once(parent: QObject, name: str, work: Work, done: Callable[[Any], object],
             failed: Callable[[Exception], object]) -> Job:
    """A job for one piece of work with its own answer (several may run side by side); it deletes
    itself when the answer has been handled."""
    job = Job(name, parent)
    job.finished.connect(done)
    job.failed.connect(failed)
    job.finished.connect(job.deleteLater)
    job.failed.connect(job.deleteLater)
    job.start(work)
    return job
