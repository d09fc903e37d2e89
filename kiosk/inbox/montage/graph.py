"""The film's pieces as ffmpeg arguments: cards, clip bodies, cross-fades, the audio.

The picture is cut into pieces that partition the film's frames: each clip's *body* (its frames
outside the cross-fades), each *cross-fade* (the last frames of one part blended with the first of
the next), and the two cards. Each piece is encoded once with the same x264 settings to MPEG-TS,
so the film is their concatenation without re-encoding, every frame is encoded exactly once, and
a changed clip costs only its own body and its two cross-fades.

Every clip goes through the same chain: timestamps from zero, 30 fps, scaled and padded to
1920×1080 (never stretched), the lower-third with the county name in the bundled font.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk import organiser, paths
from kiosk.inbox.montage.ffmpeg import filter_value
from kiosk.inbox.montage.plan import MontageSettings

BOLD_FONT = "fonts/NotoSansTC-Bold.otf"
REGULAR_FONT = "fonts/NotoSansTC-Regular.otf"
LAYOUT_VERSION = 1  # bump when the look changes: cached pieces are then made again
_CARD_COLOUR = "0x0B2E59"
_BAND_COLOUR = "0x0B1F3A@0.62"
_ACCENT_COLOUR = "0xF2A900"


@dataclass(frozen=True)
class TextLine:
    text: str
    size: int  # pixels at 1080 lines
    y: int  # top, pixels at 1080 lines
    bold: bool = False


def _font(bold: bool) -> str:
    return paths.resource(BOLD_FONT if bold else REGULAR_FONT).as_posix()


def _drawtext(line: TextLine, x: str, scale: float) -> str:
    return (f"drawtext=fontfile={filter_value(_font(line.bold))}:text={filter_value(line.text)}:expansion=none"
            f":fontsize={round(line.size * scale)}:fontcolor=white:x={x}:y={round(line.y * scale)}")


def opening_lines(count: int) -> tuple[TextLine, ...]:
    return (TextLine("臺灣響應國際志工年", 92, 300, True), TextLine("IVY 2026", 150, 420, True),
            TextLine("International Volunteer Year 2026 · Taiwan", 46, 640),
            TextLine(f"{count} 縣市 · {count} counties and cities", 40, 720))


def closing_lines() -> tuple[TextLine, ...]:
    return (TextLine(organiser.ORGANISER_ZH, 80, 330, True), TextLine(organiser.ORGANISER_EN, 64, 450, True),
            TextLine("IAVE · UN Volunteers · IVY 2026", 44, 590), TextLine(organiser.HELP_WEB, 44, 660))


@dataclass(frozen=True)
class Card:
    """A title card: text on a plain background. Static, so any of its frames is every frame."""

    lines: tuple[TextLine, ...]
    frames: int

    def key(self) -> dict[str, object]:
        return {"card": [line.__dict__ for line in self.lines]}

    def inputs(self, settings: MontageSettings, frames: int) -> list[str]:
        size = f"{settings.width}x{settings.height}"
        return ["-f", "lavfi", "-i", f"color=c={_CARD_COLOUR}:s={size}:r={settings.fps}:d={frames / settings.fps:.6f}"]

    def chain(self, settings: MontageSettings) -> str:
        scale = settings.height / 1080
        return ",".join([*(_drawtext(line, "(w-text_w)/2", scale) for line in self.lines), "format=yuv420p"])


@dataclass(frozen=True)
class Clip:
    """A county's clip: ``frames`` frames from ``start_frame`` of ``path`` (whose SHA-256 is ``sha256``)."""

    county: str
    path: Path
    sha256: str
    start_frame: int
    frames: int
    has_audio: bool

    def key(self) -> dict[str, object]:
        return {"clip": self.sha256, "county": self.county}

    def inputs(self, settings: MontageSettings, offset: int) -> list[str]:
        # Halfway between two frames, so the seek can only land on the one wanted.
        seek = max(0.0, (self.start_frame + offset - 0.5) / settings.fps)
        return ["-ss", f"{seek:.6f}", "-i", str(self.path)]

    def chain(self, settings: MontageSettings) -> str:
        width, height, scale = settings.width, settings.height, settings.height / 1080
        band_y, band_h = round(800 * scale), round(190 * scale)
        return ",".join([
            "setpts=PTS-STARTPTS", f"fps={settings.fps}",
            f"scale={width}:{height}:force_original_aspect_ratio=decrease",
            f"pad={width}:{height}:(ow-iw)/2:(oh-ih)/2:color=black", "setsar=1", "format=yuv420p",
            "tpad=stop=-1:stop_mode=clone",  # a clip a frame short of its container's length still fills its span
            f"drawbox=x=0:y={band_y}:w=iw:h={band_h}:color={_BAND_COLOUR}:t=fill",
            f"drawbox=x={round(90 * scale)}:y={band_y + round(32 * scale)}:w={round(10 * scale)}"
            f":h={band_h - round(64 * scale)}:color={_ACCENT_COLOUR}:t=fill",
            _drawtext(TextLine(self.county, 78, 800 + 26, True), str(round(130 * scale)), scale),
            _drawtext(TextLine("響應國際志工年 IVY 2026", 42, 800 + 118), str(round(132 * scale)), scale),
        ])


Part = Card | Clip


def _input_for(part: Part, settings: MontageSettings, offset: int, frames: int) -> list[str]:
    return part.inputs(settings, frames) if isinstance(part, Card) else part.inputs(settings, offset)


def video_args(settings: MontageSettings) -> list[str]:
    """The one encoder setting every piece shares (their concatenation is one valid stream)."""
    return ["-an", "-c:v", "libx264", "-preset", settings.preset, "-crf", str(settings.crf), "-pix_fmt", "yuv420p",
            "-profile:v", "high", "-g", str(2 * settings.fps), "-color_primaries", "bt709", "-color_trc", "bt709",
            "-colorspace", "bt709", "-f", "mpegts"]


def body_args(part: Part, offset: int, frames: int, settings: MontageSettings, out: Path) -> list[str]:
    graph = f"[0:v]{part.chain(settings)},trim=end_frame={frames},setpts=PTS-STARTPTS[v]"
    return [*_input_for(part, settings, offset, frames), "-filter_complex", graph, "-map", "[v]",
            "-frames:v", str(frames), *video_args(settings), str(out)]


def crossfade_args(first: Part, second: Part, settings: MontageSettings, out: Path) -> list[str]:
    fade = settings.crossfade_frames
    tail = (first.frames - fade) if isinstance(first, Clip) else 0
    graph = (f"[0:v]{first.chain(settings)},trim=end_frame={fade},setpts=PTS-STARTPTS[a];"
             f"[1:v]{second.chain(settings)},trim=end_frame={fade},setpts=PTS-STARTPTS[b];"
             f"[a][b]xfade=transition=fade:duration={settings.crossfade_s}:offset=0,"
             f"trim=end_frame={fade},setpts=PTS-STARTPTS,format=yuv420p[v]")
    return [*_input_for(first, settings, tail, fade), *_input_for(second, settings, 0, fade),
            "-filter_complex", graph, "-map", "[v]", "-frames:v", str(fade), *video_args(settings), str(out)]


# -- audio -----------------------------------------------------------------------------------------


def clip_audio_window(clip: Clip, settings: MontageSettings) -> list[str]:
    return ["-ss", f"{clip.start_frame / settings.fps:.6f}", "-t", f"{clip.frames / settings.fps:.6f}",
            "-i", str(clip.path)]


def exact_length(samples: int, settings: MontageSettings) -> str:
    return (f"aresample={settings.sample_rate},aformat=sample_fmts=s16:channel_layouts=stereo,"
            f"apad=whole_len={samples},atrim=end_sample={samples}")


def second_pass(measured: dict[str, float], settings: MontageSettings) -> str:
    """loudnorm's second pass: a linear gain to the target from the measured values."""
    return (f"loudnorm=I={settings.target_lufs}:TP={settings.true_peak_db}:LRA={settings.lra}"
            f":measured_I={measured['integrated']}:measured_TP={measured['true_peak']}"
            f":measured_LRA={measured['lra']}:measured_thresh={measured['threshold']}"
            f":offset={measured['offset']}:linear=true")


def mix_args(wavs: list[Path], card_samples: int, settings: MontageSettings, out: Path) -> list[str]:
    """Opening silence, every clip's normalised sound, closing silence, cross-faded like the picture."""
    fade = settings.crossfade_frames * settings.samples_per_frame
    silence = f"anullsrc=r={settings.sample_rate}:cl=stereo,atrim=end_sample={card_samples}"
    inputs = [arg for wav in wavs for arg in ("-i", str(wav))]
    labels = ["[open]", *(f"[{n}:a]" for n in range(len(wavs))), "[close]"]
    steps = [f"{silence}[open]", f"{silence}[close]"]
    current = labels[0]
    for number, label in enumerate(labels[1:], start=1):
        steps.append(f"{current}{label}acrossfade=ns={fade}:c1=tri:c2=tri[m{number}]")
        current = f"[m{number}]"
    return [*inputs, "-filter_complex", ";".join(steps), "-map", current, "-c:a", "pcm_f32le", str(out)]
