"""A video file played as a live camera, and a WAV or video file's sound played as a microphone.

Both decode through the bundled ffmpeg (any container, any codec, any path - Chinese characters
included) and are paced on the shared clock, so a recorded clip given as camera and mic replays
as the faithful camera + microphone pair it was.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np

from kiosk import procs
from kiosk.capture.audio import SAMPLE_RATE
from kiosk.capture.clock import MONOTONIC, Clock
from kiosk.capture.video import CameraMode
from kiosk.errors import BadInput
from kiosk.recording.media import probe_media

FILE_FPS = 30.0  # files are resampled to the kiosk's recording rate, like a camera set to 30 fps


class FileFrameSource:
    finite = True
    def __init__(self, path: Path, epoch_t0: Callable[[], float], clock: Clock = MONOTONIC) -> None:
        self.path = path
        self.description = f"file:{path.name}"
        self._epoch_t0 = epoch_t0
        self._clock = clock
        self._proc: subprocess.Popen | None = None
        self._frame_bytes = 0
        self._shape = (0, 0, 3)
        self._next = 0

    def open(self) -> CameraMode:
        info = probe_media(self.path)
        if not info.has_video:
            raise BadInput(f"檔案沒有影像軌：{self.path}", f"The file has no video track: {self.path}")
        self._shape = (info.height, info.width, 3)
        self._frame_bytes = info.width * info.height * 3
        args = [
            procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(self.path),
            "-an", "-vf", f"fps=fps={FILE_FPS:g}:start_time=0", "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1",
        ]
        self._proc = procs.spawn(args, stdout=subprocess.PIPE)
        return CameraMode(info.width, info.height, FILE_FPS, "file")

    def grab(self) -> np.ndarray | None:
        assert self._proc is not None and self._proc.stdout is not None
        t0 = self._epoch_t0()
        data = self._proc.stdout.read(self._frame_bytes)
        if len(data) < self._frame_bytes:
            return None  # the file has ended: for the recorder, like a camera unplugged
        n = self._next
        while self._clock.now() - (t0 + n / FILE_FPS) > 1.0 / FILE_FPS:  # late: skip, as a camera would
            data = self._proc.stdout.read(self._frame_bytes)
            if len(data) < self._frame_bytes:
                return None
            n += 1
        self._clock.sleep_until(t0 + n / FILE_FPS)
        self._next = n + 1
        return np.frombuffer(data, dtype=np.uint8).reshape(self._shape)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait(timeout=5)
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


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


