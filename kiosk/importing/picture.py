"""How a clip's picture becomes a take's picture: ffmpeg filter graphs, as text.

The same graph serves the conversion, the preview still and the trim bar's thumbnails, so what the
operator previews is what the take will hold. In order:

1. ``fps=30`` first (variable or higher frame rates become the take's constant 30 before any costly
   step; frames are placed by their presentation time, so the clip's sync is kept);
2. scale to the size the picture takes in the frame (ffmpeg has already turned it upright from its
   display matrix), never larger than the clip itself and never stretched;
3. HDR (HLG or PQ) tone-mapped to SDR BT.709 *after* scaling (DESIGN.md measured 4K → 1080p
   first at 42 CPU s for 15 s, against 71 CPU s tone-mapping at 4K); SDR converted to the BT.709 matrix, limited range;
4. bars where the picture is narrower than the frame: black, or with ``fill`` the picture itself,
   blurred, behind it (the only way a portrait clip becomes a take); then tagged BT.709.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.importing.probe import ClipInfo
from kiosk.organiser import VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH

TAKE_FPS = 30
TONE_MAP = ("zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,tonemap=hable:desat=0,"
            "zscale=t=bt709:m=bt709:r=tv,format=yuv420p")
SDR_TO_BT709 = "out_color_matrix=bt709:out_range=tv"
BT709_TAGS = "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"
_BLUR_SIZE = (384, 216)  # the fill is blurred small, then enlarged: cheap and smooth
_BLUR = "boxblur=luma_radius=10:luma_power=2,eq=brightness=-0.06:saturation=0.85"


@dataclass(frozen=True)
class Frame:
    """The output frame and where the clip's picture sits in it."""

    width: int
    height: int
    picture_width: int
    picture_height: int

    @property
    def has_bars(self) -> bool:
        return (self.picture_width, self.picture_height) != (self.width, self.height)


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def frame_for(info: ClipInfo, width: int = VIDEO_MIN_WIDTH, height: int = VIDEO_MIN_HEIGHT) -> Frame:
    """The clip's picture fitted inside ``width``×``height``, its shape kept (pad, never stretch)."""
    scale = min(width / info.width, height / info.height)
    picture_width = min(width, _even(info.width * scale))
    picture_height = min(height, _even(info.height * scale))
    return Frame(width, height, picture_width, picture_height)


def upscale_factor(info: ClipInfo) -> float:
    """How much the clip would be enlarged to fill a 1920×1080 take (above 1: it is too small)."""
    return min(VIDEO_MIN_WIDTH / info.width, VIDEO_MIN_HEIGHT / info.height)


def _sdr_matrix(info: ClipInfo) -> str:
    """The clip's YUV matrix as its tags say; untagged HD is BT.709 (as players assume), not BT.601
    (swscale's own default for an untagged picture)."""
    if info.video.color_space:
        return "auto"
    return "bt709" if max(info.video.coded_width, info.video.coded_height) >= 1280 else "bt601"


def picture_graph(info: ClipInfo, frame: Frame, *, fill: bool, source: str, out: str,
                  fps: int | None = TAKE_FPS, frames: int | None = None) -> str:
    """A filter graph from the clip's video ``[source]`` to ``[out]``: upright, fitted, SDR BT.709."""
    steps = []
    if fps is not None:
        steps.append(f"fps=fps={fps}:start_time=0")
        if frames is not None:
            steps.append(f"trim=end_frame={frames}")
    size = f"{frame.picture_width}:{frame.picture_height}"
    if info.hdr:
        steps += [f"scale={size}:flags=bicubic", TONE_MAP]
    else:
        steps += [f"scale={size}:flags=bicubic:in_color_matrix={_sdr_matrix(info)}:{SDR_TO_BT709}", "format=yuv420p"]
    steps.append("setsar=1")
    picture = ",".join(steps)
    tags = f"{BT709_TAGS},format=yuv420p"
    if not frame.has_bars:
        return f"[{source}]{picture},{tags}[{out}]"
    if not fill:
        bars = f"pad={frame.width}:{frame.height}:(ow-iw)/2:(oh-ih)/2:color=black"
        return f"[{source}]{picture},{bars},{tags}[{out}]"
    blur_w, blur_h = _BLUR_SIZE
    return (
        f"[{source}]{picture},split=2[{out}_fg][{out}_bgsrc];"
        f"[{out}_bgsrc]scale={blur_w}:{blur_h}:force_original_aspect_ratio=increase,crop={blur_w}:{blur_h},"
        f"{_BLUR},scale={frame.width}:{frame.height}:flags=bilinear[{out}_bg];"
        f"[{out}_bg][{out}_fg]overlay=(W-w)/2:(H-h)/2,{tags}[{out}]"
    )


def sound_graph(source: str, out: str, *, seconds: float, rate: int, fade_s: float) -> str:
    """The clip's sound from ``[source]``: resampled, started at the picture's first frame (silence
    where the clip's sound starts late or ends early), cut to the take's exact length, with short
    fades so the cut does not click."""
    samples = round(seconds * rate)
    return (
        f"[{source}]aresample={rate}:async=1:first_pts=0,apad,atrim=end_sample={samples},"
        f"afade=t=in:d={fade_s},afade=t=out:st={seconds - fade_s:.6f}:d={fade_s},"
        f"aformat=sample_rates={rate}:channel_layouts=stereo[{out}]"
    )
