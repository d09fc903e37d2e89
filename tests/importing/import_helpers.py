"""Shared by the import tests (a module of its own: every test folder's conftest is named conftest)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import import_clips as clips
import numpy as np

from kiosk import procs
from kiosk.config import RecordingSettings

TEST_SETTINGS = RecordingSettings(encoder="libx264", preset="ultrafast")


@dataclass(frozen=True)
class Conversion:
    recipe: clips.Clip
    start_s: float
    seconds: float
    fill: bool = False


CONVERSIONS = {
    "hlg": Conversion(clips.HLG_4K, start_s=0.2, seconds=10.0),
    "pq": Conversion(clips.PQ_ROTATED, start_s=0.4, seconds=10.0),
    "prores": Conversion(clips.PRORES_24, start_s=0.3, seconds=10.0),
    "mute": Conversion(clips.MUTE_60, start_s=0.0, seconds=10.0),
    "fill": Conversion(clips.PORTRAIT_50, start_s=0.1, seconds=10.0, fill=True),
}


def frame_at(video: Path, t_s: float) -> np.ndarray:
    """The decoded 1920×1080 picture at ``t_s`` (RGB)."""
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-ss", f"{t_s:.3f}",
                        "-i", str(video), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], timeout=60)
    return np.frombuffer(result.stdout, dtype=np.uint8).reshape(1080, 1920, 3)


def write_consent(folder: Path, county: str = "高雄市") -> Path:
    path = folder / "同意書 consent.json"
    path.write_text(json.dumps({
        "county": county,
        "contact": {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科長", "phone": "07-3438100",
                    "email": "wang.xm@example.org"},
        "authorised": True,
        "signed_by": "王小明",
    }, ensure_ascii=False), encoding="utf-8")
    return path


def write_settings(home: Path, **recording: Any) -> None:
    """``config.toml`` in ``home`` with a ``[recording]`` section (e.g. a fixed x264 preset)."""
    lines = ["[recording]", *(f'{key} = "{value}"' for key, value in recording.items())]
    (home / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
