"""The review screen: play the take back with sound, check and swap the three photos, Keep or Retake,
and choose one kept take for sending.

Keyboard: K keep, R retake, P play again, 1 / 2 / 3 pick a photo slot, Enter on a candidate puts it
in the slot, Ctrl+Enter sends the shown kept take on to the consent form.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImageReader, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
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
from kiosk.organiser import TAKE_MIN_SECONDS
from kiosk.recording.stills import swap_still
from kiosk.recording.take import Take, list_takes
from kiosk.ui import theme
from kiosk.ui.i18n import pick
from kiosk.ui.video_view import VideoView
from kiosk.ui.widgets import big_button, wrapping_label

log = logging.getLogger(__name__)

SLOT_ICON = QSize(128, 72)
CANDIDATE_ICON = QSize(112, 63)
SLOTS = 3


def thumbnail(path: Path, size: QSize) -> QPixmap:
    """A small picture of a JPEG, decoded at reduced size (fast: the JPEG decoder skips detail)."""
    reader = QImageReader(str(path))
    source = reader.size()
    if source.isValid():
        reader.setScaledSize(source.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return QPixmap.fromImage(image) if not image.isNull() else QPixmap()


def listed(take: Take) -> bool:
    """Kept takes, and finished or salvaged takes that nobody has judged yet (no Keep / Retake)."""
    kept = take.meta.get("kept")
    return kept is True or (kept is None and take.state in ("done", "salvaged"))


class ReviewScreen(QWidget):
    retake_requested = Signal()  # back to the live screen for another take
    send_requested = Signal(object)  # the chosen kept Take: on to the consent form
    take_kept = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review")
        self.take: Take | None = None
        self._message: tuple[str, str] | None = None
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
        player.addLayout(player_row)
        top.addLayout(player, 1)
        top.addWidget(self.side)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(top, 1)
        layout.addWidget(self.photos)
        layout.addWidget(self.actions)
        self._bind_keys()
        self.retranslate()
        self.refresh_kept()
        self.show_take(None)

    # --- construction -----------------------------------------------------------------------

    def _build_side(self) -> None:
        self.side = QFrame()
        theme.style(self.side, "panel")
        self.side.setMinimumWidth(280)
        self.side.setMaximumWidth(480)
        self.kept_title = QLabel()
        theme.style(self.kept_title, "title")
        self.kept_list = QListWidget()
        self.kept_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.kept_list.currentItemChanged.connect(self._on_kept_selected)
        self.send_button = big_button("primary")
        self.send_button.clicked.connect(self.send)
        column = QVBoxLayout(self.side)
        column.setContentsMargins(10, 10, 10, 10)
        column.addWidget(self.kept_title)
        column.addWidget(self.kept_list, 1)
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
        for index in range(SLOTS):
            button = QToolButton()
            button.setCheckable(True)
            button.setIconSize(SLOT_ICON)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self.slot_group.addButton(button, index)
            self.slot_buttons.append(button)
            row.addWidget(button)
        self.slot_buttons[0].setChecked(True)
        hint_and_strip = QVBoxLayout()
        self.candidates_hint = wrapping_label("muted")
        self.candidates = QListWidget()
        self.candidates.setViewMode(QListView.ViewMode.IconMode)
        self.candidates.setFlow(QListView.Flow.LeftToRight)
        self.candidates.setWrapping(False)
        self.candidates.setMovement(QListView.Movement.Static)
        self.candidates.setIconSize(CANDIDATE_ICON)
        self.candidates.setFixedHeight(CANDIDATE_ICON.height() + 34)
        self.candidates.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.candidates.setSpacing(4)
        self.candidates.itemActivated.connect(self._use_candidate)
        self.candidates.itemClicked.connect(self._use_candidate)
        hint_and_strip.addWidget(self.candidates_hint)
        hint_and_strip.addWidget(self.candidates)
        row.addLayout(hint_and_strip, 1)

    def _build_actions(self) -> None:
        self.actions = QFrame()
        self.retake_button = big_button()
        self.keep_button = big_button("primary")
        self.retake_button.clicked.connect(self.retake)
        self.keep_button.clicked.connect(self.keep)
        self.status_label = wrapping_label()
        row = QHBoxLayout(self.actions)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.retake_button)
        row.addWidget(self.status_label, 1)
        row.addWidget(self.keep_button)

    def _bind_keys(self) -> None:
        def key(sequence: QKeySequence | str, slot) -> QShortcut:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcuts = {
            "keep": key(Qt.Key.Key_K, self.keep),
            "retake": key(Qt.Key.Key_R, self.retake),
            "play": key(Qt.Key.Key_P, self.video.replay),
            "send": key("Ctrl+Return", self.send),
            "send-keypad": key("Ctrl+Enter", self.send),
        }
        for index in range(SLOTS):
            self.shortcuts[f"slot{index + 1}"] = key(str(index + 1), lambda i=index: self.select_slot(i))

    # --- the take shown ---------------------------------------------------------------------

    def show_take(self, take: Take | None) -> None:
        self.take = take
        self._message = None
        self.video.play_file(take.video_path if take is not None else None)
        self._fill_photos()
        self._select_in_kept_list(take)
        self._refresh()

    def activated(self) -> None:
        self.refresh_kept()

    def refresh_kept(self) -> None:
        try:
            takes = [t for t in list_takes() if listed(t)]
        except OSError as exc:
            log.error("cannot list the takes: %s", exc)
            takes = []
        self.kept_list.blockSignals(True)
        self.kept_list.clear()
        for take in takes:
            item = QListWidgetItem(self._kept_item_text(take))
            item.setData(Qt.ItemDataRole.UserRole, str(take.dir))
            item.setSizeHint(QSize(0, theme.MIN_CONTROL_PX))
            self.kept_list.addItem(item)
        self.kept_list.blockSignals(False)
        self._select_in_kept_list(self.take)

    def _select_in_kept_list(self, take: Take | None) -> None:
        self.kept_list.blockSignals(True)
        self.kept_list.setCurrentRow(-1)
        for row in range(self.kept_list.count()):
            if take is not None and self.kept_list.item(row).data(Qt.ItemDataRole.UserRole) == str(take.dir):
                self.kept_list.setCurrentRow(row)
        self.kept_list.blockSignals(False)

    def _on_kept_selected(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        try:
            take = Take.load(Path(current.data(Qt.ItemDataRole.UserRole)))
        except (OSError, ValueError) as exc:
            log.error("cannot load the kept take: %s", exc)
            return
        self.show_take(take)

    def _fill_photos(self) -> None:
        stills = self.take.still_paths if self.take is not None else []
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
            item.setData(Qt.ItemDataRole.UserRole, path.name)
            item.setSizeHint(QSize(CANDIDATE_ICON.width() + 8, CANDIDATE_ICON.height() + 8))
            self.candidates.addItem(item)

    # --- operator actions -------------------------------------------------------------------

    def select_slot(self, index: int) -> None:
        self.slot_buttons[index].setChecked(True)
        self.slot_buttons[index].setFocus()

    @property
    def selected_slot(self) -> int:
        return max(0, self.slot_group.checkedId())

    def _use_candidate(self, item: QListWidgetItem) -> None:
        if self.take is None:
            return
        try:
            swap_still(self.take, self.selected_slot, item.data(Qt.ItemDataRole.UserRole))
        except (KioskError, OSError, ValueError) as exc:
            zh, en = (exc.zh, exc.en) if isinstance(exc, KioskError) else (f"無法更換照片：{exc}",
                                                                            f"Cannot swap the photo: {exc}")
            self._message = (zh, en)
            self._refresh()
            return
        self.take = Take.load(self.take.dir)
        path = self.take.still_paths[self.selected_slot]
        self.slot_buttons[self.selected_slot].setIcon(QIcon(thumbnail(path, SLOT_ICON)))

    def keep(self) -> None:
        if self.take is None or self.take.meta.get("kept") is True:
            return
        self.take.update(kept=True)
        self.refresh_kept()
        self._refresh()
        self.take_kept.emit(self.take)

    def retake(self) -> None:
        if self.take is not None and self.take.meta.get("kept") is None:
            self.take.update(kept=False)  # judged, not deleted: a take is never lost
        self.video.release()
        self.retake_requested.emit()

    def send(self) -> None:
        if self.take is None or self.take.meta.get("kept") is not True:
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
        self.kept_title.setText(self.tr("Kept takes"))
        self.kept_list.setAccessibleName(self.tr("Kept takes"))
        self.send_button.setText(self.tr("Send this take (Ctrl+Enter)"))
        self.send_button.setAccessibleName(self.tr("Send this take"))
        for index, button in enumerate(self.slot_buttons):
            button.setText(self.tr("Photo %1 (%2)").replace("%1", str(index + 1)).replace("%2", str(index + 1)))
            button.setAccessibleName(self.tr("Photo %1").replace("%1", str(index + 1)))
        self.candidates_hint.setText(self.tr("Pick a photo slot, then a picture below to replace it."))
        self.candidates.setAccessibleName(self.tr("Other pictures from the take"))
        self.retake_button.setText(self.tr("◀ Retake (R)"))
        self.retake_button.setAccessibleName(self.tr("Record the take again"))
        self.keep_button.setText(self.tr("✓ Keep (K)"))
        self.keep_button.setAccessibleName(self.tr("Keep this take"))
        for row in range(self.kept_list.count()):
            item = self.kept_list.item(row)
            try:
                item.setText(self._kept_item_text(Take.load(Path(item.data(Qt.ItemDataRole.UserRole)))))
            except (OSError, ValueError):
                continue
        self._refresh()

    def _kept_item_text(self, take: Take) -> str:
        try:
            when = dt.datetime.fromisoformat(take.meta.get("created_at", "")).strftime("%H:%M:%S")
        except ValueError:
            when = take.id
        text = self.tr("%1 · %2 s").replace("%1", when).replace(
            "%2", f"{float(take.meta.get('duration_s') or 0):.1f}")
        if take.is_short:
            text += " · " + self.tr("short")
        if take.state == "salvaged":
            text += " · " + self.tr("recovered")
        if take.meta.get("kept") is None:
            text += " · " + self.tr("not kept yet")
        return text

    def _refresh(self) -> None:
        take = self.take
        kept = take is not None and take.meta.get("kept") is True
        self.keep_button.setEnabled(take is not None and not kept)
        self.send_button.setEnabled(kept)
        self.play_button.setEnabled(take is not None)
        self.retake_button.setText(self.tr("● Record another (R)") if kept else self.tr("◀ Retake (R)"))
        self.info_label.setText(self._info_text())
        theme.style(self.info_label, "warning" if take is not None and take.is_short else "")
        if self._message is not None:
            self.status_label.setText(pick(*self._message))
        elif take is None:
            self.status_label.setText(self.tr("No take yet: record one on the Live screen."))
        elif kept:
            self.status_label.setText(self.tr("Kept. Send it on, or record another take."))
        else:
            self.status_label.setText(self.tr("Watch it with sound: keep it, or record it again."))

    def _info_text(self) -> str:
        take = self.take
        if take is None:
            return ""
        seconds = float(take.meta.get("duration_s") or 0.0)
        sound = self.tr("with sound") if take.meta.get("has_audio") else self.tr("NO SOUND")
        text = self.tr("%1 s · %2×%3 · %4").replace("%1", f"{seconds:.1f}").replace(
            "%2", str(take.meta.get("width") or "?")).replace("%3", str(take.meta.get("height") or "?")).replace(
            "%4", sound)
        if take.is_short:
            text += "\n" + self.tr("Short take: under %1 s. It is kept but marked, and sending it needs "
                                   "an explicit override.").replace("%1", str(TAKE_MIN_SECONDS))
        return text
