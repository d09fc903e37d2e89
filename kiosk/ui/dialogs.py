"""The operator PIN dialog: exit and settings are behind it (SPEC §2)."""

from __future__ import annotations

import hmac

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.ui import theme


def pin_matches(entered: str, expected: str) -> bool:
    """Constant-time comparison (a PIN is a secret, however small)."""
    return hmac.compare_digest(entered.strip().encode("utf-8"), expected.strip().encode("utf-8"))


class PinDialog(QDialog):
    """Asks for the operator PIN; accepts only the right one. Keyboard: digits, Enter, Esc."""

    def __init__(self, expected_pin: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._expected = expected_pin
        self._purpose = purpose  # "exit" or "settings"
        self.failures = 0
        self.setModal(True)
        self.setMinimumWidth(420)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        theme.style(self.prompt, "title")
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly | Qt.InputMethodHint.ImhSensitiveData)
        self.pin_edit.setMaxLength(32)
        self.error = QLabel()
        self.error.setWordWrap(True)
        theme.style(self.error, "warning")
        self.ok_button = QPushButton()
        self.ok_button.setDefault(True)  # Enter in the PIN field presses it
        theme.style(self.ok_button, "primary")
        self.cancel_button = QPushButton()
        self.ok_button.clicked.connect(self._check)
        self.cancel_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(14)
        layout.addWidget(self.prompt)
        layout.addWidget(self.pin_edit)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.retranslate()
        self.pin_edit.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Operator PIN"))
        if self._purpose == "exit":
            self.prompt.setText(self.tr("Enter the operator PIN to exit the kiosk"))
        else:
            self.prompt.setText(self.tr("Enter the operator PIN to open the settings"))
        self.pin_edit.setAccessibleName(self.tr("Operator PIN"))
        self.ok_button.setText(self.tr("OK (Enter)"))
        self.ok_button.setAccessibleName(self.tr("Confirm the PIN"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        if self.failures:
            self._show_failure()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _check(self) -> None:
        if pin_matches(self.pin_edit.text(), self._expected):
            self.accept()
            return
        self.failures += 1
        self.pin_edit.clear()
        self._show_failure()

    def _show_failure(self) -> None:
        self.error.setText(self.tr("Wrong PIN, please try again."))
