"""What a media file really holds, read with the bundled ffmpeg (no ffprobe is shipped)."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from kiosk import procs
from kiosk.errors import BadInput


@dataclass(frozen=True)
class MediaInfo:
    duration_s: float
    has_video: bool
    width: int
    height: int
    fps: float
    video_codec: str
    pix_fmt: str
    has_audio: bool
    audio_codec: str
    sample_rate: int
    audio_channels: int


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\d+:\d+.*?: Video: (\w+)[^,]*, (\w+)[^,]*?(?:\([^)]*\))?, (\d+)x(\d+)")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_AUDIO = re.compile(r"Stream #\d+:\d+.*?: Audio: (\w+)[^,]*, (\d+) Hz, ([^,]+)")


def probe_media(path: Path) -> MediaInfo:
    """Parse ``ffmpeg -i``'s description of ``path``. Raises ``BadInput`` if it is not media."""
    if not path.is_file():
        raise BadInput(f"找不到檔案：{path}", f"File not found: {path}")
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)], timeout=30)
    text = result.stderr.decode("utf-8", errors="replace")
    video, audio = _VIDEO.search(text), _AUDIO.search(text)
    if not video and not audio:
        raise BadInput(f"無法讀取影音檔：{path}", f"Not a readable video or audio file: {path}")
    duration = _DURATION.search(text)
    seconds = (
        int(duration.group(1)) * 3600 + int(duration.group(2)) * 60 + float(duration.group(3))
        if duration
        else 0.0
    )
    fps = 0.0
    if video:
        line = text[video.start() : text.find("\n", video.start())]
        fps_match = _FPS.search(line)
        fps = float(fps_match.group(1)) if fps_match else 0.0
    channels = 0
    if audio:
        layout = audio.group(3).strip()
        channels = {"mono": 1, "stereo": 2}.get(layout, int(layout.split()[0]) if layout[:1].isdigit() else 2)
    return MediaInfo(
        duration_s=seconds,
        has_video=bool(video),
        width=int(video.group(3)) if video else 0,
        height=int(video.group(4)) if video else 0,
        fps=fps,
        video_codec=video.group(1) if video else "",
        pix_fmt=video.group(2) if video else "",
        has_audio=bool(audio),
        audio_codec=audio.group(1) if audio else "",
        sample_rate=int(audio.group(2)) if audio else 0,
        audio_channels=channels,
    )


def mp4_is_faststart(path: Path) -> bool:
    """True when the ``moov`` index comes before the ``mdat`` media data (plays while downloading)."""
    with path.open("rb") as fh:
        while True:
            header = fh.read(8)
            if len(header) < 8:
                return False
            size, kind = struct.unpack(">I4s", header)
            if kind == b"moov":
                return True
            if kind == b"mdat":
                return False
            if size == 1:
                size = struct.unpack(">Q", fh.read(8))[0]
                fh.seek(size - 16, 1)
            elif size < 8:
                return False
            else:
                fh.seek(size - 8, 1)


def decode_errors(path: Path, timeout: float = 120) -> str:
    """Decode every frame and sample; returns ffmpeg's error output (empty when the file is clean)."""
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-i", str(path), "-f", "null", "-"],
        timeout=timeout,
    )
    errors = result.stderr.decode("utf-8", errors="replace").strip()
    return errors or ("" if result.returncode == 0 else f"ffmpeg exited {result.returncode}")
