"""An operator's hands on the real kiosk window, without pytest: find a control by its accessible name,
click it, press a key, sign the pad, fill in and confirm the consent form.

The GUI tests (``test_ui_walk.py``) and ``benchmarks/soak.py`` both drive the window through these,
so the soak presses exactly what the tests prove an operator can press.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QWidget


def pause(ms: int) -> None:
    """Let Qt run for ``ms`` in an event loop, as the app's own loop runs. Not ``QTest.qWait``: it keeps
    Python's lock while Qt works, and when a take's playback ends Qt Multimedia waits on its audio
    thread, which needs that lock: the two wait for each other for ever (seen with gdb)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], object], timeout_s: float, what: str = "") -> None:
    """Let Qt run until ``condition()`` holds; ``TimeoutError`` naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() >= deadline:
            raise TimeoutError(f"not within {timeout_s:g} s: {what or condition}")
        pause(10)


def by_name(window: QWidget, name: str) -> QWidget:
    """The one visible control with this accessible name, in the window or a dialog over it."""
    roots = [window, *[w for w in window.findChildren(QWidget) if w.isWindow() and w.isVisible()]]
    found = list({id(w): w for root in roots for w in root.findChildren(QWidget)
                  if w.isVisible() and w.accessibleName() == name and w.window() in roots}.values())
    assert len(found) == 1, f"{name!r}: {len(found)} visible controls"
    return found[0]


def click(window: QWidget, name: str) -> None:
    widget = by_name(window, name)
    assert widget.isEnabled(), f"{name!r} is disabled"
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def press(window: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is (the focused control, else the window)."""
    QTest.keyClick(window.focusWidget() or window, key, modifier)


def sign(window: QWidget) -> None:
    """A stroke across the consent screen's signature pad."""
    consent = window.consent  # type: ignore[attr-defined]
    pad = consent.signature
    assert pad.accessibleName() in ("Signature pad", "簽名板")
    consent.form_page.ensureWidgetVisible(pad)
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 120))
    for x in range(40, 320, 20):
        QTest.mouseMove(pad, QPoint(x, 120 - (x % 80)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(320, 90))


# typed key by key (QTest types ASCII only; the Chinese defaults come from the settings in real use)
CONTACT = {"Contact person": "Wang Hsiao-ming", "Organisation": "Kaohsiung City Social Affairs",
           "Job title": "Officer", "Phone": "07-3438100", "E-mail": "volunteer@example.org"}


def fill_consent(window: QWidget) -> None:
    """On the Consent screen: type the contact details where empty, tick, sign, 「Confirm consent」."""
    consent = window.consent  # type: ignore[attr-defined]
    english = window.context.languages.language == "en"  # type: ignore[attr-defined]
    fields = dict(zip(CONTACT, consent.fields.values(), strict=True))
    for caption, value in CONTACT.items():
        field = by_name(window, caption) if english else fields[caption]
        if not field.text():
            consent.form_page.ensureWidgetVisible(field)
            QTest.keyClicks(field, value)
    tick = by_name(window, "Authorise the use of the material" if english else "同意授權使用素材")
    assert isinstance(tick, QCheckBox)
    consent.form_page.ensureWidgetVisible(tick)
    if not tick.isChecked():
        QTest.mouseClick(tick, Qt.MouseButton.LeftButton, pos=QPoint(12, tick.height() // 2))
    assert tick.isChecked()
    sign(window)
    click(window, "Confirm consent" if english else "確認同意")
