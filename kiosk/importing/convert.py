"""A clip (and its photos) made into a take exactly like a recorded one.

``plan_import`` checks the request against the clip's facts (everything that would be refused is
refused here, before any work); ``import_clip`` then runs ONE ffmpeg that decodes the chosen span
once and writes two outputs:

- the take's MP4: 1920×1080 30 fps H.264 yuv420p tagged BT.709 with AAC 48 kHz stereo and
  ``+faststart``, with the recorder's own encoder, preset, bit-rate cap and sound settings
  (``kiosk.recording.encoder``);
- on stdout, the same pictures one per second (at each half second, as the recorder takes its
  candidates) as raw frames, which become the still candidates through ``kiosk.recording.stills``
  (sharpness, JPEG at 300 dpi, the sharpest of each third chosen).

Progress comes from ffmpeg's ``-progress`` file; a cancel kills ffmpeg and deletes what was built.
All of it happens in a staging folder (``kiosk.importing.staging``) until the take is whole.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kiosk import procs
from kiosk.cancel import Cancelled, CancelToken
from kiosk.config import RecordingSettings
from kiosk.errors import BadInput, RecordingError
from kiosk.fsutil import replace_with_retry
from kiosk.importing import photos as photo_files
from kiosk.importing.picture import TAKE_FPS, Frame, frame_for, picture_graph, sound_graph, upscale_factor
from kiosk.importing.probe import ClipInfo, probe_clip
from kiosk.importing.staging import Staged
from kiosk.organiser import TAKE_MAX_SECONDS, TAKE_MIN_SECONDS, VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH
from kiosk.recording import encoder as enc
from kiosk.recording import stills
from kiosk.recording.recorder import check_free_disk, verify_video
from kiosk.recording.take import CANDIDATES_DIR, ENCODER_LOG, VIDEO_FILE, Take

FADE_S = 0.02  # the sound fades in and out this fast at the cut: no click, nothing audible lost
SPAN_SLACK_S = 0.02  # a span may end this much past the clip's stated end (rounding of durations)
UPSCALE_SLACK = 1.01  # a clip this little under 1920×1080 (a few rows of padding) is not "enlarged"
SEEK_EARLY_S = 0.0001  # the seek lands just before the first frame, never just after it (rounding)
READ_MARGIN_S = 1.0  # ffmpeg reads this far past the span, so the last frame and sample are there
PROGRESS_FILE = "progress.txt"
STALL_S = 120.0  # no progress from ffmpeg for this long: it is stuck, stop it
POLL_S = 0.2
CANDIDATE_OFFSET = TAKE_FPS // 2  # candidate frames at each half second, like the recorder's


@dataclass(frozen=True)
class ImportProgress:
    """One report for a progress bar: ``stage`` (probe, convert, stills, photos, done) and 0..1."""

    stage: str
    fraction: float
    done_s: float = 0.0
    total_s: float = 0.0


ProgressCallback = Callable[[ImportProgress], None]


class ImportCancelled(Cancelled):
    """The operator cancelled: nothing was kept (exit 1)."""

    def __init__(self) -> None:
        super().__init__("已取消匯入，沒有留下任何檔案", "The import was cancelled; nothing was kept")


@dataclass(frozen=True)
class ImportPlan:
    """What will be made from the clip: a span, its frame count and the framing."""

    info: ClipInfo
    start_s: float
    frames: int
    fill: bool
    frame: Frame = field(repr=False)

    @property
    def seconds(self) -> float:
        return self.frames / TAKE_FPS


def _seconds_text(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def plan_import(info: ClipInfo, start_s: float = 0.0, seconds: float | None = None, *, fill: bool = False) -> ImportPlan:
    """The span and framing for ``info``; BadInput (exit 2) with the reason for anything refused."""
    name = info.path.name
    if info.duration_s < TAKE_MIN_SECONDS:
        raise BadInput(
            f"影片太短：{name} 只有 {_seconds_text(info.duration_s)} 秒，主辦單位要求 10–15 秒",
            f"The clip is too short: {name} is {_seconds_text(info.duration_s)} s; the organiser asks for 10–15 s",
        )
    if start_s < 0:
        raise BadInput(f"--start 不可為負數（收到 {start_s}）", f"--start cannot be negative (got {start_s})")
    available = info.duration_s - start_s
    if seconds is None:
        if available < TAKE_MIN_SECONDS - SPAN_SLACK_S:
            raise BadInput(
                f"從第 {_seconds_text(start_s)} 秒起只剩 {_seconds_text(max(0.0, available))} 秒，"
                f"一段錄影需要 10–15 秒（{name} 長 {_seconds_text(info.duration_s)} 秒）",
                f"Only {_seconds_text(max(0.0, available))} s of the clip remain from {_seconds_text(start_s)} s; "
                f"a take needs 10–15 s ({name} is {_seconds_text(info.duration_s)} s long)",
            )
        seconds = min(float(TAKE_MAX_SECONDS), max(float(TAKE_MIN_SECONDS), available))
    if not TAKE_MIN_SECONDS <= seconds <= TAKE_MAX_SECONDS:
        raise BadInput(
            f"長度必須是 10 到 15 秒（收到 {_seconds_text(seconds)} 秒）",
            f"The length must be 10 to 15 s (got {_seconds_text(seconds)} s)",
        )
    if start_s + seconds > info.duration_s + SPAN_SLACK_S:
        raise BadInput(
            f"選取的片段 {_seconds_text(start_s)}–{_seconds_text(start_s + seconds)} 秒超出影片範圍"
            f"（{name} 長 {_seconds_text(info.duration_s)} 秒）",
            f"The span {_seconds_text(start_s)}–{_seconds_text(start_s + seconds)} s is outside the clip "
            f"({name} is {_seconds_text(info.duration_s)} s long)",
        )
    _check_picture(info, fill)
    return ImportPlan(info, on_source_frame(info, start_s), round(seconds * TAKE_FPS), fill, frame_for(info))


def on_source_frame(info: ClipInfo, start_s: float) -> float:
    """``start_s`` moved to the nearest frame of a constant-rate clip (at most half a frame).

    The take's 30 fps grid then starts on a real frame, so a 30 fps clip is copied frame for frame
    and no frame of any rate is shown up to half a frame early or late against its sound. A variable
    frame rate clip has no such grid: its span starts where asked.
    """
    times = info.frame_times
    if info.vfr or not times or start_s > times[-1]:
        return start_s
    after = bisect.bisect_left(times, start_s)
    nearby = times[max(0, after - 1) : after + 1]
    return max(0.0, min(nearby, key=lambda t: abs(t - start_s)))


def _check_picture(info: ClipInfo, fill: bool) -> None:
    size = f"{info.width}×{info.height}"
    if info.portrait and not fill:
        raise BadInput(
            f"這是直式影片（{size}），主辦單位要求橫式：請橫拿手機重拍，或選擇「兩側模糊填滿」（--fill）",
            f"The clip is portrait ({size}); the organiser asks for landscape. Film it in landscape, or choose "
            "a fill with blurred sides (--fill); it is never stretched",
        )
    if upscale_factor(info) > UPSCALE_SLACK:
        raise BadInput(
            f"影片解析度太低（{size}），主辦單位要求至少 {VIDEO_MIN_WIDTH}×{VIDEO_MIN_HEIGHT}，且不會放大畫面",
            f"The clip is only {size}; the organiser needs at least {VIDEO_MIN_WIDTH}×{VIDEO_MIN_HEIGHT} and a "
            "picture is never enlarged",
        )
    if info.video.dolby_vision and info.video.dolby_vision[1] == 0 and not info.hdr:
        raise BadInput(
            "這段 Dolby Vision 影片沒有可轉換的相容畫面（profile 5）：請先在手機或剪輯軟體匯出為 HDR10 或 SDR",
            "This Dolby Vision clip has no compatible base picture (profile 5): export it as HDR10 or SDR "
            "from the phone or editor first",
        )


def conversion_args(plan: ImportPlan, out: Path, progress: Path, settings: RecordingSettings,
                    encoder: str, *, candidates: bool = True) -> list[str]:
    """The one ffmpeg command of an import: the take's MP4, and candidate frames on stdout.

    ``candidates=False`` leaves the stills out: the same conversion as a person would run it with
    ffmpeg alone (the benchmark's baseline).
    """
    info = plan.info
    video = picture_graph(info, plan.frame, fill=plan.fill, source=f"0:{info.video.index}",
                          out="picture" if candidates else "take", frames=plan.frames)
    graph = [video]
    stills_output: list[str] = []
    if candidates:
        graph.append(f"[picture]split=2[take][cand];[cand]select='eq(mod(n,{TAKE_FPS}),{CANDIDATE_OFFSET})',"
                     "format=bgr24[stills]")
        stills_output = ["-map", "[stills]", "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "bgr24",
                         "pipe:1"]
    sound = info.audio_track
    maps = ["-map", "[take]"]
    if sound is not None:
        graph.append(sound_graph(f"0:{sound.index}", "sound", seconds=plan.seconds, rate=enc.AUDIO_RATE,
                                 fade_s=FADE_S))
        maps += ["-map", "[sound]", *enc.flatten(enc.aac_options(settings))]
    return [
        procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-progress", str(progress), "-stats_period", "0.5",
        "-ss", f"{max(0.0, plan.start_s - SEEK_EARLY_S):.6f}", "-t", f"{plan.seconds + READ_MARGIN_S:.6f}", "-i", str(info.path),
        "-filter_complex", ";".join(graph),
        *maps, *enc.flatten(enc.h264_options(encoder, settings)),
        "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709", "-color_range", "tv",
        "-movflags", "+faststart", "-f", "mp4", str(out),
        *stills_output,
    ]


class _CandidateReader:
    """Reads the candidate frames ffmpeg writes on stdout and saves them as still candidates."""

    def __init__(self, proc: subprocess.Popen, folder: Path, shot_at: dt.datetime | None, start_s: float) -> None:
        self.candidates: list[stills.Candidate] = []
        self.error: str | None = None
        self._proc = proc
        self._folder = folder
        self._wall_start = (shot_at.timestamp() + start_s) if shot_at else time.time()
        self._thread = threading.Thread(target=self._run, name="import-stills", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._proc.stdout is not None
        size = VIDEO_MIN_WIDTH * VIDEO_MIN_HEIGHT * 3
        number = 0
        try:
            while len(data := self._proc.stdout.read(size)) == size:
                image = np.frombuffer(data, dtype=np.uint8).reshape(VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH, 3)
                t_s = (number * TAKE_FPS + CANDIDATE_OFFSET) / TAKE_FPS
                name = f"cand-{t_s:06.2f}.jpg"  # the recorder's names: recovery reads times from them
                score, flat = stills.sharpness(image)
                stills.save_jpeg(image, self._folder / name, self._wall_start + t_s)
                self.candidates.append(stills.Candidate(name, t_s, score, flat))
                number += 1
        except (OSError, ValueError) as exc:  # e.g. a full disk: ffmpeg must still be able to finish
            self.error = str(exc)
            with contextlib.suppress(OSError, ValueError):
                while self._proc.stdout.read(size):
                    pass

    def join(self) -> list[stills.Candidate]:
        self._thread.join(timeout=30)
        return self.candidates


def _read_progress(path: Path) -> float:
    """Seconds of the take written so far, from ffmpeg's ``-progress`` file (0 before the first report)."""
    try:
        text = path.read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0.0
    marker = text.rfind("out_time_us=")
    if marker < 0:
        return 0.0
    value = text[marker + len("out_time_us="):].split("\n", 1)[0].strip()
    return int(value) / 1e6 if value.isdigit() else 0.0


def _run_conversion(out: Path, plan: ImportPlan, settings: RecordingSettings, encoder: str,
                    report: ProgressCallback, cancel: CancelToken,
                    candidates_dir: Path | None) -> list[stills.Candidate]:
    """Run the conversion into ``out`` (its progress file and log beside it), still candidates
    into ``candidates_dir`` unless it is None."""
    progress_file = out.parent / PROGRESS_FILE
    log = out.parent / ENCODER_LOG
    args = conversion_args(plan, out, progress_file, settings, encoder, candidates=candidates_dir is not None)
    proc = procs.spawn(args, stdout=subprocess.PIPE if candidates_dir else subprocess.DEVNULL, log_path=log)
    reader = (_CandidateReader(proc, candidates_dir, plan.info.creation_time, plan.start_s)
              if candidates_dir else None)
    last_done, last_change = -1.0, time.monotonic()
    try:
        while proc.poll() is None:
            if cancel.wait(POLL_S):
                raise ImportCancelled()
            done = min(_read_progress(progress_file), plan.seconds)
            if done != last_done:
                last_done, last_change = done, time.monotonic()
                report(ImportProgress("convert", done / plan.seconds * 0.95, done, plan.seconds))
            elif time.monotonic() - last_change > STALL_S:
                raise RecordingError("影片轉換停止回應（詳見 encoder.log）", "The conversion stopped responding (see encoder.log)")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        candidates = reader.join() if reader else []
    if proc.returncode != 0:
        raise RecordingError(f"影片轉換失敗（詳見 {log}）", f"The conversion failed: {_last_log_line(log)}")
    if reader is not None and reader.error is not None:
        raise RecordingError(f"無法寫入照片候選：{reader.error}", f"The still candidates could not be written: {reader.error}")
    progress_file.unlink(missing_ok=True)
    return candidates


def _last_log_line(log: Path) -> str:
    try:
        lines = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return lines[-1] if lines else "ffmpeg gave no reason"


def verify_take_video(path: Path, plan: ImportPlan) -> None:
    """The take's MP4 is what every recorded take is: H.264 1920×1080, AAC, the span's length, 30 fps,
    BT.709 tags, index at the front."""
    expect_audio = plan.info.audio_track is not None
    verify_video(path, plan.seconds, expect_audio=expect_audio)
    made = probe_clip(path).video
    problems = []
    if made.pix_fmt != "yuv420p" or round(made.nominal_fps) != TAKE_FPS:
        problems.append(f"{made.pix_fmt} {made.nominal_fps:g} fps")
    if (made.color_space, made.color_primaries, made.color_transfer) != ("bt709", "bt709", "bt709"):
        problems.append(f"colour {made.color_space}/{made.color_primaries}/{made.color_transfer}")
    if problems:
        raise RecordingError(f"轉換後的影片檢查未通過：{'；'.join(problems)}",
                             f"The converted video failed verification: {'; '.join(problems)}")


def _ignore(_progress: ImportProgress) -> None:
    return None


def import_clip(
    clip: Path,
    settings: RecordingSettings,
    *,
    start_s: float = 0.0,
    seconds: float | None = None,
    fill: bool = False,
    photos: Sequence[Path] = (),
    replace_stills: bool = False,
    info: ClipInfo | None = None,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Take:
    """Make ``clip`` (its span ``start_s`` + ``seconds``, and ``photos``) into a finished take.

    Everything the operator could get wrong is refused (BadInput) before any work; ``info`` may be
    a probe the caller already made (the Import screen's). Runs in the caller's thread; a GUI runs
    it in a worker and relays ``on_progress`` to the screen. Returns the take in ``<data>/takes/``.
    """
    report = on_progress or _ignore
    cancel = cancel or CancelToken()
    started = time.perf_counter()
    if info is None:
        report(ImportProgress("probe", 0.0))
        info = probe_clip(clip)
    plan = plan_import(info, start_s, seconds, fill=fill)
    checked_photos = [photo_files.inspect_photo(path) for path in photos]
    encoder = enc.choose_encoder(settings)
    preset = enc.choose_preset(settings) if encoder == "libx264" else None
    staged = Staged.begin(
        source=str(clip), source_info=info.source_info(), source_start_s=round(plan.start_s, 3),
        seconds_requested=round(plan.seconds, 3), fill=plan.fill, camera=None, mic=None,
        encoder=encoder, preset=preset, width=VIDEO_MIN_WIDTH, height=VIDEO_MIN_HEIGHT, fps=TAKE_FPS,
        has_audio=info.audio_track is not None,
    )
    try:
        check_free_disk(staged.take.dir)
        take = _build(staged.take, plan, settings, encoder, checked_photos, replace_stills, report, cancel)
        take.update(timings={**take.meta.get("timings", {}), "import_s": round(time.perf_counter() - started, 3)})
        placed = staged.place()
    except BaseException:
        staged.abandon()
        raise
    report(ImportProgress("done", 1.0, plan.seconds, plan.seconds))
    return placed


def _build(take: Take, plan: ImportPlan, settings: RecordingSettings, encoder: str,
           checked_photos: list[photo_files.Photo], replace_stills: bool, report: ProgressCallback,
           cancel: CancelToken) -> Take:
    converted = time.perf_counter()
    candidates = _run_conversion(take.dir / VIDEO_FILE, plan, settings, encoder, report, cancel,
                                 take.dir / CANDIDATES_DIR)
    convert_s = time.perf_counter() - converted
    report(ImportProgress("stills", 0.96, plan.seconds, plan.seconds))
    verify_take_video(take.dir / VIDEO_FILE, plan)
    chosen = stills.choose(candidates, plan.seconds)
    take.update(
        video=VIDEO_FILE, frames=plan.frames, duration_s=round(plan.seconds, 3), dropped_frames=0,
        short=False, stop_reason="imported", stills=stills.install_stills(take, chosen),
        still_sources=[c.file for c in chosen], candidates=[c.as_json() for c in candidates],
    )
    if checked_photos:
        report(ImportProgress("photos", 0.98, plan.seconds, plan.seconds))
        photo_files.install_photos(take, checked_photos, replace=replace_stills)
    if cancel.cancelled:
        raise ImportCancelled()
    take.update(state="done", timings={"convert_s": round(convert_s, 3)})
    return take


def plan_whole_clip(info: ClipInfo, *, fill: bool = False) -> ImportPlan:
    """The whole clip, whatever its length, framed as a take (portrait and too-small still refused)."""
    _check_picture(info, fill)
    return ImportPlan(info, 0.0, max(1, int(info.duration_s * TAKE_FPS)), fill, frame_for(info))


def convert_clip(
    info: ClipInfo,
    out: Path,
    settings: RecordingSettings,
    *,
    plan: ImportPlan | None = None,
    fill: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> Path:
    """The clip (or ``plan``'s span; default the whole clip) as a take's MP4 at ``out``, nothing else.

    For the organiser's side, where a clip mailed without the kiosk joins the montage: the same
    picture, sound, encoder and verification as an import, without stills or a take folder. Written
    beside ``out`` under a temporary name and renamed when verified; nothing is left on failure.
    """
    plan = plan or plan_whole_clip(info, fill=fill)
    cancel = cancel or CancelToken()
    work = out.parent / f".{out.stem}.converting"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        converted = work / VIDEO_FILE
        _run_conversion(converted, plan, settings, enc.choose_encoder(settings), on_progress or _ignore, cancel, None)
        verify_take_video(converted, plan)
        replace_with_retry(converted, out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
