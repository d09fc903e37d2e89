"""A take on disk: one folder under ``<data>/takes/`` holding everything about one recording.

Layout (the contract the package builder, the GUI and recovery rely on)::

    <data>/takes/<take-id>/
        take.json            metadata (below); rewritten atomically at start, first frame and end
        take.mp4             the finished, verified H.264/AAC MP4 (only once complete)
        stills/still-1.jpg … still-3.jpg   the chosen photos (1920×1080 JPEG, 300 dpi, EXIF time)
        candidates/cand-NN.jpg             every still candidate taken during the take
        video.mkv, audio.mka               crash-tolerant intermediates (H.264, AAC) while recording
        tail.yuv, audio.f32                the last second of raw frames, and the raw sound (see tail.py)
        encoder.log                        ffmpeg's messages
        .lock                              held by the recording process (recovery skips it)

``take.json`` keys: ``id``, ``state`` (recording | done | salvaged | failed), ``created_at``
(ISO 8601 local time with offset), ``camera`` {spec, description, mode {width, height, fps,
fourcc}, measured_fps}, ``mic`` {spec, description} or null, ``seconds_requested``, ``frames``,
``dropped_frames``, ``capture_dropped``, ``grid_duplicated``, ``grid_collapsed``, ``duration_s``,
``width``, ``height``, ``fps``, ``has_audio``, ``short`` (under 10 s), ``stop_reason``,
``encoder``, ``video`` (file name or null), ``stills`` (file names), ``candidates`` [{file, t_s,
sharpness}], ``kept`` (null until the operator decides, then true/false), ``timings`` {…},
``error`` (text, when failed). An imported take (``kiosk/importing``) has no ``camera``/``mic`` but
``source`` (the clip's path), ``source_info`` {width, height, rotation, hdr, vfr, fps, codec,
duration_s, …}, ``source_start_s`` and ``fill``; photos added to any take are candidates with a
``photo`` key (the original file name). While recording: ``encoders`` [{pid, started}] (the take's encoder processes, so
recovery can wait for them), ``frames_recorded`` and ``audio_shift_s`` (written as finishing starts),
``rebuilt_from`` (the damaged record recovery moved aside and rebuilt this one from).
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.errors import BadInput
from kiosk.fsutil import read_json, write_json_atomic
from kiosk.locks import FileLock
from kiosk.organiser import TAKE_MIN_SECONDS

TAKE_JSON = "take.json"
VIDEO_FILE = "take.mp4"
STILLS_DIR = "stills"
CANDIDATES_DIR = "candidates"
INTERMEDIATE_VIDEO = "video.mkv"
INTERMEDIATE_AUDIO = "audio.mka"
INTERMEDIATE_TAIL = "tail.yuv"
INTERMEDIATE_AUDIO_RAW = "audio.f32"
ENCODER_LOG = "encoder.log"
LOCK_FILE = ".lock"

log = logging.getLogger(__name__)


def takes_root() -> Path:
    return paths.data_dir("takes")


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def new_take_id() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


class TakeState(StrEnum):
    """Where a take is in its life; stored as its value in ``take.json``."""

    RECORDING = "recording"  # being recorded (or interrupted by a crash: recovery salvages it)
    DONE = "done"  # finished and verified
    SALVAGED = "salvaged"  # recovered after a crash, up to about its last second
    FAILED = "failed"  # nothing usable could be finished; ``error`` says why

    @property
    def has_video(self) -> bool:
        return self in (TakeState.DONE, TakeState.SALVAGED)


class DamagedTake(BadInput):
    """A ``take.json`` that is not what this app wrote (wrong shape, wrong types, unreadable)."""


# The types take.json must hold where a key is present (null allowed unless listed in _REQUIRED).
_NUMBER = (int, float)
_SHAPE: dict[str, tuple[type, ...]] = {
    "id": (str,), "state": (str,), "created_at": (str,), "kept": (bool,),
    "duration_s": _NUMBER, "width": (int,), "height": (int,), "fps": _NUMBER, "frames": (int,),
    "dropped_frames": (int,), "has_audio": (bool,), "short": (bool,), "stop_reason": (str,),
    "video": (str,), "stills": (list,), "candidates": (list,), "still_sources": (list,),
    "error": (str,), "timings": (dict,), "salvage_attempts": (int,), "camera": (dict,), "mic": (dict,),
    # an imported take (kiosk/importing): the clip, its facts, the span's start and the chosen framing
    "source": (str,), "source_info": (dict,), "source_start_s": _NUMBER, "fill": (bool,),
    "encoders": (list,), "frames_recorded": (int,), "audio_shift_s": _NUMBER, "rebuilt_from": (str,),
}
_REQUIRED = ("id", "state")


def _shape_problem(meta: Any) -> str | None:
    """Why ``meta`` is not a take record, in English (for the log and the message), or None."""
    if not isinstance(meta, dict):
        return f"it holds a JSON {type(meta).__name__}, not an object"
    for key in _REQUIRED:
        if not isinstance(meta.get(key), str) or not meta[key]:
            return f"'{key}' is missing or not text"
    if meta["state"] not in {state.value for state in TakeState}:
        return f"'state' is {meta['state']!r}"
    for key, types in _SHAPE.items():
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, bool) and bool not in types:  # bool is an int to Python, not to us
            return f"'{key}' is {value!r}"
        if not isinstance(value, types):
            return f"'{key}' is {value!r}"
    for entry in meta.get("candidates") or []:
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            return "'candidates' holds an entry without a file name"
    if not all(isinstance(name, str) for name in meta.get("stills") or []):
        return "'stills' holds something that is not a file name"
    return None


class Take:
    """A take folder and its metadata.

    Readers use the typed properties; the recorder, recovery and import write with ``create`` and
    ``update``; the operator's decisions go through ``keep()`` / ``discard()``. Nothing else edits keys.
    """

    def __init__(self, directory: Path, meta: dict[str, Any]) -> None:
        self.dir = directory
        self.meta = meta

    @classmethod
    def create(cls, root: Path | None = None, **meta: Any) -> Take:
        take_id = new_take_id()
        directory = (root or takes_root()) / take_id
        (directory / CANDIDATES_DIR).mkdir(parents=True)
        (directory / STILLS_DIR).mkdir()
        take = cls(directory, {"id": take_id, "state": TakeState.RECORDING.value, "created_at": now_iso(),
                               "kept": None, **meta})
        take.save()
        return take

    @classmethod
    def load(cls, directory: Path) -> Take:
        """The take in ``directory``; DamagedTake when its record is unreadable or of the wrong shape."""
        path = directory / TAKE_JSON
        try:
            meta = read_json(path)
        except ValueError as exc:
            raise _damaged(directory, f"not JSON ({exc})") from None
        problem = _shape_problem(meta)
        if problem is not None:
            raise _damaged(directory, problem)
        return cls(directory, meta)

    def save(self) -> None:
        write_json_atomic(self.dir / TAKE_JSON, self.meta)

    def update(self, **changes: Any) -> None:
        for key, value in changes.items():
            self.meta[key] = value.value if isinstance(value, TakeState) else value
        self.save()

    # The operator's decisions on a take: judged, never deleted (a take is never lost).
    def keep(self) -> None:
        self.update(kept=True)

    def discard(self) -> None:
        self.update(kept=False)

    @property
    def id(self) -> str:
        return str(self.meta["id"])

    @property
    def state(self) -> TakeState:
        return TakeState(self.meta["state"])

    @property
    def kept(self) -> bool | None:
        """True once kept, False once discarded, None while the operator has not decided."""
        kept = self.meta.get("kept")
        return kept if isinstance(kept, bool) else None

    @property
    def created_at(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(str(self.meta.get("created_at") or ""))
        except ValueError:
            return None

    @property
    def duration_s(self) -> float:
        return float(self.meta.get("duration_s") or 0.0)

    @property
    def width(self) -> int | None:
        return self.meta.get("width")

    @property
    def height(self) -> int | None:
        return self.meta.get("height")

    @property
    def fps(self) -> float | None:
        fps = self.meta.get("fps")
        return float(fps) if fps is not None else None

    @property
    def has_audio(self) -> bool:
        return bool(self.meta.get("has_audio"))

    @property
    def error(self) -> str | None:
        return self.meta.get("error")

    @property
    def stop_reason(self) -> str | None:
        return self.meta.get("stop_reason")

    @property
    def video_path(self) -> Path | None:
        name = self.meta.get("video")
        return self.dir / name if name else None

    @property
    def still_paths(self) -> list[Path]:
        return [self.dir / STILLS_DIR / name for name in self.meta.get("stills") or []]

    @property
    def candidate_paths(self) -> list[Path]:
        return [self.dir / CANDIDATES_DIR / c["file"] for c in self.meta.get("candidates") or []]

    @property
    def is_short(self) -> bool:
        return self.duration_s < TAKE_MIN_SECONDS

    def lock(self) -> FileLock:
        return FileLock(self.dir / LOCK_FILE)

    def summary(self) -> dict[str, Any]:
        """The ``record`` JSON document (SPEC §4 keys, more may follow)."""
        video = self.video_path
        return {
            "take": self.id,
            "dir": str(self.dir),
            "state": self.state.value,
            "video": str(video) if video else None,
            "stills": [str(p) for p in self.still_paths],
            "duration_s": self.meta.get("duration_s"),
            "width": self.width,
            "height": self.height,
            "fps": self.meta.get("fps"),
            "frames": self.meta.get("frames"),
            "dropped_frames": self.meta.get("dropped_frames"),
            "has_audio": self.meta.get("has_audio"),
            "short": self.meta.get("short"),
            "stop_reason": self.stop_reason,
            "encoder": self.meta.get("encoder"),
            "preset": self.meta.get("preset"),
        }


def _damaged(directory: Path, problem: str) -> DamagedTake:
    return DamagedTake(
        f"這段錄影的紀錄檔已損壞：{directory / TAKE_JSON}（{problem}）。影片與照片仍在該資料夾中，未被刪除；"
        "請執行 ivy-kiosk recover，或將資料夾交給技術人員。",
        f"This take's record is damaged: {directory / TAKE_JSON} ({problem}). Its video and photos are still in "
        "that folder, nothing was deleted; run ivy-kiosk recover, or hand the folder to a technician.",
    )


def list_takes(root: Path | None = None) -> list[Take]:
    """Every readable take, newest first (a damaged one is logged and left where it is)."""
    takes = []
    for directory in sorted((root or takes_root()).iterdir(), reverse=True):
        if (directory / TAKE_JSON).is_file():
            try:
                takes.append(Take.load(directory))
            except (OSError, DamagedTake) as exc:
                log.warning("take left out of the list: %s", exc.args[0] if exc.args else exc)
                continue
    return takes


def find_take(ref: str) -> Take:
    """A take by folder path or by id."""
    candidate = Path(ref)
    if not (candidate / TAKE_JSON).is_file():
        candidate = takes_root() / ref
    if not (candidate / TAKE_JSON).is_file():
        raise BadInput(f"找不到這段錄影：{ref}", f"No such take: {ref}")
    try:
        return Take.load(candidate)
    except OSError as exc:
        raise BadInput(f"無法讀取這段錄影的紀錄：{ref}（{exc}）", f"The take's record cannot be read: {ref} ({exc})") from None
