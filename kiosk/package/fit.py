"""Make the package fit one e-mail: re-encode the video at a bitrate computed from the mail budget.

The picture stays 1920×1080 and the sound is copied untouched; only the H.264 bitrate drops. When
even the lowest acceptable bitrate would not fit, nothing is re-encoded and the operator is told
to take the large-file route: a mail server must never be handed a message it will refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk import procs
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.recording.encoder import choose_preset

MIN_VIDEO_KBPS = 1500  # below this 1080p with a cheering crowd turns to mush: not worth sending
MANIFEST_MARGIN_BYTES = 64_000  # manifest.json and the mail's text part
RATE_SAFETY = 0.92  # single-pass ABR overshoots a little; aim under the budget
PDF_ESTIMATE_BYTES = 400_000  # the consent PDF before it exists (font subset + signature image)
_ATTEMPTS = 3


@dataclass(frozen=True)
class FitPlan:
    """What the size of a package calls for: nothing, a re-encode at ``video_kbps``, or too big."""

    reencode: bool
    feasible: bool
    video_kbps: int
    budget_bytes: int


def plan_fit(video_bytes: int, other_bytes: int, duration_s: float, settings: Settings) -> FitPlan:
    budget = settings.delivery.max_mail_bytes
    room = budget - other_bytes - MANIFEST_MARGIN_BYTES
    if video_bytes <= room:
        return FitPlan(reencode=False, feasible=True, video_kbps=0, budget_bytes=budget)
    total_kbps = room * 8 / max(duration_s, 1.0) / 1000 * RATE_SAFETY
    video_kbps = int(total_kbps - settings.recording.audio_kbps)
    return FitPlan(reencode=True, feasible=video_kbps >= MIN_VIDEO_KBPS, video_kbps=video_kbps, budget_bytes=budget)


def _reencode_args(source: Path, target: Path, video_kbps: int, preset: str) -> list[str]:
    rate = f"{video_kbps}k"
    return [
        procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(source),
        "-map", "0:v:0", "-map", "0:a?", "-c:v", "libx264", "-preset", preset, "-b:v", rate,
        "-maxrate", rate, "-bufsize", f"{video_kbps * 2}k", "-pix_fmt", "yuv420p", "-profile:v", "high",
        "-g", "60", "-c:a", "copy", "-movflags", "+faststart", "-f", "mp4", str(target),
    ]


def reencode_to_fit(source: Path, target: Path, plan: FitPlan, room_bytes: int, settings: Settings) -> int:
    """Re-encode ``source`` into ``target`` until it is at most ``room_bytes``; returns the bitrate used."""
    video_kbps = plan.video_kbps
    preset = choose_preset(settings.recording)  # "auto" resolves to a real x264 preset
    for _ in range(_ATTEMPTS):
        result = procs.run(_reencode_args(source, target, video_kbps, preset), timeout=600)
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", errors="replace").strip().splitlines()[-1:] or ["?"]
            raise KioskError(f"影片重新壓縮失敗：{message[0]}", f"re-encoding the video failed: {message[0]}")
        if target.stat().st_size <= room_bytes:
            return video_kbps
        video_kbps = int(video_kbps * 0.85)
        if video_kbps < MIN_VIDEO_KBPS:
            break
    raise KioskError(
        "影片壓縮後仍超過郵件上限：請改用大檔案方式（匯出到隨身碟或分享雲端連結）",
        "the video is still over the mail budget after re-encoding: use the large-file route "
        "(export to a USB drive or share a cloud link)",
    )
