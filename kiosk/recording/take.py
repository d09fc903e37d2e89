"""A take on disk: one folder under ``<data>/takes/`` holding everything about one recording.

Layout (the contract the package builder, the GUI and recovery rely on)::

    <data>/takes/<take-id>/
        take.json            metadata (below); rewritten atomically at start, first frame and end
        take.mp4             the finished, verified H.264/AAC MP4 (only once complete)
        stills/still-1.jpg … still-3.jpg   the chosen photos (1920×1080 JPEG, 300 dpi, EXIF time)
        candidates/cand-NN.jpg             every still candidate taken during the take
        video.mkv, audio.mka               crash-tolerant intermediates (H.264, AAC) while recording
        encoder.log                        ffmpeg's messages
        .lock                              held by the recording process (recovery skips it)

``take.json`` keys: ``id``, ``state`` (recording | done | salvaged | failed), ``created_at``
(ISO 8601 local time with offset), ``camera`` {spec, description, mode {width, height, fps,
fourcc}, measured_fps}, ``mic`` {spec, description} or null, ``seconds_requested``, ``frames``,
``dropped_frames``, ``capture_dropped``, ``grid_duplicated``, ``grid_collapsed``, ``duration_s``,
``width``, ``height``, ``fps``, ``has_audio``, ``short`` (under 10 s), ``stop_reason``,
``encoder``, ``video`` (file name or null), ``stills`` (file names), ``candidates`` [{file, t_s,
sharpness}], ``kept`` (null until the operator decides, then true/false), ``timings`` {…},
``error`` (text, when failed).
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.fsutil import read_json, write_json_atomic
from kiosk.locks import FileLock
from kiosk.organiser import TAKE_MIN_SECONDS

TAKE_JSON = "take.json"
VIDEO_FILE = "take.mp4"
STILLS_DIR = "stills"
CANDIDATES_DIR = "candidates"
INTERMEDIATE_VIDEO = "video.mkv"
INTERMEDIATE_AUDIO = "audio.mka"
ENCODER_LOG = "encoder.log"
LOCK_FILE = ".lock"


def takes_root() -> Path:
    return paths.data_dir("takes")


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def new_take_id() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + secrets.token_hex(2)


class Take:
    """A take folder and its metadata."""

    def __init__(self, directory: Path, meta: dict[str, Any]) -> None:
        self.dir = directory
        self.meta = meta

    @classmethod
    def create(cls, root: Path | None = None, **meta: Any) -> Take:
        take_id = new_take_id()
        directory = (root or takes_root()) / take_id
        (directory / CANDIDATES_DIR).mkdir(parents=True)
        (directory / STILLS_DIR).mkdir()
        take = cls(directory, {"id": take_id, "state": "recording", "created_at": now_iso(), "kept": None,
                               **meta})
        take.save()
        return take

    @classmethod
    def load(cls, directory: Path) -> Take:
        return cls(directory, read_json(directory / TAKE_JSON))

    def save(self) -> None:
        write_json_atomic(self.dir / TAKE_JSON, self.meta)

    def update(self, **changes: Any) -> None:
        self.meta.update(changes)
        self.save()

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def state(self) -> str:
        return self.meta["state"]

    @property
    def video_path(self) -> Path | None:
        name = self.meta.get("video")
        return self.dir / name if name else None

    @property
    def still_paths(self) -> list[Path]:
        return [self.dir / STILLS_DIR / name for name in self.meta.get("stills", [])]

    @property
    def candidate_paths(self) -> list[Path]:
        return [self.dir / CANDIDATES_DIR / c["file"] for c in self.meta.get("candidates", [])]

    @property
    def is_short(self) -> bool:
        return float(self.meta.get("duration_s") or 0.0) < TAKE_MIN_SECONDS

    def lock(self) -> FileLock:
        return FileLock(self.dir / LOCK_FILE)

    def summary(self) -> dict[str, Any]:
        """The ``record`` JSON document (SPEC §4 keys, more may follow)."""
        video = self.video_path
        return {
            "take": self.id,
            "dir": str(self.dir),
            "state": self.state,
            "video": str(video) if video else None,
            "stills": [str(p) for p in self.still_paths],
            "duration_s": self.meta.get("duration_s"),
            "width": self.meta.get("width"),
            "height": self.meta.get("height"),
            "fps": self.meta.get("fps"),
            "frames": self.meta.get("frames"),
            "dropped_frames": self.meta.get("dropped_frames"),
            "has_audio": self.meta.get("has_audio"),
            "short": self.meta.get("short"),
            "stop_reason": self.meta.get("stop_reason"),
        }


def list_takes(root: Path | None = None) -> list[Take]:
    """Every readable take, newest first."""
    takes = []
    for directory in sorted((root or takes_root()).iterdir(), reverse=True):
        if (directory / TAKE_JSON).is_file():
            try:
                takes.append(Take.load(directory))
            except (OSError, ValueError):
                continue
    return takes


def find_take(ref: str) -> Take:
    """A take by folder path or by id."""
    from kiosk.errors import BadInput

    candidate = Path(ref)
    if not (candidate / TAKE_JSON).is_file():
        candidate = takes_root() / ref
    if not (candidate / TAKE_JSON).is_file():
        raise BadInput(f"找不到這段錄影：{ref}", f"No such take: {ref}")
    try:
        return Take.load(candidate)
    except (OSError, ValueError) as exc:
        raise BadInput(f"錄影資料損壞：{ref}（{exc}）", f"The take's record is damaged: {ref} ({exc})") from None
