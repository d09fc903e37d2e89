"""Every screen, grabbed in both languages: it painted something, and (for the kiosk's own screens and
the window around them) no text is clipped and nothing sticks out of the window."""

from __future__ import annotations

import pytest
from ui_inspect import clipped_texts, looks_blank, outside

from kiosk.ui.screens import SCREENS

OWN_SCREENS = ("live", "review")


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_every_screen_paints_and_nothing_is_clipped(qtbot, open_window, make_take, signed_consent, language):
    make_take(kept=True)
    window = open_window(language=language, with_outbox=True)
    qtbot.waitUntil(lambda: window.live.preview.frames_shown > 0, timeout=5000)
    window.review.show_take(make_take(kept=True))
    assert window.context.flow.choose_take(window.review.take)
    window.context.flow.give_consent(signed_consent)
    for entry in SCREENS:
        window._show(entry.name)
        page = window.pages[entry.name]
        qtbot.wait(20)
        assert window.current_name == entry.name
        assert not looks_blank(page.grab().toImage()), entry.name
        assert not looks_blank(window.grab().toImage()), entry.name
        chrome_and_own = clipped_texts(window.top_bar) + clipped_texts(window.nav)
        if entry.name in OWN_SCREENS:
            chrome_and_own += clipped_texts(page) + outside(window)
        assert chrome_and_own == [], entry.name
        if entry.name == "review":  # after Keep, the buttons say something else
            window.review.keep()
            qtbot.wait(20)
            assert clipped_texts(page) == [], "review after keep"
