"""What a phone or camera clip really holds, read with the bundled ffmpeg (it ships no ffprobe).

One ``ffmpeg -i CLIP -map 0:V:0? -c copy -f framecrc -`` run gives both halves of the answer: on
stderr ffmpeg's own description of the file (streams, sizes, colour tags, display matrix, Dolby
Vision record), on stdout one line per video packet with its presentation time, read without
decoding anything, from which the real frame rate and variable frame rate are measured.

Facts are kept as ffmpeg states them (the picture as coded, the rotation in degrees
counter-clockwise as stored); ``ClipInfo`` derives what a person sees: the size after rotation and
pixel aspect, portrait or landscape, HDR kind, which audio track can be used.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import procs
from kiosk.errors import BadInput

PROBE_TIMEOUT_S = 120
TIMESTAMP_WINDOW_S = 60  # packet times read for the frame-rate measurement (enough to see VFR)
_IRREGULAR = 0.10  # a frame interval this far from the median is irregular
_VFR_SHARE = 0.02  # more than this share of irregular intervals: variable frame rate
_IMAGE_FORMATS = ("image2", "_pipe", "gif", "apng", "webp")
HDR_TRANSFERS = {"arib-std-b67": "hlg", "smpte2084": "pq"}

_INPUT = re.compile(r"^Input #0, (?P<format>.+?), from ", re.MULTILINE)
_DURATION = re.compile(r"Duration: (?:(\d+):(\d+):(\d+(?:\.\d+)?)|N/A)")
_STREAM = re.compile(
    r"^\s*Stream #0:(?P<index>\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: (?P<kind>Video|Audio|Data|Subtitle|Attachment): "
    r"(?P<body>.*)$"
)
_ROTATION = re.compile(r"display ?matrix: rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
_DOVI = re.compile(r"DOVI configuration record:.*?profile: (\d+).*?compatibility id: (\d+)", re.IGNORECASE)
_CREATION = re.compile(r"^\s*creation_time\s*: (\S+)", re.MULTILINE)
_SIZE = re.compile(r"^(\d+)x(\d+)")
_SAR = re.compile(r"SAR (\d+):(\d+)")
_FPS = re.compile(r"^(\d+(?:\.\d+)?)(k?) fps$")
_TIMEBASE = re.compile(r"^#tb 0: (\d+)/(\d+)", re.MULTILINE)
_DECODER = re.compile(r"^ [VAS][F.][S.][X.][B.][D.] (\S+)\s.*?(?:\(codec (\S+)\))?$", re.MULTILINE)
_RANGES = ("tv", "pc")
_FIELD_ORDERS = ("progressive", "top first", "bottom first", "top coded first (swapped)",
                 "bottom coded first (swapped)")


@dataclass(frozen=True)
class VideoStream:
    index: int  # ffmpeg's stream number in the file (``0:N``)
    codec: str
    profile: str
    pix_fmt: str
    coded_width: int
    coded_height: int
    sar: tuple[int, int] = (1, 1)
    rotation: int = 0  # degrees counter-clockwise, 0/90/180/270, from the display matrix
    color_range: str = ""
    color_space: str = ""
    color_primaries: str = ""
    color_transfer: str = ""
    nominal_fps: float = 0.0
    dolby_vision: tuple[int, int] | None = None  # (profile, compatibility id)


@dataclass(frozen=True)
class AudioStream:
    index: int
    codec: str
    sample_rate: int
    layout: str
    decodable: bool


@dataclass(frozen=True)
class ClipInfo:
    """The facts an import (and an Import screen's badges) need about one clip."""

    path: Path
    container: str
    duration_s: float
    video: VideoStream
    audio: tuple[AudioStream, ...] = ()
    other_tracks: tuple[str, ...] = ()  # data, timecode, subtitles: never used
    fps: float = 0.0  # measured from the packet times (mean), else as ffmpeg states it
    vfr: bool = False
    creation_time: dt.datetime | None = None
    frame_times: tuple[float, ...] = field(default=(), repr=False, compare=False)

    @property
    def width(self) -> int:
        """Width as displayed: after the pixel aspect ratio and the rotation."""
        return self._displayed()[0]

    @property
    def height(self) -> int:
        return self._displayed()[1]

    def _displayed(self) -> tuple[int, int]:
        v = self.video
        width = round(v.coded_width * v.sar[0] / v.sar[1]) if v.sar[1] else v.coded_width
        return (v.coded_height, width) if v.rotation % 180 == 90 else (width, v.coded_height)

    @property
    def rotation(self) -> int:
        return self.video.rotation

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def is_4k(self) -> bool:
        return max(self.width, self.height) >= 3840

    @property
    def hdr(self) -> str | None:
        """``"hlg"``, ``"pq"`` or None (SDR). iPhone "Dolby Vision" is profile 8.4: an HLG picture."""
        return HDR_TRANSFERS.get(self.video.color_transfer)

    @property
    def audio_track(self) -> AudioStream | None:
        """The first audio track ffmpeg can decode (an Apple spatial-audio track cannot be)."""
        return next((track for track in self.audio if track.decodable), None)

    @property
    def ignored_tracks(self) -> list[str]:
        """Every track left out of the take, described for the operator."""
        used = self.audio_track
        audio = [f"audio {track.codec}" for track in self.audio if track is not used]
        return audio + list(self.other_tracks)

    def badges(self) -> list[str]:
        """Short facts an Import screen shows: 4K, HDR, VFR, portrait, extra track ignored, no sound."""
        found = []
        if self.is_4k:
            found.append("4K")
        if self.hdr:
            found.append(f"HDR {self.hdr.upper()}")
        if self.vfr:
            found.append("VFR")
        if self.portrait:
            found.append("portrait")
        if self.ignored_tracks:
            found.append("extra track ignored")
        if self.audio_track is None:
            found.append("no sound")
        return found

    def source_info(self) -> dict:
        """The ``source_info`` JSON (SPEC §4): as read from the clip, plus a few details."""
        used = self.audio_track
        return {
            "width": self.width,
            "height": self.height,
            "rotation": self.rotation,
            "hdr": self.hdr,
            "vfr": self.vfr,
            "fps": round(self.fps, 3),
            "codec": self.video.codec,
            "duration_s": round(self.duration_s, 3),
            "coded_width": self.video.coded_width,
            "coded_height": self.video.coded_height,
            "pix_fmt": self.video.pix_fmt,
            "color_transfer": self.video.color_transfer or None,
            "dolby_vision_profile": self.video.dolby_vision[0] if self.video.dolby_vision else None,
            "audio_codec": used.codec if used else None,
            "ignored_tracks": self.ignored_tracks,
            "container": self.container,
        }


def _refusal(zh: str, en: str, path: Path) -> BadInput:
    return BadInput(f"{zh}：{path}", f"{en}: {path}")


def probe_clip(path: Path) -> ClipInfo:
    """Read ``path``'s facts. BadInput (exit 2) when it is not a usable video file, with the reason."""
    if not path.exists():
        raise _refusal("找不到檔案", "File not found", path)
    if not path.is_file():
        raise _refusal("這不是一個檔案（是資料夾？）", "Not a file (a folder?)", path)
    try:
        with path.open("rb") as fh:
            fh.read(1)
    except OSError as exc:
        raise _refusal(f"無法讀取檔案（{exc.strerror}）", f"The file cannot be read ({exc.strerror})", path) from None
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:V:0?", "-t",
         str(TIMESTAMP_WINDOW_S), "-c", "copy", "-f", "framecrc", "-"],
        timeout=PROBE_TIMEOUT_S,
    )
    return parse_probe(path, result.stderr.decode("utf-8", errors="replace"),
                       result.stdout.decode("ascii", errors="replace"))


def parse_probe(path: Path, description: str, packets: str) -> ClipInfo:
    """Build ``ClipInfo`` from ffmpeg's stderr description and its framecrc packet list."""
    header = _INPUT.search(description)
    if header is None:
        raise _refusal("這不是影片檔，或檔案已損壞", "Not a video file, or a damaged one", path)
    container = header.group("format")
    if any(marker in container for marker in _IMAGE_FORMATS):
        raise _refusal("這是一張照片，不是影片（照片請用 --photo 加入）",
                       "This is a still picture, not a video (add photos with --photo)", path)
    streams = _stream_blocks(description[header.start():])
    video = next((_video(index, body, extra) for index, kind, body, extra in streams
                  if kind == "Video" and "attached pic" not in body), None)
    if video is None:
        raise _refusal("檔案中沒有影像軌（只有聲音？）", "The file has no video stream (sound only?)", path)
    audio = tuple(_audio(index, body) for index, kind, body, _ in streams if kind == "Audio")
    others = tuple(_describe_other(kind, body) for index, kind, body, _ in streams
                   if kind in ("Data", "Subtitle", "Attachment") or (kind == "Video" and index != video.index))
    times = _packet_times(packets)
    fps, vfr = _frame_rate(times, video.nominal_fps)
    duration = _duration(description)
    if duration <= 0 and len(times) > 1:
        duration = times[-1] - times[0] + (times[-1] - times[-2])
    return ClipInfo(path=path, container=container, duration_s=duration, video=video, audio=audio,
                    other_tracks=others, fps=fps, vfr=vfr, creation_time=_creation_time(description),
                    frame_times=tuple(times))


def _stream_blocks(text: str) -> list[tuple[int, str, str, str]]:
    """(index, kind, first line, the lines indented under it) for each input stream, in index order."""
    text = re.split(r"^(?:Output #|Stream mapping:)", text, maxsplit=1, flags=re.MULTILINE)[0]
    blocks: dict[int, tuple[str, str, list[str]]] = {}
    current: int | None = None
    indent = 0
    for line in text.splitlines():
        match = _STREAM.match(line)
        if match:
            current, indent = int(match.group("index")), len(line) - len(line.lstrip())
            blocks[current] = (match.group("kind"), match.group("body"), [])
        elif current is not None and len(line) - len(line.lstrip()) > indent:
            blocks[current][2].append(line.strip())  # its metadata and side data
        else:
            current = None
    return [(index, kind, body, "\n".join(extra)) for index, (kind, body, extra) in sorted(blocks.items())]


def _top_level_parts(body: str) -> list[str]:
    """Split at ", " outside parentheses and brackets (ffmpeg nests commas in both)."""
    parts, depth, start = [], 0, 0
    for position, char in enumerate(body):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(body[start:position].strip())
            start = position + 1
    parts.append(body[start:].strip())
    return parts


def _colour(props: str) -> dict[str, str]:
    """``tv, bt2020nc/bt2020/arib-std-b67, progressive`` → range, space, primaries, transfer."""
    found = {"range": "", "space": "", "primaries": "", "transfer": ""}
    for token in (part.strip() for part in props.split(",")):
        if token in _RANGES:
            found["range"] = token
        elif "/" in token:
            found["space"], found["primaries"], found["transfer"] = ([*token.split("/"), "", ""])[:3]
        elif token and token not in _FIELD_ORDERS:
            found["space"] = found["primaries"] = found["transfer"] = token
    return {key: "" if value == "unknown" else value for key, value in found.items()}


def _video(index: int, body: str, extra: str) -> VideoStream:
    parts = _top_level_parts(body)
    codec_part = parts[0]
    codec = codec_part.split(" ", 1)[0]
    profile = re.match(r"\w+ \(([^)]*)\)", codec_part)
    pix_part = parts[1] if len(parts) > 1 else ""
    pix_fmt = pix_part.split("(", 1)[0].strip()
    colour = _colour(pix_part.split("(", 1)[1].rstrip(")") if "(" in pix_part else "")
    width = height = 0
    nominal = 0.0
    sar = (1, 1)
    for part in parts[2:]:
        size = _SIZE.match(part)
        if size and not width:
            width, height = int(size.group(1)), int(size.group(2))
        sar_match = _SAR.search(part)
        if sar_match and int(sar_match.group(2)):
            sar = (int(sar_match.group(1)), int(sar_match.group(2)))
        fps = _FPS.match(part.split(" (")[0])
        if fps:
            nominal = float(fps.group(1)) * (1000 if fps.group(2) else 1)
    rotation = _ROTATION.search(extra)
    dovi = _DOVI.search(extra)
    return VideoStream(
        index=index, codec=codec, profile=profile.group(1) if profile else "", pix_fmt=pix_fmt,
        coded_width=width, coded_height=height, sar=sar,
        rotation=round(float(rotation.group(1))) % 360 if rotation else 0,
        color_range=colour["range"], color_space=colour["space"], color_primaries=colour["primaries"],
        color_transfer=colour["transfer"], nominal_fps=nominal,
        dolby_vision=(int(dovi.group(1)), int(dovi.group(2))) if dovi else None,
    )


def _audio(index: int, body: str) -> AudioStream:
    parts = _top_level_parts(body)
    codec = parts[0].split(" ", 1)[0]
    rate = next((int(part.split()[0]) for part in parts if part.endswith(" Hz")), 0)
    layout = parts[2] if len(parts) > 2 and parts[1].endswith(" Hz") else ""
    return AudioStream(index=index, codec=codec, sample_rate=rate, layout=layout,
                       decodable=codec in decodable_codecs())


def _describe_other(kind: str, body: str) -> str:
    tag = re.search(r"\((\w{4}) / 0x", body)
    name = {"tmcd": "timecode", "mebx": "metadata"}.get(tag.group(1) if tag else "", kind.lower())
    return name if kind != "Video" else "extra video"


@functools.lru_cache(maxsize=4)
def _decoders(ffmpeg: str) -> frozenset[str]:
    listing = procs.run([ffmpeg, "-hide_banner", "-nostdin", "-decoders"], timeout=30).stdout.decode(
        "utf-8", errors="replace")
    names = set()
    for match in _DECODER.finditer(listing):
        names.add(match.group(1))
        if match.group(2):
            names.add(match.group(2))
    return frozenset(names)


def decodable_codecs() -> frozenset[str]:
    """Codec names the bundled ffmpeg has a decoder for (``apple_apac``, spatial audio, is not one)."""
    return _decoders(procs.ffmpeg_exe())


def _packet_times(packets: str) -> list[float]:
    """Presentation times (s) of the video packets in a framecrc listing, in display order."""
    base = _TIMEBASE.search(packets)
    if base is None:
        return []
    num, den = int(base.group(1)), int(base.group(2))
    times = []
    for line in packets.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = [part.strip() for part in line.split(",")]
        if len(fields) >= 3 and fields[0] == "0" and fields[2].lstrip("-").isdigit():
            times.append(int(fields[2]) * num / den)
    return sorted(times)


def _frame_rate(times: list[float], nominal: float) -> tuple[float, bool]:
    """(mean frame rate, variable?) from the packet times; ffmpeg's figure when there are too few."""
    intervals = [b - a for a, b in itertools.pairwise(times) if b > a]
    if len(intervals) < 10:
        return nominal, False
    typical = statistics.median(intervals)
    irregular = sum(1 for gap in intervals if abs(gap - typical) > _IRREGULAR * typical)
    mean_fps = len(intervals) / (times[-1] - times[0])
    return mean_fps, irregular / len(intervals) > _VFR_SHARE


def _duration(description: str) -> float:
    match = _DURATION.search(description)
    if not match or match.group(1) is None:
        return 0.0
    return int(match.group(1)) * 3600 + int(match.group(2)) * 60 + float(match.group(3))


def _creation_time(description: str) -> dt.datetime | None:
    match = _CREATION.search(description)
    if not match:
        return None
    try:
        return dt.datetime.fromisoformat(match.group(1).replace("Z", "+00:00"))
    except ValueError:
        return None
