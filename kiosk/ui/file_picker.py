"""The kiosk's own file and folder picker: big targets, USB drives first, both languages.

Qt's built-in dialog is small, mouse-first and shows missing icons on a bare system. This one lists
the places from ``kiosk.drives`` (removable drives first, refreshed while it is open, so a USB
stick plugged in now appears), the folders (and, for a file, the matching files) of the current
folder as large rows, and one button to choose. Keyboard: arrows and Enter open a folder, Backspace
goes up, Ctrl+Enter chooses, Esc cancels.

Non-blocking: ``picker.chosen`` carries the path; ``open()`` shows it over its parent.
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import drives
from kiosk.ui import theme
from kiosk.ui.widgets import big_button, wrapping_label

ROW_PX = 56
REFRESH_MS = 2000
VIDEO_AND_PHOTO_SUFFIXES = (".mp4", ".mov", ".m4v", ".mkv", ".avi", ".mts", ".jpg", ".jpeg", ".png", ".heic")
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer")
_PATH_ROLE = Qt.ItemDataRole.UserRole


class PickerMode(enum.Enum):
    FOLDER = "folder"
    FILE = "file"


def _gigabytes(size: int | None) -> str:
    return f"{size / 1e9:.1f}" if size is not None else ""


class FilePicker(QDialog):
    chosen = Signal(object)  # the Path picked

    def __init__(self, parent: QWidget | None = None, *, mode: PickerMode = PickerMode.FOLDER,
                 title: str = "", suffixes: tuple[str, ...] = (), start: Path | None = None,
                 home: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file-picker")
        self.setModal(True)
        self.mode = mode
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.home = home
        self.title_text = title
        self.folder: Path = Path()
        self._known_places: list[drives.Place] = []
        self._build()
        self._bind_keys()
        self.refresh_places()
        self.show_folder(start or self._first_place())
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh_places)
        self.retranslate()

    # --- layout -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        theme.style(self.title, "title")
        self.places_title = QLabel()
        self.places_list = self._big_list()
        self.places_list.itemActivated.connect(self._open_item)
        self.places_list.itemClicked.connect(self._open_item)
        self.folder_label = wrapping_label("muted")
        self.up_button = big_button()
        self.up_button.clicked.connect(self.go_up)
        self.entries = self._big_list()
        self.entries.itemActivated.connect(self._open_item)
        self.entries.itemDoubleClicked.connect(self._open_item)
        self.entries.currentItemChanged.connect(lambda *_: self._refresh_buttons())
        self.hint = wrapping_label("muted")
        self.choose_button = big_button("primary")
        self.choose_button.clicked.connect(self.choose)
        self.cancel_button = big_button()
        self.cancel_button.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addWidget(self.places_title)
        left.addWidget(self.places_list, 1)
        path_row = QHBoxLayout()
        path_row.addWidget(self.up_button)
        path_row.addWidget(self.folder_label, 1)
        right = QVBoxLayout()
        right.addLayout(path_row)
        right.addWidget(self.entries, 1)
        right.addWidget(self.hint)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.addWidget(self.title)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)
        for button in (self.up_button, self.choose_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter opens the highlighted folder; it presses no button

    @staticmethod
    def _big_list() -> QListWidget:
        view = QListWidget()
        view.setUniformItemSizes(True)
        view.setIconSize(QSize(0, 0))
        view.setMinimumHeight(ROW_PX * 4)
        return view

    def _bind_keys(self) -> None:
        for sequence, slot in (("Backspace", self.go_up), ("Ctrl+Return", self.choose), ("Ctrl+Enter", self.choose)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.activated.connect(slot)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        # The list has already opened the highlighted row (itemActivated); QDialog would then take
        # the same Enter as "press the default button" and close the picker.
        held = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier  # the keypad's Enter is Enter too
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and held == Qt.KeyboardModifier.NoModifier:
            event.accept()
            return
        super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        parent = self.parentWidget()
        if parent is not None:
            window = parent.window()
            self.resize(min(1200, round(window.width() * 0.9)), min(760, round(window.height() * 0.9)))
            # centred over the kiosk (a bare X session has no window manager to place it)
            centre = window.mapToGlobal(window.rect().center())
            self.move(centre.x() - self.width() // 2, centre.y() - self.height() // 2)
        self._timer.start()
        self.entries.setFocus()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    # --- contents -----------------------------------------------------------------------------

    def _first_place(self) -> Path:
        return self._known_places[0].path if self._known_places else Path.home()

    def refresh_places(self) -> None:
        """The drives and folders again (a USB stick may have been plugged in or pulled out)."""
        found = drives.places(self.home)
        if found == self._known_places:
            return
        self._known_places = found
        self.places_list.clear()
        for place in found:
            item = QListWidgetItem(self._place_text(place))
            item.setData(_PATH_ROLE, str(place.path))
            item.setSizeHint(QSize(0, ROW_PX))
            self.places_list.addItem(item)

    def _place_text(self, place: drives.Place) -> str:
        if place.removable:
            text = self.tr("USB drive or card: %1").replace("%1", place.label)
        else:
            text = self.tr("Folder: %1").replace("%1", place.label)
        if place.free_bytes is not None:
            text += " · " + self.tr("%1 GB free").replace("%1", _gigabytes(place.free_bytes))
        return text

    def show_folder(self, folder: Path) -> None:
        self.folder = folder
        self.entries.clear()
        for sub in drives.subfolders(folder):
            self._add_entry(self.tr("Folder: %1").replace("%1", sub.name), sub)
        if self.mode is PickerMode.FILE:
            for path in drives.files(folder, self.suffixes):
                self._add_entry(path.name, path)
        if self.entries.count():
            self.entries.setCurrentRow(0)
        self.folder_label.setText(str(folder))
        self._refresh_buttons()

    def _add_entry(self, text: str, path: Path) -> None:
        item = QListWidgetItem(text)
        item.setData(_PATH_ROLE, str(path))
        item.setSizeHint(QSize(0, ROW_PX))
        item.setToolTip(str(path))
        self.entries.addItem(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        path = Path(item.data(_PATH_ROLE))
        if path.is_dir():
            self.show_folder(path)
        elif self.mode is PickerMode.FILE:
            self._finish(path)

    def go_up(self) -> None:
        parent = self.folder.parent
        if parent != self.folder:
            self.show_folder(parent)

    def selected_path(self) -> Path | None:
        """What Choose would pick: the folder shown (folder mode) or the highlighted file."""
        if self.mode is PickerMode.FOLDER:
            return self.folder
        item = self.entries.currentItem()
        path = Path(item.data(_PATH_ROLE)) if item is not None else None
        return path if path is not None and path.is_file() else None

    def choose(self) -> None:
        path = self.selected_path()
        if path is not None:
            self._finish(path)

    def _finish(self, path: Path) -> None:
        self.chosen.emit(path)
        self.accept()

    # --- text -----------------------------------------------------------------------------------

    def _refresh_buttons(self) -> None:
        self.up_button.setEnabled(self.folder.parent != self.folder)
        self.choose_button.setEnabled(self.selected_path() is not None)
        if self.mode is PickerMode.FOLDER and not self.entries.count():
            self.hint.setText(self.tr("No folders inside this one: Choose takes the folder shown above."))
        elif self.mode is PickerMode.FOLDER:
            self.hint.setText(self.tr("Open a folder with Enter or a double tap; Choose takes the folder shown above."))
        else:
            self.hint.setText(self.tr("Open a folder with Enter; pick a file, then Choose."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.title_text or self.tr("Choose a folder"))
        self.title.setText(self.title_text or self.tr("Choose a folder"))
        self.places_title.setText(self.tr("Drives and folders"))
        self.places_list.setAccessibleName(self.tr("Drives and folders"))
        self.entries.setAccessibleName(self.tr("Contents of the folder"))
        self.folder_label.setAccessibleName(self.tr("Folder shown"))
        self.up_button.setText(self.tr("▲ Up (Backspace)"))
        self.up_button.setAccessibleName(self.tr("Up one folder"))
        folder_mode = self.mode is PickerMode.FOLDER
        self.choose_button.setText(self.tr("Choose this folder (Ctrl+Enter)") if folder_mode
                                   else self.tr("Choose this file (Ctrl+Enter)"))
        self.choose_button.setAccessibleName(self.tr("Choose this folder") if folder_mode
                                             else self.tr("Choose this file"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel choosing"))
        for row in range(self.places_list.count()):
            item = self.places_list.item(row)
            place = next((p for p in self._known_places if str(p.path) == item.data(_PATH_ROLE)), None)
            if place is not None:
                item.setText(self._place_text(place))
        self.show_folder(self.folder)
