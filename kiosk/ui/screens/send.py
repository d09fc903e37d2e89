"""The Send screen: the organiser's checklist read from the files, an override with a reason, and
the one big button 「送出給台灣志願服務國際交流協會」.

The checks and the package build run on a worker thread; ``BackgroundJob`` (a GUI-thread object)
re-emits their results, so no worker ever touches a widget. Pressing the button builds the
package (with the override reason when a check failed) and then emits ``send_requested(id)``;
whoever owns the outbox puts it in the queue.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk import organiser
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.package import ChecksFailed, Consent, Package, build_package, check_take
from kiosk.package.checks import CHECK_LABELS, Check
from kiosk.recording.take import Take
from kiosk.ui.theme import MIN_CONTROL_PX

OK_COLOUR = "#3ccf7e"
BIG_TICK_BOX = "QCheckBox::indicator { width: 30px; height: 30px; }"  # a tick box a finger can hit
FAIL_COLOUR = "#ff5c5c"


# The main action of a screen: Ctrl+Return, or Ctrl+Enter on the number pad.
CONFIRM_KEYS = ("Ctrl+Return", "Ctrl+Enter")


def add_shortcuts(widget: QWidget, sequences: tuple[str, ...], slot: Callable[[], object]) -> None:
    """Window shortcuts that work only while ``widget`` is shown (a hidden page never steals them)."""
    for sequence in sequences:
        shortcut = QShortcut(QKeySequence(sequence), widget)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)


def ui_is_chinese() -> bool:
    """The language the app runs in (the language manager sets the default QLocale)."""
    return QLocale().language() == QLocale.Language.Chinese


def operator_text(error: KioskError) -> str:
    return error.message("zh-TW" if ui_is_chinese() else "en")


class BackgroundJob(QObject):
    """Runs one function on a Python thread; its result or exception arrives as a signal on the
    thread this object lives in (the GUI thread)."""

    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None

    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._thread = threading.Thread(target=self._run, args=(function, args, kwargs), daemon=True,
                                        name=f"job-{getattr(function, '__name__', 'work')}")
        self._thread.start()

    def _run(self, function: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        try:
            result = function(*args, **kwargs)
        except Exception as exc:  # handed to the GUI thread, which shows it
            outcome, payload = self.failed, exc
        else:
            outcome, payload = self.finished, result
        # RuntimeError: the screen was closed while the work ran, and nobody waits for the answer.
        with contextlib.suppress(RuntimeError):
            outcome.emit(payload)


class CheckRow(QFrame):
    """One line of the checklist: a green tick or a red cross, the requirement, what was measured."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.mark = QLabel()
        self.mark.setFixedWidth(40)
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setProperty("role", "muted")
        text = QVBoxLayout()
        text.addWidget(self.title)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.addWidget(self.mark)
        row.addLayout(text, 1)
        self.setMinimumHeight(56)
        self.ok = False

    def show_check(self, title: str, check: Check, chinese: bool) -> None:
        self.ok = check.ok
        colour = OK_COLOUR if check.ok else FAIL_COLOUR
        self.mark.setText("✔" if check.ok else "✘")
        self.mark.setStyleSheet(f"color: {colour}; font-size: 28px; font-weight: bold;")
        self.title.setText(title)
        self.detail.setText(check.detail_zh if chinese else check.detail)
        self.setAccessibleName(f"{title}: {'OK' if check.ok else 'FAILED'}")


class SendScreen(QWidget):
    send_requested = Signal(str)  # package id, once the package is built
    checks_ready = Signal(list)  # list[Check]: the checklist on screen
    package_built = Signal(object)  # Package
    failed = Signal(str)  # a message the operator has been shown

    def __init__(self, take: Take, consent: Consent, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.take = take
        self.consent = consent
        self.settings = settings
        self.checks: list[Check] = []
        self.package: Package | None = None
        self._error: KioskError | None = None
        self._state = "checking"  # checking | ready | building | built | error
        self._check_job = BackgroundJob(self)
        self._check_job.finished.connect(self._on_checks)
        self._check_job.failed.connect(self._on_error)
        self._build_job = BackgroundJob(self)
        self._build_job.finished.connect(self._on_built)
        self._build_job.failed.connect(self._on_build_failed)
        self._build_ui()
        self.retranslate()
        self.recheck()

    # --- layout -------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        self.rows: dict[str, CheckRow] = {name: CheckRow() for name in CHECK_LABELS}
        checklist = QWidget()
        self.rows_layout = QVBoxLayout(checklist)
        for row in self.rows.values():
            self.rows_layout.addWidget(row)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(checklist)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.override_box = QCheckBox()
        self.override_box.setMinimumHeight(MIN_CONTROL_PX)
        self.override_box.setStyleSheet(BIG_TICK_BOX)
        self.override_box.toggled.connect(self._refresh)
        self.reason = QLineEdit()
        self.reason.setMinimumHeight(MIN_CONTROL_PX)
        self.reason.textChanged.connect(self._refresh)
        self.override_panel = QFrame()
        self.override_panel.setProperty("role", "panel")
        override_layout = QVBoxLayout(self.override_panel)
        override_layout.addWidget(self.override_box)
        override_layout.addWidget(self.reason)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.send_button = QPushButton()
        self.send_button.setProperty("role", "primary")
        self.send_button.setMinimumHeight(72)
        self.send_button.setStyleSheet("font-size: 24px;")
        self.send_button.clicked.connect(self.request_send)
        add_shortcuts(self, CONFIRM_KEYS, self.request_send)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.override_panel)
        layout.addWidget(self.status)
        layout.addWidget(self.send_button)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Check and send"))
        name = organiser.deliverable_name(self.consent.county)
        self.subtitle.setText(self.tr("「%1」 — every line is read from the files themselves.").replace("%1", name))
        self.override_box.setText(self.tr("Send anyway: I accept that a requirement is not met"))
        self.override_box.setAccessibleName(self.tr("Override failed checks"))
        self.reason.setPlaceholderText(self.tr("Reason (kept in the package)"))
        self.reason.setAccessibleName(self.tr("Reason for the override"))
        self.send_button.setText(self.tr("Send to Volunteering Taiwan"))
        self.send_button.setAccessibleName(self.tr("Send to Volunteering Taiwan"))
        self._show_checks()
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _labels(self) -> dict[str, str]:
        return {
            "video_resolution": self.tr("Video at least 1920×1080, landscape"),
            "video_format": self.tr("MP4 with H.264 video and AAC sound"),
            "duration": self.tr("Length 10–15 seconds"),
            "audio": self.tr("Sound recorded, not silent"),
            "photos": self.tr("At least 3 photos, each at least 1280×720, 300 dpi"),
            "names": self.tr("Files named 「County IVY 2026」"),
            "consent": self.tr("Consent form complete"),
            "size": self.tr("Small enough for one e-mail"),
        }

    # --- state ----------------------------------------------------------------------------------

    def failed_checks(self) -> list[str]:
        return [check.name for check in self.checks if not check.ok]

    def override_reason(self) -> str | None:
        """The reason to record, when failed checks are being overridden; None otherwise."""
        if not self.failed_checks() or not self.override_box.isChecked():
            return None
        return self.reason.text().strip() or None

    def can_send(self) -> bool:
        # After a failed build the checklist still stands, so the operator may simply try again.
        if self._state not in ("ready", "error") or not self.checks:
            return False
        return not self.failed_checks() or self.override_reason() is not None

    def _show_checks(self) -> None:
        labels = self._labels()
        chinese = ui_is_chinese()
        by_name = {check.name: check for check in self.checks}
        # What needs attention comes first, so it is on screen without scrolling.
        order = sorted(self.rows, key=lambda name: by_name[name].ok if name in by_name else True)
        for index, name in enumerate(order):
            row = self.rows[name]
            self.rows_layout.removeWidget(row)
            self.rows_layout.insertWidget(index, row)
            row.setVisible(name in by_name)
            if name in by_name:
                row.show_check(labels.get(name, CHECK_LABELS[name][1]), by_name[name], chinese)

    def _refresh(self) -> None:
        failing = bool(self.failed_checks())
        self.override_panel.setVisible(failing and self._state in ("ready", "building", "error"))
        self.reason.setEnabled(self.override_box.isChecked())
        self.send_button.setEnabled(self.can_send())
        self.status.setText(self._status_text())
        self.status.setStyleSheet(f"color: {FAIL_COLOUR};" if self._state == "error" or
                                  (failing and self._state == "ready") else "")

    def _status_text(self) -> str:
        if self._state == "checking":
            return self.tr("Checking the video, the photos and the consent…")
        if self._state == "building":
            return self.tr("Building the package…")
        if self._state == "built" and self.package is not None:
            return self.tr("Package %1 built.").replace("%1", self.package.id)
        if self._state == "error" and self._error is not None:
            return operator_text(self._error)
        if self.failed_checks():
            return self.tr("A requirement is not met: record again, or tick the override and give a reason.")
        return self.tr("Everything is in order.")

    # --- work -----------------------------------------------------------------------------------

    def recheck(self) -> None:
        """Read the checklist from the take's files again (in the background)."""
        self._state = "checking"
        self._refresh()
        self._check_job.start(check_take, self.take, self.consent, self.settings)

    def _on_checks(self, checks: list[Check]) -> None:
        self.checks = list(checks)
        self._state = "ready"
        self._show_checks()
        self._refresh()
        self.checks_ready.emit(self.checks)

    def _on_error(self, error: Exception) -> None:
        self._error = error if isinstance(error, KioskError) else KioskError(
            f"發生未預期的錯誤：{error}", f"unexpected error: {error}")
        self._state = "error"
        self._refresh()
        self.failed.emit(operator_text(self._error))

    def request_send(self) -> None:
        """The big button: build the package (in the background), then ``send_requested``."""
        if not self.can_send():
            return
        self._state = "building"
        self._refresh()
        self._build_job.start(build_package, self.take, self.consent, settings=self.settings,
                              override_reason=self.override_reason())

    def _on_built(self, package: Package) -> None:
        self.package = package
        self._state = "built"
        self._refresh()
        self.package_built.emit(package)
        self.send_requested.emit(package.id)

    def _on_build_failed(self, error: Exception) -> None:
        if isinstance(error, ChecksFailed):  # the assembled files failed: show why, allow an override
            self._on_checks(error.checks)
            return
        self._on_error(error)
