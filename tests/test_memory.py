"""The allocator tuning behind a flat RSS over a day of takes (measured by benchmarks/soak.py)."""

from __future__ import annotations

import platform
import sys

from kiosk import memory


def test_the_allocator_is_tuned_where_glibc_runs_and_left_alone_elsewhere() -> None:
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert memory.keep_frames_off_the_heap() is glibc
    assert memory.keep_frames_off_the_heap() is glibc  # again (every kiosk window asks): still fine
