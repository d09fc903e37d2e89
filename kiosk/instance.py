"""One kiosk window per data folder, and one live take at a time on it.

Two copies of the app on one data folder would both record, both send and both "recover" each
other's work in progress. So:

* the kiosk window holds ``<data>/kiosk-window.lock`` for its whole life (:func:`claim_window`);
  a second window is refused with a clear message and the first keeps running;
* a take holds ``<data>/takes/.live-take.lock`` from before its folder is made until it is
  finished (:func:`claim_take_slot`, then :class:`LiveTakeLock` in the recorder). A take refuses
  to start while another take is live there, or while the kiosk window runs in another process
  (it owns the camera and records from it);
* looking (``outbox list``, ``preflight``, ``recover`` reporting) takes neither lock and works
  beside a running window;
* the organiser window holds ``DIR/.inbox/organiser-window.lock`` of its inbox folder
  (:func:`claim_organiser_window`): one per folder, beside any kiosk window.

Both are :class:`~kiosk.locks.FileLock`\\ s: the operating system drops them when their holder
dies (a crash, kill -9, a power cut), so a stale lock never blocks the next start.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Protocol

from kiosk import paths
from kiosk.errors import KioskError
from kiosk.fsutil import private_dir
from kiosk.locks import FileLock

WINDOW_LOCK = "kiosk-window.lock"
ORGANISER_LOCK = "organiser-window.lock"  # in an inbox folder's .inbox
LIVE_TAKE_LOCK = ".live-take.lock"
WINDOW_PATIENCE_S = 2.0  # a command looking whether a window runs holds its lock for microseconds

_guard = threading.Lock()
_slots: dict[Path, FileLock] = {}  # this process's live-take lock per takes folder (one FileLock each)
_live: set[Path] = set()  # takes folders where a recorder of this process has a take live
_window: dict[Path, FileLock] = {}  # window locks this process holds


class AlreadyRunning(KioskError):
    """Another kiosk window, or another live take, on the same data folder (exit 1)."""


def _window_path(home: Path) -> Path:
    return home / WINDOW_LOCK


class WindowClaim:
    """The held window lock (a context manager); releasing it also forgets it in this process."""

    def __init__(self, lock: FileLock) -> None:
        self.lock = lock

    def release(self) -> None:
        with _guard:
            _window.pop(self.lock.path, None)
        self.lock.release()

    def __enter__(self) -> WindowClaim:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def claim_window(home: Path | None = None) -> WindowClaim:
    """The window's lock for this data folder, held until released; ``AlreadyRunning`` when another
    window has it."""
    path = _window_path(home or paths.data_home())
    return _claim(path, AlreadyRunning(
        f"機台程式已經在執行（資料夾 {path.parent}）：請切換到已開啟的視窗；同一個資料夾只能開一個。",
        f"The kiosk is already running on this data folder ({path.parent}): switch to the window that is "
        "open; only one can run per data folder.",
    ))


def claim_organiser_window(inbox_meta: Path) -> WindowClaim:
    """The organiser window's lock for one inbox folder (``DIR/.inbox``): one window per folder,
    so two never collect into (or cut a film from) the same folder at once. It does not use the
    camera, so it may run beside a kiosk window."""
    return _claim(inbox_meta / ORGANISER_LOCK, AlreadyRunning(
        f"主辦單位視窗已經開著這個資料夾（{inbox_meta.parent}）：請切換到已開啟的視窗。",
        f"The organiser window is already open on this folder ({inbox_meta.parent}): switch to that window.",
    ))


def _claim(path: Path, refusal: AlreadyRunning) -> WindowClaim:
    lock = FileLock(path)
    deadline = time.monotonic() + WINDOW_PATIENCE_S
    while not lock.try_acquire():
        if time.monotonic() >= deadline:
            raise refusal
        time.sleep(0.05)
    with _guard:
        _window[path] = lock
    return WindowClaim(lock)


def window_running_elsewhere(home: Path) -> bool:
    """True while a kiosk window of another process runs on this data folder."""
    path = _window_path(home)
    with _guard:
        if path in _window:
            return False  # it is this process's own window
    if not path.exists():
        return False
    probe = FileLock(path)
    try:
        free = probe.try_acquire()
    except OSError:  # cannot even open the lock file (read-only folder): nobody can run a window there
        return False
    if free:
        probe.release()
    return not free


def _slot(takes: Path) -> FileLock:
    key = takes.absolute()
    with _guard:
        if key not in _slots:
            _slots[key] = FileLock(key / LIVE_TAKE_LOCK)
        return _slots[key]


def _busy() -> AlreadyRunning:
    return AlreadyRunning(
        "另一段錄影正在進行中（同一個資料夾）：請等它結束再開始新的錄影。",
        "another take is being recorded on this data folder: wait for it to finish before starting one",
    )


def claim_take_slot(takes: Path) -> None:
    """Call before a take's folder is made: refuses (``AlreadyRunning``) while another take is live
    in ``takes`` or the kiosk window of another process runs on its data folder; else holds the
    live-take lock, which the take's :class:`LiveTakeLock` then keeps until the take is finished."""
    key = takes.absolute()
    with _guard:
        if key in _live:
            raise _busy()
    if window_running_elsewhere(key.parent):
        raise AlreadyRunning(
            "機台程式視窗正在使用這個資料夾（和攝影機）：請在視窗中錄影，或先關閉視窗。",
            "the kiosk window is running on this data folder (and has the camera): record from the window, or "
            "close it first",
        )
    private_dir(key)
    if not _slot(key).try_acquire():
        raise _busy()


class _TakeLike(Protocol):
    dir: Path

    def lock(self) -> FileLock: ...


class LiveTakeLock:
    """What the recorder holds for a take's life: the data folder's live-take lock and the take's own
    lock (which recovery checks). ``try_acquire`` / ``release`` like a :class:`FileLock`."""

    def __init__(self, take: _TakeLike) -> None:
        self._takes = take.dir.parent.absolute()
        self._slot = _slot(self._takes)
        self._take_lock = take.lock()

    def try_acquire(self) -> bool:
        with _guard:
            if self._takes in _live:
                return False
        if not self._slot.try_acquire():
            return False
        if not self._take_lock.try_acquire():
            self._slot.release()
            return False
        with _guard:
            _live.add(self._takes)
        return True

    def release(self) -> None:
        self._take_lock.release()
        with _guard:
            was_live = self._takes in _live
            _live.discard(self._takes)
        if was_live:
            self._slot.release()
