"""Drives the kiosk window on a REAL X server with real input (XTest: the keyboard and the wheel the
X server itself delivers), in its own process, and prints what happened as JSON.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/ui/x_probe.py pin-focus

Scenarios: ``pin-focus`` (after every PIN prompt the keys work without a click), ``wheel`` (the wheel
over a Settings field scrolls the form and leaves the field alone), ``screen-keys`` (a screen's own
keys work at the first start and right after a sidebar click, with no click inside the screen).
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE), str(HERE.parents[1] / "tools")]
os.environ["QT_QPA_PLATFORM"] = "xcb"

from PySide6.QtCore import QPoint  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402
from screenshots import wait_until  # noqa: E402 - tools/screenshots.py
from ui_fakes import FakeClock, FakeStudio  # noqa: E402
from Xlib import XK, X, display  # noqa: E402
from Xlib.ext import xtest  # noqa: E402

from kiosk.ui.app import create_kiosk  # noqa: E402


class RealInput:
    """Key presses and wheel turns sent to the X server, as a keyboard and a mouse would."""

    def __init__(self) -> None:
        self.x = display.Display()

    def _code(self, name: str) -> int:
        return self.x.keysym_to_keycode(XK.string_to_keysym(name))

    def key(self, name: str, *modifiers: str) -> None:
        held = [self._code(m) for m in modifiers]
        for code in held:
            xtest.fake_input(self.x, X.KeyPress, code)
        xtest.fake_input(self.x, X.KeyPress, self._code(name))
        xtest.fake_input(self.x, X.KeyRelease, self._code(name))
        for code in reversed(held):
            xtest.fake_input(self.x, X.KeyRelease, code)
        self.x.sync()
        settle()

    def type(self, text: str) -> None:
        for character in text:
            self.key(character)

    def click(self, at: QPoint) -> None:
        xtest.fake_input(self.x, X.MotionNotify, x=at.x(), y=at.y())
        xtest.fake_input(self.x, X.ButtonPress, 1)
        xtest.fake_input(self.x, X.ButtonRelease, 1)
        self.x.sync()
        settle(300)

    def wheel(self, at: QPoint, down: bool, turns: int) -> None:
        xtest.fake_input(self.x, X.MotionNotify, x=at.x(), y=at.y())
        for _ in range(turns):
            button = 5 if down else 4
            xtest.fake_input(self.x, X.ButtonPress, button)
            xtest.fake_input(self.x, X.ButtonRelease, button)
        self.x.sync()
        settle(300)


def settle(ms: int = 150) -> None:
    QTest.qWait(ms)


def wait_for(condition, timeout_s: float = 10.0) -> bool:
    return wait_until(condition, timeout_s)


def build(start_screen: str = "live"):
    clock = FakeClock()
    studio = FakeStudio(clock, media=None)
    window = create_kiosk(demo=True, windowed=False, clock=clock, opener=lambda c, m, s: studio,
                          language="en", with_outbox=False, start_screen=start_screen)
    window.show_kiosk()
    wait_for(window.isVisible)
    settle(500)
    return window


def pin_focus(window, keys: RealInput) -> dict:
    seen: dict = {}
    for attempt in range(3):  # cancel with Esc; every time, the window's keys must work right after
        keys.key("comma", "Control_L")
        seen[f"pin_open_{attempt}"] = wait_for(lambda: window.pin_dialog is not None and window.pin_dialog.isVisible())
        keys.key("Escape")
        wait_for(lambda: window.pin_dialog is None)
        before = window.context.languages.language
        keys.key("F2")
        seen[f"f2_after_cancel_{attempt}"] = wait_for(lambda was=before: window.context.languages.language != was, 3)
    keys.key("comma", "Control_L")
    wait_for(lambda: window.pin_dialog is not None)
    keys.type(window.context.settings.kiosk.pin)
    keys.key("Return")
    seen["settings_after_pin"] = wait_for(lambda: window.current_name == "settings")
    keys.key("Escape")  # Settings' Esc: cancel, back to Live
    seen["esc_in_settings"] = wait_for(lambda: window.current_name == "live", 3)
    keys.key("comma", "Control_L")
    wait_for(lambda: window.pin_dialog is not None)
    keys.type(window.context.settings.kiosk.pin)
    keys.key("Return")
    wait_for(lambda: window.current_name == "settings")
    keys.key("s", "Control_L")  # Settings' Ctrl+S: save, back to Live
    seen["ctrl_s_in_settings"] = wait_for(lambda: window.current_name == "live", 3)
    seen["focus_in_window"] = QApplication.focusWidget() is not None and QApplication.focusWidget().window() is window
    return seen


def wheel(window, keys: RealInput) -> dict:
    window._show("settings")
    settle(300)
    screen = window.settings_screen
    scroll = screen.findChild(QScrollArea)
    port = screen.mail_widget.port
    port.setValue(2525)
    scroll.ensureWidgetVisible(port)
    settle(200)
    bar = scroll.verticalScrollBar()
    before = bar.value()
    centre = port.mapToGlobal(port.rect().center())
    keys.wheel(centre, down=False, turns=3)
    after_port = bar.value()
    county = screen.county
    scroll.ensureWidgetVisible(county)
    settle(200)
    county_index = county.currentIndex()
    keys.wheel(county.mapToGlobal(county.rect().center()), down=True, turns=3)
    return {"port": port.value(), "scrolled": after_port != before, "county_same": county.currentIndex() == county_index}


def screen_keys(window, keys: RealInput) -> dict:
    """The day's first key is Enter on Preflight; then the sidebar is clicked and Esc pressed."""
    seen: dict = {"starts_on_preflight": window.current_name == "preflight"}
    wait_for(lambda: not window.preflight.controller.running, 30)
    keys.key("Return")
    seen["enter_continues"] = wait_for(lambda: window.current_name == "live", 3)
    for name in ("outbox", "help"):
        button = window.nav_buttons[name]
        keys.click(button.mapToGlobal(button.rect().center()))
        seen[f"click_{name}"] = wait_for(lambda n=name: window.current_name == n, 3)
    keys.key("Escape")  # Help's Esc: back where the operator came from
    seen["esc_leaves_help"] = wait_for(lambda: window.current_name == "outbox", 3)
    return seen


SCENARIOS = {"pin-focus": pin_focus, "wheel": wheel, "screen-keys": screen_keys}
START_SCREENS = {"screen-keys": "preflight"}


def main() -> None:
    faulthandler.dump_traceback_later(90, exit=True)
    window = build(START_SCREENS.get(sys.argv[1], "live"))
    try:
        result = SCENARIOS[sys.argv[1]](window, RealInput())
    finally:
        window.exit_unlocked = True
        window.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
