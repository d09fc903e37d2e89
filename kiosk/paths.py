"""Where things live: the data directory and the bundled resources.

The data folder and every folder in it are private (0700 on macOS/Linux, see ``kiosk.fsutil``);
on Windows the per-user default (``%LOCALAPPDATA%``) is private to its user already. A data
folder that cannot be used (a file in its place, read-only, no permission) is ``FolderUnusable``
(exit 2) naming the folder, never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from kiosk import APP_NAME
from kiosk.errors import FolderUnusable, folder_unusable, from_os_error
from kiosk.fsutil import private_dir

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_home_path() -> Path:
    """Where the data folder is, without creating or checking it (for read-only use)."""
    override = os.environ.get("IVY_KIOSK_HOME")
    return Path(override) if override else platformdirs.user_data_path(APP_NAME, appauthor=False)


def checked_data_home() -> Path:
    """The data folder for looking only: not created, but ``FolderUnusable`` when a file is in its place."""
    home = data_home_path()
    if home.exists() and not home.is_dir():
        raise folder_unusable(home, "這是一個檔案，不是資料夾", "a file is where a folder should be")
    return home


def _usable_dir(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise folder_unusable(path, "這是一個檔案，不是資料夾", "a file is where a folder should be")
    try:
        return private_dir(path)
    except OSError as exc:
        raise (from_os_error(exc, path) or folder_unusable(path, str(exc), str(exc))) from None


def data_home() -> Path:
    """``IVY_KIOSK_HOME`` when set, else the platform's user data directory; created on demand."""
    return _usable_dir(data_home_path())


def data_dir(name: str) -> Path:
    """A named sub-directory of the data home (``takes``, ``packages``, ``outbox``, ``logs`` …)."""
    return _usable_dir(data_home() / name)


__all__ = ["FolderUnusable", "checked_data_home", "config_path", "data_dir", "data_home", "data_home_path",
           "resource"]


def config_path() -> Path:
    return data_home() / "config.toml"


def resource(relative: str) -> Path:
    """A bundled file: ``kiosk/resources/`` beside the code in an installed wheel and in the frozen
    app (``hatch_build.py`` and ``build.spec`` put it there), else ``resources/`` of the checkout."""
    installed = Path(__file__).resolve().parent / "resources"
    root = installed if installed.is_dir() else _SOURCE_ROOT / "resources"
    return root / relative
