"""Import test set-up: clips made once (cached across runs by recipe), each imported once per session.

``clip(recipe)`` is the path of a clip from ``import_clips``; ``imported(name)`` is the take made from
one of the ``CONVERSIONS`` below, in a data folder of the session's own (Chinese characters and a
space in its path), read by many tests; tests that change a take copy it into their own folder
first. Conversions use x264 ``ultrafast`` to keep the suite's CPU down: the adaptive preset choice
itself is exercised by the CLI test, which runs with the default settings.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import import_clips as clips
import numpy as np
import pytest

from kiosk import procs
from kiosk.config import RecordingSettings
from kiosk.recording.take import Take, takes_root

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


@pytest.fixture(scope="session")
def clip_folder(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = getattr(request.config, "cache", None)
    return cache.mkdir("import-clips") if cache is not None else tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def clip(clip_folder: Path) -> Callable[[clips.Clip], Path]:
    return lambda recipe: clips.make_clip(recipe, clip_folder)


@pytest.fixture(scope="session")
def session_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("匯入") / "資料 home"
    home.mkdir()
    return home


@pytest.fixture(scope="session")
def imported(clip: Callable[[clips.Clip], Path], session_home: Path) -> Callable[[str], Take]:
    from kiosk.importing import import_clip

    made: dict[str, Take] = {}

    def get(name: str) -> Take:
        if name not in made:
            job = CONVERSIONS[name]
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("IVY_KIOSK_HOME", str(session_home))
                made[name] = import_clip(clip(job.recipe), TEST_SETTINGS, start_s=job.start_s,
                                         seconds=job.seconds, fill=job.fill)
        return made[name]

    return get


@pytest.fixture
def own_copy(kiosk_home: Path) -> Callable[[Take], Take]:
    """A copy of a session take in this test's own data folder, free to change."""

    def copy(take: Take) -> Take:
        target = takes_root() / take.id
        shutil.copytree(take.dir, target)
        return Take.load(target)

    return copy


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
