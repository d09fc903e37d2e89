"""Review's 「Add photos」: a photographer's photos (camera JPEG, phone HEIC, PNG) into the take shown,
recorded here or imported, joining its stills or replacing them.

The kiosk picker in file mode, photo files only, several ticked at once (``PhotoPicker``); then
``kiosk.importing.add_photos`` in the background: every photo is checked before any is written, so
one that is too small (the organiser asks for at least 1280×720) refuses them all, with the reason
in words. The added photos become stills and candidates, so Review can swap them into any slot.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidgetItem,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.importing import add_photos
from kiosk.language import pick
from kiosk.organiser import PHOTO_MIN_HEIGHT, PHOTO_MIN_WIDTH
from kiosk.recording.take import Take
from kiosk.ui.file_picker import FilePicker, PickerMode
from kiosk.ui.jobs import Job
from kiosk.ui.widgets import big_button

log = logging.getLogger(__name__)

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif")
BUSY_WIDTH = 70
PHOTO_SLOTS_MAX = 6  # stills a take may hold here: each is a slot on Review (and the mail grows with each)
TICK = "✓  "
_PATH_ROLE = Qt.ItemDataRole.UserRole


class PhotoPicker(FilePicker):
    """The kiosk picker for several photos: Space (or Enter, or a tap) ticks a photo, Ctrl+Enter takes
    the ticked ones; 「Replace the photos」 decides whether they join the take's stills or replace them."""

    photos_chosen = Signal(list, bool)  # [Path], replace

    def __init__(self, parent: QWidget | None = None, *, start: Path | None = None) -> None:
        super().__init__(parent, mode=PickerMode.FILE, suffixes=PHOTO_SUFFIXES, start=start)
        self.replace_button = big_button()
        self.replace_button.setCheckable(True)
        self.entries.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.entries.itemSelectionChanged.connect(self._mark_ticked)
        self.entries.clearSelection()
        self.replace_button.toggled.connect(lambda _on: self.retranslate_choice())
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.count() - 1, self.replace_button)
        self.retranslate()

    def _mark_ticked(self) -> None:
        """A tick before each ticked photo's name (the highlight alone is easy to miss)."""
        for row in range(self.entries.count()):
            item = self.entries.item(row)
            path = Path(item.data(_PATH_ROLE))
            if not path.is_dir():
                item.setText(f"{TICK}{path.name}" if item.isSelected() else path.name)
        self._refresh_buttons()

    def ticked(self) -> list[Path]:
        paths = [Path(item.data(_PATH_ROLE)) for item in self.entries.selectedItems()]
        return sorted((p for p in paths if p.is_file()), key=lambda p: p.name.lower())

    def show_folder(self, folder: Path) -> None:
        super().show_folder(folder)
        self.entries.clearSelection()  # the highlighted row is not a ticked photo
        current = self.entries.currentItem()
        if current is not None:
            self.entries.setCurrentItem(current, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._refresh_buttons()

    def _open_item(self, item: QListWidgetItem) -> None:
        path = Path(item.data(_PATH_ROLE))
        if path.is_dir():
            self.show_folder(path)
        else:  # Enter ticks (Space and a tap tick by themselves); a double tap ticks and stays ticked
            item.setSelected(not item.isSelected())

    def choose(self) -> None:
        photos = self.ticked()
        if photos:
            self.photos_chosen.emit(photos, self.replace_button.isChecked())
            self.accept()

    def _refresh_buttons(self) -> None:
        super()._refresh_buttons()
        if not hasattr(self, "replace_button"):
            return
        count = len(self.ticked())
        self.choose_button.setEnabled(count > 0)
        if count:
            self.hint.setText(self.tr("%1 photo(s) ticked. Space or a tap ticks another; Ctrl+Enter adds them.")
                              .replace("%1", str(count)))
        else:
            self.hint.setText(self.tr("Tick photos with Space or a tap (at least %1×%2 each), then add them.")
                              .replace("%1", str(PHOTO_MIN_WIDTH)).replace("%2", str(PHOTO_MIN_HEIGHT)))

    def retranslate(self) -> None:
        super().retranslate()
        if not hasattr(self, "replace_button"):  # the base class's first call, before this one is built
            return
        title = self.tr("Add the photographer's photos to this take")
        self.setWindowTitle(title)
        self.title.setText(title)
        self.retranslate_choice()

    def retranslate_choice(self) -> None:
        replace = self.replace_button.isChecked()
        self.replace_button.setText(self.tr("✓ Replace the take's photos with these") if replace
                                    else self.tr("Replace the take's photos with these"))
        self.replace_button.setAccessibleName(self.tr("Replace the take's photos"))
        self.choose_button.setText(self.tr("Use these photos (Ctrl+Enter)") if replace
                                   else self.tr("Add these photos (Ctrl+Enter)"))
        self.choose_button.setAccessibleName(self.tr("Use the ticked photos"))
        self._refresh_buttons()


class PhotoAdder(QWidget):
    """Review's 「Add photos」 button (and a busy sign beside it while the photos are being checked and
    written); ``status_text()`` says what became of the last add, for Review to show by its photos."""

    photos_added = Signal(object)  # the Take, reloaded with its new stills
    changed = Signal()  # running or not, or a new status_text()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.take: Take | None = None
        self.picker: PhotoPicker | None = None
        self._message: tuple[str, str] | None = None  # (zh, en) of a refusal
        self._added: tuple[int, bool] | None = None  # how many were added last, replacing?
        self._job = Job("add-photos", self)
        self._job.finished.connect(self._on_added)
        self._job.failed.connect(self._on_failed)
        self.button = big_button()
        self.button.clicked.connect(self.choose)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # Qt's busy indicator: the photos are being checked and written
        self.busy.setTextVisible(False)
        self.busy.setFixedWidth(BUSY_WIDTH)
        self.busy.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.busy)
        row.addWidget(self.button, 1)
        self.retranslate()

    @property
    def running(self) -> bool:
        return self._job.running

    @property
    def refused(self) -> bool:
        """The last add was refused (its reason is ``status_text()``)."""
        return self._message is not None and not self.running

    def set_take(self, take: Take | None) -> None:
        if take is None or self.take is None or take.dir != self.take.dir:
            self.forget_status()
        self.take = take
        self._refresh()

    def forget_status(self) -> None:
        """The operator moved on: the last add's words are not news any more."""
        if self._message is not None or self._added is not None:
            self._message = self._added = None
            self.changed.emit()

    def choose(self) -> None:
        """Open the photo picker for the take shown."""
        if self.take is None or self.running or (self.picker is not None and self.picker.isVisible()):
            return
        picker = PhotoPicker(self.window())
        # the photos go into the take the picker was opened for, even if Review shows another by then
        picker.photos_chosen.connect(lambda files, replace, take=self.take: self.add(files, replace, take=take))
        picker.finished.connect(lambda _result: self._picker_closed(picker))
        self.picker = picker
        picker.open()

    def _picker_closed(self, picker: PhotoPicker) -> None:
        picker.deleteLater()
        if self.picker is picker:
            self.picker = None
        # nothing hands the keyboard back to the kiosk when a dialog closes without a window manager
        self.window().activateWindow()
        self.button.setFocus()

    def add(self, files: Sequence[Path], replace: bool, *, take: Take | None = None) -> bool:
        """Check and add ``files`` to ``take`` (the take shown if None), in the background."""
        take = take if take is not None else self.take
        if take is None or not files or self.running:
            return False
        fresh = Take.load(take.dir)  # the record as it is on disk now
        photos = list(files)
        self._message = self._added = None
        total = len(photos) + (0 if replace else len(fresh.meta.get("stills") or []))
        if total > PHOTO_SLOTS_MAX:
            self._message = (f"一段錄影最多 {PHOTO_SLOTS_MAX} 張照片，這樣會有 {total} 張：請少選幾張，或改用「取代」",
                             f"A take holds at most {PHOTO_SLOTS_MAX} photos; this would make {total}: tick fewer, "
                             "or replace the take's photos instead")
            self._refresh()
            return False

        def work() -> tuple[Take, int, bool]:
            add_photos(fresh, photos, replace=replace)
            return fresh, len(photos), replace

        self._job.start(work)
        self._refresh()
        return True

    def _on_added(self, result: tuple[Take, int, bool]) -> None:
        take, count, replace = result
        if self.take is not None and self.take.dir == take.dir:  # its words belong beside that take only
            self._added = (count, replace)
        self._refresh()
        self.photos_added.emit(Take.load(take.dir))

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, KioskError):
            self._message = (exc.zh, exc.en)
        else:
            self._message = (f"無法加入照片：{exc}", f"The photos could not be added: {exc}")
        self._refresh()

    def status_text(self) -> str:
        """What the last add came to, in the operator's language ("" when there is nothing to say)."""
        if self.running:
            return self.tr("Checking and adding the photos…")
        if self._message is not None:
            return pick(*self._message)
        if self._added is None:
            return ""
        count, replace = self._added
        text = (self.tr("%1 photo(s) now in the first slots.") if replace
                else self.tr("%1 photo(s) added after the others."))
        return text.replace("%1", str(count)) + self.tr(" Swap any of them like the others.")  # its own space

    def _refresh(self) -> None:
        self.button.setEnabled(self.take is not None and self.take.state.has_video and not self.running)
        self.busy.setVisible(self.running)
        self.changed.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.button.setText(self.tr("＋ Add photos (A)"))
        self.button.setAccessibleName(self.tr("Add photos to this take"))
        self.button.setToolTip(self.tr("From a photographer's camera or a phone: JPEG, HEIC or PNG, "
                                       "at least 1280×720."))
        self.busy.setAccessibleName(self.tr("Adding the photos"))
        self._refresh()
