"""The sending account, for the Settings screen: server, security, account, password, sender
address (and, when asked for, the recipient), plus 「寄送測試信」.

The widget edits the ``Settings`` object it is given; the Settings screen calls :meth:`apply` when
the operator saves, and writes config.toml itself. The password never goes into config.toml: it is
stored in the operating system's password store (Windows Credential Manager, macOS Keychain,
Secret Service). The test mail is sent from a Python thread with what is on screen right now;
its result comes back through a signal.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Settings, SmtpSettings
from kiosk.errors import KioskError
from kiosk.outbox import transport
from kiosk.outbox.credentials import PasswordStore, account_key
from kiosk.ui import theme
from kiosk.ui.outbox_controller import ui_language
from kiosk.ui.widgets import big_button, wrapping_label

DEFAULT_PORTS = {"tls": 465, "starttls": 587}
TestMailSender = Callable[..., None]


class MailSettingsWidget(QWidget):
    test_finished = Signal(bool, str)  # ok, the message shown
    password_saved = Signal()
    _relay = Signal(object)  # a result from the test-mail thread, run on the GUI thread

    def __init__(self, settings: Settings, passwords: PasswordStore | None = None, *,
                 show_recipient: bool = False, send_test: TestMailSender = transport.send_test_mail,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.passwords = passwords or PasswordStore()
        self.show_recipient = show_recipient
        self.send_test = send_test
        self._testing = False
        self._relay.connect(lambda call: call())
        self._build_ui()
        self.load()
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------------

    def _line(self, echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(echo)
        edit.setMinimumHeight(theme.MIN_CONTROL_PX)
        return edit

    def _build_ui(self) -> None:
        self.host = self._line()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setMinimumHeight(theme.MIN_CONTROL_PX)
        self.security = QComboBox()
        self.security.setMinimumHeight(theme.MIN_CONTROL_PX)
        self.security.addItem("TLS (465)", "tls")
        self.security.addItem("STARTTLS (587)", "starttls")
        self.security.currentIndexChanged.connect(self._security_changed)
        self.username = self._line()
        self.password = self._line(QLineEdit.EchoMode.Password)
        self.sender = self._line()
        self.recipient = self._line()
        self.ca_file = self._line()
        self.ca_browse = QPushButton()
        self.ca_browse.setMinimumHeight(theme.MIN_CONTROL_PX)
        self.ca_browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_browse)
        self.labels = {name: QLabel() for name in
                       ("host", "port", "security", "username", "password", "sender", "recipient", "ca")}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for name, field in (("host", self.host), ("port", self.port), ("security", self.security),
                            ("username", self.username), ("password", self.password), ("sender", self.sender),
                            ("recipient", self.recipient), ("ca", ca_row)):
            form.addRow(self.labels[name], field)
        self.labels["recipient"].setVisible(self.show_recipient)
        self.recipient.setVisible(self.show_recipient)
        self.password_note = wrapping_label("muted")
        self.test_button = big_button("primary")
        self.test_button.clicked.connect(self.start_test_mail)
        self.test_result = wrapping_label("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.password_note)
        layout.addWidget(self.test_button)
        layout.addWidget(self.test_result)

    def retranslate(self) -> None:
        texts = {
            "host": self.tr("Mail server"), "port": self.tr("Port"), "security": self.tr("Encryption"),
            "username": self.tr("Account"), "password": self.tr("Password"),
            "sender": self.tr("Sender address"), "recipient": self.tr("Send packages to"),
            "ca": self.tr("Extra certificate (optional)"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        for widget, name in ((self.host, "host"), (self.port, "port"), (self.security, "security"),
                             (self.username, "username"), (self.password, "password"), (self.sender, "sender"),
                             (self.recipient, "recipient"), (self.ca_file, "ca")):
            widget.setAccessibleName(texts[name])
        self.host.setPlaceholderText("smtp.example.org")
        self.sender.setPlaceholderText(self.tr("the account's own address"))
        self.ca_browse.setText(self.tr("Choose…"))
        self.ca_browse.setAccessibleName(self.tr("Choose a certificate file"))
        self.test_button.setText(self.tr("Send test mail"))
        self.test_button.setAccessibleName(self.tr("Send test mail"))
        self._describe_password()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- values ------------------------------------------------------------------------------------

    def load(self) -> None:
        smtp = self.settings.delivery.smtp
        self.host.setText(smtp.host)
        self.security.setCurrentIndex(max(0, self.security.findData(smtp.security)))
        self.port.setValue(smtp.port)
        self.username.setText(smtp.username)
        self.password.clear()
        self.sender.setText(smtp.from_)
        self.recipient.setText(self.settings.delivery.to)
        self.ca_file.setText(smtp.ca_file)
        self._loaded_key = account_key(smtp)

    def _smtp_on_screen(self) -> SmtpSettings:
        smtp = copy.deepcopy(self.settings.delivery.smtp)
        smtp.host = self.host.text().strip()
        smtp.port = self.port.value()
        smtp.security = self.security.currentData()
        smtp.username = self.username.text().strip()
        smtp.from_ = self.sender.text().strip()
        smtp.ca_file = self.ca_file.text().strip()
        return smtp

    def settings_on_screen(self) -> Settings:
        """A copy of the settings with what is on screen (nothing saved)."""
        settings = copy.deepcopy(self.settings)
        settings.delivery.smtp = self._smtp_on_screen()
        if self.show_recipient:
            settings.delivery.to = self.recipient.text().strip()
        return settings

    def apply(self) -> bool:
        """Write the fields into the settings and a typed password into the password store.

        False (and the reason on screen) when the password could not be stored.
        """
        on_screen = self.settings_on_screen()
        self.settings.delivery.smtp = on_screen.delivery.smtp
        self.settings.delivery.to = on_screen.delivery.to
        try:
            self._store_password(on_screen.delivery.smtp)
        except KioskError as exc:
            self._show_result(False, exc.en if ui_language() == "en" else exc.zh)
            return False
        return True

    def _store_password(self, smtp: SmtpSettings) -> None:
        typed = self.password.text()
        if typed:
            self.passwords.set(smtp, typed)
            self.password.clear()
            self.password_saved.emit()
        elif account_key(smtp) != self._loaded_key:
            # Same password, new server or account name: carry it over rather than lose it.
            old = copy.deepcopy(smtp)
            old.username, old.host, old.port = self._parse_key(self._loaded_key)
            previous = self.passwords.get(old)
            if previous and not self.passwords.get(smtp):
                self.passwords.set(smtp, previous)
        self._loaded_key = account_key(smtp)
        self._describe_password()

    @staticmethod
    def _parse_key(key: str) -> tuple[str, str, int]:
        user_host, _, port = key.rpartition(":")
        user, _, host = user_host.rpartition("@")
        return user, host, int(port) if port.isdigit() else 0

    def _describe_password(self) -> None:
        smtp = self._smtp_on_screen()
        try:
            where_zh, where_en = self.passwords.describe()
            stored = bool(smtp.username and self.passwords.get(smtp))
        except KioskError as exc:
            self.password_note.setText(exc.en if ui_language() == "en" else exc.zh)
            return
        where = where_en if ui_language() == "en" else where_zh
        if stored:
            note = self.tr("A password is saved in %1. Type a new one only to change it.").replace("%1", where)
        else:
            note = self.tr("The password is kept in %1, never in the settings file.").replace("%1", where)
        self.password_note.setText(note)
        self.password.setPlaceholderText(self.tr("(saved)") if stored else "")

    def _security_changed(self) -> None:
        # Switching TLS ⇄ STARTTLS moves the port along when it was the other one's usual port.
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[self.security.currentData()])

    def _browse_ca(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a certificate file"), "",
                                                self.tr("Certificates (*.pem *.crt *.cer)"))
        if chosen:
            self.ca_file.setText(str(Path(chosen)))

    # -- the test mail -----------------------------------------------------------------------------

    def start_test_mail(self) -> None:
        if self._testing:
            return
        settings = self.settings_on_screen()
        typed = self.password.text() or None
        self._testing = True
        self.test_button.setEnabled(False)
        self._show_result(None, self.tr("Sending a test mail…"))

        def run() -> None:
            try:
                self.send_test(settings, passwords=self.passwords, password=typed)
            except KioskError as exc:
                self._relay.emit(functools.partial(self._test_done, False, (exc.zh, exc.en)))
            except Exception as exc:  # the operator sees it; the widget stays usable
                self._relay.emit(functools.partial(self._test_done, False, (str(exc), str(exc))))
            else:
                self._relay.emit(functools.partial(self._test_done, True, ("", "")))

        threading.Thread(target=run, daemon=True, name="test-mail").start()

    def _test_done(self, ok: bool, problem: tuple[str, str]) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        settings = self.settings_on_screen()
        to = settings.contact.email or settings.delivery.smtp.from_ or settings.delivery.smtp.username
        if ok:
            message = self.tr("Test mail sent to %1. Check that it arrived.").replace("%1", to)
        else:
            message = problem[1] if ui_language() == "en" else problem[0]
        self._show_result(ok, message)
        self.test_finished.emit(ok, message)

    def _show_result(self, ok: bool | None, message: str) -> None:
        theme.style(self.test_result, "warning" if ok is False else "muted")
        self.test_result.setText(message)
