"""The 22 counties: the table in the call's order (state in colour and words, delivered when, the
problems, whom to call), the chosen county in detail beside it, and the photos' contact sheet.

Keys: arrows choose a county, F5 reads the folder again, Ctrl+M makes the contact sheet.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kiosk.inbox import CountyRow, RowState
from kiosk.ui import theme
from kiosk.ui.organiser.county_detail import CountyDetail, OpenFile
from kiosk.ui.organiser.county_model import Column, CountyTableModel, state_word
from kiosk.ui.organiser.parts import Page
from kiosk.ui.organiser.session import FolderView, OrganiserSession, Task
from kiosk.ui.widgets import add_shortcuts, big_button, wrapping_label

ROW_PX = 58  # two lines of a problem, and a finger's height


class CountiesPage(Page):
    sheet_requested = Signal()

    def __init__(self, session: OrganiserSession, open_file: OpenFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organiser-counties")
        self.session = session
        self.open_file = open_file
        self.model = CountyTableModel(self)
        self.picked: str | None = None  # the county the person chose (kept when the table is read again)
        self._refilling = False
        self._build()
        add_shortcuts(self, ("F5",), session.refresh)
        add_shortcuts(self, ("Ctrl+M",), self.request_sheet)
        session.view_changed.connect(self.show_view)
        session.busy_changed.connect(self._on_busy)
        self.retranslate()

    def _build(self) -> None:
        self.title = QLabel()
        theme.style(self.title, "title")
        self.summary = wrapping_label()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # a problem may take two lines
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_PX)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.PROBLEMS, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        header.setMinimumHeight(theme.MIN_CONTROL_PX)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.detail = CountyDetail(self.open_file)
        self.detail.setMinimumWidth(380)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.refresh_button = big_button()
        self.refresh_button.clicked.connect(self.session.refresh)
        self.sheet_button = big_button()
        self.sheet_button.clicked.connect(self.request_sheet)
        self.open_sheet_button = big_button()
        self.open_sheet_button.clicked.connect(self.open_sheet)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sheet_button)
        buttons.addWidget(self.open_sheet_button)
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

    def retranslate(self) -> None:
        self.title.setText(self.tr("The 22 counties"))
        self.table.setAccessibleName(self.tr("The 22 counties and cities"))
        self.table.horizontalHeader().setAccessibleName(self.tr("Column headings"))
        self.summary.setAccessibleName(self.tr("How many are in each state"))
        self.refresh_button.setText(self.tr("Read the folder again (F5)"))
        self.refresh_button.setAccessibleName(self.tr("Read the folder again"))
        self.sheet_button.setText(self.tr("Make the contact sheet (Ctrl+M)"))
        self.sheet_button.setAccessibleName(self.tr("Make the contact sheet of all photos"))
        self.open_sheet_button.setText(self.tr("Open the contact sheet"))
        self.open_sheet_button.setAccessibleName(self.tr("Open the contact sheet"))
        self.model.retranslate()
        self._show_summary()

    # -- showing ------------------------------------------------------------------------------------

    def show_view(self, view: FolderView) -> None:
        self._refilling = True
        self.model.set_rows(view.rows)
        self.detail.set_view(view)
        self._show_summary()
        self.open_sheet_button.setEnabled(view.contact_sheet is not None)
        if view.rows:  # the person's own choice stays; else the first county that needs them
            self.select(self.picked or self._first_to_look_at(view.rows))
        self._refilling = False

    @staticmethod
    def _first_to_look_at(rows: list[CountyRow]) -> str:
        """The first county that needs a person (unverified, incomplete, invalid), else the first."""
        waiting = (RowState.UNVERIFIED, RowState.INCOMPLETE, RowState.INVALID)
        return next((row.county for row in rows if row.state in waiting), rows[0].county)

    def _show_summary(self) -> None:
        rows = self.model.rows
        if not rows:
            self.summary.setText("")
            return
        counts = Counter(row.state.value for row in rows)
        order = ("complete", "unverified", "incomplete", "invalid", "missing")
        usable = sum(1 for row in rows if row.usable)
        parts = [f"{counts[state]} {state_word(state)}" for state in order if counts[state]]
        self.summary.setText(" · ".join(parts) + " — " + self.tr("%1 in the film").replace("%1", str(usable)))

    def select(self, county: str) -> None:
        row = self.model.row_of(county)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_county(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()].county if rows else None

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        county = self.selected_county()
        if not self._refilling:
            self.picked = county
        self.detail.show_row(self.session.row(county) if county else None)

    def _on_busy(self, task: Task | None) -> None:
        busy = task is not None
        self.detail.set_busy(busy)
        self.refresh_button.setEnabled(not busy)
        self.sheet_button.setEnabled(not busy)

    # -- the contact sheet --------------------------------------------------------------------------

    def request_sheet(self) -> None:
        if not self.session.busy:
            self.sheet_requested.emit()

    def open_sheet(self) -> None:
        sheet = self.session.view.contact_sheet
        if sheet is not None and Path(sheet).is_file():
            self.open_file(sheet)
