"""Where things live: the data directory and the bundled resources."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk import APP_NAME

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_home() -> Path:
    """``IVY_KIOSK_HOME`` when set, else the platform's user data directory; created on demand."""
    override = os.environ.get("IVY_KIOSK_HOME")
    home = Path(override) if override else platformdirs.user_data_path(APP_NAME, appauthor=False)
    home.mkdir(parents=True, exist_ok=True)
    return home


def data_dir(name: str) -> Path:
    """A named sub-directory of the data home (``takes``, ``packages``, ``outbox``, ``logs`` …)."""
    path = data_home() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_path() -> Path:
    return data_home() / "config.toml"


def resource(relative: str) -> Path:
    """A bundled file: ``kiosk/resources/`` beside the code in an installed wheel and in the frozen
    app (``hatch_build.py`` and ``build.spec`` put it there), else ``resources/`` of the checkout."""
    installed = Path(__file__).resolve().parent / "resources"
    root = installed if installed.is_dir() else _SOURCE_ROOT / "resources"
    return root / relative
