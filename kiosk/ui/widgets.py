"""Small widgets shared by the kiosk's own screens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from kiosk.ui import theme


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

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.style(self, "panel")
        self.kind = ""
        self.message = wrapping_label("cue")
        self.decline_button = big_button()
        self.accept_button = big_button("danger")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.decline_button)
        layout.addWidget(self.accept_button)
        self._on_accept: Callable[[], None] | None = None
        self._on_decline: Callable[[], None] | None = None
        self.accept_button.clicked.connect(self.accept)
        self.decline_button.clicked.connect(self.decline)
        self.hide()

    @property
    def asking(self) -> bool:
        return bool(self.kind)

    def ask(self, kind: str, on_accept: Callable[[], None], on_decline: Callable[[], None] | None = None) -> None:
        self.kind = kind
        self._on_accept, self._on_decline = on_accept, on_decline
        self.show()
        self.accept_button.setFocus()

    def set_texts(self, message: str, accept: str, decline: str) -> None:
        self.message.setText(message)
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
