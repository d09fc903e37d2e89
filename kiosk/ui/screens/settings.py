"""The settings screen (behind the operator PIN): county, contact defaults, recipient, devices by name,
cue times, retention, language and PIN, and the sending account (``MailSettingsWidget``).

Saving validates with ``kiosk.config.validate`` (the message names the field) and writes with
``kiosk.config.save`` (atomic). The settings object given to the screen is updated in place, so
every screen holding it sees the new values. Devices are listed as a background job when the screen
is first shown (on Windows the list comes from ffmpeg and takes a moment). The mouse wheel scrolls
the form; it never changes a field under the pointer (``widgets.ComboBox`` and the spin boxes).
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import config, organiser, paths
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.language import pick
from kiosk.outbox.credentials import PasswordStore
from kiosk.ui import theme
from kiosk.ui.jobs import Job
from kiosk.ui.screens.mail_settings import MailSettingsWidget
from kiosk.ui.widgets import ComboBox, DoubleSpinBox, SpinBox, big_button, tall, wrapping_label

log = logging.getLogger(__name__)

LANGUAGE_NAMES = (("zh-TW", "繁體中文"), ("en", "English"))  # each in its own language, never translated


@dataclass
class DeviceChoices:
    """(value stored in settings, name shown) for each camera and microphone present."""

    cameras: list[tuple[str, str]] = field(default_factory=list)
    mics: list[tuple[str, str]] = field(default_factory=list)
    problem_zh: str = ""
    problem_en: str = ""


def list_device_choices() -> DeviceChoices:
    """Cameras are stored by name (an index moves when devices are plugged in); a second camera with
    the same name is stored by index, the only way to tell the two apart."""
    from kiosk.capture import device_list

    choices = DeviceChoices()
    seen: set[str] = set()
    for index, name in device_list.list_cameras():
        choices.cameras.append((name if name not in seen else str(index), name))
        seen.add(name)
    try:
        choices.mics = device_list.microphone_choices()
    except KioskError as exc:  # PortAudio missing: say so, the cameras are still listed
        choices.problem_zh, choices.problem_en = exc.zh, exc.en
    return choices


class DeviceLister(QObject):
    """Lists devices as a background job; ``listed`` arrives on the GUI thread."""

    listed = Signal(object)  # DeviceChoices

    def __init__(self, lister: Callable[[], DeviceChoices], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lister = lister
        self._job = Job("device-list", self)
        self._job.finished.connect(self.listed)
        self._job.failed.connect(self._on_failed)

    @property
    def busy(self) -> bool:
        return self._job.running

    def start(self) -> bool:
        return self._job.start(self._lister)

    def _on_failed(self, exc: Exception) -> None:
        # A broken driver must not take the settings screen down.
        self.listed.emit(DeviceChoices(problem_zh=f"無法列出裝置：{exc}", problem_en=f"Cannot list the devices: {exc}"))


class SettingsScreen(QWidget):
    saved = Signal()  # the settings object given to the screen holds the new values
    cancelled = Signal()

    def __init__(
        self,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        config_path: Path | None = None,
        device_lister: Callable[[], DeviceChoices] = list_device_choices,
        passwords: PasswordStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settings")
        self.settings = settings
        self.config_path = config_path
        self.choices = DeviceChoices()
        self._error: tuple[str, str] | None = None
        self._working = copy.deepcopy(settings)  # the mail widget edits this copy until Save
        self.devices = DeviceLister(device_lister, self)
        self.devices.listed.connect(self._on_devices)
        self._devices_listed = False
        self.mail_widget = MailSettingsWidget(self._working, passwords)
        self._build()
        self.load_values()
        self.retranslate()

    def activated(self) -> None:
        """Shown: the devices are listed the first time (not while the camera opens at start)."""
        if not self._devices_listed:
            self._devices_listed = True
            self.refresh_devices()

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        theme.style(self.heading, "title")
        self.error_label = wrapping_label("warning")
        self.error_label.hide()

        self.county = ComboBox()
        self.county.addItems(list(organiser.COUNTIES))
        self.contact_fields = {name: tall(QLineEdit()) for name in ("name", "organisation", "title", "phone", "email")}
        self.recipient = tall(QLineEdit())
        self.retention = SpinBox()
        self.retention.setRange(1, 365)
        self.camera = ComboBox()
        self.mic = ComboBox()
        self.device_status = wrapping_label("muted")
        self.refresh_button = big_button()
        self.refresh_button.clicked.connect(self.refresh_devices)
        self.turn_at = self._seconds_box()
        self.cheer_at = self._seconds_box()
        self.language = ComboBox()
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.pin = tall(QLineEdit())
        self.pin.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.pin.setMaxLength(8)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)

        self.event_box, event_form = self._group()
        self.contact_box, contact_form = self._group()
        self.delivery_box, delivery_form = self._group()
        self.devices_box, devices_form = self._group()
        self.cues_box, cues_form = self._group()
        self.operator_box, operator_form = self._group()
        self.labels: dict[str, QLabel] = {}

        def row(form: QFormLayout, key: str, widget: QWidget) -> None:
            self.labels[key] = QLabel()
            form.addRow(self.labels[key], widget)

        row(event_form, "event.county", self.county)
        for name, edit in self.contact_fields.items():
            row(contact_form, f"contact.{name}", edit)
        row(delivery_form, "delivery.to", self.recipient)
        row(delivery_form, "delivery.retention_days", self.retention)
        row(devices_form, "devices.camera", self.camera)
        row(devices_form, "devices.mic", self.mic)
        refresh_row = QHBoxLayout()
        refresh_row.addWidget(self.device_status, 1)
        refresh_row.addWidget(self.refresh_button)
        devices_form.addRow(refresh_row)
        row(cues_form, "cues.turn_at_s", self.turn_at)
        row(cues_form, "cues.cheer_at_s", self.cheer_at)
        row(operator_form, "kiosk.language", self.language)
        row(operator_form, "kiosk.pin", self.pin)

        self.mail_box = QGroupBox()
        QVBoxLayout(self.mail_box).addWidget(self.mail_widget)

        body = QWidget()
        column = QVBoxLayout(body)
        for box in (self.event_box, self.contact_box, self.delivery_box, self.mail_box, self.devices_box,
                    self.cues_box, self.operator_box):
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        self.save_button = big_button("primary")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = big_button()
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        self._bind_keys()

    def _group(self) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox()
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        return box, form

    @staticmethod
    def _seconds_box() -> DoubleSpinBox:
        box = DoubleSpinBox()
        box.setRange(0.5, organiser.TAKE_MAX_SECONDS - 0.5)
        box.setSingleStep(0.5)
        box.setDecimals(1)
        box.setSuffix(" s")
        return box

    def _bind_keys(self) -> None:
        for sequence, slot in (("Ctrl+S", self.save), (Qt.Key.Key_Escape, self.cancel)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- values ------------------------------------------------------------------------------

    def load_values(self) -> None:
        """Show the saved settings (also what Cancel goes back to)."""
        s = self.settings
        self._working = copy.deepcopy(s)
        self.county.setCurrentIndex(max(0, self.county.findText(s.event.county)))
        for name, edit in self.contact_fields.items():
            edit.setText(getattr(s.contact, name))
        self.recipient.setText(s.delivery.to)
        self.retention.setValue(s.delivery.retention_days)
        self.turn_at.setValue(s.cues.turn_at_s)
        self.cheer_at.setValue(s.cues.cheer_at_s)
        self.language.setCurrentIndex(max(0, self.language.findData(s.kiosk.language)))
        self.pin.setText(s.kiosk.pin)
        self._fill_devices(keep_choice=False)
        self.mail_widget.set_settings(self._working)
        self._show_error(None)

    def collect(self) -> Settings:
        """A new Settings from what is on screen (not validated yet)."""
        new = copy.deepcopy(self._working)
        new.delivery.smtp = self.mail_widget.smtp_on_screen()
        new.event.county = self.county.currentText()
        for name, edit in self.contact_fields.items():
            setattr(new.contact, name, edit.text().strip())
        new.delivery.to = self.recipient.text().strip()
        new.delivery.retention_days = self.retention.value()
        new.devices.camera = self.camera.currentData() or self.settings.devices.camera
        new.devices.mic = self.mic.currentData() or self.settings.devices.mic
        new.cues.turn_at_s = round(self.turn_at.value(), 1)
        new.cues.cheer_at_s = round(self.cheer_at.value(), 1)
        new.kiosk.language = self.language.currentData()
        new.kiosk.pin = self.pin.text().strip()
        return new

    def save(self) -> bool:
        new = self.collect()
        try:
            config.validate(new)
            self.mail_widget.store_password(new.delivery.smtp)  # refused: nothing saved, the reason shown
            config.save(new, self.config_path or paths.config_path())
        except config.ConfigValueError as exc:
            self._show_error((exc.problem_zh, exc.problem_en), exc.key)
            return False
        except (KioskError, OSError) as exc:
            self._show_error((exc.zh, exc.en) if isinstance(exc, KioskError) else
                             (f"無法儲存設定：{exc}", f"Cannot save the settings: {exc}"))
            return False
        for f in dataclasses.fields(Settings):  # in place: other screens hold this object
            setattr(self.settings, f.name, getattr(new, f.name))
        self.load_values()
        self.saved.emit()
        return True

    def cancel(self) -> None:
        self.load_values()
        self.cancelled.emit()

    def _field_for(self, key: str) -> QWidget | None:
        section, _, name = key.partition(".")
        if section == "contact":
            return self.contact_fields.get(name)
        return {
            "event.county": self.county, "delivery.to": self.recipient, "delivery.retention_days": self.retention,
            "devices.camera": self.camera, "devices.mic": self.mic, "cues.turn_at_s": self.turn_at,
            "cues.cheer_at_s": self.cheer_at, "kiosk.language": self.language, "kiosk.pin": self.pin,
        }.get(key)

    def _show_error(self, message: tuple[str, str] | None, key: str = "") -> None:
        self._error = message
        self.error_label.setVisible(message is not None)
        self.error_label.setText(pick(*message) if message else "")
        widget = self._field_for(key) if key else None
        if widget is not None:
            widget.setFocus()

    # --- devices -----------------------------------------------------------------------------

    def refresh_devices(self) -> None:
        if self.devices.start():
            self.refresh_button.setEnabled(False)
            self.device_status.setText(self.tr("Looking for cameras and microphones…"))

    def _on_devices(self, choices: DeviceChoices) -> None:
        self.choices = choices
        self.refresh_button.setEnabled(True)
        self._fill_devices()
        self._show_device_status()

    def _show_device_status(self) -> None:
        if self.devices.busy:
            return
        if self.choices.problem_en:
            self.device_status.setText(pick(self.choices.problem_zh, self.choices.problem_en))
            return
        cameras, mics = len(self.choices.cameras), len(self.choices.mics)
        found_cameras = self.tr("1 camera") if cameras == 1 else self.tr("%1 cameras").replace("%1", str(cameras))
        found_mics = self.tr("1 microphone") if mics == 1 else self.tr("%1 microphones").replace("%1", str(mics))
        self.device_status.setText(self.tr("Found %1 and %2.").replace("%1", found_cameras).replace("%2", found_mics))

    def _fill_devices(self, keep_choice: bool = True) -> None:
        """Present devices, the demo / default / none choices, and the saved one even when unplugged.
        ``keep_choice`` keeps what the operator picked but has not saved (a refresh, a language switch)."""
        self._fill_combo(self.camera, self.settings.devices.camera, keep_choice, [
            *self.choices.cameras, ("demo", self.tr("Demo camera (test picture)")),
        ])
        self._fill_combo(self.mic, self.settings.devices.mic, keep_choice, [
            (config.MIC_DEFAULT, self.tr("The computer's default microphone")),
            *self.choices.mics,
            ("demo", self.tr("Demo microphone (test sound)")),
            (config.MIC_NONE, self.tr("No microphone (no sound)")),
        ])

    def _fill_combo(self, combo: ComboBox, saved: str, keep_choice: bool, choices: list[tuple[str, str]]) -> None:
        current = combo.currentData() if keep_choice and combo.count() else saved
        combo.clear()
        for value, label in choices:
            combo.addItem(label, value)
        if combo.findData(saved) < 0:
            combo.addItem(self.tr("%1 (not connected)").replace("%1", saved), saved)
        combo.setCurrentIndex(max(0, combo.findData(current if combo.findData(current) >= 0 else saved)))

    # --- language ------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        titles = {
            self.event_box: self.tr("Event"),
            self.contact_box: self.tr("Contact person (defaults for the consent form)"),
            self.delivery_box: self.tr("Delivery"),
            self.mail_box: self.tr("Sending account"),
            self.devices_box: self.tr("Camera and microphone"),
            self.cues_box: self.tr("Shot plan cues"),
            self.operator_box: self.tr("Operator"),
        }
        for box, title in titles.items():
            box.setTitle(title)
        names = {
            "event.county": self.tr("County or city"),
            "contact.name": self.tr("Name"),
            "contact.organisation": self.tr("Unit"),
            "contact.title": self.tr("Job title"),
            "contact.phone": self.tr("Phone"),
            "contact.email": self.tr("E-mail"),
            "delivery.to": self.tr("Send to"),
            "delivery.retention_days": self.tr("Keep sent packages (days)"),
            "devices.camera": self.tr("Camera"),
            "devices.mic": self.tr("Microphone"),
            "cues.turn_at_s": self.tr("Turn to the crowd at"),
            "cues.cheer_at_s": self.tr("Cheering from"),
            "kiosk.language": self.tr("Language"),
            "kiosk.pin": self.tr("Operator PIN (4–8 digits)"),
        }
        for key, text in names.items():
            self.labels[key].setText(text)
            widget = self._field_for(key)
            if widget is not None:
                widget.setAccessibleName(text)
        self.refresh_button.setText(self.tr("Refresh devices"))
        self.refresh_button.setAccessibleName(self.tr("Look for cameras and microphones again"))
        self.save_button.setText(self.tr("Save (Ctrl+S)"))
        self.save_button.setAccessibleName(self.tr("Save the settings"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Leave without saving"))
        self._fill_devices()
        self._show_device_status()
        if self._error:
            self.error_label.setText(pick(*self._error))
