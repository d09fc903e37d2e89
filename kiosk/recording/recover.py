"""Salvage takes left behind by a crash, a kill or a power cut (``ivy-kiosk recover``, and at start).

A take still marked "recording" whose lock nobody holds was interrupted. Its Matroska video and raw
sound were written as they came, so all but about the last second can be rebuilt into a normal,
verified MP4 with its stills.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from kiosk import procs
from kiosk.errors import KioskError
from kiosk.importing.staging import settle_interrupted_imports
from kiosk.organiser import TAKE_MIN_SECONDS
from kiosk.recording import stills
from kiosk.recording.media import probe_media
from kiosk.recording.recorder import FPS, finish_video
from kiosk.recording.take import INTERMEDIATE_AUDIO, INTERMEDIATE_VIDEO, Take, list_takes

SALVAGED_VIDEO = "salvaged.mkv"
ENCODER_GRACE_S = 3.0
MAX_SALVAGE_ATTEMPTS = 3


def recover_all(root: Path | None = None) -> list[dict]:
    """Salvage every interrupted take; returns one report per take looked at."""
    reports = settle_interrupted_imports()  # an import killed mid-way: finished, or its half removed
    for take in list_takes(root):
        if not _needs_salvage(take) or _recently_written(take):
            continue
        lock = take.lock()
        if not lock.try_acquire():
            continue  # being recorded right now by a live process
        try:
            reports.append(salvage(take))
        finally:
            lock.release()
    return reports


def _needs_salvage(take: Take) -> bool:
    """Interrupted, or failed while finishing with its intermediates intact (a few tries, then left)."""
    if take.state == "recording":
        return True
    finishing_failed = take.state == "failed" and (take.dir / INTERMEDIATE_VIDEO).is_file()
    return finishing_failed and int(take.meta.get("salvage_attempts", 0)) < MAX_SALVAGE_ATTEMPTS


def _recently_written(take: Take) -> bool:
    """An encoder that outlived a crashed app may still be finishing its file: leave it a moment."""
    newest = max((p.stat().st_mtime for p in take.dir.glob("*.mk?")), default=0.0)
    return time.time() - newest < ENCODER_GRACE_S


def salvage(take: Take) -> dict:
    try:
        duration = _readable_video(take)
        audio = _salvaged_audio(take)
        video = finish_video(take, take.dir / SALVAGED_VIDEO, audio, duration)
        chosen = stills.choose(stills.candidates_from_disk(take), duration)
        take.update(
            state="salvaged",
            video=video.name,
            frames=round(duration * FPS),
            duration_s=round(duration, 3),
            short=duration < TAKE_MIN_SECONDS,
            has_audio=audio is not None,
            stop_reason="interrupted",
            stills=stills.install_stills(take, chosen),
            still_sources=[c.file for c in chosen],
        )
        for name in (INTERMEDIATE_VIDEO, INTERMEDIATE_AUDIO, SALVAGED_VIDEO):
            (take.dir / name).unlink(missing_ok=True)
    except (KioskError, OSError, ValueError, subprocess.TimeoutExpired) as exc:
        attempts = int(take.meta.get("salvage_attempts", 0)) + 1
        take.update(state="failed", error=f"salvage failed: {exc}", salvage_attempts=attempts)
    return {"take": take.id, "dir": str(take.dir), "state": take.state,
            "duration_s": take.meta.get("duration_s"), "error": take.meta.get("error")}


def _readable_video(take: Take) -> float:
    """Copy the readable part of the interrupted Matroska file; its duration in seconds."""
    source = take.dir / INTERMEDIATE_VIDEO
    target = take.dir / SALVAGED_VIDEO
    if not source.is_file() or source.stat().st_size == 0:
        raise ValueError("no video was written before the interruption")
    procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
         "-i", str(source), "-map", "0:v", "-c", "copy", "-f", "matroska", str(target)],
        timeout=120,
    )
    if not target.is_file():
        raise ValueError("the interrupted video holds no readable frame")
    duration = probe_media(target).duration_s
    if duration <= 0:
        raise ValueError("the interrupted video holds no readable frame")
    return duration


def _salvaged_audio(take: Take) -> Path | None:
    """The AAC written so far, if any of it is readable (it starts with the first picture)."""
    audio = take.dir / INTERMEDIATE_AUDIO
    if not audio.is_file() or audio.stat().st_size == 0:
        return None
    try:
        return audio if probe_media(audio).has_audio else None
    except KioskError:
        return None
