"""The 22-county table as a Qt model: one :class:`~kiosk.inbox.CountyRow` per line, in the call's order.

The state is said in words and in colour (never colour alone); times are the organiser's local time;
problems are in the language on screen (each :class:`~kiosk.inbox.Problem` carries zh-TW and en).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from kiosk.inbox import CountyRow, RowState, State
from kiosk.inbox.evaluate import parse_time
from kiosk.ui import theme
from kiosk.ui.widgets import FAIL_COLOUR, OK_COLOUR

ModelIndex = QModelIndex | QPersistentModelIndex

# On the dark surface, each readable as text (WCAG AA at the table's size).
STATE_COLOURS = {
    "complete": OK_COLOUR,
    "unverified": theme.WARNING,
    "incomplete": "#f0883e",
    "invalid": FAIL_COLOUR,
    "duplicate": "#8fb4e3",
    "missing": theme.MUTED,
}


def state_word(state: str, accepted: bool = False, *, advice: bool = False) -> str:
    """「完整」 / "Complete" …; an accepted unverified submission says so; ``advice`` adds what to do
    about an unverified one (the detail has room for it, the table has not)."""
    if state == "unverified" and advice and not accepted:
        return QCoreApplication.translate("CountyStates", "Unverified: check by hand")
    words = {
        "complete": QCoreApplication.translate("CountyStates", "Complete"),
        "unverified": QCoreApplication.translate("CountyStates", "Unverified"),
        "incomplete": QCoreApplication.translate("CountyStates", "Incomplete"),
        "invalid": QCoreApplication.translate("CountyStates", "Invalid"),
        "duplicate": QCoreApplication.translate("CountyStates", "Duplicate"),
        "missing": QCoreApplication.translate("CountyStates", "Missing"),
    }
    if state == "unverified" and accepted:
        return QCoreApplication.translate("CountyStates", "Unverified, accepted")
    return words.get(state, state)


def state_value(state: RowState | State | str) -> str:
    return state.value if isinstance(state, enum.Enum) else str(state)


def local_time(iso: str | None, *, short: bool = False) -> str:
    """An ISO 8601 time as the organiser's local time, ``2026-11-27 09:30`` (``short``: ``11-27 09:30``,
    the year of the call goes without saying in the table); ``—`` when unknown."""
    moment = parse_time(iso)
    if moment is None:
        return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # to this computer's time zone
    return moment.strftime("%m-%d %H:%M" if short else "%Y-%m-%d %H:%M")


def problem_lines(row: CountyRow) -> list[str]:
    return [problem.message() for problem in row.problems]


class Column(enum.IntEnum):
    COUNTY = 0
    STATE = 1
    DELIVERED = 2
    PROBLEMS = 3
    CONTACT = 4
    PHONE = 5
    PHOTOS = 6


class CountyTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CountyRow] = []

    def set_rows(self, rows: list[CountyRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        """The language changed: every header and cell says it again."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(Column) - 1))

    def row_of(self, county: str) -> int:
        return next((n for n, row in enumerate(self.rows) if row.county == county), -1)

    # -- QAbstractTableModel ----------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers()[section] if 0 <= section < len(Column) else None

    def headers(self) -> list[str]:
        return [self.tr("County"), self.tr("State"), self.tr("Delivered"), self.tr("Problems"),
                self.tr("Contact"), self.tr("Phone"), self.tr("Photos")]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.PROBLEMS:
                return "\n".join(problem_lines(row))
            return local_time(row.delivered_at) if column is Column.DELIVERED else self.text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (Column.COUNTY, Column.STATE):
            return QColor(STATE_COLOURS[row.state.value])
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.PHOTOS:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.county
        return None

    def problems_text(self, row: CountyRow) -> str:
        """The first problem (the one that decides the row); the others are in the detail and the tip."""
        lines = problem_lines(row)
        if len(lines) <= 1:
            return "".join(lines)
        return self.tr("%1 (+%2 more)").replace("%1", lines[0]).replace("%2", str(len(lines) - 1))

    def text(self, row: CountyRow, column: Column) -> str:
        contact = row.contact
        if column is Column.COUNTY:
            return row.county
        if column is Column.STATE:
            return "● " + state_word(row.state.value, row.accepted)
        if column is Column.DELIVERED:
            return local_time(row.delivered_at, short=True)
        if column is Column.PROBLEMS:
            return self.problems_text(row)
        if column is Column.CONTACT:
            return (contact.name or contact.organisation) if contact else ""
        if column is Column.PHONE:
            return contact.phone if contact else ""
        return str(len(row.photos)) if row.state is not RowState.MISSING else ""
