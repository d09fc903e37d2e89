"""Every screen, grabbed in both languages: it painted something, and (for the kiosk's own screens and
the window around them) no text is clipped and nothing sticks out of the window."""

from __future__ import annotations

import pytest
from ui_inspect import clipped_texts, looks_blank, outside

from kiosk.package.consent import consent_from_dict
from kiosk.ui.screens import SCREENS, module_present
from kiosk.ui.window import PlaceholderScreen

OWN_SCREENS = ("live", "review")


def signed_consent(tmp_path):
    return consent_from_dict({
        "county": "高雄市", "authorised": True, "signed_by": "王小明",
        "contact": {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科員",
                    "phone": "07-3438100", "email": "ops@example.org"},
    }, tmp_path)


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_every_screen_paints_and_nothing_is_clipped(qtbot, open_window, make_take, tmp_path, language):
    make_take(kept=True)
    window = open_window(language=language, with_outbox=True)
    qtbot.waitUntil(lambda: window.live.preview.frames_shown > 0, timeout=5000)
    window.review.show_take(make_take())
    window.context.take = window.review.take
    window.context.consent = signed_consent(tmp_path)
    for entry in SCREENS:
        window._show(entry.name)
        page = window.pages[entry.name]
        qtbot.wait(20)
        assert window.current_name == entry.name
        if module_present(entry):
            assert not isinstance(page, PlaceholderScreen), f"{entry.name}: {getattr(page, 'reason', '')}"
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
