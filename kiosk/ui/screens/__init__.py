"""The kiosk's screens and the small registry that plugs them into the window.

Each screen is a self-contained ``QWidget`` in ``kiosk/ui/screens/<name>.py``. The window imports a
screen lazily, only if its module exists, and builds it by passing the constructor the objects it
asks for BY PARAMETER NAME (see ``ScreenContext.injectables``): e.g. ``def __init__(self, settings,
parent=None)`` receives the settings. A screen that cannot be built leaves a labelled placeholder
page, so one unfinished screen never stops the kiosk.

Optional hooks a screen may offer (the window uses them when present):

- ``set_take(take)``: called with the take chosen for sending before the consent / send screens show;
- ``activated()``: called each time the screen is shown;
- ``navigate`` (``Signal(str)``): ask the window to show another screen by name;
- ``retranslate()``: called on ``QEvent.LanguageChange`` (the screen's own ``changeEvent``).
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ScreenEntry:
    name: str  # the page's name: window.go("consent")
    module: str
    class_name: str  # looked up first; else the module's first QWidget subclass named "...Screen"
    pin: bool = False  # the operator PIN is needed to open it


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("preflight", "kiosk.ui.screens.preflight", "PreflightScreen"),
    ScreenEntry("live", "kiosk.ui.screens.live", "LiveScreen"),
    ScreenEntry("review", "kiosk.ui.screens.review", "ReviewScreen"),
    ScreenEntry("consent", "kiosk.ui.screens.consent", "ConsentScreen"),
    ScreenEntry("send", "kiosk.ui.screens.send", "SendScreen"),
    ScreenEntry("outbox", "kiosk.ui.screens.outbox", "OutboxScreen"),
    ScreenEntry("settings", "kiosk.ui.screens.settings", "SettingsScreen", pin=True),
    ScreenEntry("help", "kiosk.ui.screens.help", "HelpScreen"),
)


class ScreenUnavailable(Exception):
    """The screen's module is missing, or its class cannot be built with what the window offers."""


def module_present(entry: ScreenEntry) -> bool:
    try:
        return importlib.util.find_spec(entry.module) is not None
    except (ImportError, ValueError):
        return False


def screen_class(entry: ScreenEntry) -> type[QWidget]:
    if not module_present(entry):
        raise ScreenUnavailable(f"{entry.module} is not installed")
    module = importlib.import_module(entry.module)
    cls = getattr(module, entry.class_name, None)
    if isinstance(cls, type) and issubclass(cls, QWidget):
        return cls
    for name, candidate in vars(module).items():
        if (isinstance(candidate, type) and issubclass(candidate, QWidget) and name.endswith("Screen")
                and candidate.__module__ == module.__name__):
            return candidate
    raise ScreenUnavailable(f"{entry.module} has no screen class")


def build_screen(entry: ScreenEntry, injectables: dict[str, Any]) -> QWidget:
    """Import and construct the screen, passing the constructor parameters it names."""
    cls = screen_class(entry)
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if name in injectables:
            kwargs[name] = injectables[name]
        elif param.default is param.empty:
            raise ScreenUnavailable(f"{cls.__name__} needs {name!r}, which the window does not offer")
    return cls(**kwargs)
