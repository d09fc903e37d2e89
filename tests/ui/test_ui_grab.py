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


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_review_buttons_fit_their_new_words_after_keep(qtbot, open_window, make_take, language):
    window = open_window(language=language)
    window.review.show_take(make_take(kept=None))
    window._show("review")
    qtbot.wait(50)
    assert clipped_texts(window.review) == [], "before keep"
    qtbot.keyClick(window, "K")  # as the operator keeps it: the Retake button becomes Record another
    qtbot.waitUntil(lambda: window.review.take is not None and window.review.take.kept is True, timeout=3000)
    qtbot.wait(50)
    assert clipped_texts(window.review) == [], "after keep"


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_consent_fields_keep_their_height_at_1366x768(qtbot, open_window, make_take, language):
    """The form sits in a scroll area: on a short screen it scrolls, its rows never squeeze into each other."""
    window = open_window(language=language, size=(1366, 768))
    window.review.show_take(make_take(kept=True))
    assert window.context.flow.choose_take(window.review.take)
    window.go("consent")
    qtbot.wait(100)
    consent = window.consent
    fields = [consent.county, *consent.fields.values()]
    tops = [field.mapTo(window, field.rect().topLeft()).y() for field in fields]
    for field, top, next_top in zip(fields, tops, tops[1:], strict=False):
        assert top + field.height() <= next_top, (field.accessibleName(), tops)
    assert consent.form.geometry().height() >= consent.form.minimumSize().height()
