"""Every control is big enough (≥ 48 px) and has an accessible name, on every screen, in both languages."""

from __future__ import annotations

import pytest
from ui_inspect import CONTROL_TYPES, small_controls, unnamed_controls, visible_widgets

LANGUAGES = ("en", "zh-TW")




@pytest.mark.parametrize("language", LANGUAGES)
def test_live_screen_and_window_chrome(qtbot, open_window, language):
    window = open_window(language=language)
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    window.live.confirm.ask("no-mic", lambda: None)
    window.live._retranslate_confirm()
    window.live.source_bar.show()
    assert len(visible_widgets(window, CONTROL_TYPES)) >= 14  # nav, language, exit, record, photo, …
    assert small_controls(window) == []
    assert unnamed_controls(window) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_screen(qtbot, open_window, make_take, language):
    make_take(kept=True)
    window = open_window(language=language)
    window._on_take_finished(make_take())
    assert window.current_name == "review"
    assert len(visible_widgets(window.review, CONTROL_TYPES)) >= 9
    assert small_controls(window) == []
    assert unnamed_controls(window) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_pin_dialog(qtbot, open_window, language):
    window = open_window(language=language)
    dialog = window.ask_pin("exit", lambda: None)
    qtbot.waitExposed(dialog)
    assert small_controls(dialog) == []
    assert unnamed_controls(dialog) == []
    dialog.reject()
