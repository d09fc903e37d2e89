"""The review screen: play the take back with sound, check and swap the three photos, Keep or Retake,
and pick the take to send from the list of takes.

The list shows every take still in play (kept, or finished and not judged yet), newest first, with
what became of it (kept, in the outbox, sent); 「Set aside」 takes one off the list (it stays on
disk: a take is never deleted here) and 「Show set-aside takes」 brings them back into view.

Keyboard: K keep, R retake, P play again, 1 / 2 / 3 pick a photo slot, Enter on a picture puts it
in the slot, Ctrl+Enter sends the shown kept take on, A adds a photographer's photos to the take
shown (they become slots 4, 5 … or replace the first ones), Ctrl+I imports a clip instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.language import pick
from kiosk.organiser import TAKE_MIN_SECONDS
from kiosk.outbox import SENT
from kiosk.recording.stills import swap_still
from kiosk.recording.take import DamagedTake, Take, TakeState, list_takes
from kiosk.ui import theme
from kiosk.ui.add_photos import PHOTO_SLOTS_MAX, PhotoAdder
from kiosk.ui.flow import packaged_take_ids
from kiosk.ui.outbox_controller import OutboxController
from kiosk.ui.screens.import_clip import ImportClipButton
from kiosk.ui.video_view import VideoView
from kiosk.ui.widgets import big_button, wrapping_label

log = logging.getLogger(__name__)

SLOT_ICON = QSize(128, 72)
CANDIDATE_ICON = QSize(112, 63)
SLOTS = 3
MAX_SLOTS = PHOTO_SLOTS_MAX  # photos added to a take join its three stills: a slot each (keys 1–6)
_DIR_ROLE = Qt.ItemDataRole.UserRole


def thumbnail(path: Path, size: QSize) -> QPixmap:
    """A small picture of a JPEG, decoded at reduced size (fast: the JPEG decoder skips detail)."""
    reader = QImageReader(str(path))
    source = reader.size()
    if source.isValid():
        reader.setScaledSize(source.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def thumbnail_strip(icon: QSize) -> QListWidget:
    """One row of pictures, side by side and not movable, one icon high (it scrolls sideways)."""
    strip = QListWidget()
    strip.setViewMode(QListView.ViewMode.IconMode)
    strip.setFlow(QListView.Flow.LeftToRight)
    strip.setWrapping(False)
    strip.setMovement(QListView.Movement.Static)
    strip.setIconSize(icon)
    strip.setFixedHeight(icon.height() + 34)
    return strip


def in_play(take: Take) -> bool:
    """Kept takes, and finished or salvaged takes that nobody has judged yet (no Keep / Retake)."""
    return take.kept is True or (take.kept is None and take.state.has_video)


class ReviewScreen(QWidget):
    retake_requested = Signal()  # back to the live screen for another take
    send_requested = Signal(object)  # the shown kept Take: on to sending it
    take_kept = Signal(object)  # Take
    take_selected = Signal(object)  # Take: the operator picked it from the list
    take_set_aside = Signal(object)  # Take: off the list (on disk still)
    import_requested = Signal()  # 「Import a clip」: on to the Import screen

    def __init__(self, outbox: OutboxController | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review")
        self.outbox = outbox
        self.take: Take | None = None
        self._message: tuple[str, str] | None = None
        self._listed: list[Take] = []
        self.video = VideoView()
        self._build_side()
        self._build_photos()
        self._build_actions()

        top = QHBoxLayout()
        top.setSpacing(12)
        player = QVBoxLayout()
        player.addWidget(self.video, 1)
        player_row = QHBoxLayout()
        player_row.addWidget(self.play_button)
        player_row.addWidget(self.info_label, 1)
        player_row.addWidget(self.set_aside_button)
        player.addLayout(player_row)
        top.addLayout(player, 1)
        top.addWidget(self.side)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top, 1)
        layout.addWidget(self.photos)
        layout.addWidget(self.action_bar)
        self._bind_keys()
        if outbox is not None:
            outbox.changed.connect(lambda _statuses: self._relabel_list())
        self.retranslate()
        self.refresh_list()
        self._refresh()

    # --- construction -----------------------------------------------------------------------

    def _build_side(self) -> None:
        self.side = QFrame()
        theme.style(self.side, "panel")
        self.side.setMinimumWidth(300)
        self.side.setMaximumWidth(520)
        self.side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.list_title = QLabel()
        theme.style(self.list_title, "title")
        self.take_list = QListWidget()
        self.take_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.take_list.setWordWrap(True)
        self.take_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.take_list.setResizeMode(QListView.ResizeMode.Adjust)
        self.take_list.currentItemChanged.connect(self._on_list_selection)
        self.show_all = QCheckBox()
        self.show_all.setMinimumHeight(theme.MIN_CONTROL_PX)
        self.show_all.toggled.connect(lambda _on: self.refresh_list())
        self.set_aside_button = big_button()
        self.set_aside_button.clicked.connect(self.set_aside)
        self.send_button = big_button("primary")
        self.send_button.clicked.connect(self.send)
        column = QVBoxLayout(self.side)
        column.setContentsMargins(10, 10, 10, 10)
        heading = QHBoxLayout()
        heading.addWidget(self.list_title, 1)
        heading.addWidget(self.show_all)
        column.addLayout(heading)
        column.addWidget(self.take_list, 1)
        column.addWidget(self.send_button)
        self.play_button = big_button()
        self.play_button.clicked.connect(self.video.replay)
        self.info_label = wrapping_label()

    def _build_photos(self) -> None:
        self.photos = QFrame()
        theme.style(self.photos, "panel")
        self.slot_group = QButtonGroup(self)
        self.slot_group.setExclusive(True)
        self.slot_buttons: list[QToolButton] = []
        row = QHBoxLayout(self.photos)
        row.setContentsMargins(10, 8, 10, 8)
        self.slot_row = QHBoxLayout()
        row.addLayout(self.slot_row)
        self._show_slots(SLOTS)
        self.slot_buttons[0].setChecked(True)
        hint_and_strip = QVBoxLayout()
        self.candidates_hint = wrapping_label("muted")
        self.candidates = thumbnail_strip(CANDIDATE_ICON)
        self.candidates.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.candidates.setSpacing(4)
        self.candidates.itemActivated.connect(self._use_candidate)
        self.candidates.itemClicked.connect(self._use_candidate)
        hint_and_strip.addWidget(self.candidates_hint)
        hint_and_strip.addWidget(self.candidates)
        row.addLayout(hint_and_strip, 1)

    def _show_slots(self, count: int) -> None:
        """As many photo slots as the take has stills (three, more once photos joined them)."""
        count = self.slot_count = max(SLOTS, min(count, MAX_SLOTS))
        while len(self.slot_buttons) < count:
            button = QToolButton()
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.slot_group.addButton(button, len(self.slot_buttons))
            self.slot_buttons.append(button)
            self.slot_row.addWidget(button)
        # more slots, smaller pictures and only their numbers: the strip of other pictures keeps its room
        icon = SLOT_ICON if count <= SLOTS + 1 else SLOT_ICON * ((SLOTS + 1) / count)
        for index, button in enumerate(self.slot_buttons):
            button.setIconSize(icon)
            button.setVisible(index < count)
            self._name_slot(index)
        if self.selected_slot >= count:
            self.slot_buttons[0].setChecked(True)

    def _build_actions(self) -> None:
        self.action_bar = QFrame()
        self.retake_button = big_button()
        self.keep_button = big_button("primary")
        self.retake_button.clicked.connect(self.retake)
        self.keep_button.clicked.connect(self.keep)
        self.import_button = ImportClipButton()  # the other way to a take: a county's own phone clip
        self.import_button.clicked.connect(self.import_requested)
        self.photo_adder = PhotoAdder()  # a photographer's photos, into the take shown
        self.photo_adder.photos_added.connect(self._on_photos_added)
        self.photo_adder.changed.connect(self._refresh_hint)
        self.status_label = wrapping_label()
        row = QHBoxLayout(self.action_bar)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.retake_button)
        row.addWidget(self.import_button)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.photo_adder)
        row.addWidget(self.keep_button)

    def _bind_keys(self) -> None:
        def key(sequence: QKeySequence, slot: object) -> QShortcut:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcuts = {
            "keep": key(QKeySequence(Qt.Key.Key_K), self.keep),
            "retake": key(QKeySequence(Qt.Key.Key_R), self.retake),
            "play": key(QKeySequence(Qt.Key.Key_P), self.video.replay),
            "send": key(QKeySequence("Ctrl+Return"), self.send),
            "send-keypad": key(QKeySequence("Ctrl+Enter"), self.send),
        }
        for index in range(MAX_SLOTS):
            self.shortcuts[f"slot{index + 1}"] = key(QKeySequence(str(index + 1)),
                                                     lambda i=index: self.select_slot(i))
        self.shortcuts["add-photos"] = key(QKeySequence(Qt.Key.Key_A), self.photo_adder.choose)

    # --- the take shown ---------------------------------------------------------------------

    def show_take(self, take: Take | None, *, play: bool = True) -> None:
        """Show ``take`` (``play``: from the start, with sound; else its first picture, still)."""
        self.take = take
        self._message = None
        if take is None:
            self.video.release()
        else:
            stills = take.still_paths
            self.video.play_file(take.video_path, poster=stills[0] if stills else None, play=play)
        self.photo_adder.set_take(take)
        self._fill_photos()
        if take is not None and all(t.dir != take.dir for t in self._listed):
            self.refresh_list()
        self._select_in_list(take)
        self._refresh()

    def activated(self) -> None:
        """Shown by the window: the list again, and a take on the player (the newest, after a restart)."""
        self.refresh_list()
        if self.take is None and self._listed:
            self.show_take(self._listed[0], play=False)
        elif self.take is not None and self.video.path is None:
            self.show_take(self.take, play=False)  # left the screen while it loaded: its picture again

    def refresh_list(self) -> None:
        try:
            everything = list_takes()
        except OSError as exc:
            log.error("cannot list the takes: %s", exc)
            everything = []
        self._listed = [t for t in everything if t.state.has_video and (self.show_all.isChecked() or in_play(t))]
        self.take_list.blockSignals(True)
        self.take_list.clear()
        two_lines = QSize(0, self.take_list.fontMetrics().lineSpacing() * 2 + 18)
        for take in self._listed:
            item = QListWidgetItem()
            item.setData(_DIR_ROLE, str(take.dir))
            item.setSizeHint(two_lines)
            self.take_list.addItem(item)
        self.take_list.blockSignals(False)
        self._relabel_list()
        self._select_in_list(self.take)

    def _relabel_list(self) -> None:
        packages = self._package_states()
        for row, take in enumerate(self._listed):
            item = self.take_list.item(row)
            if item is not None:
                text = self._list_text(take, packages.get(take.id, ""))
                item.setText(text)
                item.setToolTip(text.replace("\n", " · "))

    def _package_states(self) -> dict[str, str]:
        """Take id → "sent" or "outbox" for the takes already packaged."""
        try:
            by_take = packaged_take_ids()
        except (OSError, KioskError) as exc:
            log.error("cannot list the packages: %s", exc)
            return {}
        statuses = {s.package: s.state for s in self.outbox.statuses} if self.outbox is not None else {}
        states = {}
        for take_id, package_ids in by_take.items():
            known = [statuses[p] for p in package_ids if p in statuses]
            states[take_id] = "sent" if SENT in known else ("outbox" if known else "packaged")
        return states

    def _select_in_list(self, take: Take | None) -> None:
        self.take_list.blockSignals(True)
        self.take_list.setCurrentRow(-1)
        for row, listed in enumerate(self._listed):
            if take is not None and listed.dir == take.dir:
                self.take_list.setCurrentRow(row)
        self.take_list.blockSignals(False)

    def _on_list_selection(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        try:
            take = Take.load(Path(current.data(_DIR_ROLE)))
        except (OSError, DamagedTake) as exc:
            log.error("cannot load the take: %s", exc)
            return
        self.show_take(take)
        self.take_selected.emit(take)

    def _fill_photos(self) -> None:
        stills = self.take.still_paths if self.take is not None else []
        self._show_slots(len(stills))
        self._refresh_hint()
        for index, button in enumerate(self.slot_buttons):
            path = stills[index] if index < len(stills) else None
            button.setIcon(QIcon(thumbnail(path, SLOT_ICON)) if path and path.is_file() else QIcon())
        self.candidates.clear()
        if self.take is None:
            return
        for path in self.take.candidate_paths:
            if not path.is_file():
                continue
            item = QListWidgetItem(QIcon(thumbnail(path, CANDIDATE_ICON)), "")
            item.setData(_DIR_ROLE, path.name)
            item.setSizeHint(QSize(CANDIDATE_ICON.width() + 8, CANDIDATE_ICON.height() + 8))
            self.candidates.addItem(item)

    # --- operator actions -------------------------------------------------------------------

    def select_slot(self, index: int) -> None:
        if index >= len(self.slot_buttons) or not self.slot_buttons[index].isVisibleTo(self):
            return
        self.slot_buttons[index].setChecked(True)
        self.slot_buttons[index].setFocus()

    @property
    def selected_slot(self) -> int:
        return max(0, self.slot_group.checkedId())

    def _on_photos_added(self, take: Take) -> None:
        """A photographer's photos are in the take: its slots and pictures again (not its playback)."""
        if self.take is not None and self.take.dir == take.dir:
            self.take = take
            self._fill_photos()
        if take.kept:
            self.take_kept.emit(take)  # the fresh record for whoever sends it

    def _use_candidate(self, item: QListWidgetItem) -> None:
        if self.take is None or self.photo_adder.running:  # the take's record is being written
            return
        try:
            swap_still(self.take, self.selected_slot, item.data(_DIR_ROLE))
            self.take = Take.load(self.take.dir)
        except (KioskError, OSError, ValueError) as exc:
            self._message = ((exc.zh, exc.en) if isinstance(exc, KioskError) else
                             (f"無法更換照片：{exc}", f"Cannot swap the photo: {exc}"))
            self._refresh()
            return
        path = self.take.still_paths[self.selected_slot]
        self.slot_buttons[self.selected_slot].setIcon(QIcon(thumbnail(path, SLOT_ICON)))
        if self.take.kept:
            self.take_kept.emit(self.take)  # the fresh record for whoever sends it

    def keep(self) -> None:
        if self.take is None or self.take.kept is True or self.photo_adder.running:
            return
        self.take.keep()
        self.refresh_list()
        self._refresh()
        self.take_kept.emit(self.take)

    def retake(self) -> None:
        if self.photo_adder.running:
            return
        if self.take is not None and self.take.kept is None:
            self.take.discard()  # judged, not deleted: a take is never lost
            self.take_set_aside.emit(self.take)
        self.video.release()
        self.retake_requested.emit()

    def set_aside(self) -> None:
        """Off the list (still on disk, and back with 「Show set-aside takes」)."""
        take = self.take
        if take is None or take.kept is False or self.photo_adder.running:
            return
        take.discard()
        self.take_set_aside.emit(take)
        self.refresh_list()
        following = next((t for t in self._listed if t.dir != take.dir), None) if not self.show_all.isChecked() else take
        self.show_take(following, play=False)

    def send(self) -> None:
        if self.take is None or self.take.kept is not True:
            return
        self.video.release()
        self.send_requested.emit(self.take)

    # --- text -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.video.setAccessibleName(self.tr("Playback of the take"))
        self.play_button.setText(self.tr("▶ Play again (P)"))
        self.play_button.setAccessibleName(self.tr("Play the take again"))
        self.list_title.setText(self.tr("Takes"))
        self.take_list.setAccessibleName(self.tr("Takes, newest first"))
        self.show_all.setText(self.tr("Show set-aside takes"))
        self.show_all.setAccessibleName(self.tr("Show set-aside takes"))
        self.set_aside_button.setText(self.tr("Set aside"))
        self.set_aside_button.setAccessibleName(self.tr("Set this take aside (it is not deleted)"))
        self.set_aside_button.setToolTip(self.tr("Takes it off the list; the files stay on the computer."))
        self.send_button.setText(self.tr("Send this take (Ctrl+Enter)"))
        self.send_button.setAccessibleName(self.tr("Send this take"))
        for index in range(len(self.slot_buttons)):
            self._name_slot(index)
        self._refresh_hint()
        self.candidates.setAccessibleName(self.tr("Other pictures from the take"))
        self.keep_button.setText(self.tr("✓ Keep (K)"))
        self.keep_button.setAccessibleName(self.tr("Keep this take"))
        self._relabel_list()
        self._refresh()

    def _refresh_hint(self) -> None:
        """Above the pictures: how to swap them, or what became of the photos added last."""
        added = self.photo_adder.status_text()
        self.candidates_hint.setText(added or self.tr("Pick a photo slot (keys 1–%1), then a picture below to put in "
                                                      "it.").replace("%1", str(self.slot_count)))
        theme.style(self.candidates_hint, "warning" if self.photo_adder.refused else "muted")

    def _name_slot(self, index: int) -> None:
        button = self.slot_buttons[index]
        few = self.slot_count <= SLOTS + 1
        button.setText(self.tr("Photo %1 · key %1").replace("%1", str(index + 1)) if few else str(index + 1))
        button.setAccessibleName(self.tr("Photo slot %1").replace("%1", str(index + 1)))

    def _list_text(self, take: Take, package_state: str) -> str:
        created = take.created_at
        when = created.astimezone().strftime("%H:%M:%S") if created is not None else take.id
        first = self.tr("%1 · %2 s").replace("%1", when).replace("%2", f"{take.duration_s:.1f}")
        marks = []
        if take.kept is True:
            marks.append(self.tr("kept"))
        elif take.kept is None:
            marks.append(self.tr("not kept yet"))
        else:
            marks.append(self.tr("set aside"))
        if package_state == "sent":
            marks.append(self.tr("sent ✓"))
        elif package_state == "outbox":
            marks.append(self.tr("in the outbox"))
        if take.is_short:
            marks.append(self.tr("short"))
        if take.state is TakeState.SALVAGED:
            marks.append(self.tr("recovered"))
        return first + "\n" + " · ".join(marks)

    def _refresh(self) -> None:
        take = self.take
        kept = take is not None and take.kept is True
        self.keep_button.setEnabled(take is not None and not kept)
        self.send_button.setEnabled(kept)
        self.set_aside_button.setEnabled(take is not None and take.kept is not False)
        self.play_button.setEnabled(take is not None)
        if kept:
            self.retake_button.setText(self.tr("● Record another (R)"))
            self.retake_button.setAccessibleName(self.tr("Record another take"))
        else:
            self.retake_button.setText(self.tr("◀ Retake (R)"))
            self.retake_button.setAccessibleName(self.tr("Record the take again"))
        self.info_label.setText(self._info_text())
        theme.style(self.info_label, "warning" if take is not None and take.is_short else "")
        if self._message is not None:
            self.status_label.setText(pick(*self._message))
        elif take is None and self._listed:
            self.status_label.setText(self.tr("Pick a take from the list to watch it."))
        elif take is None:
            self.status_label.setText(self.tr("No take yet: record one on the Live screen."))
        elif kept:
            self.status_label.setText(self.tr("Kept. Send it on, or record another take."))
        elif take.kept is False:
            self.status_label.setText(self.tr("Set aside. Keep it after all, or record another take."))
        else:
            self.status_label.setText(self.tr("Watch it with sound: keep it, or record it again."))

    def _info_text(self) -> str:
        take = self.take
        if take is None:
            return ""
        sound = self.tr("with sound") if take.has_audio else self.tr("NO SOUND")
        text = self.tr("%1 s · %2×%3 · %4").replace("%1", f"{take.duration_s:.1f}").replace(
            "%2", str(take.width or "?")).replace("%3", str(take.height or "?")).replace("%4", sound)
        if take.is_short:
            text += "\n" + self.tr("Short take: under %1 s. It is kept but marked, and sending it needs "
                                   "an explicit override.").replace("%1", str(TAKE_MIN_SECONDS))
        return text
