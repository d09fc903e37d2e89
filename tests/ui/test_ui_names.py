"""Every control on every screen has an accessible name, unique on that screen, in both languages, so
assistive technology (and the end-to-end tests) can find each one by its name."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)
from ui_inspect import describe

from kiosk.ui.file_picker import FilePicker
from kiosk.ui.screens import SCREEN_NAMES
from kiosk.ui.screens.signature import SignaturePad

CONTROLS = (QAbstractButton, QLineEdit, QAbstractItemView, QComboBox, QAbstractSpinBox, SignaturePad)


def controls(root: QWidget) -> list[QWidget]:
    found = [w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS) and w.isVisible()]
    # the line edit inside a spin box or a combo box is part of it, not a control of its own
    return [w for w in found if not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)]


def name_problems(root: QWidget) -> list[str]:
    shown = controls(root)
    names = Counter(w.accessibleName().strip() for w in shown)
    problems = [f"unnamed {describe(w)}" for w in shown if not w.accessibleName().strip()]
    problems += [f"{count} controls named {name!r}" for name, count in names.items() if name and count > 1]
    return problems


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_every_screen_names_each_control_once(qtbot, open_window, make_take, signed_consent, language):
    make_take(kept=True)
    window = open_window(language=language, with_outbox=True)
    qtbot.waitUntil(lambda: window.context.takes.studio is not None)
    window.review.show_take(make_take(kept=True))
    assert window.context.flow.choose_take(window.review.take)
    window.context.flow.give_consent(signed_consent)
    seen = {}
    for name in SCREEN_NAMES:
        window._show(name)
        qtbot.wait(10)
        assert len(controls(window)) >= 8, name
        seen[name] = name_problems(window)
    window.live.confirm.ask("stop-short", lambda: None)
    window.live._retranslate_confirm()
    window._show("live")
    seen["live question"] = name_problems(window)
    assert seen == {name: [] for name in seen}
    assert any(isinstance(w, SignaturePad) for w in window.consent.findChildren(QWidget))


@pytest.mark.parametrize("language", ["zh-TW", "en"])
def test_the_pin_dialog_and_the_file_picker_name_each_control_once(qtbot, open_window, language, tmp_path):
    window = open_window(language=language)
    dialog = window.ask_pin("settings", lambda: None)
    qtbot.waitExposed(dialog)
    assert name_problems(dialog) == []
    dialog.reject()
    (tmp_path / "USB").mkdir()
    picker = FilePicker(window, start=tmp_path)
    picker.open()
    qtbot.waitExposed(picker)
    assert name_problems(picker) == []
    picker.reject()
