"""The kiosk's screens, one ``QWidget`` per module, and the order they take in the sidebar.

The window (``kiosk.ui.window``) imports and builds each screen explicitly, with the objects it
needs as typed constructor arguments, and connects each signal explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreenEntry:
    name: str  # the page's name: window.go("consent")
    pin: bool = False  # the operator PIN is needed to open it
    sidebar: bool = True  # a button of its own in the sidebar (About is opened from Help)


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("preflight"),
    ScreenEntry("live"),
    ScreenEntry("import"),
    ScreenEntry("review"),
    ScreenEntry("consent"),
    ScreenEntry("send"),
    ScreenEntry("outbox"),
    ScreenEntry("settings", pin=True),
    ScreenEntry("help"),
    ScreenEntry("about", sidebar=False),
)
SCREEN_NAMES = tuple(entry.name for entry in SCREENS)
