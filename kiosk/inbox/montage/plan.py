"""What the film is to be: which counties in which order, the in/out span of each clip, the length.

The organiser (CLI flags or the organiser screen) sets a :class:`MontagePlan`; :func:`timeline`
turns it, with the prepared clips, into whole frames. With a target length the clips share the
time evenly (a clip shorter than its share gives the rest to the others), each from its in-point.

The film: opening card, the clips, closing card, with a cross-fade of ``crossfade_s`` at each of
the joins, so its length is ``Σ(parts) − joins × crossfade``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk import organiser
from kiosk.errors import BadInput

MIN_SPAN_S = 1.5  # a clip must outlast the cross-fades at both its ends


@dataclass(frozen=True)
class MontageSettings:
    width: int = 1920
    height: int = 1080
    fps: int = 30
    crossfade_s: float = 0.5
    card_s: float = 3.0
    target_lufs: float = -23.0  # EBU R128
    true_peak_db: float = -1.5
    lra: float = 20.0  # wide, so loudnorm keeps to linear gain (no dynamic squeezing of the cheers)
    preset: str = "veryfast"
    crf: int = 20
    audio_kbps: int = 192
    sample_rate: int = 48_000

    @property
    def crossfade_frames(self) -> int:
        return round(self.crossfade_s * self.fps)

    @property
    def card_frames(self) -> int:
        return round(self.card_s * self.fps)

    @property
    def samples_per_frame(self) -> int:
        return self.sample_rate // self.fps


@dataclass(frozen=True)
class Span:
    """The part of a clip to use, in seconds from its start; ``end_s`` None = to its end."""

    start_s: float = 0.0
    end_s: float | None = None

    @classmethod
    def parse(cls, text: str) -> Span:
        """``"2.5-12"``, ``"2.5-"`` or ``"-12"``."""
        start, separator, end = text.partition("-")
        try:
            if not separator:
                raise ValueError
            span = cls(float(start) if start.strip() else 0.0, float(end) if end.strip() else None)
        except ValueError:
            raise BadInput(f"片段須寫成 開始-結束（秒），例如 2.5-12：{text}",
                           f"a span is START-END in seconds, e.g. 2.5-12: {text!r}") from None
        if span.start_s < 0 or (span.end_s is not None and span.end_s <= span.start_s):
            raise BadInput(f"片段的結束必須晚於開始：{text}", f"a span must end after it starts: {text!r}")
        return span


@dataclass
class MontagePlan:
    order: list[str]  # counties, in the order they appear
    spans: dict[str, Span] = field(default_factory=dict)
    target_s: float | None = None  # None: every clip's whole span
    settings: MontageSettings = field(default_factory=MontageSettings)

    @classmethod
    def default(cls, usable: list[str], **kwargs: object) -> MontagePlan:
        """Every usable county, in the order of the 22 names."""
        return cls([county for county in organiser.COUNTIES if county in usable], **kwargs)  # type: ignore[arg-type]

    def reordered(self, order: list[str]) -> MontagePlan:
        unknown = [county for county in order if county not in self.order]
        if unknown:
            raise BadInput(f"這些縣市沒有可用的影片：{'、'.join(unknown)}",
                           f"these counties have no usable clip: {', '.join(unknown)}")
        return MontagePlan(list(order), dict(self.spans), self.target_s, self.settings)


@dataclass(frozen=True)
class ClipSpan:
    """One county's clip in the film, in whole frames of the source (at the film's rate)."""

    county: str
    start_frame: int
    frames: int


def _available(plan: MontagePlan, county: str, duration_s: float) -> tuple[float, float]:
    span = plan.spans.get(county, Span())
    end = duration_s if span.end_s is None else span.end_s
    if end > duration_s + 0.05 or span.start_s >= duration_s:
        raise BadInput(f"{county} 的片段 {span.start_s:g}–{end:g} 秒超出影片長度 {duration_s:.1f} 秒",
                       f"the span {span.start_s:g}-{end:g} s of {county} is outside its {duration_s:.1f} s clip")
    return span.start_s, min(end, duration_s)


def _shares(total: float, available: list[float]) -> list[float]:
    """``total`` shared evenly; a part that cannot take its share gives the rest to the others."""
    shares = [0.0] * len(available)
    remaining = list(range(len(available)))
    left = total
    while remaining:
        share = left / len(remaining)
        short = [i for i in remaining if available[i] < share]
        if not short:
            for i in remaining:
                shares[i] = share
            break
        for i in short:
            shares[i] = available[i]
            left -= available[i]
            remaining.remove(i)
    return shares


def timeline(plan: MontagePlan, durations: dict[str, float]) -> list[ClipSpan]:
    """Each county's frames; BadInput when a span or the target length cannot work."""
    if not plan.order:
        raise BadInput("沒有可以剪輯的影片（沒有完整或已接受的投稿）", "there is no clip to cut (no complete or accepted submission)")
    settings = plan.settings
    windows = [_available(plan, county, durations[county]) for county in plan.order]
    lengths = [end - start for start, end in windows]
    if plan.target_s is not None:
        joins = len(plan.order) + 1
        for_clips = plan.target_s - 2 * settings.card_s + joins * settings.crossfade_s
        if for_clips < MIN_SPAN_S * len(plan.order):
            raise BadInput(f"目標長度 {plan.target_s:g} 秒太短，放不下 {len(plan.order)} 段影片",
                           f"a target of {plan.target_s:g} s is too short for {len(plan.order)} clips")
        lengths = _shares(for_clips, lengths)
    spans = []
    for county, (start, _), length in zip(plan.order, windows, lengths, strict=True):
        if length < MIN_SPAN_S:
            raise BadInput(f"{county} 的片段短於 {MIN_SPAN_S} 秒", f"the span of {county} is shorter than {MIN_SPAN_S} s")
        spans.append(ClipSpan(county, round(start * settings.fps), int(length * settings.fps + 1e-6)))
    return spans


def film_frames(spans: list[ClipSpan], settings: MontageSettings) -> int:
    parts = [settings.card_frames, *(s.frames for s in spans), settings.card_frames]
    return sum(parts) - (len(parts) - 1) * settings.crossfade_frames
