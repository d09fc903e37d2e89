"""ffmpeg command lines for a take, and the choice of H.264 encoder.

Arguments are built with ffmpeg-python (``compile()`` only); the process itself is started by
``kiosk.procs``. Frames reach ffmpeg as raw YUV 4:2:0 on stdin: converting in the app halves the
bytes through the pipe and is cheaper than ffmpeg's own BGR conversion.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from kiosk import paths, procs
from kiosk.config import RecordingSettings
from kiosk.fsutil import write_bytes_atomic

AUDIO_RATE = 48_000
GOP_FRAMES = 60  # a key frame every 2 s: cheap seeking for the editor, small enough files
ADAPTIVE_PRESETS = ("superfast", "ultrafast")  # best picture first
SPEED_BAR = 1.5  # × real time, alone, so a take keeps up beside capture and preview

# Hardware encoders worth a start-up probe, per platform, with options that give a capped VBR.
_HARDWARE = {
    "win32": ("h264_nvenc", "h264_qsv", "h264_amf"),
    "darwin": ("h264_videotoolbox",),
    "linux": ("h264_nvenc", "h264_qsv"),
}


@dataclass(frozen=True)
class VideoFormat:
    width: int
    height: int
    fps: int


def _rate_options(encoder: str, settings: RecordingSettings) -> dict[str, object]:
    """Quality target with a ceiling: CRF alone has none (71 MB in 15 s on noisy content)."""
    cap = {"maxrate": f"{settings.maxrate_kbps}k", "bufsize": f"{settings.maxrate_kbps * 2}k"}
    if encoder == "libx264":
        return {"preset": choose_preset(settings), "crf": settings.crf, **cap}
    if encoder == "h264_nvenc":
        return {"preset": "p4", "rc": "vbr", "cq": settings.crf, **cap}
    if encoder == "h264_qsv":
        return {"global_quality": settings.crf, "look_ahead": 0, **cap}
    if encoder == "h264_amf":
        return {"quality": "speed", "rc": "vbr_peak", "b:v": f"{settings.maxrate_kbps * 4 // 5}k", **cap}
    return {"b:v": f"{settings.maxrate_kbps * 4 // 5}k", **cap}  # videotoolbox and others


def h264_options(encoder: str, settings: RecordingSettings) -> dict[str, object]:
    """Every take's video, recorded or imported: codec, 4:2:0, GOP and the capped rate (ffmpeg keys)."""
    return {"vcodec": encoder, "pix_fmt": "yuv420p", "g": GOP_FRAMES, **_rate_options(encoder, settings)}


def aac_options(settings: RecordingSettings) -> dict[str, object]:
    """Every take's sound, recorded or imported: AAC at the configured rate, 48 kHz stereo (ffmpeg keys)."""
    return {"acodec": "aac", "b:a": f"{settings.audio_kbps}k", "ar": AUDIO_RATE, "ac": 2}


def _with_globals(args: list[str]) -> list[str]:
    return [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", *args[1:]]


def encode_args(out: Path, fmt: VideoFormat, encoder: str, settings: RecordingSettings) -> list[str]:
    """Raw I420 frames on stdin → H.264 in a Matroska file that stays readable if we are killed."""
    stream = ffmpeg.input(
        "pipe:", format="rawvideo", pix_fmt="yuv420p", s=f"{fmt.width}x{fmt.height}", framerate=fmt.fps
    ).output(
        str(out),
        format="matroska",
        flush_packets=1,  # each packet reaches the disk at once
        cluster_size_limit=1,  # a cluster per frame: a killed muxer holds back at most one (tail.py has the rest)
        **h264_options(encoder, settings),
    )
    return _with_globals(stream.compile(cmd="ffmpeg", overwrite_output=True))


def audio_encode_args(out: Path, settings: RecordingSettings, source: Path | None = None) -> list[str]:
    """Mono float samples on stdin (or from the raw file ``source``) → AAC in Matroska, encoded while
    the take runs.

    Encoding as we go keeps the stop → MP4 time short (AAC for 15 s costs ~0.5 s), and Matroska,
    unlike raw ADTS, records the encoder's priming delay, so the sound stays sample-aligned.
    """
    stream = ffmpeg.input(str(source) if source else "pipe:", format="f32le", ar=AUDIO_RATE, ac=1).output(
        str(out), format="matroska", flush_packets=1, **aac_options(settings),
    )
    return _with_globals(stream.compile(cmd="ffmpeg", overwrite_output=True))


def mux_args(video: Path, audio: Path | None, out: Path, duration_s: float, audio_shift_s: float = 0.0) -> list[str]:
    """Both streams copied as they are into MP4, index at the front (``+faststart``).

    ``audio_shift_s`` moves the sound against the picture (the frame grid's start correction).
    """
    streams = [ffmpeg.input(str(video)).video]
    if audio is not None:
        audio_options = {"itsoffset": f"{audio_shift_s:.6f}"} if abs(audio_shift_s) >= 0.0005 else {}
        streams.append(ffmpeg.input(str(audio), **audio_options).audio)
    output = ffmpeg.output(*streams, str(out), c="copy", t=f"{duration_s:.6f}", movflags="+faststart", format="mp4")
    return _with_globals(output.compile(cmd="ffmpeg", overwrite_output=True))


def _probe_encoder(encoder: str, settings: RecordingSettings) -> bool:
    """Does ``encoder`` really encode 1080p here? (Listed is not working: no GPU, no driver.)"""
    args = [
        procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-frames:v", "15",
        "-c:v", encoder, *flatten(_rate_options(encoder, settings)), "-f", "null", "-",
    ]
    try:
        return procs.run(args, timeout=20).returncode == 0
    except Exception:  # a hanging or crashing driver is simply "not usable"
        return False


def flatten(options: dict[str, object]) -> list[str]:
    """``{"g": 60}`` → ``["-g", "60"]``: options for a command line built by hand."""
    return [item for key, value in options.items() for item in (f"-{key}", str(value))]


def _probe_cache() -> Path:
    return paths.data_home() / "encoder-probe.json"


def _cached(key: str) -> object | None:
    """A probe result for this very ffmpeg binary, or None."""
    try:
        cached = json.loads(_probe_cache().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return cached.get(key) if cached.get("ffmpeg") == procs.ffmpeg_exe() else None


def _remember(key: str, value: object) -> None:
    try:
        cached = json.loads(_probe_cache().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    if cached.get("ffmpeg") != procs.ffmpeg_exe():
        cached = {"ffmpeg": procs.ffmpeg_exe()}
    cached[key] = value
    with contextlib.suppress(OSError):  # a cache is never worth failing for (a full disk: probe again next time)
        write_bytes_atomic(_probe_cache(), json.dumps(cached).encode("utf-8"))


def choose_preset(settings: RecordingSettings) -> str:
    """The x264 preset: as configured, or for "auto" the best one this machine runs ≥ 1.5× real time.

    A take must keep up at 30 fps while the app also captures and previews; ``superfast`` does on
    most laptops, ``ultrafast`` (about half the CPU, coarser at the same bit rate) on slow ones.
    Measured once per machine and ffmpeg, then cached.
    """
    if settings.preset != "auto":
        return settings.preset
    cached = _cached("x264_preset")
    if isinstance(cached, str):
        return cached
    from kiosk.recording.speed import encode_speed

    chosen = ADAPTIVE_PRESETS[-1]
    scratch = paths.data_home() / "preset-probe.mkv"
    for preset in ADAPTIVE_PRESETS[:-1]:
        trial = dataclasses.replace(settings, preset=preset)
        args = encode_args(scratch, VideoFormat(1920, 1080, 30), "libx264", trial)
        speed = encode_speed(args, paths.data_home() / "preset-probe.log", give_up_below=SPEED_BAR)
        if speed.returncode == 0 and speed.factor >= SPEED_BAR:
            chosen = preset
            break
    scratch.unlink(missing_ok=True)
    _remember("x264_preset", chosen)
    return chosen


def probe_hardware_encoders(settings: RecordingSettings, *, use_cache: bool = True) -> list[str]:
    """Hardware H.264 encoders that work on this machine, cached per ffmpeg binary."""
    cached = _cached("working") if use_cache else None
    if isinstance(cached, list):
        return cached
    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    working = [name for name in _HARDWARE.get(platform, ()) if _probe_encoder(name, settings)]
    _remember("working", working)
    return working


def choose_encoder(settings: RecordingSettings) -> str:
    """``settings.encoder`` unless it is "auto": then the first working hardware encoder, else libx264."""
    if settings.encoder != "auto":
        return settings.encoder
    working = probe_hardware_encoders(settings)
    return working[0] if working else "libx264"
