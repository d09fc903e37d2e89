"""Where an import is built, so that a kill at any moment leaves no half take that looks whole.

An import is made as an ordinary take folder (``Take.create``) under ``<data>/importing/``, outside
``<data>/takes/``, so nothing that lists, recovers, packages or sends takes can see it. Its ``.lock``
is held while it is built. Only when the video is verified, the stills and photos are in place and
``take.json`` says ``done`` is the folder moved into ``<data>/takes/`` - one rename on the same disk.

``settle_interrupted_imports()`` runs from ``kiosk.recording.recover.recover_all`` (so at every
start of the kiosk, before ``record``/``import``, and in ``ivy-kiosk recover``): a staging folder
whose lock nobody holds is either finished (killed between ``done`` and the rename: it is moved into
place) or half built (it is deleted; the clip it came from is untouched).
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.errors import KioskError
from kiosk.fsutil import fsync_dir, replace_with_retry
from kiosk.locks import FileLock
from kiosk.recording.take import LOCK_FILE, DamagedTake, Take, TakeState, takes_root

STAGING_DIR = "importing"
WRITER_GRACE_S = 10.0  # an ffmpeg that outlived a killed import may still be writing: leave it that long

log = logging.getLogger(__name__)


def staging_root() -> Path:
    return paths.data_dir(STAGING_DIR)


class Staged:
    """A take being built in the staging area, with its lock held."""

    def __init__(self, take: Take, lock: FileLock) -> None:
        self.take = take
        self._lock = lock

    @classmethod
    def begin(cls, **meta: Any) -> Staged:
        take = Take.create(root=staging_root(), **meta)
        lock = take.lock()
        if not lock.try_acquire():  # a folder made a moment ago: nobody else can hold it
            raise KioskError("無法鎖定匯入暫存資料夾", f"could not lock the import's staging folder {take.dir}")
        return cls(take, lock)

    def place(self) -> Take:
        """Move the finished take into ``<data>/takes/`` and return it from there."""
        self._lock.release()  # Windows cannot rename a folder while a file inside it is open
        final = takes_root() / self.take.id
        fsync_dir(self.take.dir)
        replace_with_retry(self.take.dir, final)
        fsync_dir(final.parent)
        return Take.load(final)

    def abandon(self) -> None:
        """Delete everything built so far (a cancelled or failed import)."""
        self._lock.release()
        shutil.rmtree(self.take.dir, ignore_errors=True)


def _newest_write(folder: Path) -> float:
    return max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=folder.stat().st_mtime)


def settle_interrupted_imports(now: float | None = None) -> list[dict]:
    """Finish or remove what interrupted imports left; returns a report for each take placed."""
    root = paths.data_home() / STAGING_DIR
    if not root.is_dir():
        return []
    now = time.time() if now is None else now
    placed = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir():
            continue
        lock = FileLock(folder / LOCK_FILE)
        if not lock.try_acquire():
            continue  # an import running right now
        try:
            if now - _newest_write(folder) < WRITER_GRACE_S:
                continue
            take = _finished_take(folder)
        finally:
            lock.release()
        if take is None:
            log.info("removing a half-built import: %s", folder)
            shutil.rmtree(folder, ignore_errors=True)
            continue
        try:
            placed.append(_place_finished(take))
        except OSError as exc:  # left where it is, whole: the next recovery tries again
            log.warning("a finished import could not be moved into place: %s (%s)", folder, exc)
    return placed


def _finished_take(folder: Path) -> Take | None:
    try:
        take = Take.load(folder)
    except (OSError, DamagedTake):
        return None
    video = take.video_path
    return take if take.state == TakeState.DONE and video is not None and video.is_file() else None


def _place_finished(take: Take) -> dict:
    final = takes_root() / take.id
    replace_with_retry(take.dir, final)
    fsync_dir(final.parent)
    log.info("an import finished before the interruption was moved into place: %s", final)
    return {"take": take.id, "dir": str(final), "state": "salvaged", "duration_s": take.meta.get("duration_s"),
            "error": None}
