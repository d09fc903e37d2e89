"""The Send screen: the organiser's checklist read from the files, an override with a reason, and
the one big button 「送出給台灣志願服務國際交流協會」.

It shows the submission flow's take and consent (``kiosk.ui.flow``). The checks run as a background
job each time that pair changes; the big button asks the flow to build the package and put it in
the outbox, and the screen follows the flow's stage (building, queuing, queued).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
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
from kiosk.language import is_english
from kiosk.package import ChecksFailed, Consent, check_take
from kiosk.package.checks import CHECK_LABELS, Check
from kiosk.recording.take import Take
from kiosk.ui.flow import FlowStage, SubmissionFlow
from kiosk.ui.jobs import Job
from kiosk.ui.theme import MIN_CONTROL_PX
from kiosk.ui.widgets import BIG_TICK_BOX, CONFIRM_KEYS, FAIL_COLOUR, OK_COLOUR, add_shortcuts


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
        self.mark.setText("✓" if check.ok else "×")
        self.mark.setStyleSheet(f"color: {colour}; font-size: 28px; font-weight: bold;")
        self.title.setText(title)
        self.detail.setText(check.detail_zh if chinese else check.detail)
        self.setAccessibleName(f"{title}: {'OK' if check.ok else 'FAILED'}")


class SendScreen(QWidget):
    send_requested = Signal(object)  # the override reason (str) or None: the flow builds and queues
    checks_ready = Signal(list)  # list[Check]: the checklist on screen
    failed = Signal(str)  # a message the operator has been shown

    def __init__(self, settings: Settings, flow: SubmissionFlow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.flow = flow
        self.checks: list[Check] = []
        self._checked: tuple[Take, Consent] | None = None  # what the checklist on screen was read from
        self._error: KioskError | None = None
        self._checking = Job("package-checks", self)
        self._checking.finished.connect(self._on_checks)
        self._checking.failed.connect(self._on_error)
        flow.changed.connect(self._on_flow_changed)
        flow.build_failed.connect(self._on_build_failed)
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
        consent = self.flow.consent
        county = consent.county if consent is not None else self.settings.event.county
        name = organiser.deliverable_name(county)
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

    def activated(self) -> None:
        """Shown: read the checklist again if the take or the consent changed since."""
        if self._pair() != self._checked:
            self.recheck()
        else:
            self._refresh()

    def _pair(self) -> tuple[Take, Consent] | None:
        take, consent = self.flow.take, self.flow.consent
        return (take, consent) if take is not None and consent is not None else None

    def failed_checks(self) -> list[str]:
        return [check.name for check in self.checks if not check.ok]

    def override_reason(self) -> str | None:
        """The reason to record, when failed checks are being overridden; None otherwise."""
        if not self.failed_checks() or not self.override_box.isChecked():
            return None
        return self.reason.text().strip() or None

    def can_send(self) -> bool:
        # After a failed build the checklist still stands, so the operator may simply try again.
        if self._checking.running or not self.checks or self.flow.stage is not FlowStage.CONSENTED:
            return False
        return not self.failed_checks() or self.override_reason() is not None

    def _show_checks(self) -> None:
        labels = self._labels()
        chinese = not is_english()
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
        self.override_panel.setVisible(failing and self.flow.stage in (FlowStage.CONSENTED, FlowStage.BUILDING))
        self.reason.setEnabled(self.override_box.isChecked())
        self.send_button.setEnabled(self.can_send())
        self.status.setText(self._status_text())
        alarming = self._error is not None or (failing and self.flow.stage is FlowStage.CONSENTED)
        self.status.setStyleSheet(f"color: {FAIL_COLOUR};" if alarming else "")

    def _status_text(self) -> str:
        stage = self.flow.stage
        if stage is FlowStage.BUILDING:
            return self.tr("Building the package…")
        if stage is FlowStage.QUEUING:
            return self.tr("Putting the package in the outbox…")
        if stage is FlowStage.QUEUED and self.flow.last_queued:
            return self.tr("Package %1 is in the outbox: it is sent by itself.").replace("%1", self.flow.last_queued)
        if stage in (FlowStage.NO_TAKE, FlowStage.TAKE_CHOSEN) or self._pair() is None:
            return self.tr("Keep a take and sign the consent form first.")
        if self._checking.running:
            return self.tr("Checking the video, the photos and the consent…")
        if self._error is not None:
            return self._error.message()
        if self.failed_checks():
            return self.tr("A requirement is not met: record again, or tick the override and give a reason.")
        return self.tr("Everything is in order.")

    # --- work -----------------------------------------------------------------------------------

    def recheck(self) -> None:
        """Read the checklist from the take's files again (in the background)."""
        pair = self._pair()
        self._checked = pair
        self._error = None
        self.checks = []
        self._show_checks()
        if pair is not None:
            take, consent = pair
            settings = self.settings
            self._checking.cancel()  # a check of the pair before is of no use now
            self._checking.start(lambda: check_take(take, consent, settings))
        self.retranslate()

    def _on_flow_changed(self) -> None:
        if self._pair() != self._checked and self.isVisible():
            self.recheck()
        else:
            self._refresh()

    def _on_checks(self, checks: list[Check]) -> None:
        self.checks = list(checks)
        self._show_checks()
        self._refresh()
        self.checks_ready.emit(self.checks)

    def _on_error(self, error: Exception) -> None:
        self._error = error if isinstance(error, KioskError) else KioskError(
            f"發生未預期的錯誤：{error}", f"unexpected error: {error}")
        self._refresh()
        self.failed.emit(self._error.message())

    def request_send(self) -> None:
        """The big button: the flow builds the package (in the background), then queues it."""
        if not self.can_send():
            return
        self._error = None
        self.send_requested.emit(self.override_reason())

    def _on_build_failed(self, error: Exception) -> None:
        if isinstance(error, ChecksFailed):  # the assembled files failed: show why, allow an override
            self._on_checks(error.checks)
            return
        self._on_error(error)
