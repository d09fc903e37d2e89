"""The one place that starts child processes.

Every child gets: an argument list (never a shell string), a hidden console window on Windows,
a cleaned *copy* of the environment, and stderr written to a log file, because an unread pipe
fills up and deadlocks the child.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import IO

_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)
# Variables that would make a bundled ffmpeg or a child Python pick up the wrong libraries.
_ENV_DROP = ("LD_PRELOAD", "PYTHONSTARTUP", "QT_PLUGIN_PATH", "QT_QPA_PLATFORM_PLUGIN_PATH")


# The argument that makes the kiosk's own program draw one consent PDF and end (kiosk.package.pdf_process);
# read before the command line is parsed, like multiprocessing's "--multiprocessing-fork".
PDF_WORKER_FLAG = "--consent-pdf-worker"


def own_command() -> list[str]:
    """How to start the kiosk's own program as a child: the frozen app itself, or this Python with
    the ``kiosk`` package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]


def ffmpeg_exe() -> str:
    """The ffmpeg shipped inside the imageio-ffmpeg wheel (also bundled into the frozen app)."""
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
    if extra:
        env.update(extra)
    return env


def _platform_kwargs(new_group: bool) -> dict:
    if sys.platform == "win32":
        flags = _NO_WINDOW | (subprocess.CREATE_NEW_PROCESS_GROUP if new_group else 0)
        return {"creationflags": flags}
    return {"start_new_session": new_group}


def spawn(
    args: list[str],
    *,
    log_path: Path | None = None,
    stdin: int | IO | None = None,
    stdout: int | IO | None = subprocess.DEVNULL,
    new_group: bool = False,
    env: dict[str, str] | None = None,
) -> subprocess.Popen:
    """Start ``args`` in the background; stderr goes to ``log_path`` (appended) or nowhere."""
    log: IO[bytes] | int = log_path.open("ab") if log_path is not None else subprocess.DEVNULL
    try:
        return subprocess.Popen(
            [str(a) for a in args],
            stdin=stdin if stdin is not None else subprocess.DEVNULL,
            stdout=stdout,
            stderr=log,
            env=env or child_environment(),
            **_platform_kwargs(new_group),
        )
    finally:
        if not isinstance(log, int):
            log.close()  # the child holds its own handle


def run(
    args: list[str],
    *,
    timeout: float,
    input_bytes: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    """Run to completion and capture stdout and stderr (both read, so no deadlock)."""
    return subprocess.run(
        [str(a) for a in args],
        input=input_bytes,
        stdin=None if input_bytes is not None else subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        env=env or child_environment(),
        check=False,
        **_platform_kwargs(False),
    )
