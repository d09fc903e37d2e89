"""Photos from the take: candidates during the take, three chosen automatically, swappable.

Candidates are full 1920×1080 camera frames (BGR, or I420 as decoded files deliver them) saved as JPEG (quality 92, tagged 300 dpi, capture
time in EXIF) by a background thread, so nothing waits for them at stop. Three are chosen: the
sharpest of each third of the take, so they are sharp and spread across it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from kiosk.organiser import PHOTO_DPI
from kiosk.recording.take import CANDIDATES_DIR, STILLS_DIR, Take

JPEG_QUALITY = 92
STILLS_WANTED = 3
_EXIF_DATETIME, _EXIF_IFD, _EXIF_DATETIME_ORIGINAL, _EXIF_SOFTWARE = 0x0132, 0x8769, 0x9003, 0x0131
_FLAT_STD = 6.0  # a frame this uniform (a flash, a lens cap) is no photo


@dataclass(frozen=True)
class Candidate:
    file: str
    t_s: float  # seconds into the take
    sharpness: float
    flat: bool = False

    def as_json(self) -> dict:
        return {"file": self.file, "t_s": round(self.t_s, 3), "sharpness": round(self.sharpness, 2),
                "flat": self.flat}


def _grey(image: np.ndarray) -> np.ndarray:
    """The brightness: an I420 picture's Y plane as it is, a BGR picture converted."""
    if image.ndim == 2:
        return image[: image.shape[0] * 2 // 3]
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def sharpness(image: np.ndarray) -> tuple[float, bool]:
    """Variance of the Laplacian on a quarter-size grey image (higher = sharper), and "flat".

    ``image`` is BGR (height × width × 3) or I420 (height·3/2 × width)."""
    grey = _grey(image)
    small = cv2.resize(grey, (grey.shape[1] // 4, grey.shape[0] // 4), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var()), float(small.std()) < _FLAT_STD


def save_jpeg(image_bgr: np.ndarray, path: Path, wall_time: float) -> None:
    """JPEG at quality 92, 300 dpi, with the capture time in EXIF; written to a temp name, then renamed.

    ``image_bgr`` is BGR, or I420 (a 2-D array) as a decoded file delivers it."""
    stamp = dt.datetime.fromtimestamp(wall_time).strftime("%Y:%m:%d %H:%M:%S")
    exif = Image.Exif()
    exif[_EXIF_DATETIME] = stamp
    exif[_EXIF_SOFTWARE] = "IVY 2026 Pledge Kiosk"
    exif.get_ifd(_EXIF_IFD)[_EXIF_DATETIME_ORIGINAL] = stamp
    conversion = cv2.COLOR_YUV2RGB_I420 if image_bgr.ndim == 2 else cv2.COLOR_BGR2RGB
    rgb = Image.fromarray(cv2.cvtColor(image_bgr, conversion))
    tmp = path.with_name(path.name + ".part")
    rgb.save(tmp, "JPEG", quality=JPEG_QUALITY, dpi=(PHOTO_DPI, PHOTO_DPI), exif=exif)
    tmp.replace(path)


def wall_time_of(monotonic_t: float) -> float:
    return time.time() - (time.monotonic() - monotonic_t)


class CandidateWriter:
    """Encodes candidate JPEGs on its own thread; a busy writer skips a candidate rather than wait."""

    def __init__(self, take_dir: Path) -> None:
        self.dir = take_dir / CANDIDATES_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self.candidates: list[Candidate] = []
        self.errors: list[str] = []
        self._queue: queue.Queue[tuple[np.ndarray, float, float, str] | None] = queue.Queue(maxsize=2)
        self._thread = threading.Thread(target=self._run, name="stills", daemon=True)
        self._thread.start()

    def offer(self, image: np.ndarray, t_s: float, monotonic_t: float, name: str | None = None) -> str:
        name = name or f"cand-{t_s:06.2f}.jpg"
        try:
            self._queue.put_nowait((image, t_s, monotonic_t, name))
        except queue.Full:
            return ""
        return name

    def close(self) -> list[Candidate]:
        with contextlib.suppress(queue.Full):  # a stuck writer must never hold up the end of a take
            self._queue.put(None, timeout=5)
        self._thread.join(timeout=10)
        return sorted(self.candidates, key=lambda c: c.t_s)

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            image, t_s, monotonic_t, name = item
            try:
                score, flat = sharpness(image)
                save_jpeg(image, self.dir / name, wall_time_of(monotonic_t))
            except (OSError, ValueError, cv2.error) as exc:  # one lost candidate, not a stuck take
                self.errors.append(f"{name}: {exc}")
                continue
            self.candidates.append(Candidate(name, t_s, score, flat))


def choose(candidates: list[Candidate], duration_s: float, wanted: int = STILLS_WANTED) -> list[Candidate]:
    """The sharpest usable candidate of each equal part of the take (fewer if the take is tiny)."""
    usable = [c for c in candidates if not c.flat] or list(candidates)
    chosen: list[Candidate] = []
    for part in range(wanted):
        lo, hi = duration_s * part / wanted, duration_s * (part + 1) / wanted
        in_part = [c for c in usable if lo <= c.t_s < hi and c not in chosen]
        if in_part:
            chosen.append(max(in_part, key=lambda c: c.sharpness))
    for c in sorted(usable, key=lambda c: -c.sharpness):  # a short take: fill from anywhere
        if len(chosen) >= wanted:
            break
        if c not in chosen:
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.t_s)


def still_name(slot: int) -> str:
    return f"still-{slot + 1}.jpg"


def install_stills(take: Take, chosen: list[Candidate]) -> list[str]:
    """Copy the chosen candidates to ``stills/still-N.jpg``; returns the file names."""
    names = []
    for slot, candidate in enumerate(chosen):
        names.append(still_name(slot))
        shutil.copyfile(take.dir / CANDIDATES_DIR / candidate.file, take.dir / STILLS_DIR / names[-1])
    return names


def swap_still(take: Take, slot: int, candidate_file: str) -> None:
    """The operator prefers another candidate for photo ``slot`` (0-based)."""
    source = take.dir / CANDIDATES_DIR / candidate_file
    if not source.is_file():
        raise FileNotFoundError(source)
    names = list(take.meta.get("stills", []))
    while len(names) <= slot:
        names.append(still_name(len(names)))
    shutil.copyfile(source, take.dir / STILLS_DIR / names[slot])
    chosen = dict(enumerate(take.meta.get("still_sources", [])))
    chosen[slot] = candidate_file
    take.update(stills=names, still_sources=[chosen.get(i, "") for i in range(len(names))])


def candidates_from_disk(take: Take) -> list[Candidate]:
    """Rebuild the candidate list from the JPEGs on disk (after a crash)."""
    found = []
    for path in sorted((take.dir / CANDIDATES_DIR).glob("cand-*.jpg")):
        try:
            t_s = float(path.stem.removeprefix("cand-"))
        except ValueError:
            t_s = 0.0
        image = cv2.imdecode(np.fromfile(path, dtype=np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            continue  # a half-written candidate from the moment of the crash
        score, flat = sharpness(image)
        found.append(Candidate(path.name, t_s, score, flat))
    return found
