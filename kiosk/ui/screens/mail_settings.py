"""The sending account, for the Settings screen: server, security, account, password, sender
address (and, when asked for, the recipient), plus 「寄送測試信」.

The widget edits the ``Settings`` object it is given; the Settings screen calls :meth:`apply` when
the operator saves, and writes config.toml itself. The password never goes into config.toml: it is
stored in the operating system's password store (Windows Credential Manager, macOS Keychain,
Secret Service). Where the computer has no such store, the widget says so in plain words and
offers the other way the outbox reads a password: an environment variable, named in
``delivery.smtp.password_env``. The test mail is sent as a background job with what is on screen
right now.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Settings, SmtpSettings
from kiosk.errors import KioskError
from kiosk.language import pick
from kiosk.outbox import transport
from kiosk.outbox.credentials import PasswordStore, account_key
from kiosk.ui import theme
from kiosk.ui.file_picker import CERTIFICATE_SUFFIXES, FilePicker, PickerMode
from kiosk.ui.jobs import Job
from kiosk.ui.widgets import ComboBox, SpinBox, big_button, wrapping_label

DEFAULT_PORTS = {"tls": 465, "starttls": 587}
TestMailSender = Callable[..., None]


class MailSettingsWidget(QWidget):
    test_finished = Signal(bool, str)  # ok, the message shown
    password_saved = Signal()

    def __init__(self, settings: Settings, passwords: PasswordStore | None = None, *,
                 show_recipient: bool = False, send_test: TestMailSender = transport.send_test_mail,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.passwords = passwords or PasswordStore()
        self.show_recipient = show_recipient
        self.send_test = send_test
        self.store_problem: KioskError | None = None  # why no password can be kept here, if so
        self._test_job = Job("test-mail", self)
        self._test_job.finished.connect(lambda _none: self._test_done(True, None))
        self._test_job.failed.connect(lambda exc: self._test_done(False, exc))
        self._build_ui()
        self.load()
        self.retranslate()

    # -- layout ------------------------------------------------------------------------------------

    def _text_field(self, echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(echo)
        edit.setMinimumHeight(theme.MIN_CONTROL_PX)
        return edit

    def _build_ui(self) -> None:
        self.host = self._text_field()
        self.port = SpinBox()
        self.port.setRange(1, 65535)
        self.security = ComboBox()
        self.security.addItem("TLS", "tls")
        self.security.addItem("STARTTLS", "starttls")
        self.security.currentIndexChanged.connect(self._security_changed)
        self.security_note = wrapping_label("muted")
        self.username = self._text_field()
        self.password = self._text_field(QLineEdit.EchoMode.Password)
        self.password_env = self._text_field()
        self.password_env.editingFinished.connect(self._describe_password)
        self.sender_address = self._text_field()
        self.recipient = self._text_field()
        self.ca_file = self._text_field()
        self.ca_browse = QPushButton()
        self.ca_browse.setMinimumHeight(theme.MIN_CONTROL_PX)
        self.ca_browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.ca_browse)
        security_column = QVBoxLayout()
        security_column.addWidget(self.security)
        security_column.addWidget(self.security_note)
        self.labels = {name: QLabel() for name in ("host", "port", "security", "username", "password",
                                                    "password_env", "sender", "recipient", "ca")}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows: tuple[tuple[str, QWidget | QHBoxLayout | QVBoxLayout], ...] = (
            ("host", self.host), ("port", self.port), ("security", security_column), ("username", self.username),
            ("password", self.password), ("password_env", self.password_env), ("sender", self.sender_address),
            ("recipient", self.recipient), ("ca", ca_row))
        for name, field in rows:
            if isinstance(field, QWidget):  # two calls: addRow has one overload for each
                form.addRow(self.labels[name], field)
            else:
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
            "password_env": self.tr("Or: password in environment variable"),
            "sender": self.tr("Sender address"), "recipient": self.tr("Send packages to"),
            "ca": self.tr("Extra certificate (optional)"),
        }
        for name, text in texts.items():
            self.labels[name].setText(text)
        named: tuple[tuple[QWidget, str], ...] = (
            (self.host, "host"), (self.port, "port"), (self.security, "security"), (self.username, "username"),
            (self.password, "password"), (self.password_env, "password_env"), (self.sender_address, "sender"),
            (self.recipient, "recipient"), (self.ca_file, "ca"))
        for widget, name in named:
            widget.setAccessibleName(texts[name])
        self.security_note.setText(self.tr("TLS usually goes with port 465, STARTTLS with port 587; "
                                           "your mail provider says which."))
        self.password_env.setPlaceholderText(self.tr("e.g. IVY_SMTP_PASSWORD"))
        self.host.setPlaceholderText("smtp.example.org")
        self.sender_address.setPlaceholderText(self.tr("the account's own address"))
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

    def set_settings(self, settings: Settings) -> None:
        """Edit these settings from now on (the Settings screen's working copy), fields reloaded."""
        self.settings = settings
        self.load()
        self._describe_password()

    def load(self) -> None:
        smtp = self.settings.delivery.smtp
        self.host.setText(smtp.host)
        self.security.setCurrentIndex(max(0, self.security.findData(smtp.security)))
        self.port.setValue(smtp.port)
        self.username.setText(smtp.username)
        self.password.clear()
        self.password_env.setText(smtp.password_env)
        self.sender_address.setText(smtp.from_)
        self.recipient.setText(self.settings.delivery.to)
        self.ca_file.setText(smtp.ca_file)
        self._loaded_key = account_key(smtp)

    def smtp_on_screen(self) -> SmtpSettings:
        smtp = copy.deepcopy(self.settings.delivery.smtp)
        smtp.host = self.host.text().strip()
        smtp.port = self.port.value()
        smtp.security = self.security.currentData()
        smtp.username = self.username.text().strip()
        smtp.password_env = self.password_env.text().strip()
        smtp.from_ = self.sender_address.text().strip()
        smtp.ca_file = self.ca_file.text().strip()
        return smtp

    def settings_on_screen(self) -> Settings:
        """A copy of the settings with what is on screen (nothing saved)."""
        settings = copy.deepcopy(self.settings)
        settings.delivery.smtp = self.smtp_on_screen()
        if self.show_recipient:
            settings.delivery.to = self.recipient.text().strip()
        return settings

    def apply(self) -> bool:
        """Write the fields into the settings and a typed password into the password store.

        False (and the reason on screen) when the password could not be stored.
        """
        on_screen = self.settings_on_screen()
        try:
            self.store_password(on_screen.delivery.smtp)
        except KioskError as exc:
            self._show_result(False, exc.message())
            return False
        self.settings.delivery.smtp = on_screen.delivery.smtp
        self.settings.delivery.to = on_screen.delivery.to
        return True

    def store_password(self, smtp: SmtpSettings) -> None:
        """A typed password into the password store (and an unchanged one carried over to a new
        server or account name). KioskError, in the operator's words, when it cannot be kept."""
        typed = self.password.text()
        if typed and self.store_problem is not None:
            raise self._cannot_keep_password()
        if typed:
            try:
                self.passwords.set(smtp, typed)
            except KioskError:
                raise self._cannot_keep_password() from None
            self.password.clear()
            self.password_saved.emit()
        elif account_key(smtp) != self._loaded_key:
            # Same password, new server or account name: carry it over rather than lose it.
            old = copy.deepcopy(smtp)
            old.username, old.host, old.port = self._parse_key(self._loaded_key)
            try:
                previous = self.passwords.get(old)
                if previous and not self.passwords.get(smtp):
                    self.passwords.set(smtp, previous)
            except KioskError:
                pass  # no store: nothing was kept to carry over
        self._loaded_key = account_key(smtp)
        self._describe_password()

    @staticmethod
    def _cannot_keep_password() -> KioskError:
        return KioskError(
            "這台電腦沒有安全的密碼庫，輸入的密碼無法儲存。請清空「密碼」欄，改填存放密碼的環境變數名稱。",
            "This computer has no safe password store, so the typed password cannot be saved. Clear the "
            "Password field and name an environment variable that holds the password instead.")

    @staticmethod
    def _parse_key(key: str) -> tuple[str, str, int]:
        user_host, _, port = key.rpartition(":")
        user, _, host = user_host.rpartition("@")
        return user, host, int(port) if port.isdigit() else 0

    def _describe_password(self) -> None:
        smtp = self.smtp_on_screen()
        try:
            where_zh, where_en = self.passwords.describe()
            stored = bool(smtp.username and self.passwords.get(smtp))
            self.store_problem = None
        except KioskError as exc:
            self.store_problem = exc  # its words name Python classes: the operator gets plain ones
            self.password.setPlaceholderText(self.tr("(for the test mail only)"))
            if smtp.password_env:
                note = self.tr("No safe password store on this computer: the password is read from the "
                               "environment variable %1.").replace("%1", smtp.password_env)
            else:
                note = self.tr("No safe password store on this computer, so a typed password cannot be saved. "
                               "Put the password in an environment variable and enter its name above.")
            self.password_note.setText(note)
            return
        where = pick(where_zh, where_en)
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
        current = Path(self.ca_file.text().strip()).parent if self.ca_file.text().strip() else None
        picker = FilePicker(self, mode=PickerMode.FILE, title=self.tr("Choose a certificate file"),
                            suffixes=CERTIFICATE_SUFFIXES, start=current if current and current.is_dir() else None)
        picker.chosen.connect(lambda path: self.ca_file.setText(str(path)))
        picker.finished.connect(picker.deleteLater)
        picker.open()
        self.picker = picker

    # -- the test mail -----------------------------------------------------------------------------

    def start_test_mail(self) -> None:
        settings = self.settings_on_screen()
        typed = self.password.text() or None
        send, passwords = self.send_test, self.passwords
        if not self._test_job.start(lambda: send(settings, passwords=passwords, password=typed)):
            return
        self.test_button.setEnabled(False)
        self._show_result(None, self.tr("Sending a test mail…"))

    def _test_done(self, ok: bool, problem: Exception | None) -> None:
        self.test_button.setEnabled(True)
        settings = self.settings_on_screen()
        to = settings.contact.email or settings.delivery.smtp.from_ or settings.delivery.smtp.username
        if ok:
            message = self.tr("Test mail sent to %1. Check that it arrived.").replace("%1", to)
        elif isinstance(problem, KioskError):
            message = problem.message()
        else:
            message = self.tr("The test mail could not be sent: %1").replace("%1", str(problem))
        self._show_result(ok, message)
        self.test_finished.emit(ok, message)

    def _show_result(self, ok: bool | None, message: str) -> None:
        theme.style(self.test_result, "warning" if ok is False else "muted")
        self.test_result.setText(message)
