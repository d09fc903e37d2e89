"""What an Import screen shows before converting: a preview still, the trim bar's thumbnails and waveform.

Pictures go through the very filter graph the conversion uses (``kiosk.importing.picture``), so the
preview of an HDR clip is already tone-mapped and a portrait clip shows its bars or its fill.
Each call is one short ffmpeg run (a seek and one frame, or the sound decoded to 8 kHz mono); a
GUI runs them in a worker. Pictures come back as BGR ``uint8`` arrays (height × width × 3).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kiosk import procs
from kiosk.errors import KioskError
from kiosk.importing.convert import SEEK_EARLY_S, CancelToken, ImportCancelled
from kiosk.importing.picture import frame_for, picture_graph
from kiosk.importing.probe import ClipInfo
from kiosk.organiser import VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH

WAVEFORM_RATE = 8000
_TIMEOUT_S = 60


def _frame_at(info: ClipInfo, t_s: float, width: int, height: int, fill: bool) -> np.ndarray:
    frame = frame_for(info, width, height)
    graph = picture_graph(info, frame, fill=fill, source=f"0:{info.video.index}", out="still", fps=None)
    seek = min(max(0.0, t_s), max(0.0, info.duration_s - 0.05))
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
         "-ss", f"{max(0.0, seek - SEEK_EARLY_S):.6f}",
         "-i", str(info.path), "-filter_complex", graph, "-map", "[still]", "-frames:v", "1",
         "-f", "rawvideo", "-pix_fmt", "bgr24", "pipe:1"],
        timeout=_TIMEOUT_S,
    )
    expected = width * height * 3
    if len(result.stdout) < expected:
        reason = result.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["no picture"]
        raise KioskError(f"無法讀取 {seek:.2f} 秒處的畫面", f"No picture at {seek:.2f} s: {reason[0]}")
    return np.frombuffer(result.stdout[:expected], dtype=np.uint8).reshape(height, width, 3)


def preview_still(info: ClipInfo, t_s: float, *, fill: bool = False,
                  width: int = VIDEO_MIN_WIDTH, height: int = VIDEO_MIN_HEIGHT) -> np.ndarray:
    """The take's picture at ``t_s`` seconds into the clip, as the conversion will make it."""
    return _frame_at(info, t_s, width, height, fill)


def thumbnails(info: ClipInfo, times: Sequence[float], *, width: int = 192, height: int = 108,
               fill: bool = False, cancel: CancelToken | None = None) -> list[np.ndarray]:
    """One small picture for each time in ``times`` (seconds into the clip), for the trim bar."""
    pictures = []
    for t_s in times:
        if cancel is not None and cancel.cancelled:
            raise ImportCancelled()
        pictures.append(_frame_at(info, t_s, width, height, fill))
    return pictures


def waveform(info: ClipInfo, buckets: int = 600) -> np.ndarray:
    """The loudest sample (0..1) of each of ``buckets`` equal parts of the clip; empty without sound."""
    track = info.audio_track
    if track is None or buckets <= 0:
        return np.zeros(0, dtype=np.float32)
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(info.path),
         "-map", f"0:{track.index}", "-ac", "1", "-ar", str(WAVEFORM_RATE), "-f", "f32le", "pipe:1"],
        timeout=_TIMEOUT_S * 4,
    )
    samples = np.abs(np.frombuffer(result.stdout[: len(result.stdout) // 4 * 4], dtype="<f4"))
    total = max(len(samples), round(info.duration_s * WAVEFORM_RATE), 1)
    padded = np.zeros(-(-total // buckets) * buckets, dtype=np.float32)
    padded[: len(samples)] = samples
    return np.clip(padded.reshape(buckets, -1).max(axis=1), 0.0, 1.0)
