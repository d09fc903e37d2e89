"""Keep the kiosk's memory flat over a day of takes (the soak, ``benchmarks/soak.py``).

A 1080p frame is a 6 MB array (3 MB in I420), made and freed dozens of times a second on the camera,
preview, recorder and playback threads. glibc's malloc hands such blocks out by ``mmap`` and gives
them back on ``free`` — until the first one is freed, when it raises its "mmap threshold" to that
size (up to 32 MB) and from then on carves frames out of its heaps, one heap per thread. Freed
frames then stay in those heaps: the process's RSS climbed by 25–40 MB a take and kept what the
busiest moment (a frame queue filling on a loaded machine) had needed. A fixed threshold keeps
frames on ``mmap`` (back to the system when freed), and two heaps instead of one per thread keep
what small blocks hold together.

Other platforms' allocators return large blocks by themselves (Windows' heap gives blocks over
512 KB their own virtual allocation; macOS likewise): there, nothing is changed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging
import platform
import sys

log = logging.getLogger(__name__)

# glibc's mallopt() parameters (malloc.h)
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
FRAME_MMAP_THRESHOLD = 1024 * 1024  # blocks this big or bigger (every frame) come from mmap, always
ARENA_MAX = 2


def keep_frames_off_the_heap() -> bool:
    """Fix glibc's mmap threshold and heap count (see the module's text). True where it applied;
    False elsewhere (another C library or platform), where nothing is needed."""
    libc = _glibc()
    if libc is None:
        return False
    try:
        return bool(libc.mallopt(M_MMAP_THRESHOLD, FRAME_MMAP_THRESHOLD)) and bool(libc.mallopt(M_ARENA_MAX, ARENA_MAX))
    except AttributeError as exc:  # no mallopt in it: the default allocator
        log.warning("could not tune the memory allocator: %s", exc)
        return False


def give_back_freed() -> bool:
    """Return the free pages inside glibc's heaps to the system, after a burst of work (a take
    finished, a package built, a mail sent). ``free`` only gives back the top of a heap; what a
    decoder, a PDF or a mail freed in the middle stayed resident: 15 MB after the first take, in
    a few milliseconds. True where it ran (glibc); elsewhere nothing to do."""
    libc = _glibc()
    if libc is None:
        return False
    try:
        libc.malloc_trim(0)
    except AttributeError:
        return False
    return True


@functools.lru_cache(maxsize=1)
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError as exc:  # no libc to load: the default allocator
        log.warning("could not load the C library to tune the memory allocator: %s", exc)
        return None
