"""``build_montage(folder, out)``: every usable county's clip in one film (SPEC §7).

Steps, each cached under ``DIR/.inbox/cache/montage`` by a key of its inputs (the source's SHA-256,
the frames used, the settings, the layout), so a rebuild redoes only what changed:

1. the picture, piece by piece (:mod:`~kiosk.inbox.montage.graph`): cards, each clip's body, each
   cross-fade — every frame of the film encoded once;
2. the sound, EBU R128 in two passes: each clip's span is measured (loudnorm, first pass) and
   brought to the target (second pass, linear); the clips are then cross-faded between the cards'
   silence, the whole is measured again and one gain brings it to the target;
3. the film: the pieces concatenated as they are, the sound encoded to AAC, ``+faststart``,
   written to a temporary name and renamed into place; its loudness is then read back.

A film whose inputs are all unchanged since the last build is not touched at all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import BadInput, KioskError
from kiosk.fsutil import read_json, replace_with_retry, write_json_atomic
from kiosk.inbox.jobs import NEVER_CANCELLED, CancelToken, ProgressCallback, Step, no_progress
from kiosk.inbox.montage import graph
from kiosk.inbox.montage.clips import normalise_unverified_clip, prepare_clip
from kiosk.inbox.montage.ffmpeg import (
    Loudness,
    concat_line,
    integrated_loudness,
    measure_loudness,
    run_with_progress,
)
from kiosk.inbox.montage.plan import ClipSpan, MontagePlan, MontageSettings, Span, film_frames, timeline
from kiosk.inbox.store import InboxFolder
from kiosk.inbox.table import county_table

__all__ = ["MontageBuilder", "MontageClip", "MontagePlan", "MontageResult", "MontageSettings",
           "Span", "build_montage", "normalise_unverified_clip", "plan_for", "planned_clips", "prepare_clip"]

CACHE_FORMAT = 1
RECORD = "montage.json"


@dataclass(frozen=True)
class MontageClip:
    county: str
    film_start_s: float
    film_end_s: float
    source_start_s: float
    source_end_s: float
    measured_lufs: float  # the span as the county sent it
    silent: bool

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class MontageResult:
    video: Path
    duration_s: float
    counties: list[str]
    loudness_lufs: float  # read back from the written film (ebur128)
    clips: list[MontageClip]
    pieces_built: int
    pieces_reused: int
    up_to_date: bool  # nothing had changed: the film was left as it was

    def as_dict(self) -> dict[str, Any]:
        return {"video": str(self.video), "duration_s": self.duration_s, "counties": self.counties,
                "loudness_lufs": self.loudness_lufs, "clips": [c.as_dict() for c in self.clips],
                "pieces_built": self.pieces_built, "pieces_reused": self.pieces_reused, "up_to_date": self.up_to_date}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MontageResult:
        return cls(Path(data["video"]), data["duration_s"], data["counties"], data["loudness_lufs"],
                   [MontageClip(**c) for c in data["clips"]], 0, data["pieces_built"] + data["pieces_reused"], True)


def _key(payload: Any) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


def plan_for(folder: InboxFolder, **kwargs: Any) -> MontagePlan:
    """The default plan: every usable county (complete, or unverified and accepted), in the call's order."""
    return MontagePlan.default([row.county for row in county_table(folder) if row.usable], **kwargs)


def build_montage(folder: InboxFolder, out: Path, plan: MontagePlan | None = None, *,
                  progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED,
                  jobs: int = 2) -> MontageResult:
    """Cut the film to ``out`` (.mp4). BadInput for a plan that cannot work (an accepted clip the
    import conversion refuses among them); Cancelled when ``cancel`` fires."""
    if out.suffix.lower() != ".mp4":
        raise BadInput(f"影片須存成 .mp4：{out}", f"the film must be an .mp4 file: {out}")
    rows = {row.county: row for row in county_table(folder)}
    plan = plan or plan_for(folder)
    if not plan.order:
        raise KioskError("沒有可以剪輯的影片：還沒有完整（或已接受）的投稿", "there is nothing to cut: no complete (or accepted) submission yet")
    unusable = [county for county in plan.order if county not in rows or not rows[county].usable]
    if unusable:
        raise BadInput(f"這些縣市沒有完整或已接受的影片：{'、'.join(unusable)}",
                       f"these counties have no complete or accepted clip: {', '.join(unusable)}")
    return MontageBuilder(folder, plan.settings, progress, cancel, jobs).build(out.resolve(), planned_clips(folder, plan, cancel))


def planned_clips(folder: InboxFolder, plan: MontagePlan, cancel: CancelToken = NEVER_CANCELLED) -> list[graph.Clip]:
    """The plan's clips, prepared (:func:`prepare_clip`) and cut to whole frames."""
    rows = {row.county: row for row in county_table(folder)}
    prepared = {county: prepare_clip(folder, rows[county], cancel) for county in plan.order}
    spans = timeline(plan, {county: clip.duration_s for county, clip in prepared.items()})
    return [graph.Clip(s.county, prepared[s.county].path, prepared[s.county].sha256, s.start_frame, s.frames,
                       prepared[s.county].has_audio) for s in spans]


@dataclass(frozen=True)
class _Piece:
    name: str  # the cache file
    frames: int
    args: Callable[[Path], list[str]]


class MontageBuilder:
    """One build of the film (see the module doc); ``sound()`` is also what the benchmark's reference uses."""

    def __init__(self, folder: InboxFolder, settings: MontageSettings, progress: ProgressCallback,
                 cancel: CancelToken, jobs: int) -> None:
        self.folder = folder
        self.settings = settings
        self.progress = progress
        self.cancel = cancel
        self.jobs = max(1, jobs)
        self.cache = folder.cache_dir("montage")
        self._lock = threading.Lock()
        self._done = 0.0
        self._total = 1.0

    # -- the whole -------------------------------------------------------------------------------

    def build(self, out: Path, clips: list[graph.Clip]) -> MontageResult:
        settings = self.settings
        parts: list[graph.Part] = [graph.Card(graph.opening_lines(len(clips)), settings.card_frames), *clips,
                                   graph.Card(graph.closing_lines(), settings.card_frames)]
        pieces = self._pieces(parts)
        audio_keys = [self._audio_key(clip) for clip in clips]
        film_key = _key([CACHE_FORMAT, [p.name for p in pieces], audio_keys, settings.__dict__, str(out)])
        kept = self._up_to_date(out, film_key)
        if kept is not None:
            return kept
        frames = film_frames([ClipSpan(c.county, c.start_frame, c.frames) for c in clips], settings)
        todo = [piece for piece in pieces if not (self.cache / piece.name).is_file()]
        self._total = sum(p.frames for p in todo) + 0.3 * frames  # sound and muxing: about 30 % of a re-encode
        self._render(todo)
        readings, gain = self.sound(clips)
        self._mux(pieces, self._premix_path(audio_keys), gain, out)
        result = MontageResult(
            out, round(frames / settings.fps, 3), [clip.county for clip in clips], integrated_loudness(out),
            self._clip_table(clips, readings), len(todo), len(pieces) - len(todo), False)
        write_json_atomic(self.folder.meta / RECORD, {"key": film_key, "bytes": out.stat().st_size,
                                                      "result": result.as_dict()})
        # The total was an estimate (sound and muxing): a progress bar still ends full.
        self.progress(Step("done", self._total, self._total, "影片完成", "the film is ready"))
        return result

    def _up_to_date(self, out: Path, film_key: str) -> MontageResult | None:
        record = self.folder.meta / RECORD
        try:
            kept = read_json(record)
            if kept["key"] == film_key and out.is_file() and out.stat().st_size == kept["bytes"]:
                return MontageResult.from_dict(kept["result"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
        return None

    def _clip_table(self, clips: list[graph.Clip], readings: list[Loudness]) -> list[MontageClip]:
        fps, fade, start = self.settings.fps, self.settings.crossfade_frames, self.settings.card_frames
        table = []
        for clip, reading in zip(clips, readings, strict=True):
            begin = start - fade
            table.append(MontageClip(clip.county, round(begin / fps, 3), round((begin + clip.frames) / fps, 3),
                                     round(clip.start_frame / fps, 3), round((clip.start_frame + clip.frames) / fps, 3),
                                     reading.integrated, reading.silent))
            start = begin + clip.frames
        return table

    def _report(self, frames: float, zh: str, en: str) -> None:
        with self._lock:
            self._done += frames
            done = self._done
        self.progress(Step("render", done, self._total, zh, en))

    # -- the picture -------------------------------------------------------------------------------

    def _pieces(self, parts: list[graph.Part]) -> list[_Piece]:
        settings, fade = self.settings, self.settings.crossfade_frames
        video = [CACHE_FORMAT, graph.LAYOUT_VERSION, settings.width, settings.height, settings.fps, settings.preset,
                 settings.crf, fade]

        def key(part: graph.Part) -> dict[str, object]:
            return {**part.key(), **({"span": [part.start_frame, part.frames]} if isinstance(part, graph.Clip) else {})}

        pieces = []
        for index, part in enumerate(parts):
            if index > 0:
                first = parts[index - 1]
                name = f"fade-{_key([video, key(first), key(part)])}.ts"
                pieces.append(_Piece(name, fade, functools.partial(graph.crossfade_args, first, part, settings)))
            head = 0 if index == 0 else fade
            frames = part.frames - head - (0 if index == len(parts) - 1 else fade)
            name = f"body-{_key([video, key(part), head, frames])}.ts"
            pieces.append(_Piece(name, frames, functools.partial(graph.body_args, part, head, frames, settings)))
        return pieces

    def _render(self, todo: list[_Piece]) -> None:
        if not todo:
            return
        with ThreadPoolExecutor(max_workers=self.jobs) as pool:
            futures = [pool.submit(self._encode, piece) for piece in todo]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                for future in futures:
                    future.cancel()  # the ones not started yet; the running ones stop on the cancel token
                raise

    def _encode(self, piece: _Piece) -> None:
        self.cancel.check()
        target = self.cache / piece.name
        partial = target.with_name(f".{piece.name}.{os.getpid()}.partial")
        log = target.with_suffix(".log")
        reported = 0

        def on_progress(frames: int, _seconds: float) -> None:
            nonlocal reported
            step, reported = frames - reported, frames
            self._report(step, "剪輯影像", "rendering the picture")

        try:
            run_with_progress(piece.args(partial), log=log, cancel=self.cancel,
                              on_progress=on_progress, what=("影像片段", "a picture piece"))
            replace_with_retry(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        log.unlink(missing_ok=True)
        self._report(piece.frames - reported, "剪輯影像", "rendering the picture")

    # -- the sound ---------------------------------------------------------------------------------

    def sound(self, clips: list[graph.Clip]) -> tuple[list[Loudness], float]:
        """Each clip's first-pass reading (its normalised WAV made), and the film's gain in dB."""
        keys = [self._audio_key(clip) for clip in clips]
        done = [self._clip_sound(clip, key) for clip, key in zip(clips, keys, strict=True)]
        return [reading for _, reading in done], self._film_gain([wav for wav, _ in done], keys)

    def _audio_key(self, clip: graph.Clip) -> str:
        s = self.settings
        return _key([CACHE_FORMAT, clip.sha256, clip.start_frame, clip.frames, clip.has_audio, s.target_lufs,
                     s.true_peak_db, s.lra, s.sample_rate, s.fps])

    def _clip_sound(self, clip: graph.Clip, key: str) -> tuple[Path, Loudness]:
        """The clip's span measured (first pass) and normalised (second pass) to an exact-length WAV."""
        self.cancel.check()
        settings = self.settings
        samples = clip.frames * settings.samples_per_frame
        reading_file, wav = self.cache / f"loudness-{key}.json", self.cache / f"sound-{key}.wav"
        reading = self._reading(clip, reading_file)
        if not wav.is_file():
            if clip.has_audio:
                normalise = "" if reading.silent else graph.second_pass(reading.as_dict(), settings) + ","
                args = [*graph.clip_audio_window(clip, settings), "-vn", "-af",
                        normalise + graph.exact_length(samples, settings)]
            else:
                args = ["-f", "lavfi", "-i", f"anullsrc=r={settings.sample_rate}:cl=stereo", "-af",
                        graph.exact_length(samples, settings)]
            self._write(wav, [*args, "-c:a", "pcm_s16le", "-f", "wav"], ("聲音", "the sound"))
        self._report(0.2 * clip.frames, "調整音量", "evening out the loudness")
        return wav, reading

    def _reading(self, clip: graph.Clip, path: Path) -> Loudness:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            return Loudness(**read_json(path))
        if not clip.has_audio:
            reading = Loudness(-99.0, -99.0, 0.0, -99.0, 0.0)
        else:
            reading = measure_loudness(graph.clip_audio_window(clip, self.settings), "", target=self.settings.target_lufs,
                                       true_peak=self.settings.true_peak_db, lra=self.settings.lra, log=path.with_suffix(".log"))
        write_json_atomic(path, reading.as_dict())
        return reading

    def _premix_path(self, audio_keys: list[str]) -> Path:
        return self.cache / f"mix-{_key([CACHE_FORMAT, audio_keys, self.settings.__dict__])}.wav"

    def _film_gain(self, wavs: list[Path], audio_keys: list[str]) -> float:
        """Cross-fade the clips' sound like the picture, measure the whole, and return the gain (dB)
        that brings it to the target: the second pass over the film."""
        premix = self._premix_path(audio_keys)
        card_samples = self.settings.card_frames * self.settings.samples_per_frame
        if not premix.is_file():
            self._write(premix, graph.mix_args(wavs, card_samples, self.settings, premix)[:-1], ("混音", "the sound mix"))
        reading = measure_loudness(["-i", str(premix)], "", target=self.settings.target_lufs,
                                   true_peak=self.settings.true_peak_db, lra=self.settings.lra,
                                   log=premix.with_suffix(".log"))
        return 0.0 if reading.silent else round(self.settings.target_lufs - reading.integrated, 2)

    def _write(self, target: Path, args: list[str], what: tuple[str, str]) -> None:
        """Run ffmpeg with ``args`` + a temporary output, then rename it to ``target``."""
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial{target.suffix}")
        log = target.with_suffix(".log")
        try:
            run_with_progress([*args, str(partial)], log=log, cancel=self.cancel, what=what)
            replace_with_retry(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        log.unlink(missing_ok=True)

    # -- the film ----------------------------------------------------------------------------------

    def _mux(self, pieces: list[_Piece], premix: Path, gain: float, out: Path) -> None:
        self.cancel.check()
        listing = self.cache / f"concat-{os.getpid()}.txt"
        listing.write_text("\n".join(concat_line(self.cache / piece.name) for piece in pieces) + "\n", encoding="utf-8")
        settings = self.settings
        partial = out.with_name(f".{out.stem}.partial.mp4")
        log = self.cache / "film.log"
        reported = 0

        def on_progress(_frames: int, seconds: float) -> None:
            nonlocal reported
            now = int(seconds * settings.fps)
            self._report(0.1 * (now - reported), "合成影片", "putting the film together")
            reported = now

        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            run_with_progress(["-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(premix), "-map", "0:v:0",
                               "-map", "1:a:0", "-c:v", "copy", "-af", f"volume={gain}dB", "-c:a", "aac",
                               "-b:a", f"{settings.audio_kbps}k", "-ar", str(settings.sample_rate), "-ac", "2",
                               "-movflags", "+faststart", str(partial)],
                              log=log, cancel=self.cancel, on_progress=on_progress, what=("合成影片", "putting the film together"))
            replace_with_retry(partial, out)
        except OSError as exc:
            raise KioskError(f"無法寫入影片 {out}（{exc.strerror}）", f"cannot write the film {out} ({exc.strerror})") from None
        finally:
            partial.unlink(missing_ok=True)
            listing.unlink(missing_ok=True)
        log.unlink(missing_ok=True)

