"""The kiosk rules, each one tested: full screen, close guard, PIN, shortcuts, screens plugged in."""

from __future__ import annotations

import sys
import textwrap

import pytest
from PySide6.QtCore import Qt

from kiosk.ui import screens as screen_registry
from kiosk.ui import window as window_module
from kiosk.ui.screens import ScreenEntry, ScreenUnavailable, build_screen
from kiosk.ui.studio_session import Recovery
from kiosk.ui.take_controller import TakeState
from kiosk.ui.window import PlaceholderScreen


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(widget.focusWidget() or widget, key, modifier)


def type_pin(qtbot, window, pin: str) -> None:
    dialog = window.pin_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pin_edit, pin)
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)


def test_full_screen_unless_windowed_and_it_stays_full_screen(qtbot, open_window):
    window = open_window(windowed=False)
    qtbot.waitUntil(window.isFullScreen)
    window.showNormal()
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    windowed = open_window(windowed=True)
    assert not windowed.isFullScreen()


def test_close_is_refused_without_the_pin(qtbot, open_window):
    window = open_window()
    assert window.close() is False
    assert window.isVisible()
    assert "Ctrl+Shift+Q" in window.notice_label.text()


def test_operator_shortcut_asks_the_pin_and_only_the_right_pin_exits(qtbot, open_window, settings):
    settings.kiosk.pin = "4321"
    window = open_window()
    press(qtbot, window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    type_pin(qtbot, window, "1111")
    assert window.pin_dialog.isVisible()
    assert window.pin_dialog.failures == 1
    assert "Wrong PIN" in window.pin_dialog.error.text()
    assert window.isVisible()
    type_pin(qtbot, window, "4321")
    qtbot.waitUntil(lambda: not window.isVisible())
    assert window.exit_unlocked
    assert window.context.session.studio is None  # the camera was let go


def test_escape_cancels_the_pin_dialog(qtbot, open_window):
    window = open_window()
    window.request_exit()
    dialog = window.pin_dialog
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.pin_dialog is None)
    assert window.isVisible() and not window.exit_unlocked


def test_settings_are_behind_the_pin(qtbot, open_window):
    window = open_window()
    press(qtbot, window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "live"
    type_pin(qtbot, window, "2026")
    qtbot.waitUntil(lambda: window.current_name == "settings")
    window.go("live")
    qtbot.mouseClick(window.nav_buttons["settings"], Qt.MouseButton.LeftButton)
    assert window.pin_dialog is not None
    assert window.current_name == "live"
    assert window.nav_buttons["live"].isChecked()


def test_f1_help_and_f2_language(qtbot, open_window):
    window = open_window(language="en")
    press(qtbot, window, Qt.Key.Key_F1)
    assert window.current_name == "help"
    assert window.title_label.text() == "IVY 2026 Pledge"
    press(qtbot, window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.title_label.text() == "IVY 2026 宣誓錄影")
    assert window.nav_buttons["live"].text() == "錄影"
    assert window.language_button.text() == "English (F2)"
    press(qtbot, window, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: window.title_label.text() == "IVY 2026 Pledge")


def test_chinese_is_the_default_language(qtbot, open_window, monkeypatch):
    monkeypatch.delenv("IVY_KIOSK_LANG", raising=False)
    from kiosk.config import Settings
    from kiosk.ui.app import start_language

    assert start_language(Settings()) == "zh-TW"
    monkeypatch.setenv("IVY_KIOSK_LANG", "en")
    assert start_language(Settings()) == "en"
    window = open_window(language="zh-TW")
    assert window.nav_buttons["review"].text() == "回看"
    assert window.live.record_button.text() == "● 錄影 (空白鍵)"


def test_navigation_and_exit_are_locked_during_a_take(qtbot, open_window, clock):
    window = open_window()
    takes = window.context.takes
    qtbot.waitUntil(lambda: takes.studio is not None)
    takes.start_count_in()
    clock.advance(3.1)
    takes.tick()
    assert takes.state is TakeState.RECORDING
    assert not window.nav_buttons["review"].isEnabled()
    assert window.go("review") is False
    assert window.current_name == "live"
    window.exit_unlocked = True
    assert window.close() is False
    assert "Finish the take first" in window.notice_label.text()
    window.exit_unlocked = False


def test_a_missing_screen_leaves_a_labelled_placeholder(qtbot, open_window, monkeypatch):
    ghost = ScreenEntry("ghost", "kiosk.ui.screens.does_not_exist", "GhostScreen")
    monkeypatch.setattr(window_module, "SCREENS", (*screen_registry.SCREENS, ghost))
    window = open_window()
    assert "ghost" in window.nav_buttons
    window.go("ghost")
    page = window.pages["ghost"]
    assert isinstance(page, PlaceholderScreen)
    assert "not available" in page.title.text()
    assert "does_not_exist" in page.detail.text()


@pytest.fixture
def fake_screen_module(tmp_path, monkeypatch):
    """A screen module written to disk, like another team's screen."""
    package = tmp_path / "fake_screens"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "consent.py").write_text(textwrap.dedent('''
        from PySide6.QtCore import Signal
        from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

        class ConsentScreen(QWidget):
            navigate = Signal(str)

            def __init__(self, settings, parent=None, *, config_path=None):
                super().__init__(parent)
                self.settings, self.config_path, self.take = settings, config_path, None
                QVBoxLayout(self).addWidget(QLabel("consent"))

            def set_take(self, take):
                self.take = take

        class NeedsSomethingScreen(QWidget):
            def __init__(self, printer):
                super().__init__()
    '''), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield "fake_screens.consent"
    for name in [n for n in sys.modules if n.startswith("fake_screens")]:
        del sys.modules[name]


def test_screens_get_what_their_constructor_names(qtbot, fake_screen_module, settings, tmp_path):
    entry = ScreenEntry("consent", fake_screen_module, "ConsentScreen")
    screen = build_screen(entry, {"settings": settings, "config_path": tmp_path / "c.toml", "parent": None,
                                  "takes": object()})
    qtbot.addWidget(screen)
    assert screen.settings is settings
    assert screen.config_path == tmp_path / "c.toml"
    with pytest.raises(ScreenUnavailable, match="printer"):
        build_screen(ScreenEntry("x", fake_screen_module, "NeedsSomethingScreen"), {"settings": settings})


def test_kept_take_goes_to_consent_with_the_take_and_back(qtbot, open_window, monkeypatch, fake_screen_module,
                                                          make_take):
    entries = tuple(ScreenEntry(e.name, fake_screen_module, "ConsentScreen") if e.name == "consent" else e
                    for e in screen_registry.SCREENS)
    monkeypatch.setattr(window_module, "SCREENS", entries)
    window = open_window()
    take = make_take()
    window._on_take_finished(take)
    assert window.current_name == "review"
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "consent"
    consent = window.pages["consent"]
    assert consent.take.dir == take.dir
    consent.navigate.emit("back")
    assert window.current_name == "review"


def test_crash_recovery_runs_in_a_worker_and_reports(qtbot, open_window):
    window = open_window()
    recovery = Recovery(window)
    with qtbot.waitSignal(recovery.finished, timeout=10000) as done:
        assert recovery.start()
    assert done.args[0] == []
    window.report_recovery([{"take": "x", "state": "salvaged"}, {"take": "y", "state": "failed"}])
    assert window.notice_label.text() == "1 interrupted take(s) recovered: see Review."


def test_send_needs_a_kept_take_and_a_consent_first(qtbot, open_window, make_take):
    window = open_window()
    window.go("send")
    assert window.current_name == "review"
    assert "consent form first" in window.notice_label.text()
    window.send_take(make_take(kept=True))
    assert window.current_name == "consent"
    window.go("send")
    assert window.current_name == "consent"  # still no signed consent


def test_a_package_that_cannot_be_queued_says_so_and_can_be_sent_again(qtbot, open_window, monkeypatch):
    from types import SimpleNamespace

    from kiosk.errors import KioskError
    from kiosk.outbox import PassReport
    from kiosk.ui import app as app_module
    from kiosk.ui.outbox_controller import OutboxController

    def start_outbox(_config_path):
        return OutboxController(runner_factory=lambda _progress: SimpleNamespace(run_once=lambda **_: PassReport(),
                                                                                 stop=lambda: None),
                                watch_network=False, poll_ms=600_000)

    monkeypatch.setattr(app_module, "start_outbox", start_outbox)
    window = open_window(with_outbox=True)
    outbox = window.context.outbox
    tries: list[str] = []

    def enqueue(ref, _settings):
        tries.append(ref)
        if len(tries) == 1:
            raise KioskError("磁碟已滿", "the disk is full")
        return SimpleNamespace(package=ref)

    monkeypatch.setattr(outbox.outbox, "enqueue", enqueue)
    window._show("send")
    with qtbot.waitSignal(outbox.enqueue_failed, timeout=5000):
        window._on_send_requested("pkg-1")
    assert window.current_name == "send"  # not on to the Outbox: nothing was queued
    assert "NOT queued" in window.notice_label.text() and "the disk is full" in window.notice_label.text()
    assert window.notice_action.isVisible() and window.notice_action.text() == "Send again"
    with qtbot.waitSignal(outbox.queued, timeout=5000):
        qtbot.mouseClick(window.notice_action, Qt.MouseButton.LeftButton)
    assert tries == ["pkg-1", "pkg-1"]
    assert window.current_name == "outbox"
    assert not window.notice_action.isVisible() and window.notice_label.text() == ""


def test_an_uncaught_error_is_logged_and_shown_as_a_short_notice(qtbot, open_window):
    import logging

    from kiosk import paths
    from kiosk.ui import app as app_module

    window = open_window()
    handler = app_module.setup_logging()
    previous = app_module.install_excepthook(lambda: window)
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert "Something went wrong" in window.notice_label.text()
    assert "Traceback" not in window.notice_label.text()
    logged = (paths.data_dir("logs") / "kiosk.log").read_text(encoding="utf-8")
    assert "boom in a slot" in logged and "RuntimeError" in logged
