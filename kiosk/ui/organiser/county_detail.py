"""One county in detail: its state, whom to call, every problem, its clip (played with the Review
screen's player), photos, files, deliveries and cloud links (copied to fetch by hand), and — for a
submission sent without the kiosk — Accept, once a person has watched the clip and looked at the photos.

Keys: Ctrl+P plays the clip, Ctrl+L copies the link, Ctrl+Shift+A accepts (or takes it back);
Enter confirms the question, Esc declines it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.inbox import CountyRow, RowState
from kiosk.ui import theme
from kiosk.ui.organiser.county_model import STATE_COLOURS, local_time, problem_lines, state_word
from kiosk.ui.organiser.parts import Page, scrolling, unshrinking
from kiosk.ui.organiser.session import FolderView
from kiosk.ui.screens.review import thumbnail, thumbnail_strip
from kiosk.ui.video_view import VideoView
from kiosk.ui.widgets import ConfirmBar, add_shortcuts, big_button, wrapping_label

PHOTO_ICON = QSize(128, 72)
VIDEO_MIN_HEIGHT, VIDEO_MAX_HEIGHT = 144, 420
_PATH_ROLE = Qt.ItemDataRole.UserRole
ASK_ACCEPT = "accept"

OpenFile = Callable[[Path], object]


def _list() -> QListWidget:
    view = QListWidget()
    view.setWordWrap(True)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return view


def fit_rows(view: QListWidget, most: int = 5) -> None:
    """As tall as its rows (up to ``most``; it scrolls beyond), so the panel does not fill with air."""
    rows = min(max(view.count(), 1), most)
    height = sum(max(view.sizeHintForRow(n), theme.MIN_CONTROL_PX) for n in range(rows)) if view.count() else 0
    view.setFixedHeight(max(theme.MIN_CONTROL_PX, height) + 2 * view.frameWidth() + 4)


class CountyDetail(Page):
    accept_requested = Signal(str, bool)  # submission id, accepted (False: take it back)

    def __init__(self, open_file: OpenFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organiser-county")
        self.open_file = open_file
        self.row: CountyRow | None = None
        self.view = FolderView.empty()
        self.busy = False  # a job runs on DIR: no acceptance now
        self._build()
        add_shortcuts(self, ("Ctrl+P",), self.play)
        add_shortcuts(self, ("Ctrl+L",), self.copy_link)
        add_shortcuts(self, ("Ctrl+Shift+A",), self.request_accept)
        add_shortcuts(self, ("Return", "Enter"), self._enter)
        self.retranslate()
        self.show_row(None)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        theme.style(self.heading, "title")
        self.state_label = wrapping_label()
        self.delivered = wrapping_label("muted")
        self.contact = wrapping_label()
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems = wrapping_label()
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.video = VideoView()
        self.video.setMinimumWidth(256)
        self.play_button = unshrinking(big_button())
        self.play_button.clicked.connect(self.play)
        self.clip_label = wrapping_label("muted")
        self.photos_title = wrapping_label("muted")
        self.photos = thumbnail_strip(PHOTO_ICON)
        self.photos.itemActivated.connect(self._open_item)
        self.files_title = wrapping_label("muted")
        self.files = _list()
        self.files.itemActivated.connect(self._open_item)
        self.open_folder_button = unshrinking(big_button())
        self.open_folder_button.clicked.connect(self.open_folder)
        self.deliveries_title = wrapping_label("muted")
        self.deliveries = _list()
        self.links_title = wrapping_label("muted")
        self.links = _list()
        self.copy_button = unshrinking(big_button())
        self.copy_button.clicked.connect(self.copy_link)
        self.copied = wrapping_label("muted")
        self.accept_button = big_button("primary")
        self.accept_button.clicked.connect(self.request_accept)
        self.accept_note = wrapping_label("muted")
        self.confirm = ConfirmBar()
        self.confirm.shown.connect(self._refresh_accept)
        self.confirm.hidden.connect(self._refresh_accept)

        play_row = QHBoxLayout()
        play_row.addWidget(self.play_button)
        play_row.addWidget(self.clip_label, 1)
        links_row = QHBoxLayout()
        links_row.addWidget(self.copy_button)
        links_row.addWidget(self.copied, 1)
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_title, 1)
        files_row.addWidget(self.open_folder_button)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(10, 8, 10, 8)
        column.setSpacing(6)
        column.addWidget(self.heading)
        column.addWidget(self.state_label)
        column.addWidget(self.video)  # first: a person checks the clip here
        column.addLayout(play_row)
        for widget in (self.delivered, self.contact, self.problems):
            column.addWidget(widget)
        column.addWidget(self.photos_title)
        column.addWidget(self.photos)
        column.addLayout(files_row)
        column.addWidget(self.files)
        column.addWidget(self.deliveries_title)
        column.addWidget(self.deliveries)
        column.addWidget(self.links_title)
        column.addWidget(self.links)
        column.addLayout(links_row)
        column.addStretch(1)
        self.scroll_area = scrolling(content)
        actions = QVBoxLayout()
        actions.setContentsMargins(10, 0, 10, 6)
        actions.addWidget(self.confirm)
        actions.addWidget(self.accept_note)
        actions.addWidget(self.accept_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(actions)

    def retranslate(self) -> None:
        self.play_button.setText(self.tr("▶ Play the clip (Ctrl+P)"))
        self.play_button.setAccessibleName(self.tr("Play the county's clip"))
        self.video.setAccessibleName(self.tr("The county's clip"))
        self.photos.setAccessibleName(self.tr("The county's photos"))
        self.files.setAccessibleName(self.tr("The files received"))
        self.open_folder_button.setText(self.tr("Open the folder"))
        self.open_folder_button.setAccessibleName(self.tr("Open the county's folder"))
        self.deliveries.setAccessibleName(self.tr("Every delivery from this county"))
        self.links.setAccessibleName(self.tr("Cloud links to fetch by hand"))
        self.copy_button.setText(self.tr("Copy the link (Ctrl+L)"))
        self.copy_button.setAccessibleName(self.tr("Copy the cloud link"))
        self.contact.setAccessibleName(self.tr("Whom to call"))
        self.problems.setAccessibleName(self.tr("Problems"))
        self.show_row(self.row)
        self._retranslate_confirm()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # The player keeps 16:9 at the panel's width (a scroll area would squeeze it to a strip).
        width = self.scroll_area.viewport().width() - 20
        self.video.setFixedHeight(max(VIDEO_MIN_HEIGHT, min(VIDEO_MAX_HEIGHT, width * 9 // 16)))
        super().resizeEvent(event)

    # -- showing a county ---------------------------------------------------------------------------

    def set_view(self, view: FolderView) -> None:
        self.view = view
        self.show_row(next((row for row in view.rows if self.row and row.county == self.row.county), None))

    def show_row(self, row: CountyRow | None) -> None:
        def shown(r: CountyRow | None) -> tuple[object, ...]:
            return (r.county, r.clip, r.photos[:1]) if r else ()

        if shown(row) != shown(self.row):  # another county, or its files changed: start afresh
            self.confirm.dismiss()
            self.video.play_file(None, poster=row.photos[0] if row and row.photos else None)
            self.copied.setText("")
        self.row = row
        self.scroll_area.setVisible(row is not None)
        if row is None:
            self.heading.setText(self.tr("Choose a county in the table"))
            self.heading.show()
            self._refresh_accept()
            return
        self.heading.setText(row.county)
        self.state_label.setText("● " + state_word(row.state.value, row.accepted, advice=True))
        self.state_label.setStyleSheet(f"color: {STATE_COLOURS[row.state.value]}; font-weight: bold;")
        self.delivered.setText(self.tr("Delivered: %1").replace("%1", local_time(row.delivered_at))
                               if row.delivered_at else "")
        self.contact.setText(self._contact_text(row))
        self.contact.setVisible(row.contact is not None)
        lines = problem_lines(row)
        self.problems.setText("\n".join(f"• {line}" for line in lines) if lines else self.tr("No problems."))
        self._show_clip(row)
        self._show_photos(row)
        self._show_files(row)
        self._show_deliveries(row)
        self._show_links(row)
        self._refresh_accept()

    def _contact_text(self, row: CountyRow) -> str:
        contact = row.contact
        if contact is None:
            return ""
        who = " · ".join(part for part in (contact.name, contact.title, contact.organisation) if part)
        lines = [self.tr("Call: %1").replace("%1", who or "—")]
        if contact.phone:
            lines.append(self.tr("Phone: %1").replace("%1", contact.phone))
        if contact.email:
            lines.append(self.tr("E-mail: %1").replace("%1", contact.email))
        return "\n".join(lines)

    def _show_clip(self, row: CountyRow) -> None:
        has_clip = row.clip is not None and row.clip.is_file()
        self.video.setVisible(has_clip or bool(row.photos))
        self.play_button.setEnabled(has_clip)
        self.clip_label.setText(row.clip.name if has_clip and row.clip else self.tr("No clip arrived."))
        duration = self.view.durations.get(row.county)
        if has_clip and duration:
            self.clip_label.setText(self.tr("%1 · %2 s").replace("%1", row.clip.name if row.clip else "")
                                    .replace("%2", f"{duration:.1f}"))

    def _show_photos(self, row: CountyRow) -> None:
        self.photos.clear()
        self.photos_title.setText(self.tr("Photos: %1").replace("%1", str(len(row.photos))))
        for path in row.photos:
            item = QListWidgetItem(QIcon(thumbnail(path, PHOTO_ICON)), "")
            item.setData(_PATH_ROLE, str(path))
            item.setToolTip(path.name)
            self.photos.addItem(item)
        self.photos.setVisible(bool(row.photos))

    def _show_files(self, row: CountyRow) -> None:
        self.files.clear()
        submission = self.view.submissions.get(row.submission or "")
        files = submission.files if submission else []
        self.files_title.setText(self.tr("Files received: %1").replace("%1", str(len(files))))
        for path in files:
            size = path.stat().st_size if path.is_file() else 0
            item = QListWidgetItem(f"{path.name} · {size / 1e6:.1f} MB")
            item.setData(_PATH_ROLE, str(path))
            self.files.addItem(item)
        self.files.setVisible(bool(files))
        fit_rows(self.files)
        self.open_folder_button.setEnabled(bool(submission and submission.folder and submission.folder.is_dir()))

    def _show_deliveries(self, row: CountyRow) -> None:
        self.deliveries.clear()
        for submission_id in row.submissions:
            submission = self.view.submissions.get(submission_id)
            if submission is None:
                continue
            used = self.tr(" (shown above)") if submission_id == row.submission else ""
            item = QListWidgetItem(f"● {state_word(submission.state.value, submission.accepted)} · "
                                   f"{local_time(submission.delivered_at)} · {submission.package or submission.id}{used}")
            item.setForeground(QColor(STATE_COLOURS.get(submission.state.value, theme.TEXT)))
            self.deliveries.addItem(item)
        self.deliveries_title.setText(self.tr("Deliveries: %1").replace("%1", str(self.deliveries.count())))
        self.deliveries.setVisible(self.deliveries.count() > 0)
        fit_rows(self.deliveries, most=4)
        self.deliveries_title.setVisible(self.deliveries.count() > 0)

    def _show_links(self, row: CountyRow) -> None:
        self.links.clear()
        self.links.addItems(row.links)
        if row.links:
            self.links.setCurrentRow(0)
        fit_rows(self.links, most=3)
        shown = bool(row.links)
        self.links_title.setText(self.tr("Cloud links: fetch the files by hand, then ask the county to confirm"))
        for widget in (self.links_title, self.links, self.copy_button, self.copied):
            widget.setVisible(shown)

    # -- actions ------------------------------------------------------------------------------------

    def play(self) -> None:
        row = self.row
        if row is None or row.clip is None or not row.clip.is_file():
            return
        self.video.play_file(row.clip, poster=row.photos[0] if row.photos else None)

    def copy_link(self) -> None:
        item = self.links.currentItem() or (self.links.item(0) if self.links.count() else None)
        if item is None:
            return
        QGuiApplication.clipboard().setText(item.text())
        self.copied.setText(self.tr("Copied: paste it into a web browser to fetch the files."))

    def open_folder(self) -> None:
        row = self.row
        submission = self.view.submissions.get(row.submission or "") if row else None
        if submission is not None and submission.folder is not None:
            self.open_file(submission.folder)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_file(Path(item.data(_PATH_ROLE)))

    def can_accept(self) -> bool:
        row = self.row
        return bool(row and row.state is RowState.UNVERIFIED and row.submission and row.clip is not None)

    def request_accept(self) -> None:
        row = self.row
        if row is None or self.busy or not self.can_accept() or row.submission is None:
            return
        submission, accepted = row.submission, not row.accepted
        if not accepted:  # taking it back needs no question
            self.accept_requested.emit(submission, False)
            return
        self.confirm.ask(ASK_ACCEPT, lambda: self.accept_requested.emit(submission, True))
        self._retranslate_confirm()

    def _enter(self) -> None:
        if self.confirm.asking:
            self.confirm.accept()

    def decline(self) -> bool:
        """Esc: the question goes away (True if there was one)."""
        if not self.confirm.asking:
            return False
        self.confirm.decline()
        return True

    def _retranslate_confirm(self) -> None:
        if self.confirm.kind == ASK_ACCEPT and self.row is not None:
            self.confirm.set_texts(
                self.tr("Use the clip of %1 in the film? Only once you have watched it to the end and looked "
                        "at the photos: nothing here could be verified.").replace("%1", self.row.county),
                self.tr("Accept (Enter)"), self.tr("Not yet (Esc)"))

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._refresh_accept()

    def _refresh_accept(self) -> None:
        row = self.row
        unverified = row is not None and row.state is RowState.UNVERIFIED
        asking = self.confirm.asking  # the question has its own two answers
        self.accept_button.setVisible(unverified and not asking)
        self.accept_note.setVisible(unverified and not asking)
        if not unverified or row is None:
            return
        if row.clip is None:
            self.accept_note.setText(self.tr("No clip came with this mail: fetch it from its cloud link (Copy the link, "
                                             "Ctrl+L) and mail it to this inbox with the county's name in the subject, "
                                             "or ask the county to send the file; then collect again."))
        elif row.accepted:
            self.accept_note.setText(self.tr("Accepted: this clip goes into the film."))
        else:
            self.accept_note.setText(self.tr("Sent without the kiosk: watch the clip and check the photos, then "
                                             "accept it for the film."))
        self.accept_button.setText(self.tr("Take it back (Ctrl+Shift+A)") if row.accepted
                                   else self.tr("Accept for the film (Ctrl+Shift+A)"))
        self.accept_button.setAccessibleName(self.tr("Take the acceptance back") if row.accepted
                                             else self.tr("Accept this clip for the film"))
        self.accept_button.setEnabled(not self.busy and self.can_accept())
