"""Small widgets shared by the kiosk's own screens."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut, QWheelEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui import theme

W = TypeVar("W", bound=QWidget)


def tall(widget: W) -> W:
    """At least the height a finger can hit."""
    widget.setMinimumHeight(theme.MIN_CONTROL_PX)
    return widget


def _no_wheel(widget: QWidget) -> None:
    tall(widget)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


# The wheel scrolls the form around these fields; it never changes the field under the pointer (a
# port 2525 became 2528 while the operator scrolled Settings). The keyboard still steps them.
# (Each class has its own wheelEvent: Qt does not see a virtual override from a Python mixin.)


class ComboBox(QComboBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _no_wheel(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # on to the scroll area behind


class SpinBox(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _no_wheel(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


class DoubleSpinBox(QDoubleSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _no_wheel(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()


def big_button(role: str = "", parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(parent)
    button.setMinimumHeight(theme.MIN_CONTROL_PX + 8)
    button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
    if role:
        theme.style(button, role)
    return button


def wrapping_label(role: str = "", parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    if role:
        theme.style(label, role)
    return label


class ConfirmBar(QFrame):
    """A question asked inside the screen instead of a modal dialog, so nothing needs a mouse and
    nothing blocks during a take. Enter accepts, Esc declines (the screen binds the keys)."""

    shown = Signal()  # a question is being asked
    hidden = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.style(self, "panel")
        self.kind = ""
        self.message = wrapping_label("cue")
        self.decline_button = big_button()
        self.accept_button = big_button("danger")
        # The question above its two answers: it fits a narrow place (the live screen's cue line).
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addStretch(1)
        buttons.addWidget(self.decline_button)
        buttons.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(4)
        layout.addWidget(self.message, 1)
        layout.addLayout(buttons)
        self._on_accept: Callable[[], object] | None = None
        self._on_decline: Callable[[], object] | None = None
        self.accept_button.clicked.connect(self.accept)
        self.decline_button.clicked.connect(self.decline)
        self.hide()

    @property
    def asking(self) -> bool:
        return bool(self.kind)

    def ask(self, kind: str, on_accept: Callable[[], object], on_decline: Callable[[], object] | None = None) -> None:
        self.kind = kind
        self._on_accept, self._on_decline = on_accept, on_decline
        self.show()
        self.raise_()
        self.shown.emit()
        self.accept_button.setFocus()

    def set_texts(self, message: str, accept: str, decline: str) -> None:
        self.message.setText(message)
        self.shown.emit()  # its height may have changed: whoever places it places it again
        self.accept_button.setText(accept)
        self.accept_button.setAccessibleName(accept)
        self.decline_button.setText(decline)
        self.decline_button.setAccessibleName(decline)

    def accept(self) -> None:
        callback = self._on_accept
        self.dismiss()
        if callback is not None:
            callback()

    def decline(self) -> None:
        callback = self._on_decline
        self.dismiss()
        if callback is not None:
            callback()

    def dismiss(self) -> None:
        self.kind = ""
        self._on_accept = self._on_decline = None
        self.hide()
        self.hidden.emit()


# The main action of a screen: Ctrl+Return, or Ctrl+Enter on the number pad.
CONFIRM_KEYS = ("Ctrl+Return", "Ctrl+Enter")
BIG_TICK_BOX = "QCheckBox::indicator { width: 30px; height: 30px; }"  # a tick box a finger can hit
OK_COLOUR = "#3ccf7e"
FAIL_COLOUR = "#ff5c5c"


def add_shortcuts(widget: QWidget, sequences: tuple[str, ...], slot: Callable[[], object]) -> None:
    """Window shortcuts that work only while ``widget`` is shown (a hidden page never steals them)."""
    for sequence in sequences:
        shortcut = QShortcut(QKeySequence(sequence), widget)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)


class ClickLabel(QLabel):
    """A wrapping label that says when it is clicked (the long text beside a tick box)."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)
