"""Recording one take: camera frames → ffmpeg (H.264 in Matroska) + microphone → verified MP4.

Threads: the camera's capture thread offers frames to a bounded queue (never blocking, drops
counted); this recorder's writer thread places them on the frame grid, converts to I420, pipes them
into ffmpeg, keeps the sound flowing to disk and hands still candidates to their own thread.
On stop the same thread finishes the take (see ``_finish``) so no caller ever waits on ffmpeg.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import cv2
import numpy as np

from kiosk import procs
from kiosk.capture.audio import Microphone
from kiosk.capture.clock import MONOTONIC, Clock
from kiosk.capture.video import Camera, Frame, QueueSink
from kiosk.config import RecordingSettings
from kiosk.errors import KioskError, RecordingError, SourceError
from kiosk.fsutil import replace_with_retry
from kiosk.instance import LiveTakeLock
from kiosk.organiser import TAKE_MAX_SECONDS, TAKE_MIN_SECONDS, VIDEO_MIN_HEIGHT, VIDEO_MIN_WIDTH
from kiosk.recording import encoder as enc
from kiosk.recording import processes, stills
from kiosk.recording.grid import FrameGrid
from kiosk.recording.media import probe_media
from kiosk.recording.tail import FrameTail, raw_view
from kiosk.recording.take import (
    ENCODER_LOG,
    INTERMEDIATE_AUDIO,
    INTERMEDIATE_AUDIO_RAW,
    INTERMEDIATE_TAIL,
    INTERMEDIATE_VIDEO,
    VIDEO_FILE,
    Take,
)

INTERMEDIATES = (INTERMEDIATE_VIDEO, INTERMEDIATE_AUDIO, INTERMEDIATE_TAIL, INTERMEDIATE_AUDIO_RAW)

log = logging.getLogger(__name__)

FPS = 30
MIN_FREE_BYTES = 300 * 1024 * 1024  # a take with its intermediates is ~40 MB, its frame tail 93 MB
QUEUE_BYTES = 64 * 1024 * 1024  # slack between camera and encoder: 10 BGR 1080p frames (1/3 s), 21 in I420
CANDIDATE_EVERY_S = 1.0
AUDIO_FLUSH_EVERY_S = 0.2  # also how much sound a kill can take from the end of the raw sound file
CAMERA_STALL_S = 2.0
DURATION_TOLERANCE_S = 0.2


def check_free_disk(directory: Path) -> None:
    free = shutil.disk_usage(directory).free
    if free < MIN_FREE_BYTES:
        raise KioskError(
            f"磁碟空間不足（剩 {free // 2**20} MB）：請先清出至少 {MIN_FREE_BYTES // 2**20} MB 再錄影",
            f"Disk nearly full ({free // 2**20} MB left): free at least {MIN_FREE_BYTES // 2**20} MB before recording",
        )


def check_camera_mode(camera: Camera) -> None:
    mode = camera.mode
    if mode is None or mode.width < VIDEO_MIN_WIDTH or mode.height < VIDEO_MIN_HEIGHT:
        size = f"{mode.width}×{mode.height}" if mode else "?"
        raise SourceError(
            f"攝影機只提供 {size}，主辦單位要求 1920×1080：請換一台 1080p 攝影機或改插 USB 3 插槽（不會自動放大）",
            f"The camera gives {size}; the organiser needs 1920×1080. Use a 1080p camera or a USB 3 port "
            "(the picture is never upscaled)",
        )


class Recorder:
    def __init__(
        self,
        camera: Camera,
        mic: Microphone | None,
        take: Take,
        *,
        settings: RecordingSettings,
        max_seconds: float = TAKE_MAX_SECONDS,
        clock: Clock = MONOTONIC,
    ) -> None:
        self.camera = camera
        self.mic = mic
        self.take = take
        self.settings = settings
        self.clock = clock
        self.grid = FrameGrid(fps=FPS, max_slots=round(max_seconds * FPS))
        self.finished = threading.Event()
        self.on_finished: Callable[[Take], None] | None = None
        self._stop_reason = ""
        self._stop_requested = threading.Event()
        self._sink = QueueSink(QUEUE_BYTES)
        self._lock = LiveTakeLock(take)  # this take's lock and the data folder's one-live-take lock
        self._proc: subprocess.Popen | None = None
        self._audio_proc: subprocess.Popen | None = None
        self._candidates: stills.CandidateWriter | None = None
        self._tail: FrameTail | None = None
        self._raw_audio: BinaryIO | None = None
        self._frames_out = 0  # frames piped into the video encoder (the tail's frame index)
        # Two I420 buffers, used in turn: the previous picture must survive one more frame (gap fills).
        self._buffers = [np.empty((VIDEO_MIN_HEIGHT * 3 // 2, VIDEO_MIN_WIDTH), np.uint8) for _ in range(2)]
        self._turn = 0
        self._audio_next = 0  # next ring index to hand to the audio encoder
        self._last_frame: Frame | None = None
        self._timings: dict[str, float] = {}
        self._thread: threading.Thread | None = None

    # --- control (any thread) -------------------------------------------------------------

    def start(self) -> Take:
        check_camera_mode(self.camera)
        check_free_disk(self.take.dir)
        if not self._lock.try_acquire():
            raise RecordingError("這段錄影正被另一個程式使用", "This take is in use by another program")
        try:
            self._start_encoders()
        except BaseException:
            for proc in (self._proc, self._audio_proc):  # nothing half-started is left behind
                if proc is not None:
                    proc.kill()
                    proc.wait()
            self._close_files()
            self._lock.release()
            raise
        self.camera.add_sink(self._sink)
        self._thread = threading.Thread(target=self._run, name="take-writer", daemon=True)
        self._thread.start()
        return self.take

    def _start_encoders(self) -> None:
        encoder = enc.choose_encoder(self.settings)
        fmt = enc.VideoFormat(VIDEO_MIN_WIDTH, VIDEO_MIN_HEIGHT, FPS)
        self._proc = procs.spawn(
            enc.encode_args(self.take.dir / INTERMEDIATE_VIDEO, fmt, encoder, self.settings),
            stdin=subprocess.PIPE,
            log_path=self.take.dir / ENCODER_LOG,
            new_group=True,  # Ctrl+C or a kill of our group leaves ffmpeg to finish the file
        )
        if self.mic is not None:
            self._audio_proc = procs.spawn(
                enc.audio_encode_args(self.take.dir / INTERMEDIATE_AUDIO, self.settings),
                stdin=subprocess.PIPE,
                log_path=self.take.dir / ENCODER_LOG,
                new_group=True,
            )
            self._raw_audio = (self.take.dir / INTERMEDIATE_AUDIO_RAW).open("wb")
        self._tail = FrameTail(self.take.dir / INTERMEDIATE_TAIL, fmt.width, fmt.height)
        self._candidates = stills.CandidateWriter(self.take.dir)
        # Recovery waits for these: after a crash of the app they still finish their files.
        encoders = [processes.identity(p.pid) for p in (self._proc, self._audio_proc) if p is not None]
        self.take.update(encoder=encoder, preset=enc.choose_preset(self.settings), fps=FPS, width=fmt.width,
                         height=fmt.height, has_audio=self.mic is not None, encoders=encoders)

    def request_stop(self, reason: str = "operator") -> None:
        if not self._stop_reason:
            self._stop_reason = reason
        self._stop_requested.set()

    def elapsed_s(self) -> float:
        return self.grid.duration_s

    def frames_written(self) -> int:
        return self.grid.next_slot

    def result(self) -> Take:
        self.finished.wait()
        return self.take

    def wait(self, timeout: float | None = None) -> Take:
        if not self.finished.wait(timeout):
            raise RecordingError("錄影沒有在預期時間內結束", "The take did not finish in time")
        return self.take

    def take_still(self) -> str:
        """A still of the latest frame, on the operator's request, added to the candidates."""
        frame = self.camera.latest()
        if frame is None or self._candidates is None or self.grid.t0 is None:
            return ""
        return self._candidates.offer(_as_delivered(frame), frame.t - self.grid.t0, frame.t)

    # --- the writer thread ----------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._record()
        except Exception as exc:  # keep what was recorded; the reason goes into take.json
            self._stop_reason = self._stop_reason or "error"
            self.take.meta["error"] = str(exc)
        finally:
            self.camera.remove_sink(self._sink)
            self._finish()

    def _record(self) -> None:
        next_candidate_s = CANDIDATE_EVERY_S / 2  # half-way into each second: never a demo flash frame
        next_audio_flush_s = 0.0
        previous: np.ndarray | None = None
        while not self.grid.full and not self._stop_requested.is_set():
            frame = self._next_frame()
            if frame is None:
                return
            first = self.grid.t0 is None
            placement = self.grid.place(frame.t)
            if first:
                self._on_first_frame(frame)
            if not placement.write:
                continue
            picture = self._picture(frame)
            for _ in range(placement.fill_with_previous):
                self._write(previous if previous is not None else picture)
            self._write(picture)
            previous, self._last_frame = picture, frame
            elapsed = self.grid.duration_s
            if elapsed >= next_candidate_s:
                if self._candidates is not None:
                    self._candidates.offer(_as_delivered(frame), elapsed - 1 / FPS, frame.t)
                next_candidate_s += CANDIDATE_EVERY_S
            if elapsed >= next_audio_flush_s:
                self._flush_audio()
                next_audio_flush_s += AUDIO_FLUSH_EVERY_S
        self._stop_reason = self._stop_reason or "time_limit"

    def _next_frame(self) -> Frame | None:
        waited_since = self.clock.now()
        while not self._stop_requested.is_set():
            try:
                return self._sink.get(timeout=0.25)
            except queue.Empty:
                if self.camera.ended.is_set():
                    self._stop_reason = "camera_lost" if self.camera.error else "source_ended"
                    return None
                if self.clock.now() - waited_since > CAMERA_STALL_S:
                    self._stop_reason = "camera_stalled"
                    return None
        return None

    def _on_first_frame(self, frame: Frame) -> None:
        if self.mic is not None:
            # The sound starts with the first picture, so the two intermediates line up after a crash.
            self._audio_next = self.mic.ring.index_at(frame.t)

    def _picture(self, frame: Frame) -> np.ndarray:
        """The frame as the encoder takes it (1080p I420): as delivered by I420 sources, else converted
        into the next of two reused buffers (no new 3 MB array, and no bytes copy, per frame)."""
        if frame.is_i420 and frame.size == (VIDEO_MIN_WIDTH, VIDEO_MIN_HEIGHT):
            return frame.i420
        image = frame.image
        if image.shape[1] != VIDEO_MIN_WIDTH or image.shape[0] != VIDEO_MIN_HEIGHT:
            image = cv2.resize(image, (VIDEO_MIN_WIDTH, VIDEO_MIN_HEIGHT), interpolation=cv2.INTER_AREA)
        buffer = self._buffers[self._turn]
        self._turn ^= 1
        return cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420, dst=buffer)

    def _write(self, picture: np.ndarray) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        if self._tail is not None:
            self._tail.put(self._frames_out, picture)
        self._frames_out += 1
        try:
            self._proc.stdin.write(raw_view(picture))
        except (BrokenPipeError, OSError) as exc:
            raise RecordingError(
                "影片編碼器意外停止（詳見 encoder.log）", "The video encoder stopped unexpectedly (see encoder.log)"
            ) from exc

    def _flush_audio(self, upto: int | None = None) -> None:
        """Hand the sound received so far (or up to ``upto``) to the audio encoder."""
        if self.mic is None or self._audio_proc is None or self._audio_proc.stdin is None:
            return
        end = self.mic.ring.total if upto is None else min(upto, self.mic.ring.total)
        if end <= self._audio_next:
            return
        samples = self.mic.ring.read(self._audio_next, end).astype("<f4", copy=False)
        self._keep_raw_audio(samples)
        try:
            self._audio_proc.stdin.write(raw_view(samples))
        except (BrokenPipeError, OSError) as exc:
            raise RecordingError(
                "聲音編碼器意外停止（詳見 encoder.log）", "The audio encoder stopped unexpectedly (see encoder.log)"
            ) from exc
        self._audio_next = end

    def _keep_raw_audio(self, samples: np.ndarray) -> None:
        """The same sound, raw, for recovery: the AAC encoder holds its last blocks until it ends."""
        if self._raw_audio is None:
            return
        try:
            self._raw_audio.write(raw_view(samples))
            self._raw_audio.flush()
        except OSError as exc:  # a safety net only, like the frame tail
            self._raw_audio = None
            log.warning("raw sound not kept: %s", exc)

    def _close_files(self) -> None:
        for closing in (self._tail, self._raw_audio):
            if closing is not None:
                with contextlib.suppress(OSError):
                    closing.close()

    # --- finishing ------------------------------------------------------------------------

    def _finish(self) -> None:
        stopped_at = time.perf_counter()
        try:
            self._close_stdin(self._proc)  # x264 flushes its last frames while we complete the sound
            self._complete_audio()
            self._note_stop()
            _wait(self._audio_proc)
            _wait(self._proc)
            self._timings["encoders_closed_s"] = time.perf_counter() - stopped_at
            self._finish_take(stopped_at)
        except Exception as exc:
            self.take.update(state="failed", error=str(exc), stop_reason=self._stop_reason)
        finally:
            self._close_files()
            self._lock.release()
            self.finished.set()
            if self.on_finished is not None:
                self.on_finished(self.take)

    @staticmethod
    def _close_stdin(proc: subprocess.Popen | None) -> None:
        """Closing stdin lets ffmpeg write its trailer (never terminate(): no trailer on Windows)."""
        if proc is not None and proc.stdin is not None:
            with contextlib.suppress(OSError):  # ffmpeg already died; its log says why
                proc.stdin.close()

    def _complete_audio(self) -> None:
        """Feed the sound up to the last picture's end, then let the audio encoder finish."""
        if self.mic is None or self.grid.t0 is None:
            self._close_stdin(self._audio_proc)
            return
        ring = self.mic.ring
        end = ring.index_at(self.grid.t0) + round(self.grid.duration_s * ring.rate)
        deadline = self.clock.now() + 1.0
        while ring.total < end and self.clock.now() < deadline:
            time.sleep(0.005)  # the last 10 ms block is still on its way from the sound card
        self._flush_audio(upto=end)
        self._close_stdin(self._audio_proc)

    def _note_stop(self) -> None:
        """How far the take got, on disk before the encoders finish: recovery rebuilds exactly that."""
        if self.grid.t0 is None:
            return
        with contextlib.suppress(OSError):  # only a help for recovery; finishing goes on regardless
            self.take.update(frames_recorded=self._frames_out, audio_shift_s=round(self._audio_shift(), 6),
                             stop_reason=self._stop_reason)

    def _audio_shift(self) -> float:
        """The sound started at the first arrival; slot 0 really shows the grid's corrected start."""
        assert self.grid.t0 is not None
        return self.grid.t0 - self.grid.video_start()

    def _finish_take(self, stopped_at: float) -> None:
        frames = self.grid.next_slot
        if frames == 0:
            raise RecordingError("沒有收到任何畫面", "No picture arrived from the camera")
        duration = frames / FPS
        audio = self.take.dir / INTERMEDIATE_AUDIO if self.mic is not None else None
        shift = self._audio_shift()
        mux_started = time.perf_counter()
        video = finish_video(self.take, self.take.dir / INTERMEDIATE_VIDEO, audio, duration, shift)
        self._timings["mux_and_verify_s"] = time.perf_counter() - mux_started
        self._timings["stop_to_mp4_s"] = time.perf_counter() - stopped_at
        candidates = self._candidates.close() if self._candidates else []
        chosen = stills.choose(candidates, duration)
        still_names = stills.install_stills(self.take, chosen)
        self._timings["stop_to_stills_s"] = time.perf_counter() - stopped_at
        dropped = self._sink.dropped + self.grid.duplicated
        self.take.update(
            state="done",
            video=video.name,
            frames=frames,
            duration_s=round(duration, 3),
            dropped_frames=dropped,
            capture_dropped=self._sink.dropped,
            grid_duplicated=self.grid.duplicated,
            grid_collapsed=self.grid.collapsed,
            short=duration < TAKE_MIN_SECONDS,
            stop_reason=self._stop_reason,
            stills=still_names,
            still_sources=[c.file for c in chosen],
            candidates=[c.as_json() for c in candidates],
            camera_measured_fps=round(self.camera.measured_fps(), 2),
            timings={k: round(v, 3) for k, v in self._timings.items()},
        )
        self._close_files()
        for name in INTERMEDIATES:
            (self.take.dir / name).unlink(missing_ok=True)


def _as_delivered(frame: Frame) -> np.ndarray:
    """A still candidate from the picture as the source gave it (BGR or I420), converting nothing."""
    return frame.i420 if frame.is_i420 else frame.image


def _wait(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def finish_video(take: Take, video: Path, audio: Path | None, duration: float, audio_shift_s: float = 0.0) -> Path:
    """Mux the intermediates into MP4, verify it, then move it into place atomically."""
    final = take.dir / VIDEO_FILE
    partial = take.dir / (VIDEO_FILE + ".part")
    result = procs.run(enc.mux_args(video, audio, partial, duration, audio_shift_s), timeout=120)
    if result.returncode != 0:
        raise RecordingError(
            "無法完成 MP4 檔（詳見 encoder.log）",
            f"Could not finish the MP4: {result.stderr.decode('utf-8', 'replace').strip()[-300:]}",
        )
    verify_video(partial, duration, expect_audio=audio is not None)
    replace_with_retry(partial, final)
    return final


def verify_video(path: Path, duration: float, *, expect_audio: bool) -> None:
    info = probe_media(path)
    problems = []
    if info.video_codec != "h264" or (info.width, info.height) != (VIDEO_MIN_WIDTH, VIDEO_MIN_HEIGHT):
        problems.append(f"video {info.video_codec} {info.width}x{info.height}")
    if expect_audio and info.audio_codec != "aac":
        problems.append(f"audio {info.audio_codec or 'missing'}")
    if abs(info.duration_s - duration) > DURATION_TOLERANCE_S:
        problems.append(f"duration {info.duration_s:.2f}s, expected {duration:.2f}s")
    if problems:
        raise RecordingError(
            f"MP4 檢查未通過：{'；'.join(problems)}", f"The MP4 failed verification: {'; '.join(problems)}"
        )
