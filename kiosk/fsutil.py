"""Durable, private file writes: after a crash a file is either the old one or the whole new one, a
failed write leaves no temporary file behind, and what is written is readable by its user only.

Personal data (consent PDF, manifest, mails, settings, logs) lives in the data folder: files are
created 0600 and folders 0700 on macOS and Linux whatever the umask (``private_dir``,
``write_bytes_atomic``, ``open_private``); :func:`make_private` fixes what an older version or a
child process (ffmpeg) left more open. Windows has no such modes: the data folder's place in the
user's profile (``%LOCALAPPDATA%``) is what keeps it theirs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path
from typing import Any

_RENAME_ATTEMPTS = 5
FILE_MODE = 0o600
DIR_MODE = 0o700
POSIX = sys.platform != "win32"


def private_dir(path: Path) -> Path:
    """``path`` (and missing parents) as a folder only its user can open; an existing one is tightened."""
    if not path.is_dir():
        missing = [p for p in (path, *path.parents) if not p.exists()]
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if POSIX:  # mkdir's mode passes through the umask: set it exactly
            for created in missing:
                created.chmod(DIR_MODE)
    elif POSIX and (path.stat().st_mode & 0o777) != DIR_MODE:
        with contextlib.suppress(OSError):  # not ours to change (another owner): use it as it is
            path.chmod(DIR_MODE)
    return path


def on_read_only_file_system(path: Path) -> bool:
    """True when ``path`` is on a file system mounted read-only (POSIX; False where unknown)."""
    statvfs = getattr(os, "statvfs", None)
    if statvfs is None:
        return False
    try:
        return bool(statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC) -> int:
    """A file descriptor on ``path``, the file created 0600 (exactly, whatever the umask)."""
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), FILE_MODE)
    if POSIX:
        try:
            os.fchmod(fd, FILE_MODE)
        except OSError:
            os.close(fd)
            raise
    return fd


def make_private(root: Path) -> int:
    """Tighten every folder under ``root`` to 0700 and every file to 0600 (POSIX); how many changed.

    Symbolic links are not followed (a link to elsewhere is not ours to change)."""
    if not POSIX or not root.is_dir():
        return 0
    changed = 0
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        for path, mode in [(here, DIR_MODE)] + [(here / name, FILE_MODE) for name in files]:
            try:
                if not path.is_symlink() and (path.lstat().st_mode & 0o777) != mode:
                    path.chmod(mode)
                    changed += 1
            except OSError:  # vanished meanwhile, or not ours: never worth failing a start for
                continue
        dirs[:] = [name for name in dirs if not (here / name).is_symlink()]
    return changed


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` survive a power cut (POSIX; Windows has no directory handles)."""
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_with_retry(source: Path, target: Path) -> None:
    """One atomic rename; on Windows a virus scanner may hold a new file for a moment, so retry."""
    for attempt in range(_RENAME_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == _RENAME_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """fsync, atomic rename, directory fsync; a unique temporary name so two writers never collide.

    The file is private (0600). When anything fails (a full disk, most often) the temporary file
    is removed before the error goes on: a failed write never keeps the disk full."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        with os.fdopen(open_private(tmp), "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        replace_with_retry(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` to a new private file ``target``, fsynced; a failed copy leaves no ``target``."""
    try:
        with source.open("rb") as src, os.fdopen(open_private(target), "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise


def write_json_atomic(path: Path, payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=False)
    write_bytes_atomic(path, (text + "\n").encode("utf-8"))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
