"""The Outbox screen: every package, where it stands, what to do about it; and the outbox chip.

Each row says in plain words what is happening (waiting for the network and when the next try
is, sending with a percentage, sent and when, or what needs attention and how to fix it). The two
actions: 「立即重試」 (Ctrl+R) and 「匯出到資料夾／隨身碟」 (Ctrl+E). A pause (bad password, TLS
problem) shows as one banner above the list.

``OutboxChip`` is the small status button for the window's header: 「2 件待傳送 · 離線」. Export
asks for the folder with the kiosk's own picker (USB drives first).
Everything comes from an :class:`~kiosk.ui.outbox_controller.OutboxController`; these widgets only
show and ask.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.language import pick
from kiosk.outbox import BLOCKED, FAILED, QUEUED, RETRY_WAIT, SENDING, SENT, PackageStatus
from kiosk.outbox.clock import short_time
from kiosk.ui import theme
from kiosk.ui.file_picker import FilePicker, PickerMode
from kiosk.ui.outbox_controller import OutboxController
from kiosk.ui.widgets import big_button, wrapping_label

ROW_HEIGHT = 56


class OutboxScreen(QWidget):
    COLUMNS = 5

    def __init__(self, outbox_controller: OutboxController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = outbox_controller
        self.picker: FilePicker | None = None  # the export folder picker while it is open
        self._message: tuple[str, str] | None = None  # (kind, text) of the last action's result
        self._chosen: str | None = None  # the package the operator picked (else the first row is shown)
        self._refilling = False
        self._build_ui()
        self._bind_keys()
        controller = self.controller
        controller.changed.connect(self._show)
        controller.progress.connect(lambda _package, _percent: self._show(controller.statuses))
        controller.paused.connect(lambda _zh, _en: self._show_banner())
        controller.exported.connect(self._on_exported)
        controller.export_failed.connect(self._on_export_failed)
        controller.problem.connect(lambda zh, en: self._say("error", pick(zh, en)))
        self.retranslate()
        self._show(controller.statuses)

    # -- layout -------------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.title = QLabel()
        theme.style(self.title, "title")
        self.banner = wrapping_label("warning")
        self.banner.hide()
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.detail = wrapping_label()
        self.result = wrapping_label("muted")
        self.retry_button = big_button("primary")
        self.retry_button.clicked.connect(self.retry_selected)
        self.export_button = big_button()
        self.export_button.clicked.connect(self.export_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    def _bind_keys(self) -> None:
        for sequence, slot in (("Ctrl+R", self.retry_selected), ("Ctrl+E", self.export_selected)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Outbox"))
        self.table.setHorizontalHeaderLabels([self.tr("Package"), self.tr("State"), self.tr("Attempts"),
                                              self.tr("Next try"), self.tr("What to do")])
        self.table.setAccessibleName(self.tr("Packages in the outbox"))
        self.table.horizontalHeader().setAccessibleName(self.tr("Column headings"))
        self.retry_button.setText(self.tr("Retry now (Ctrl+R)"))
        self.retry_button.setAccessibleName(self.tr("Retry now"))
        self.export_button.setText(self.tr("Export to a folder or USB drive (Ctrl+E)"))
        self.export_button.setAccessibleName(self.tr("Export to a folder or USB drive"))
        self._show(self.controller.statuses)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def activated(self) -> None:
        self.controller.refresh()

    # -- showing --------------------------------------------------------------------------------------

    def state_text(self, status: PackageStatus) -> str:
        """The state in plain words."""
        if status.state == SENDING:
            percent = self.controller.sending.get(status.package)
            if percent is None:
                return self.tr("Sending…")
            return self.tr("Sending… %1%").replace("%1", str(percent))
        if status.state == RETRY_WAIT:
            if self.controller.offline:
                return self.tr("Waiting for the network")
            return self.tr("Waiting to try again")
        words = {
            QUEUED: self.tr("Waiting to be sent"),
            SENT: self.tr("Sent %1").replace("%1", short_time(status.sent_at)),
            FAILED: self.tr("Needs attention"),
            BLOCKED: self.tr("Paused: needs attention"),
        }
        return words.get(status.state, status.state)

    def advice(self, status: PackageStatus) -> str:
        if status.state == SENT:
            if status.purged:
                return self.tr("Delivered; the local copy was removed after the retention period.")
            return self.tr("The mail server accepted it for Volunteering Taiwan.")
        error = status.last_error()
        if status.state == BLOCKED and self.controller.paused_reason is not None:
            return self.tr("Sending is paused: see the message above.")  # said once, in the banner
        if error:
            return error
        if status.state == QUEUED:
            return self.tr("It goes out by itself; nothing to do.")
        return ""

    @staticmethod
    def in_display_order(statuses: list[PackageStatus]) -> list[PackageStatus]:
        """What still waits first (oldest first), then what was sent (newest first)."""
        waiting = [s for s in statuses if s.unsent]
        sent = sorted((s for s in statuses if not s.unsent), key=lambda s: s.sent_at or 0, reverse=True)
        return waiting + sent

    def _show(self, statuses: list[PackageStatus]) -> None:
        statuses = self.in_display_order(statuses)
        self._refilling = True
        self.table.clearSelection()
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            next_try = short_time(status.next_attempt_at) if status.state in (QUEUED, RETRY_WAIT) else "—"
            values = [f"{status.county} · {status.package}", self.state_text(status), str(status.attempts),
                      next_try, self.advice(status)]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, status.package)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        if statuses:
            chosen_row = self.row_of(self._chosen) if self._chosen else -1
            self.table.selectRow(max(0, chosen_row))
        self._refilling = False
        self._show_banner()
        self._selection_changed()

    def _show_banner(self) -> None:
        reason = self.controller.paused_reason
        if reason is None:
            self.banner.hide()
            return
        self.banner.setText(pick(*reason))  # every reason says that sending is paused, and why
        self.banner.show()

    def selected_package(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def row_of(self, package_id: str) -> int:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == package_id:
                return row
        return -1

    def selected_status(self) -> PackageStatus | None:
        package = self.selected_package()
        return next((s for s in self.controller.statuses if s.package == package), None)

    def _on_selection(self) -> None:
        if self._refilling:
            return
        if self.table.selectedItems():
            self._chosen = self.selected_package()  # the operator's own pick is kept across refreshes
        self._selection_changed()

    def _selection_changed(self) -> None:
        status = self.selected_status()
        self.retry_button.setEnabled(status is not None and status.state != SENT)
        self.export_button.setEnabled(status is not None and not status.purged)
        if status is None:
            self.detail.setText(self.tr("Nothing in the outbox yet.") if not self.controller.statuses else "")
            return
        self.detail.setText(self.tr("%1: %2. %3").replace("%1", status.package).replace(
            "%2", self.state_text(status)).replace("%3", self.advice(status)).strip())

    # -- actions ------------------------------------------------------------------------------------

    def retry_selected(self) -> None:
        status = self.selected_status()
        if status is None or status.state == SENT:
            return
        self.controller.retry(status.package)
        self._say("info", self.tr("Trying %1 again now.").replace("%1", status.package))

    def export_selected(self) -> None:
        status = self.selected_status()
        if status is None or status.purged:
            return
        picker = FilePicker(self, mode=PickerMode.FOLDER, title=self.tr("Export to a folder or USB drive"))
        picker.chosen.connect(lambda folder: self._export_to(status.package, folder))
        picker.finished.connect(self._picker_closed)
        self.picker = picker
        picker.open()

    def _picker_closed(self) -> None:
        if self.picker is not None:
            self.picker.deleteLater()
            self.picker = None

    def _export_to(self, package_id: str, folder: Path) -> None:
        self.controller.export(package_id, folder)
        self._say("info", self.tr("Copying %1 to %2…").replace("%1", package_id).replace("%2", str(folder)))

    def _on_exported(self, package_id: str, target: str) -> None:
        self._say("info", self.tr("%1 was copied to %2.").replace("%1", package_id).replace("%2", target))

    def _on_export_failed(self, package_id: str, zh: str, en: str) -> None:
        self._say("error", pick(zh, en))

    def _say(self, kind: str, text: str) -> None:
        self._message = (kind, text)
        theme.style(self.result, "warning" if kind == "error" else "muted")
        self.result.setText(text)


class OutboxChip(QPushButton):
    """「2 件待傳送 · 離線」: always visible; the window opens the Outbox screen on a click."""

    def __init__(self, outbox_controller: OutboxController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = outbox_controller
        self.setMinimumHeight(theme.MIN_CONTROL_PX)
        for signal in (outbox_controller.changed, outbox_controller.progress, outbox_controller.online_changed,
                       outbox_controller.paused):
            signal.connect(lambda *_: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        controller = self.controller
        waiting = controller.unsent_count()
        if waiting == 0 and not controller.statuses:
            text = self.tr("Outbox: empty")  # nothing sent yet either: "all sent" would be a false comfort
        elif waiting == 0:
            text = self.tr("Outbox: all sent")
        else:
            parts = [self.tr("%1 waiting to send").replace("%1", str(waiting))]
            if controller.paused_reason is not None or any(s.state == FAILED for s in controller.statuses):
                parts.append(self.tr("needs attention"))
            elif controller.sending:
                parts.append(self.tr("sending %1%").replace("%1", str(max(controller.sending.values()))))
            elif controller.offline:
                parts.append(self.tr("offline"))
            text = " · ".join(parts)
        self.setText(text)
        self.setAccessibleName(text)
        theme.style(self, "primary" if waiting == 0 else "")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
