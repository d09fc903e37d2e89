"""The last frames handed to the video encoder, kept raw in a small ring file beside the take.

x264 holds a dozen frames or more (B-frames, frame threads, ffmpeg's own queues) before any of them
reaches the Matroska file, so a kill of the app and its encoders together (a power cut) would take
the end of the take with it, however small the file's clusters. The writer thread puts every frame
it pipes into the encoder into this ring as well; recovery takes the frames the Matroska file lacks
from here and encodes them with the same settings (``recover.py``).

The ring is written with plain file writes (no memory map: a full disk must give an error we can
catch, not a SIGBUS) and is never fsynced: it guards against the process dying, and the operating
system's page cache outlives any process. Layout: a header (``MAGIC``, width, height, slot count,
then one little-endian int64 frame index per slot, -1 while a slot is being rewritten), then
``slots`` raw I420 frames.
"""

from __future__ import annotations

import logging
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAGIC = b"IVYTAIL1"
_HEAD = struct.Struct("<8s3i")
HEADER_BYTES = 4096
# Measured here: at real time about 12 frames are in flight inside ffmpeg with superfast, up to ~27
# with an encoder that has fallen behind; one second of frames covers both.
TAIL_SLOTS = 30
_EMPTY = -1

log = logging.getLogger(__name__)


def raw_view(picture: np.ndarray | bytes) -> memoryview:
    """The bytes of a contiguous array (or bytes) for a write, without copying them."""
    view = picture.data if isinstance(picture, np.ndarray) else memoryview(picture)
    return view.cast("B")


def index_offset(slot: int) -> int:
    """Where in the header the frame index of ``slot`` is kept."""
    return _HEAD.size + 8 * slot


def i420_bytes(width: int, height: int) -> int:
    return width * height * 3 // 2


class FrameTail:
    """Writer side: ``put(index, picture)`` for every frame, in order (a full disk turns it off)."""

    def __init__(self, path: Path, width: int, height: int, slots: int = TAIL_SLOTS) -> None:
        self.path = path
        self.slots = slots
        self.frame_bytes = i420_bytes(width, height)
        self.error: str | None = None
        self._file = path.open("w+b", buffering=0)
        header = _HEAD.pack(MAGIC, width, height, slots) + struct.pack(f"<{slots}q", *[_EMPTY] * slots)
        self._file.write(header.ljust(HEADER_BYTES, b"\0"))

    def put(self, index: int, picture: np.ndarray | bytes) -> None:
        if self.error is not None:
            return
        slot = index % self.slots
        try:
            self._set_index(slot, _EMPTY)  # a kill half-way through the pixels leaves no torn frame
            self._file.seek(HEADER_BYTES + slot * self.frame_bytes)
            if self._file.write(raw_view(picture)) != self.frame_bytes:
                raise OSError("short write")
            self._set_index(slot, index)
        except OSError as exc:  # a safety net only: a full disk must not stop the take itself
            self.error = str(exc)
            log.warning("frame tail turned off: %s", exc)

    def _set_index(self, slot: int, index: int) -> None:
        self._file.seek(index_offset(slot))
        self._file.write(struct.pack("<q", index))

    def close(self) -> None:
        self._file.close()


@dataclass(frozen=True)
class TailFrames:
    """Reader side: what a ring file left by an interrupted take holds."""

    path: Path
    width: int
    height: int
    slots: int
    indices: dict[int, int]  # frame index → slot

    @property
    def frame_bytes(self) -> int:
        return i420_bytes(self.width, self.height)

    @property
    def end(self) -> int:
        """One past the last frame the encoder was given (0 when the ring is empty)."""
        return max(self.indices, default=-1) + 1

    @property
    def first(self) -> int | None:
        return min(self.indices) if self.indices else None

    def frames(self, start: int, stop: int) -> Iterator[bytes]:
        """Frames ``[start, stop)``; a frame the ring no longer holds repeats the next one it does
        (the camera-stall rule of the frame grid), so the picture stays on time with the sound."""
        held = sorted(i for i in self.indices if start <= i < stop)
        if not held:
            raise ValueError(f"the frame tail holds none of frames {start}–{stop - 1}")
        with self.path.open("rb") as fh:
            for index in range(start, stop):
                source = index if index in self.indices else next((i for i in held if i > index), held[-1])
                fh.seek(HEADER_BYTES + self.indices[source] * self.frame_bytes)
                yield fh.read(self.frame_bytes)


def read_tail(path: Path) -> TailFrames | None:
    """The ring left in ``path``, or None when there is none or it is not one of ours."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_BYTES)
            size = path.stat().st_size
    except OSError:
        return None
    if len(head) < _HEAD.size:
        return None
    magic, width, height, slots = _HEAD.unpack_from(head)
    if magic != MAGIC or width <= 0 or height <= 0 or not 0 < slots <= (HEADER_BYTES - _HEAD.size) // 8:
        return None
    frame_bytes = i420_bytes(width, height)
    stored = struct.unpack_from(f"<{slots}q", head, _HEAD.size)
    indices = {
        index: slot for slot, index in enumerate(stored)
        if index >= 0 and index % slots == slot and size >= HEADER_BYTES + (slot + 1) * frame_bytes
    }
    return TailFrames(path, width, height, slots, indices)
