"""Which language the operator reads: the one answer for the CLI, the core's messages and the GUI.

Every message that reaches an operator exists in Traditional Chinese and English (``KioskError``
carries both); :func:`pick` chooses the one on screen. The CLI starts from ``IVY_KIOSK_LANG``
(zh-TW unless it says ``en…``); the GUI sets the language with :func:`set_current` when the operator
switches (F2, or the saved setting at start). Qt-free: the core and the CLI use it too.
"""

from __future__ import annotations

import os

ZH_TW = "zh-TW"
EN = "en"
LANGUAGES = (ZH_TW, EN)
ENV_VAR = "IVY_KIOSK_LANG"

_current: str | None = None  # set by the GUI; None: follow the environment


def normalise(value: str) -> str:
    """``en``, ``en_GB``, ``English`` → ``en``; anything else → ``zh-TW`` (the organiser's language)."""
    return EN if value.strip().lower().startswith("en") else ZH_TW


def from_environment() -> str | None:
    """The language ``IVY_KIOSK_LANG`` asks for, or None when it is not set."""
    value = os.environ.get(ENV_VAR, "").strip()
    return normalise(value) if value else None


def current() -> str:
    """The language set by the GUI, else the environment's, else zh-TW."""
    return _current or from_environment() or ZH_TW


def set_current(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    global _current
    _current = language


def reset() -> None:
    """Back to following the environment (a GUI session ended; tests)."""
    global _current
    _current = None


def is_english() -> bool:
    return current() == EN


def pick(zh: str, en: str) -> str:
    """The one of a bilingual message in the operator's language."""
    return en if is_english() else zh
