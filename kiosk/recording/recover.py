"""Salvage takes left behind by a crash, a kill or a power cut (``ivy-kiosk recover``, and at start).

A take still marked "recording" whose lock nobody holds was interrupted. What it left:

- ``video.mkv``: H.264 in Matroska, one cluster per frame, readable up to where the encoder got;
- ``tail.yuv``: the last second of raw frames the encoder was given (``tail.py``), which covers the
  frames the encoder still held when it died;
- ``audio.f32``: the raw sound (``audio.mka``, its AAC, is the fallback for older takes).

Salvage keeps the longest clean start of the Matroska file, encodes the missing end from the tail
with the take's own settings, joins the two without re-encoding, adds the sound and verifies the MP4
like a normal take. So a take killed while finishing comes back whole.

Right after a crash of the app alone, its encoders are still finishing their files (they were
started in their own process group so they can). Their process ids are in take.json: recovery waits
for them (bounded) and reports a take whose encoders outlast the wait as ``pending``; the caller
asks again ``retry_after_s`` later. A take.json that is damaged is moved aside (never deleted) and
a record is rebuilt from the files in the folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import subprocess
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kiosk import config, paths, procs
from kiosk.errors import KioskError
from kiosk.importing.staging import settle_interrupted_imports
from kiosk.organiser import TAKE_MIN_SECONDS
from kiosk.recording import encoder as enc
from kiosk.recording import processes, stills
from kiosk.recording.media import probe_media
from kiosk.recording.recorder import FPS, INTERMEDIATES, finish_video
from kiosk.recording.tail import read_tail
from kiosk.recording.take import (
    ENCODER_LOG,
    INTERMEDIATE_AUDIO,
    INTERMEDIATE_AUDIO_RAW,
    INTERMEDIATE_TAIL,
    INTERMEDIATE_VIDEO,
    STILLS_DIR,
    TAKE_JSON,
    VIDEO_FILE,
    DamagedTake,
    Take,
    TakeState,
    now_iso,
    takes_root,
)

SALVAGED_VIDEO = "salvaged.mkv"
SALVAGE_HEAD, SALVAGE_TAIL, SALVAGE_LIST, SALVAGE_AUDIO = "salvage-head.mkv", "salvage-tail.mkv", "salvage.txt", "salvage.mka"
SALVAGE_FILES = (SALVAGED_VIDEO, SALVAGE_HEAD, SALVAGE_TAIL, SALVAGE_LIST, SALVAGE_AUDIO)
ENCODER_GRACE_S = 3.0  # takes from before encoder ids were kept: files this fresh may still grow
ENCODER_WAIT_S = 10.0  # an encoder given EOF finishes in well under a second; a loaded laptop may take longer
RETRY_AFTER_S = 2.0
MAX_SALVAGE_ATTEMPTS = 3
PENDING = "pending"

log = logging.getLogger(__name__)


def recover_all(root: Path | None = None, wait_s: float = ENCODER_WAIT_S) -> list[dict]:
    """Salvage every interrupted take; one report per take looked at (SPEC §4 ``takes`` entries).

    Waits up to ``wait_s`` for encoders a crashed app left running; a take whose encoders are
    still at work after that is reported ``pending`` (with ``retry_after_s``), never left out.
    """
    reports: list[dict] = settle_interrupted_imports()  # an import killed mid-way: finished, or its half removed
    waiting: list[Take] = []
    for directory in _take_dirs(root):
        try:
            take = Take.load(directory)
        except DamagedTake:
            reports.extend(_repair(directory))
            continue
        except OSError as exc:
            log.warning("take folder unreadable: %s (%s)", directory, exc)
            continue
        if _needs_salvage(take) and not _is_live(take):  # a live take is being recorded, not left by a crash
            waiting.append(take)
        elif take.state.has_video:
            _remove_leftovers(take)
    deadline = time.monotonic() + wait_s
    while waiting:
        busy = [take for take in waiting if _encoders_busy(take)]
        for take in waiting:
            if take not in busy:
                reports.extend(_salvage_unless_live(take))
        waiting = busy
        if not waiting or time.monotonic() >= deadline:
            break
        time.sleep(0.1)
    reports.extend(_pending(take) for take in waiting)
    return reports


def _remove_leftovers(take: Take) -> None:
    """A kill between "done" and the clean-up leaves the intermediates (the frame tail is 93 MB)."""
    leftovers = [take.dir / name for name in (*INTERMEDIATES, *SALVAGE_FILES) if (take.dir / name).exists()]
    if not leftovers:
        return
    lock = take.lock()
    if lock.try_acquire():
        try:
            for path in leftovers:
                with contextlib.suppress(OSError):
                    path.unlink()
        finally:
            lock.release()


def _take_dirs(root: Path | None) -> list[Path]:
    base = root or takes_root()
    return sorted((d for d in base.iterdir() if (d / TAKE_JSON).is_file()), reverse=True) if base.is_dir() else []


def _needs_salvage(take: Take) -> bool:
    """Interrupted, or failed while finishing with its intermediates intact (a few tries, then left)."""
    if take.state == TakeState.RECORDING:
        return True
    finishing_failed = take.state == TakeState.FAILED and (take.dir / INTERMEDIATE_VIDEO).is_file()
    return finishing_failed and int(take.meta.get("salvage_attempts", 0)) < MAX_SALVAGE_ATTEMPTS


def _encoders_busy(take: Take) -> bool:
    """Are this take's encoders (left running by a crashed app) still writing its files?"""
    if take.state != TakeState.RECORDING:
        return False
    encoders = take.meta.get("encoders")
    if isinstance(encoders, list):
        return any(processes.is_running(entry) for entry in encoders)
    return _recently_written(take)


def _recently_written(take: Take) -> bool:
    """For a take without encoder ids: files written this recently may still be growing."""
    newest = max((p.stat().st_mtime for p in take.dir.glob("*.mk?")), default=0.0)
    return time.time() - newest < ENCODER_GRACE_S


def _is_live(take: Take) -> bool:
    """Is a running process recording this take right now (it holds the take's lock)?"""
    lock = take.lock()
    if not lock.try_acquire():
        return True
    lock.release()
    return False


def _salvage_unless_live(take: Take) -> list[dict]:
    lock = take.lock()
    if not lock.try_acquire():
        return []  # being recorded right now by a live process: nothing to salvage
    try:
        return [salvage(take)]
    finally:
        lock.release()


def _report(take: Take) -> dict:
    return {"take": take.id, "dir": str(take.dir), "state": take.state.value,
            "duration_s": take.meta.get("duration_s"), "error": take.meta.get("error")}


def _pending(take: Take) -> dict:
    return {"take": take.id, "dir": str(take.dir), "state": PENDING, "duration_s": None,
            "error": None, "retry_after_s": RETRY_AFTER_S}


def salvage(take: Take) -> dict:
    try:
        video, frames = _rebuild_video(take)
        duration = frames / FPS
        audio = _salvaged_audio(take)
        shift = float(take.meta.get("audio_shift_s") or 0.0)
        final = finish_video(take, video, audio, duration, shift)
        chosen = stills.choose(stills.candidates_from_disk(take), duration)
        take.update(
            state=TakeState.SALVAGED,
            video=final.name,
            frames=frames,
            duration_s=round(duration, 3),
            short=duration < TAKE_MIN_SECONDS,
            has_audio=audio is not None,
            stop_reason="interrupted",
            stills=stills.install_stills(take, chosen),
            still_sources=[c.file for c in chosen],
            error=None,
        )
        for name in (*INTERMEDIATES, *SALVAGE_FILES):
            (take.dir / name).unlink(missing_ok=True)
    except (KioskError, OSError, ValueError, subprocess.TimeoutExpired) as exc:
        attempts = int(take.meta.get("salvage_attempts", 0)) + 1
        take.update(state=TakeState.FAILED, error=f"salvage failed: {exc}", salvage_attempts=attempts)
    return _report(take)


# --- the picture ----------------------------------------------------------------------------

def _rebuild_video(take: Take) -> tuple[Path, int]:
    """The interrupted video as one Matroska file, and its frame count.

    The clean start of ``video.mkv`` is kept as it is; the frames after it come from the tail.
    """
    head_frames = _copy_clean_start(take)
    tail = read_tail(take.dir / INTERMEDIATE_TAIL)
    end = max(head_frames, tail.end if tail else 0)
    if end == 0:
        raise ValueError("no video was written before the interruption")
    if end == head_frames or tail is None:
        return take.dir / SALVAGE_HEAD, head_frames
    tail_video = take.dir / SALVAGE_TAIL
    try:
        _encode_frames(take, tail.frames(head_frames, end), tail_video, tail.width, tail.height)
    except (KioskError, OSError, ValueError) as exc:
        if head_frames == 0:
            raise
        log.warning("the frame tail of %s could not be encoded (%s): the take ends at frame %d",
                    take.id, exc, head_frames)
        return take.dir / SALVAGE_HEAD, head_frames
    if head_frames == 0:
        return tail_video, end
    joined = _join(take, head_frames, tail_video)
    problems = _seam_errors(joined, head_frames)
    if problems:  # never hand on a picture that breaks where the halves meet
        log.warning("the joined video of %s does not decode at the seam (%s): it ends at frame %d",
                    take.id, problems[:200], head_frames)
        return take.dir / SALVAGE_HEAD, head_frames
    return joined, end


SEAM_CHECK_S = 2.5  # from before the last key frame of the head (a GOP is 2 s) to the end


def _seam_errors(video: Path, head_frames: int) -> str:
    """Decode the frames around the join (a sample, not the whole take); ffmpeg's errors, or ""."""
    start = max(0.0, head_frames / FPS - SEAM_CHECK_S)
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-ss", f"{start:.3f}",
                        "-i", str(video), "-map", "0:v:0", "-f", "null", "-"], timeout=120)
    errors = result.stderr.decode("utf-8", "replace").strip()
    return errors or ("" if result.returncode == 0 else f"ffmpeg exited {result.returncode}")


_TIME_BASE = re.compile(r"^#tb 0: (\d+)/(\d+)", re.MULTILINE)


def _copy_clean_start(take: Take) -> int:
    """Copy the longest clean start of ``video.mkv`` to the head file; its frame count (0: none).

    "Clean": the first n packets in decoding order show exactly frames 0 … n-1. With B-frames a
    killed encoder may have written a later P-frame without the B-frames shown before it; cutting
    after a clean point keeps every kept frame decodable without what was lost.
    """
    source = take.dir / INTERMEDIATE_VIDEO
    if not source.is_file() or source.stat().st_size == 0:
        return 0
    listing = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "quiet", "-i", str(source),
                         "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"], timeout=120)
    clean = _clean_prefix(listing.stdout.decode("ascii", "replace"))
    if clean == 0:
        return 0
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-i", str(source),
                        "-map", "0:v:0", "-c", "copy", "-frames:v", str(clean), "-f", "matroska",
                        str(take.dir / SALVAGE_HEAD)], timeout=120)
    return clean if result.returncode == 0 else 0


def _clean_prefix(framecrc: str) -> int:
    """How many leading packets (decoding order) show exactly frames 0 … n-1; from ffmpeg's framecrc."""
    base = _TIME_BASE.search(framecrc)
    num, den = (int(base.group(1)), int(base.group(2))) if base else (1, 1000)
    seen: set[int] = set()
    clean = 0
    for line in framecrc.splitlines():
        fields = [f.strip() for f in line.split(",")]
        if line.startswith("#") or len(fields) < 6 or not fields[2].lstrip("-").isdigit():
            continue
        seen.add(round(int(fields[2]) * num * FPS / den))
        if len(seen) == max(seen) + 1 and min(seen) == 0:
            clean = len(seen)
    return clean


def _recording_settings(take: Take) -> config.RecordingSettings:
    """The take's own encoder and preset: the joined halves must share their stream parameters."""
    try:
        settings = config.load(paths.config_path()).recording
    except KioskError:
        settings = config.RecordingSettings()
    encoder = str(take.meta.get("encoder") or "libx264")
    preset = str(take.meta.get("preset") or "") or _preset_in_stream(take.dir / INTERMEDIATE_VIDEO)
    return replace(settings, encoder=encoder, preset=preset)


def _preset_in_stream(video: Path) -> str:
    """For a record that lost its preset: x264 writes its options into the stream (no CABAC: ultrafast)."""
    try:
        with video.open("rb") as fh:
            start = fh.read(1 << 16)
    except OSError:
        start = b""
    return "ultrafast" if b"cabac=0" in start else "superfast"


def _encode_frames(take: Take, frames: Iterable[bytes], out: Path, width: int, height: int) -> None:
    settings = _recording_settings(take)
    fmt = enc.VideoFormat(width, height, FPS)
    proc = procs.spawn(enc.encode_args(out, fmt, settings.encoder, settings), stdin=subprocess.PIPE,
                       log_path=take.dir / ENCODER_LOG)
    assert proc.stdin is not None
    try:
        for frame in frames:
            proc.stdin.write(frame)
    except OSError:
        pass  # the encoder died: its exit code and encoder.log say why
    finally:
        with contextlib.suppress(OSError):
            proc.stdin.close()
    try:
        returncode = proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    if returncode != 0 or not out.is_file():
        raise ValueError(f"encoding the frame tail failed (exit {returncode}; see encoder.log)")


def _join(take: Take, head_frames: int, tail_video: Path) -> Path:
    """Head + tail in one Matroska file, streams copied (same encoder and settings: same parameters)."""
    listing = take.dir / SALVAGE_LIST
    listing.write_text(f"file '{SALVAGE_HEAD}'\nduration {head_frames / FPS:.6f}\nfile '{tail_video.name}'\n",
                       encoding="utf-8")
    joined = take.dir / SALVAGED_VIDEO
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                        "-f", "concat", "-safe", "0", "-i", str(listing), "-c", "copy", "-f", "matroska", str(joined)],
                       timeout=120)
    if result.returncode != 0:
        raise ValueError(f"joining the salvaged video failed: {result.stderr.decode('utf-8', 'replace')[-200:]}")
    return joined


# --- the sound ------------------------------------------------------------------------------

def _salvaged_audio(take: Take) -> Path | None:
    """The sound up to the interruption: AAC encoded from the raw samples, else the AAC written so far."""
    raw = take.dir / INTERMEDIATE_AUDIO_RAW
    if raw.is_file() and raw.stat().st_size >= 4:
        encoded = take.dir / SALVAGE_AUDIO
        usable = raw.stat().st_size // 4 * 4  # a kill may cut the last sample in half
        with raw.open("r+b") as fh:
            fh.truncate(usable)
        settings = _recording_settings(take)
        result = procs.run(enc.audio_encode_args(encoded, settings, source=raw), timeout=120)
        if result.returncode == 0 and encoded.is_file():
            return encoded
    audio = take.dir / INTERMEDIATE_AUDIO
    if not audio.is_file() or audio.stat().st_size == 0:
        return None
    try:
        return audio if probe_media(audio).has_audio else None
    except KioskError:
        return None


# --- a damaged record -----------------------------------------------------------------------

def _repair(directory: Path) -> list[dict]:
    """Move a damaged take.json aside (kept) and rebuild the record from the folder's files."""
    lock = Take(directory, {}).lock()
    if not lock.try_acquire():
        return []  # a live recorder writes its record atomically: this one is not ours to touch
    try:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = directory / f"{TAKE_JSON}.damaged-{stamp}"
        os.replace(directory / TAKE_JSON, aside)
        take = Take(directory, {"id": directory.name, "state": TakeState.RECORDING.value,
                                "created_at": _folder_time(directory), "kept": None, "rebuilt_from": aside.name})
        log.warning("take record %s was damaged: moved to %s, rebuilt from the folder", directory, aside.name)
        if _adopt_finished_video(take):
            return [_report(take)]
        if any((directory / name).is_file() for name in (INTERMEDIATE_VIDEO, INTERMEDIATE_TAIL)):
            take.save()
            return [salvage(take)]
        take.update(state=TakeState.FAILED, error="the take's record was damaged and its folder holds no video",
                    stills=_existing_stills(take))
        return [_report(take)]
    finally:
        lock.release()


def _folder_time(directory: Path) -> str:
    try:
        return dt.datetime.fromtimestamp(directory.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    except OSError:
        return now_iso()


def _adopt_finished_video(take: Take) -> bool:
    """A finished take.mp4 in the folder: the record is rebuilt around it (it was verified when made)."""
    video = take.dir / VIDEO_FILE
    if not video.is_file():
        return False
    try:
        info = probe_media(video)
    except KioskError:
        return False
    if info.video_codec != "h264" or info.duration_s <= 0:
        return False
    candidates = stills.candidates_from_disk(take)
    still_names = _existing_stills(take)
    if not still_names:
        chosen = stills.choose(candidates, info.duration_s)
        still_names = stills.install_stills(take, chosen)
    take.update(
        state=TakeState.SALVAGED, video=VIDEO_FILE, duration_s=round(info.duration_s, 3),
        frames=round(info.duration_s * (info.fps or FPS)), width=info.width, height=info.height,
        fps=info.fps or FPS, has_audio=info.has_audio, short=info.duration_s < TAKE_MIN_SECONDS,
        stop_reason="record_rebuilt", stills=still_names, candidates=[c.as_json() for c in candidates],
    )
    return True


def _existing_stills(take: Take) -> list[str]:
    return sorted(p.name for p in (take.dir / STILLS_DIR).glob("still-*.jpg"))
