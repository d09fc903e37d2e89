"""A video file played as a live camera, and a WAV or video file's sound played as a microphone.

Both decode through the bundled ffmpeg (any container, any codec, any path - Chinese characters
included) and are paced on the shared clock, so a recorded clip given as camera and mic replays
as the faithful camera + microphone pair it was.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import cast

import numpy as np

from kiosk import procs
from kiosk.capture.audio import SAMPLE_RATE
from kiosk.capture.clock import MONOTONIC, Clock
from kiosk.capture.video import CameraMode
from kiosk.errors import BadInput
from kiosk.organiser import VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH
from kiosk.recording.media import probe_media

FILE_FPS = 30.0  # files are resampled to the kiosk's recording rate, like a camera set to 30 fps


class FileFrameSource:
    """A video file as a live camera: decoded by ffmpeg straight into I420, the encoder's own format
    (no colour conversion on either side of the app), scaled down to 1080p when larger, paced on the
    shared clock."""

    finite = True

    def __init__(self, path: Path, epoch_t0: Callable[[], float], clock: Clock = MONOTONIC) -> None:
        self.path = path
        self.description = f"file:{path.name}"
        self._epoch_t0 = epoch_t0
        self._clock = clock
        self._proc: subprocess.Popen | None = None
        self._shape = (0, 0)
        self._next = 0
        self._first: np.ndarray | None = None

    def open(self) -> CameraMode:
        info = probe_media(self.path)
        if not info.has_video:
            raise BadInput(f"檔案沒有影像軌：{self.path}", f"The file has no video track: {self.path}")
        width, height = _delivered_size(info.width, info.height)
        self._shape = (height * 3 // 2, width)
        filters = f"fps=fps={FILE_FPS:g}:start_time=0"
        if (width, height) != (info.width, info.height):
            filters += f",scale={width}:{height}:flags=area"
        args = [
            procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(self.path),
            "-an", "-vf", filters, "-f", "rawvideo", "-pix_fmt", "yuv420p", "pipe:1",
        ]
        self._proc = procs.spawn(args, stdout=subprocess.PIPE)
        # The decoder's start-up (seconds on a busy laptop) is not part of the clip's time line:
        # once the first frame is here, the clock starts and frames follow at 30 fps.
        self._first = self._read()
        return CameraMode(width, height, FILE_FPS, "file")

    def _read(self) -> np.ndarray | None:
        """The next decoded frame, read straight into its array (no intermediate bytes)."""
        assert self._proc is not None and self._proc.stdout is not None
        frame = np.empty(self._shape, np.uint8)
        view = frame.data.cast("B")
        pipe = cast(io.BufferedIOBase, self._proc.stdout)
        got = 0
        while got < len(view):
            count = pipe.readinto(view[got:])
            if not count:
                return None  # the file has ended: for the recorder, like a camera unplugged
            got += count
        return frame

    def grab(self) -> np.ndarray | None:
        t0 = self._epoch_t0()
        frame, self._first = (self._first, None) if self._first is not None else (self._read(), None)
        n = self._next
        while frame is not None and self._clock.now() - (t0 + n / FILE_FPS) > 1.0 / FILE_FPS:
            frame = self._read()  # late: skip, as a camera would
            n += 1
        if frame is None:
            return None
        self._clock.sleep_until(t0 + n / FILE_FPS)
        self._next = n + 1
        return frame

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(timeout=5)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


def _delivered_size(width: int, height: int) -> tuple[int, int]:
    """Larger than 1080p: scaled to 1920×1080 by the decoder (as the recorder always did); never up."""
    if width > VIDEO_MIN_WIDTH or height > VIDEO_MIN_HEIGHT:
        return VIDEO_MIN_WIDTH, VIDEO_MIN_HEIGHT
    return width - width % 2, height - height % 2  # I420 has whole chroma pixels


def decode_audio(path: Path) -> np.ndarray:
    """The whole sound track of ``path`` as mono float32 at 48 kHz (takes are ≤ 15 s: small)."""
    info = probe_media(path)
    if not info.has_audio:
        raise BadInput(f"檔案沒有聲音軌：{path}", f"The file has no audio track: {path}")
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), "-vn",
         "-af", f"aresample={SAMPLE_RATE}:async=1:first_pts=0", "-ac", "1", "-f", "f32le", "pipe:1"],
        timeout=120,
    )
    if result.returncode != 0:
        raise BadInput(f"無法讀取聲音：{path}", f"Cannot decode the sound of {path}")
    return np.frombuffer(result.stdout, dtype=np.float32)


def looped_samples(track: np.ndarray) -> Callable[[int, int], np.ndarray]:
    """Serve ``track`` then silence, as a microphone keeps delivering after the file ends."""

    def samples(start: int, count: int) -> np.ndarray:
        out = np.zeros(count, dtype=np.float32)
        piece = track[start : start + count]
        out[: len(piece)] = piece
        return out

    return samples


