"""Is an encoder a crashed app left behind still running? (psutil: the same answer on every platform.)

A process is named by its id *and* its start time, so an id the system handed on to an unrelated
program days later is never taken for our encoder.
"""

from __future__ import annotations

import psutil


def identity(pid: int) -> dict[str, float | int]:
    """What take.json keeps about a child process: ``{"pid", "started"}``."""
    try:
        started = psutil.Process(pid).create_time()
    except psutil.Error:
        started = 0.0
    return {"pid": pid, "started": started}


def is_running(entry: object) -> bool:
    """True while the process ``entry`` (from ``identity``) is alive and not a zombie."""
    if not isinstance(entry, dict) or not isinstance(entry.get("pid"), int):
        return False
    try:
        process = psutil.Process(entry["pid"])
        if abs(process.create_time() - float(entry.get("started") or 0.0)) > 1.0:
            return False  # the id now belongs to another program
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False
