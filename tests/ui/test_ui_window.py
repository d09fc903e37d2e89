"""The kiosk rules, each one tested: full screen, close guard, PIN, shortcuts, navigation."""

from __future__ import annotations

import sys
from types import SimpleNamespace

from PySide6.QtCore import Qt

from kiosk.ui.studio_session import Recovery
from kiosk.ui.take_controller import StudioPhase


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
    assert takes.state is StudioPhase.RECORDING
    assert not window.nav_buttons["review"].isEnabled()
    assert window.go("review") is False
    assert window.current_name == "live"
    window.exit_unlocked = True
    assert window.close() is False
    assert "Finish the take first" in window.notice_label.text()
    window.exit_unlocked = False


def test_a_kept_take_goes_to_consent_with_the_take_and_back(qtbot, open_window, make_take):
    window = open_window()
    take = make_take()
    window._on_take_finished(take)
    assert window.current_name == "review"
    press(qtbot, window, Qt.Key.Key_K)
    press(qtbot, window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "consent"
    assert window.context.flow.take.dir == take.dir
    assert "(15.0 s)" in window.consent.take_line.text()
    window.go("back")
    assert window.current_name == "review"


def test_crash_recovery_runs_in_a_worker_and_reports(qtbot, open_window):
    window = open_window()
    recovery = Recovery(window)
    with qtbot.waitSignal(recovery.finished, timeout=10000) as done:
        assert recovery.start()
    assert done.args[0] == []
    window.report_recovery([{"take": "x", "state": "salvaged"}, {"take": "y", "state": "failed"}])
    assert window.notice_label.text() == "1 interrupted take was recovered: see Review."
    window.report_recovery([{"take": "x", "state": "salvaged"}, {"take": "z", "state": "salvaged"}])
    assert window.notice_label.text() == "2 interrupted takes were recovered: see Review."


def test_send_needs_a_kept_take_and_a_consent_first(qtbot, open_window, make_take):
    window = open_window()
    window.go("send")
    assert window.current_name == "review"
    assert "Nothing to send yet" in window.notice_label.text()
    window.send_take(make_take(kept=True))
    assert window.current_name == "consent"
    assert "sign the consent form first" in window.notice_label.text()
    window.go("send")
    assert window.current_name == "consent"  # still no signed consent


def test_a_package_that_cannot_be_queued_says_so_and_can_be_sent_again(qtbot, open_window, monkeypatch,
                                                                        make_take, signed_consent):
    from kiosk.errors import KioskError
    from kiosk.outbox import PassReport
    from kiosk.ui.outbox_controller import OutboxController

    outbox = OutboxController(runner_factory=lambda _progress: SimpleNamespace(run_once=lambda **_: PassReport(),
                                                                               stop=lambda: None),
                              watch_network=False, poll_ms=600_000)
    window = open_window(outbox=outbox)
    tries: list[str] = []

    def enqueue(ref, _settings):
        tries.append(ref)
        if len(tries) == 1:
            raise KioskError("磁碟已滿", "the disk is full")
        return SimpleNamespace(package=ref)

    monkeypatch.setattr(outbox.outbox, "enqueue", enqueue)
    flow = window.context.flow
    assert flow.choose_take(make_take(kept=True))
    flow.give_consent(signed_consent)
    window.go("send")
    qtbot.waitUntil(lambda: bool(window.send.checks), timeout=30000)
    # the sample clip is 2 s at 640×360: the checklist says so, and the operator overrides it with a reason
    assert "video_resolution" in window.send.failed_checks()
    window.send.override_box.setChecked(True)
    qtbot.keyClicks(window.send.reason, "test clip")
    assert window.send.send_button.isEnabled()
    with qtbot.waitSignal(flow.queue_failed, timeout=30000):
        qtbot.mouseClick(window.send.send_button, Qt.MouseButton.LeftButton)
    assert window.current_name == "send"  # not on to the Outbox: nothing was queued
    assert "NOT queued" in window.notice_label.text() and "the disk is full" in window.notice_label.text()
    assert window.notice_action.isVisible() and window.notice_action.text() == "Send again"
    with qtbot.waitSignal(flow.queued, timeout=5000):
        qtbot.mouseClick(window.notice_action, Qt.MouseButton.LeftButton)
    assert tries == [flow.last_queued, flow.last_queued]
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


def test_a_window_that_cannot_open_without_a_console_says_why_in_a_box(monkeypatch, kiosk_home, qapp):
    """Started from the Start menu (the windowed launcher: no console), a second window on the same data
    folder would have printed its refusal to nowhere; it says so in a message box, in both languages."""
    import sys

    from kiosk import cli, instance
    from kiosk.ui import app

    refusal = instance.AlreadyRunning("機台程式已經在執行", "the kiosk is already running")

    def refuse():
        raise refusal

    monkeypatch.setattr(instance, "claim_window", refuse)
    shown: list = []
    monkeypatch.setattr(app, "show_refusal", shown.append)
    monkeypatch.setattr(sys, "stderr", None)
    assert cli.main(["--demo"]) == refusal.exit_code
    assert shown == [refusal]


def test_a_refusal_box_carries_both_languages(qapp):
    from kiosk.errors import KioskError
    from kiosk.ui.app import show_refusal

    seen: list[str] = []
    show_refusal(KioskError("已經開著", "already open"), present=lambda box: seen.append(box.text()))
    assert seen == ["已經開著\n\nalready open"]


def test_the_application_keeps_qts_pixmap_cache_small(qapp):
    """Each take's thumbnails are new icons; at Qt's 10 MB default their scaled copies made the window
    grow 0.26 MB a take for its first 40 takes (benchmarks/soak.py)."""
    from PySide6.QtGui import QPixmapCache

    from kiosk.ui import app as kiosk_app

    QPixmapCache.setCacheLimit(10240)
    assert kiosk_app.application() is qapp
    assert QPixmapCache.cacheLimit() == kiosk_app.PIXMAP_CACHE_KB == 1024
