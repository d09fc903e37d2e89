"""Import test set-up: clips made once (cached across runs by recipe), each imported once per session.

``clip(recipe)`` is the path of a clip from ``import_clips``; ``imported(name)`` is the take made from
one of the ``CONVERSIONS`` below, in a data folder of the session's own (Chinese characters and a
space in its path), read by many tests; tests that change a take copy it into their own folder
first. Conversions use x264 ``ultrafast`` to keep the suite's CPU down: the adaptive preset choice
itself is exercised by the CLI test, which runs with the default settings.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import import_clips as clips
import pytest
from import_helpers import CONVERSIONS, TEST_SETTINGS

from kiosk.recording.take import Take, takes_root


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
