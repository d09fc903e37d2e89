"""The organiser's requirements, each checked from the files themselves (never from settings).

The same checks fill the manifest's ``checks`` list, the CLI's JSON and the Send screen's
checklist. A check's ``detail`` says what was measured, in English and Traditional Chinese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from kiosk import organiser, procs
from kiosk.errors import KioskError
from kiosk.package import naming
from kiosk.package.consent import Consent
from kiosk.recording.media import MediaInfo, probe_media

DURATION_TOLERANCE_S = 0.2
SILENCE_PEAK_DB = -50.0  # peaks under -50 dBFS: nothing audible reached the microphone
_VOLUME = re.compile(r"(mean|max)_volume:\s*(-?(?:\d+(?:\.\d+)?|inf)) dB")

# The checklist's lines, in the order the Send screen shows them: (name, zh label, en label).
CHECKS: tuple[tuple[str, str, str], ...] = (
    ("video_resolution", "影片解析度 ≥1920×1080、橫式", "Video ≥1920×1080, landscape"),
    ("video_format", "MP4 格式（H.264 影像、AAC 聲音）", "MP4 (H.264 video, AAC audio)"),
    ("duration", "長度 10–15 秒", "Length 10–15 s"),
    ("audio", "有聲音且不是靜音", "Sound present, not silent"),
    ("photos", "至少 3 張照片 ≥1280×720、300 dpi", "At least 3 photos ≥1280×720, 300 dpi"),
    ("names", "檔名「○○市 IVY 2026」", "File names 「○○市 IVY 2026」"),
    ("consent", "授權同意書完整", "Consent complete"),
    ("size", "大小適合以電子郵件寄送", "Size fits one e-mail"),
)
CHECK_LABELS = {name: (zh, en) for name, zh, en in CHECKS}


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # English
    detail_zh: str

    def as_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, "detail": self.detail, "detail_zh": self.detail_zh}



def failed(checks: list[Check]) -> list[str]:
    return [check.name for check in checks if not check.ok]


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# --- video ----------------------------------------------------------------------------------------

def is_mp4(path: Path) -> bool:
    """An ISO base media file starts with an ``ftyp`` box."""
    with path.open("rb") as fh:
        return fh.read(12)[4:8] == b"ftyp"


def check_resolution(info: MediaInfo) -> Check:
    size = f"{info.width}×{info.height}"
    if not info.has_video:
        return Check("video_resolution", False, "no picture in the video file", "影片檔沒有畫面")
    if info.width < info.height:
        return Check("video_resolution", False, f"{size} is portrait: film in landscape", f"{size} 為直式，請橫式拍攝")
    if info.width < organiser.VIDEO_MIN_WIDTH or info.height < organiser.VIDEO_MIN_HEIGHT:
        return Check("video_resolution", False, f"{size} is smaller than 1920×1080", f"{size} 小於 1920×1080")
    return Check("video_resolution", True, f"{size}, landscape, {info.fps:g} fps", f"{size}，橫式，{info.fps:g} fps")


def check_format(path: Path, info: MediaInfo) -> Check:
    found = f"{'MP4' if is_mp4(path) else 'not MP4'}, video {info.video_codec or 'none'}, audio {info.audio_codec or 'none'}"
    ok = is_mp4(path) and info.video_codec == "h264" and info.audio_codec == "aac"
    return Check("video_format", ok, found if ok else f"{found}: need MP4 with H.264 and AAC",
                 found if ok else f"{found}：需要 MP4（H.264 + AAC）")


def check_duration(info: MediaInfo) -> Check:
    seconds = info.duration_s
    low = organiser.TAKE_MIN_SECONDS - DURATION_TOLERANCE_S
    high = organiser.TAKE_MAX_SECONDS + DURATION_TOLERANCE_S
    if seconds < low:
        return Check("duration", False, f"{seconds:.1f} s is shorter than 10 s: record again",
                     f"{seconds:.1f} 秒，短於 10 秒：請重錄")
    if seconds > high:
        return Check("duration", False, f"{seconds:.1f} s is longer than 15 s", f"{seconds:.1f} 秒，超過 15 秒")
    return Check("duration", True, f"{seconds:.1f} s", f"{seconds:.1f} 秒")


def loudness(path: Path) -> tuple[float, float]:
    """(mean, peak) level of the first audio track in dBFS, measured by ffmpeg's ``volumedetect``."""
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path), "-map", "0:a:0", "-vn",
         "-af", "volumedetect", "-f", "null", "-"],
        timeout=60,
    )
    levels = dict(_VOLUME.findall(result.stderr.decode("utf-8", errors="replace")))
    if "max" not in levels:
        raise KioskError(f"無法量測聲音音量：{path.name}", f"could not measure the sound level of {path.name}")
    return float(levels.get("mean", "-inf")), float(levels["max"])


def check_audio(path: Path, info: MediaInfo) -> Check:
    if not info.has_audio:
        return Check("audio", False, "no sound track: check the microphone and record again",
                     "沒有聲音：請檢查麥克風後重錄")
    mean_db, peak_db = loudness(path)
    measured = f"mean {mean_db:.0f} dBFS, peak {peak_db:.0f} dBFS"
    measured_zh = f"平均 {mean_db:.0f} dBFS，峰值 {peak_db:.0f} dBFS"
    if peak_db < SILENCE_PEAK_DB:
        return Check("audio", False, f"silent ({measured}): is the microphone muted?",
                     f"幾乎無聲（{measured_zh}）：麥克風是否靜音？")
    return Check("audio", True, measured, measured_zh)


# --- photos, names, consent, size -----------------------------------------------------------------

def _photo_problem(path: Path) -> tuple[str, str] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            kind = image.format
            dpi = image.info.get("dpi", (0, 0))
    except (OSError, UnidentifiedImageError):
        return f"{path.name} cannot be read", f"{path.name} 無法讀取"
    if kind != "JPEG":
        return f"{path.name} is {kind}, not JPEG", f"{path.name} 為 {kind}，不是 JPEG"
    if width < organiser.PHOTO_MIN_WIDTH or height < organiser.PHOTO_MIN_HEIGHT:
        return f"{path.name} is {width}×{height}, under 1280×720", f"{path.name} 為 {width}×{height}，小於 1280×720"
    if round(float(dpi[0])) != organiser.PHOTO_DPI or round(float(dpi[1])) != organiser.PHOTO_DPI:
        return f"{path.name} is not tagged 300 dpi", f"{path.name} 未標示 300 dpi"
    return None


def check_photos(paths: list[Path]) -> Check:
    if len(paths) < organiser.PHOTO_MIN_COUNT:
        return Check("photos", False, f"{len(paths)} photos: at least 3 are needed", f"只有 {len(paths)} 張照片，至少需要 3 張")
    problems = [problem for problem in map(_photo_problem, paths) if problem]
    if problems:
        return Check("photos", False, "; ".join(en for en, _ in problems), "；".join(zh for _, zh in problems))
    return Check("photos", True, f"{len(paths)} photos, JPEG ≥1280×720, 300 dpi",
                 f"{len(paths)} 張照片，JPEG ≥1280×720，300 dpi")


def check_names(county: str, folder_name: str, file_names: list[str], photo_count: int) -> Check:
    expected = naming.expected_names(county, photo_count)
    wanted_folder = organiser.deliverable_name(county)
    if folder_name != wanted_folder or file_names != expected:
        return Check("names", False, f"files are {file_names} in {folder_name!r}; expected {expected} in {wanted_folder!r}",
                     f"檔名不符：應為 {wanted_folder}/{'、'.join(expected)}")
    if not all(naming.is_portable_name(name) for name in [folder_name, *file_names]):
        return Check("names", False, "a file name is not portable", "檔名含有不允許的字元")
    return Check("names", True, f"「{wanted_folder}」: " + ", ".join(file_names), f"「{wanted_folder}」：" + "、".join(file_names))


def check_consent(consent: Consent) -> Check:
    try:
        signed = consent.validated()
    except KioskError as exc:
        return Check("consent", False, exc.en, exc.zh)
    drawn, drawn_zh = ("signature drawn", "已簽名") if signed.signature_png else ("no signature image", "無簽名圖")
    # The record keeps the ISO time with its offset; people read the computer's local time.
    when = dt.datetime.fromisoformat(signed.signed_at).astimezone().strftime("%Y-%m-%d %H:%M")
    return Check("consent", True, f"authorised by {signed.signed_by} at {when}; {drawn}",
                 f"{signed.signed_by} 於 {when} 同意授權；{drawn_zh}")


def check_size(total_bytes: int, budget_bytes: int, *, note: str = "", note_zh: str = "") -> Check:
    if total_bytes > budget_bytes:
        return Check("size", False,
                     f"{_mb(total_bytes)} is over the {_mb(budget_bytes)} mail budget: use the large-file route "
                     "(export to a USB drive or share a cloud link)",
                     f"{_mb(total_bytes)} 超過郵件上限 {_mb(budget_bytes)}：請改用大檔案方式（匯出到隨身碟或分享雲端連結）")
    return Check("size", True, f"{_mb(total_bytes)} of {_mb(budget_bytes)}{note}", f"{_mb(total_bytes)}／上限 {_mb(budget_bytes)}{note_zh}")


def check_video_file(path: Path) -> list[Check]:
    """Resolution, format, duration and sound of one video file."""
    info = probe_media(path)
    return [check_resolution(info), check_format(path, info), check_duration(info), check_audio(path, info)]
