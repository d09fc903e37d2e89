"""Phone and camera clips made here with the bundled ffmpeg, for the import tests.

Every clip shows ffmpeg's ``testsrc2`` picture with a black square in the corner that is top-left
*as displayed* (so a rotation applied the wrong way shows), three grey patches of known levels, a
full-white frame at every whole second from t = 1 s, and, when it has sound, a 40 ms 1 kHz beep at
those same instants over a faint noise bed: the demo source's flash/beep pattern, so
``kiosk.recording.avsync`` can measure A/V offset in the imported take. The kinds of file phones and cameras really write are reproduced:

- HEVC Main 10 tagged HLG (``arib-std-b67``) or PQ (``smpte2084``), BT.2020;
- a display-matrix rotation added by stream copy (``-display_rotation``), as phones store it;
- variable frame rate: presentation times jittered frame by frame (the encoder sees them as they are);
- an Apple spatial-audio track ffmpeg cannot decode, listed *before* the stereo track, plus a
  QuickTime timecode track (the AAC track's sample entry is re-labelled ``apac`` in place);
- H.264, ProRes (PCM sound), 24/25/30/50/60 fps, 4K and 1080p, portrait, no sound.

Making a clip costs real CPU (4K HEVC about 5 s per second of clip on 2 cores), so each is made
once and kept in pytest's cache directory under a name derived from its recipe.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk import procs

RECIPE_VERSION = 3  # bump when the way clips are made changes: cached clips are then made again
_QUIET = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
BEEP = "0.5*sin(2*PI*1000*t)*gte(t,1)*lt(mod(t,1),0.04)+0.003*(2*random(0)-1)"
HUM = "0.3*sin(2*PI*300*t)"  # what the spatial-audio track holds: a steady tone, no beeps
# Grey patches (as displayed: left edge as a share of the width, 8 % wide, from 80 % to 92 % of the
# height), whose levels after import show how the picture's code values were mapped (SDR kept, PQ
# tone-mapped); and the black marker in the top-left corner, an eighth of each side.
PATCH_X = (0.55, 0.65, 0.75)
PATCH_LEVELS = (0x40, 0x80, 0xBF)
MARKER = 1 / 8


@dataclass(frozen=True)
class Clip:
    """How one test clip is made. ``size`` is the picture as shown (after the display rotation)."""

    name: str
    size: tuple[int, int] = (1920, 1080)
    fps: int = 30
    seconds: float = 10.5
    video: str = "h264"  # h264 | hevc | prores
    hdr: str | None = None  # hlg | pq (HEVC 10-bit)
    sound: bool = True
    spatial_audio: bool = False  # an undecodable first audio track and a timecode track
    display_rotation: int = 0  # degrees counter-clockwise, stored in the display matrix
    jitter_ms: float = 0.0  # variable frame rate
    container: str = "mov"

    @property
    def key(self) -> str:
        text = repr((RECIPE_VERSION, sorted(asdict(self).items()), procs.ffmpeg_exe()))
        return hashlib.sha256(text.encode()).hexdigest()[:12]


def _ffmpeg(*args: str, timeout: float = 600) -> None:
    result = procs.run([procs.ffmpeg_exe(), *_QUIET, *args], timeout=timeout)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-800:]


def _picture(clip: Clip) -> str:
    width, height = clip.size
    parts = [
        f"testsrc2=size={width}x{height}:rate={clip.fps}:duration={clip.seconds}",
        f"drawbox=x=0:y=0:w=iw*{MARKER}:h=ih*{MARKER}:color=black:t=fill",
        *(f"drawbox=x=iw*{x}:y=ih*0.8:w=iw*0.08:h=ih*0.12:color=0x{level:02X}{level:02X}{level:02X}:t=fill"
          for x, level in zip(PATCH_X, PATCH_LEVELS, strict=True)),
        f"drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='gte(n,{clip.fps})*not(mod(n,{clip.fps}))'",
    ]
    # Coded turned the other way, so that the display matrix turns it upright again.
    parts += {90: ["transpose=clock"], 180: ["hflip,vflip"], 270: ["transpose=cclock"]}.get(
        clip.display_rotation % 360, [])
    if clip.jitter_ms:
        jitter = clip.jitter_ms / 1000
        parts += ["settb=1/90000", f"setpts='(N/{clip.fps}+{jitter}*sin(N*1.7))/TB'"]
    if clip.hdr:
        transfer = {"hlg": "arib-std-b67", "pq": "smpte2084"}[clip.hdr]
        parts += ["scale=out_color_matrix=bt2020:out_range=tv", "format=yuv420p10le",
                  f"setparams=color_primaries=bt2020:color_trc={transfer}:colorspace=bt2020nc:range=tv"]
    elif clip.video == "prores":  # BT.709 values, untagged, as many cameras write them
        parts += ["scale=out_color_matrix=bt709:out_range=tv", "format=yuv422p10le"]
    else:
        parts += ["scale=out_color_matrix=bt709:out_range=tv", "format=yuv420p",
                  "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"]
    return ",".join(parts)


def _video_codec(clip: Clip) -> list[str]:
    if clip.video == "hevc":
        return ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1"]
    if clip.video == "prores":
        return ["-c:v", "prores", "-profile:v", "0"]  # prores_aw: six times faster than prores_ks here
    return ["-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-g", str(clip.fps)]


def _audio_inputs(clip: Clip) -> tuple[list[str], list[str]]:
    if not clip.sound:
        return [], ["-an"]
    inputs, maps = [], []
    sources = [HUM, BEEP] if clip.spatial_audio else [BEEP]
    for number, expression in enumerate(sources, start=1):
        inputs += ["-f", "lavfi", "-i", f"aevalsrc='{expression}|{expression}':s=48000:d={clip.seconds}"]
        maps += ["-map", f"{number}:a"]
    codec = ["-c:a", "pcm_s16le"] if clip.video == "prores" else ["-c:a", "aac", "-b:a", "160k"]
    return inputs, [*maps, *codec]


def make_clip(clip: Clip, folder: Path) -> Path:
    """The clip's file in ``folder``, made now unless an identical recipe made it before."""
    target = folder / f"{clip.name}-{clip.key}.{clip.container}"
    if target.is_file():
        return target
    plain = folder / f".{clip.name}-plain.{clip.container}"
    audio_inputs, audio_args = _audio_inputs(clip)
    # The encoder keeps the jittered times only with a fine time base of its own (else it rounds to 1/fps).
    timing = (["-fps_mode", "passthrough", "-enc_time_base:v", "1/90000", "-video_track_timescale", "90000"]
              if clip.jitter_ms else [])
    timecode = ["-timecode", "01:00:00:00"] if clip.spatial_audio else []
    _ffmpeg("-f", "lavfi", "-i", _picture(clip), *audio_inputs, "-map", "0:v", *_video_codec(clip), *timing,
            *audio_args, *timecode, "-shortest", str(plain))
    if clip.display_rotation:
        rotated = folder / f".{clip.name}-rotated.{clip.container}"
        _ffmpeg("-display_rotation", str(clip.display_rotation), "-i", str(plain), "-map", "0", "-c", "copy",
                str(rotated))
        rotated.replace(plain)
    if clip.spatial_audio:
        relabel_first_audio_as_apac(plain)
    plain.replace(target)
    return target


def _moov_span(data: bytes) -> tuple[int, int]:
    position = 0
    while position + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        if size == 1:
            size = struct.unpack(">Q", data[position + 8 : position + 16])[0]
        if kind == b"moov":
            return position, position + size
        position += size
    raise ValueError("no moov box")


def relabel_first_audio_as_apac(path: Path) -> None:
    """Turn the first audio track into what an iPhone's spatial-audio track looks like to ffmpeg.

    The sample entry's format becomes ``apac`` and its ``esds`` box is renamed, so ffmpeg knows the
    codec (apple_apac) but has no decoder for it, exactly as with a real iPhone 16 clip.
    """
    data = bytearray(path.read_bytes())
    start, end = _moov_span(bytes(data))
    entry = data.find(b"mp4a", start, end)
    assert entry > 0, "no AAC sample entry to relabel"
    data[entry : entry + 4] = b"apac"
    esds = data.find(b"esds", entry, end)
    assert esds > 0, "no esds box after the sample entry"
    data[esds : esds + 4] = b"apsd"
    path.write_bytes(bytes(data))


def render_file(path: Path, frames_args: list[str]) -> None:
    """Run the bundled ffmpeg with ``frames_args`` into ``path`` (for one-off files in a test)."""
    _ffmpeg(*frames_args, str(path))


# The clips the tests import (size as displayed).
HLG_4K = Clip("iphone-hlg-4k", size=(3840, 2160), fps=30, seconds=10.4, video="hevc", hdr="hlg",
              spatial_audio=True)
PQ_ROTATED = Clip("pq-rotated", size=(1920, 1080), fps=25, seconds=10.4, video="hevc", hdr="pq",
                  display_rotation=90, container="mp4")
VFR_PHONE = Clip("android-vfr", size=(1920, 1080), fps=30, seconds=12.0, jitter_ms=9.0, container="mp4")
PRORES_24 = Clip("camera-prores-24", size=(1920, 1080), fps=24, seconds=10.4, video="prores")
MUTE_60 = Clip("no-sound-60", size=(1920, 1080), fps=60, seconds=10.4, sound=False, container="mp4")
PORTRAIT_50 = Clip("portrait-50", size=(1080, 1920), fps=50, seconds=10.4, display_rotation=270)
CODED_PORTRAIT = Clip("coded-portrait", size=(720, 1280), fps=25, seconds=10.4)
SHORT = Clip("short-8s", seconds=8.0, fps=25)
SMALL = Clip("small-720p", size=(1280, 720), fps=25, seconds=10.4)
