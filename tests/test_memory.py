"""The allocator tuning behind a flat RSS over a day of takes (measured by benchmarks/soak.py)."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

from kiosk import memory


def test_the_allocator_is_tuned_where_glibc_runs_and_left_alone_elsewhere() -> None:
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.keep_frames_off_the_heap() is glibc
    assert memory.keep_frames_off_the_heap() is glibc  # again (every kiosk window asks): still fine


ROOT = Path(__file__).resolve().parent.parent


def test_freed_heap_memory_goes_back_to_the_system_where_glibc_runs() -> None:
    """Blocks freed in the middle of glibc's heap stay resident until ``give_back_freed``; checked in a
    child process, whose heap holds nothing but this."""
    script = textwrap.dedent("""
        import ctypes, os, sys
        from kiosk import memory
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc.restype = ctypes.c_void_p
        libc.free.argtypes = [ctypes.c_void_p]
        def resident_mb():
            return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        blocks = [libc.malloc(4000) for _ in range(25_000)]  # ~100 MB of small blocks
        for b in blocks:
            ctypes.memset(b, 1, 4000)
        pin = libc.malloc(4000)  # the heap's top stays in use: free() alone cannot shrink it
        for b in blocks:
            libc.free(b)
        before = resident_mb()
        applied = memory.give_back_freed()
        print(applied, round(before - resident_mb()), flush=True)
    """)
    if not (sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"):
        assert memory.give_back_freed() is False
        return
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    applied, returned_mb = out.stdout.split()
    assert applied == "True"
    assert int(returned_mb) >= 80
