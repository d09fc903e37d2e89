"""Shared test set-up: offscreen Qt, quiet Qt logging, and a fresh data directory per test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Before any QApplication exists (pytest-qt creates it lazily).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false;qt.multimedia.*=false;qt.text.font.db=false")
os.environ.setdefault("IVY_KIOSK_LANG", "en")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def kiosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory, with Chinese characters and a space in its path."""
    home = tmp_path / "資料 home"
    home.mkdir()
    monkeypatch.setenv("IVY_KIOSK_HOME", str(home))
    return home


@pytest.fixture
def cli_env(kiosk_home: Path) -> dict[str, str]:
    """Environment for running ``python -m kiosk`` as a real child process."""
    env = dict(os.environ)
    env["IVY_KIOSK_HOME"] = str(kiosk_home)
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def python_exe() -> str:
    return sys.executable
