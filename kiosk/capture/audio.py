"""The microphone side: sources, the timestamped ring buffer, and the level meter."""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from kiosk.capture.clock import MONOTONIC, Clock

SAMPLE_RATE = 48_000

BlockCallback = Callable[[np.ndarray], None]


class AudioSource(Protocol):
    """Delivers mono float32 blocks at real-time pace, from its own thread or driver callback."""

    description: str
    sample_rate: int

    def start(self, deliver: BlockCallback) -> None: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Level:
    peak: float  # 0..1 of full scale
    rms: float
    clipped: bool


class AudioRing:
    """The last ``seconds`` of audio, with every sample placed on the monotonic clock.

    Sample ``i`` (counted from the first sample ever received) is at ``anchor + i / rate``. Each
    block's arrival gives an estimate of the anchor that is late by the delivery latency, never
    early, so the earliest recent estimate is the best one. Only recent estimates count, so the
    anchor follows a sound card clock that drifts against the monotonic clock over a long day.
    """

    ANCHOR_WINDOW = 200  # blocks (~2–4 s)

    def __init__(self, rate: int = SAMPLE_RATE, seconds: float = 60.0) -> None:
        self.rate = rate
        self._buf = np.zeros(int(rate * seconds), dtype=np.float32)
        self._total = 0  # samples received since start
        self._estimates: collections.deque[float] = collections.deque(maxlen=self.ANCHOR_WINDOW)
        self._lock = threading.Lock()

    @property
    def total(self) -> int:
        return self._total

    def push(self, block: np.ndarray, arrival_t: float) -> None:
        block = np.asarray(block, dtype=np.float32).reshape(-1)
        n = len(block)
        with self._lock:
            cap = len(self._buf)
            start = self._total % cap
            first = min(n, cap - start)
            self._buf[start : start + first] = block[:first]
            if first < n:
                self._buf[: n - first] = block[first:]
            self._total += n
            self._estimates.append(arrival_t - self._total / self.rate)

    def anchor(self) -> float | None:
        with self._lock:
            return min(self._estimates) if self._estimates else None

    def index_at(self, t: float) -> int:
        anchor = self.anchor()
        if anchor is None:
            return 0
        return round((t - anchor) * self.rate)

    def read(self, start: int, stop: int) -> np.ndarray:
        """Samples ``[start, stop)``; silence where they are not (or no longer) in the buffer."""
        out = np.zeros(max(0, stop - start), dtype=np.float32)
        with self._lock:
            cap = len(self._buf)
            lo, hi = max(start, self._total - cap, 0), min(stop, self._total)
            if hi > lo:
                at, count = lo % cap, hi - lo
                first = min(count, cap - at)  # the ring may wrap once inside the range
                out[lo - start : lo - start + first] = self._buf[at : at + first]
                out[lo - start + first : hi - start] = self._buf[: count - first]
        return out

    def level(self, seconds: float = 0.1) -> Level:
        n = int(self.rate * seconds)
        tail = self.read(self._total - n, self._total)
        if not len(tail):
            return Level(0.0, 0.0, False)
        peak = float(np.max(np.abs(tail)))
        return Level(peak=peak, rms=float(np.sqrt(np.mean(tail * tail))), clipped=peak >= 0.999)


class Microphone:
    """Keeps an ``AudioSource`` running all the time into an ``AudioRing`` (SPEC §6: stream kept open)."""

    def __init__(self, source: AudioSource, clock: Clock = MONOTONIC, ring_seconds: float = 60.0) -> None:
        self.source = source
        self.clock = clock
        self.ring = AudioRing(source.sample_rate, ring_seconds)
        self._started = False

    def start(self) -> None:
        self.source.start(self._deliver)
        self._started = True

    def stop(self) -> None:
        if self._started:
            self.source.stop()
            self._started = False

    def _deliver(self, block: np.ndarray) -> None:
        self.ring.push(block, self.clock.now())


class PacedAudioSource:
    """Plays samples from a function at real-time pace, as a sound card would deliver them.

    Block ``k`` is handed over when its last sample is "in": at ``t0 + (k + 1) · block / rate``.
    Used for the demo tone, WAV files and the audio track of a video file.
    """

    BLOCK = 480  # 10 ms at 48 kHz

    def __init__(
        self,
        description: str,
        samples: Callable[[int, int], np.ndarray],
        epoch_t0: Callable[[], float],
        clock: Clock = MONOTONIC,
        sample_rate: int = SAMPLE_RATE,
    ) -> None:
        self.description = description
        self.sample_rate = sample_rate
        self._samples = samples
        self._epoch_t0 = epoch_t0
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, deliver: BlockCallback) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, args=(deliver,), name="audio-source", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2.0)

    def _run(self, deliver: BlockCallback) -> None:
        t0 = self._epoch_t0()
        k = 0
        while not self._stop.is_set():
            due = t0 + (k + 1) * self.BLOCK / self.sample_rate
            self._clock.sleep_until(due)
            deliver(self._samples(k * self.BLOCK, self.BLOCK))
            k += 1
