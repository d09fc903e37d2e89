"""The Import screen: a clip filmed on a phone or a camera made into a take, like one recorded here.

Choose the clip with the kiosk's picker (USB drives and cards first); its facts are read in the
background and shown as badges (4K, HDR, variable frame rate, portrait, extra track ignored, no
sound, codec, length). The trim bar shows the whole clip (thumbnails over the waveform) and the
10–15 s span that becomes the take; the preview is the take's picture at the start, made through
the conversion's own filter graph (an HDR clip tone-mapped, a portrait clip with its bars or its
blurred sides). A portrait clip is refused with the reason until the operator chooses the fill.
Convert runs the import with progress and Cancel; the take then appears on Review like any other.

Leaving the screen does not stop a conversion: it goes on in the background (the sidebar shows
its percentage), the finished take appears on Review and the window says so. The kiosk cannot be
exited while one runs (cancel it here first).

Keyboard: Ctrl+O choose a clip, the trim bar's keys (see ``kiosk.ui.trim_bar``), F fill the sides,
Ctrl+Enter convert, Esc cancel the conversion.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Settings
from kiosk.errors import BadInput, KioskError
from kiosk.importing import ClipInfo, ImportCancelled, ImportProgress, plan_import
from kiosk.language import pick
from kiosk.recording.take import Take
from kiosk.ui import theme
from kiosk.ui.clip_importer import ClipImporter
from kiosk.ui.file_picker import FilePicker, PickerMode
from kiosk.ui.trim_bar import Limit, Part, TrimBar
from kiosk.ui.widgets import CONFIRM_KEYS, big_button, wrapping_label

VIDEO_SUFFIXES = (".mov", ".mp4", ".m4v", ".mkv", ".avi", ".mts", ".m2ts", ".3gp", ".webm", ".mxf")
THUMBNAILS = (6, 16)  # fewest and most thumbnails on the trim bar (each is an ffmpeg run)
PREVIEW_DELAY_MS = 250  # the preview is asked for once the in point has rested this long
PROGRESS_STEPS = 1000
_CODECS = {"h264": "H.264", "hevc": "HEVC (H.265)", "prores": "ProRes", "av1": "AV1", "vp9": "VP9",
           "mpeg4": "MPEG-4", "mjpeg": "Motion JPEG"}
CHIPS = (f'QLabel[chip="info"] {{ background: #2c333d; color: {theme.TEXT}; border-radius: 6px; padding: 4px 10px; }}'
         f'QLabel[chip="warning"] {{ background: {theme.WARNING}; color: #111111; border-radius: 6px; '
         'padding: 4px 10px; }')


@dataclass(frozen=True)
class Badge:
    """One thing the probe found, as the screen shows it."""

    text: str
    meaning: str  # what the conversion does about it (its tooltip, and a line beside the preview)
    warning: bool = False
    fact: bool = True  # listed beside the preview


class Phase(enum.Enum):
    EMPTY = "empty"  # no clip yet (or the last one became a take)
    PROBING = "probing"
    READY = "ready"  # a clip: trim, preview, convert
    CONVERTING = "converting"


def bgr_image(picture: np.ndarray) -> QImage:
    """A QImage of a BGR ``uint8`` array (copied: the array may go away)."""
    height, width = picture.shape[:2]
    data = np.ascontiguousarray(picture)
    return QImage(data.data, width, height, width * 3, QImage.Format.Format_BGR888).copy()


def restyle(widget: QWidget, role: str) -> None:
    """``theme.style`` only when the role changes (a re-polish costs a few ms; this runs every tick)."""
    if (widget.property("role") or "") != role:
        theme.style(widget, role)


def clock_text(t_s: float) -> str:
    """0:03.20 — minutes, seconds and hundredths."""
    minutes, seconds = divmod(max(0.0, t_s), 60.0)
    return f"{int(minutes)}:{seconds:05.2f}"


class StillView(QWidget):
    """The preview still, kept 16:9 inside its space, with a line over it while it is being made."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self._scaled: QPixmap | None = None  # the image at the size it is shown, made once per change
        self.overlay = ""
        self.stale = False  # the picture is not of the in point any more
        self.setMinimumSize(320, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage | None) -> None:
        self.image, self.stale, self._scaled = image, False, None
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._scaled = None
        super().resizeEvent(event)

    def set_overlay(self, text: str, stale: bool = False) -> None:
        if (text, stale) != (self.overlay, self.stale):
            self.overlay, self.stale = text, stale
            self.update()

    def picture_rect(self) -> QRectF:
        size = QSize(16, 9).scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF((self.width() - size.width()) / 2, (self.height() - size.height()) / 2,
                      size.width(), size.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        area = self.picture_rect()
        painter.fillRect(area, QColor("#000000"))
        if self.image is not None and not self.image.isNull():
            if self._scaled is None:
                ratio = self.devicePixelRatioF()
                self._scaled = QPixmap.fromImage(self.image.scaled(
                    (area.size() * ratio).toSize(), Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation))
                self._scaled.setDevicePixelRatio(ratio)
            painter.drawPixmap(area.topLeft(), self._scaled)
            if self.stale:
                painter.fillRect(area, QColor(0, 0, 0, 120))
        if self.overlay:
            band = QRectF(area.left(), area.bottom() - 44, area.width(), 44)
            painter.fillRect(band, QColor(0, 0, 0, 190))
            painter.setPen(QColor(theme.TEXT))
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter, self.overlay)
        painter.end()


class ImportClipButton(QPushButton):
    """「Import a clip」 where another screen offers it (Review: a county filmed on a phone)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(theme.MIN_CONTROL_PX + 8)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setText(self.tr("Import a clip (Ctrl+I)"))
        self.setAccessibleName(self.tr("Import a clip from a phone or camera"))
        self.setToolTip(self.tr("A county filmed the pledge on a phone or a camera: make that clip a take."))


class ImportChip(QPushButton):
    """「Importing… 45 %」 in the top bar while a clip converts, on every screen; a click opens Import."""

    def __init__(self, screen: ImportScreen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_screen = screen
        self.setMinimumHeight(theme.MIN_CONTROL_PX)
        screen.busy_changed.connect(self.retranslate)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        percent = self.import_screen.percent
        self.setVisible(self.import_screen.converting)
        self.setText(self.tr("Importing…") if percent is None
                     else self.tr("Importing %1 %").replace("%1", str(percent)))
        self.setAccessibleName(self.tr("Import in progress: open the Import screen"))


class ImportScreen(QWidget):
    take_imported = Signal(object)  # the Take, in <data>/takes/: Review shows it like a recorded one
    busy_changed = Signal()  # converting or not, or its percentage: the sidebar's label

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import")
        self.settings = settings
        self.importer = ClipImporter(settings.recording, self)
        self.phase = Phase.EMPTY
        self.path: Path | None = None
        self.info: ClipInfo | None = None
        self.picker: FilePicker | None = None
        self.problem: Exception | None = None  # the last probe or conversion failure, shown in words
        self.refusal: BadInput | None = None  # what plan_import refuses about the span now
        self.limit: Limit | None = None  # where the trim bar last stopped a move
        self.imported_name = ""  # the clip that became a take last
        self.progress_value: ImportProgress | None = None
        self._preview_at: tuple[float, bool] | None = None  # what the preview shows
        self._waiting_since = 0.0
        self._preview_since = 0.0
        self._cancelling = False
        self._build()
        self._connect()
        self._bind_keys()
        self.retranslate()

    # --- construction -----------------------------------------------------------------------

    def _build(self) -> None:
        self._build_header()
        self._build_body()
        self._build_bottom()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.header)
        layout.addWidget(self.intro, 1)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.refusal_bar)
        layout.addWidget(self.trim_bar)
        layout.addWidget(self.bottom)
        self._ticker = QTimer(self)  # "Reading the clip… 3 s": a sign of life while waiting
        self._ticker.setInterval(500)
        self._ticker.timeout.connect(self._refresh)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._ask_preview)

    def _build_header(self) -> None:
        self.header = QFrame()
        theme.style(self.header, "panel")
        self.header.setStyleSheet(CHIPS)  # the badges' look, set once for all of them
        self.title = QLabel()
        theme.style(self.title, "title")
        self.file_label = wrapping_label("muted")
        self.choose_button = big_button("primary")
        self.choose_button.clicked.connect(self.choose_clip)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.badge_labels: list[QLabel] = []
        top = QHBoxLayout()
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.file_label)
        top.addLayout(text, 1)
        top.addWidget(self.choose_button)
        column = QVBoxLayout(self.header)
        column.setContentsMargins(12, 8, 12, 8)
        column.setSpacing(6)
        column.addLayout(top)
        column.addLayout(self.badges)

    def _build_body(self) -> None:
        self.intro = wrapping_label()
        self.intro.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.intro.setContentsMargins(16, 12, 16, 12)
        self.body = QWidget()
        self.still = StillView()
        self.side = QFrame()
        theme.style(self.side, "panel")
        self.side.setMinimumWidth(300)
        self.side.setMaximumWidth(560)
        self.preview_caption = wrapping_label("muted")
        self.readout = wrapping_label("cue")
        self.trim_hint = wrapping_label("muted")
        self.facts = wrapping_label()  # what the conversion does about each badge (their tooltips, in words)
        self.next_hint = wrapping_label("muted")
        column = QVBoxLayout(self.side)
        column.setContentsMargins(12, 10, 12, 10)
        column.addWidget(self.preview_caption)
        column.addWidget(self.readout)
        column.addWidget(self.trim_hint)
        column.addStretch(1)
        column.addWidget(self.facts)
        column.addWidget(self.next_hint)
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.still, 3)
        row.addWidget(self.side, 2)
        self.trim_bar = TrimBar()
        # what is refused about the clip, across the screen (and the fill, for a portrait clip)
        self.refusal_bar = QFrame()
        theme.style(self.refusal_bar, "panel")
        self.refusal_label = wrapping_label("warning")
        self.fill_button = big_button()
        self.fill_button.setCheckable(True)
        self.fill_button.toggled.connect(self._on_fill)
        refusal_row = QHBoxLayout(self.refusal_bar)
        refusal_row.setContentsMargins(12, 6, 12, 6)
        refusal_row.addWidget(self.refusal_label, 1)
        refusal_row.addWidget(self.fill_button)

    def _build_bottom(self) -> None:
        self.bottom = QFrame()
        theme.style(self.bottom, "panel")
        self.status = wrapping_label()
        self.progress = QProgressBar()
        self.progress.setRange(0, PROGRESS_STEPS)
        self.progress.setMinimumWidth(180)
        self.progress.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.cancel_button = big_button("danger")
        self.cancel_button.clicked.connect(self.cancel_conversion)
        self.convert_button = big_button("primary")
        self.convert_button.setMinimumWidth(220)
        self.convert_button.clicked.connect(self.convert)
        row = QHBoxLayout(self.bottom)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(12)
        row.addWidget(self.status, 1)
        row.addWidget(self.progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.convert_button)

    def _connect(self) -> None:
        importer = self.importer
        importer.probed.connect(self._on_probed)
        importer.probe_failed.connect(self._on_probe_failed)
        importer.thumbnail_ready.connect(lambda index, picture: self.trim_bar.set_thumbnail(index, bgr_image(picture)))
        importer.waveform_ready.connect(self.trim_bar.set_peaks)
        importer.preview_ready.connect(self._on_preview)
        importer.preview_failed.connect(self._on_preview_failed)
        importer.progress.connect(self._on_progress)
        importer.imported.connect(self._on_imported)
        importer.import_failed.connect(self._on_import_failed)
        self.trim_bar.changed.connect(self._on_span)
        self.trim_bar.refused.connect(self._on_limit)
        self.trim_bar.part_changed.connect(lambda _part: self._refresh())

    def _bind_keys(self) -> None:
        def key(sequence: str, slot: object) -> None:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # only while this page is shown
            shortcut.activated.connect(slot)

        key("Ctrl+O", self.choose_clip)
        key("F", self.toggle_fill)
        key("Esc", self.cancel_conversion)
        for sequence in CONFIRM_KEYS:
            key(sequence, self.convert)

    # --- what the window asks -------------------------------------------------------------------

    @property
    def converting(self) -> bool:
        return self.phase is Phase.CONVERTING

    def activated(self) -> None:
        """Shown by the window: the focus where the operator's next step is."""
        target = self.trim_bar if self.phase is Phase.READY and self.trim_bar.usable else self.choose_button
        if self.phase is Phase.CONVERTING:
            target = self.cancel_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def nav_label(self) -> str:
        """The sidebar's label (the window's words for the other screens are its own)."""
        return self.tr("Import")

    @property
    def percent(self) -> int | None:
        """How far the conversion is (None before its first report, or when none runs)."""
        if self.phase is not Phase.CONVERTING or self.progress_value is None:
            return None
        return round(self.progress_value.fraction * 100)

    def busy_notice(self) -> str:
        return self.tr("A clip is being imported: wait for it, or cancel it on the Import screen.")

    # --- choosing and reading the clip ------------------------------------------------------------

    def choose_clip(self) -> None:
        if self.phase is Phase.CONVERTING or (self.picker is not None and self.picker.isVisible()):
            return
        picker = FilePicker(self.window(), mode=PickerMode.FILE, suffixes=VIDEO_SUFFIXES,
                            title=self.tr("Choose the clip (from the phone, the card or a USB drive)"),
                            start=self.path.parent if self.path is not None and self.path.parent.is_dir() else None)
        picker.chosen.connect(self.open_clip)
        picker.finished.connect(lambda _result: self._picker_closed(picker))
        self.picker = picker
        picker.open()

    def _picker_closed(self, picker: FilePicker) -> None:
        picker.deleteLater()
        if self.picker is picker:
            self.picker = None
        # nothing hands the keyboard back to the kiosk when a dialog closes without a window manager
        self.window().activateWindow()
        self.activated()

    def open_clip(self, path: Path) -> None:
        """Read ``path``'s facts in the background (a sign of progress meanwhile)."""
        if not self.importer.open(path):
            return
        self.path, self.info = path, None
        self.problem = self.refusal = self.limit = None
        self._preview_at = None
        self.still.set_image(None)
        self.fill_button.setChecked(False)
        self._set_phase(Phase.PROBING)

    def _on_probed(self, info: ClipInfo) -> None:
        self.info = info
        # the bar spans the page (it may not have been laid out yet): thumbnails 16:9, side by side
        count = min(max(self.trim_bar.thumbnail_count(self.width()), THUMBNAILS[0]), THUMBNAILS[1])
        self.trim_bar.set_clip(info.duration_s, info.frame_times, info.fps or info.video.nominal_fps, count)
        self.importer.load_pictures(self.trim_bar.thumbnail_times())
        self._fill_badges(info)
        self._set_phase(Phase.READY)
        self._check_plan()
        self._ask_preview()
        self.activated()

    def _on_probe_failed(self, exc: Exception) -> None:
        self.problem = exc
        self.info = None
        self._set_phase(Phase.EMPTY)
        self.choose_button.setFocus()

    # --- the span, the fill and the preview ----------------------------------------------------------

    def _on_span(self, _start_s: float, _seconds: float) -> None:
        self.limit = None
        self._check_plan()
        self._preview_timer.start()
        self._refresh()

    def _on_limit(self, limit: Limit) -> None:
        self.limit = limit
        self._refresh()

    def toggle_fill(self) -> None:
        if self.fill_button.isVisible() and self.fill_button.isEnabled():
            self.fill_button.toggle()

    def _on_fill(self, _on: bool) -> None:
        if self.info is None:
            return
        self._check_plan()
        self._ask_preview()

    def _check_plan(self) -> None:
        """The core's own refusals for the span and framing (cheap: no file is read)."""
        self.refusal = None
        if self.info is not None:
            try:
                plan_import(self.info, self.trim_bar.start_s, self.trim_bar.seconds if self.trim_bar.usable else None,
                            fill=self.fill_button.isChecked())
            except BadInput as exc:
                self.refusal = exc
        self._refresh()

    def _ask_preview(self) -> None:
        if self.info is not None and self.phase in (Phase.READY, Phase.CONVERTING):
            if not self.importer.previewing:
                self._preview_since = time.monotonic()
            self.importer.request_preview(self.trim_bar.start_s, self.fill_button.isChecked())
            self._refresh()

    def _on_preview(self, t_s: float, fill: bool, picture: np.ndarray) -> None:
        self._preview_at = (t_s, fill)
        self.still.set_image(bgr_image(picture))
        self._refresh()

    def _on_preview_failed(self, exc: Exception) -> None:
        self._preview_at = None
        self.still.set_image(None)
        self.still.set_overlay(pick(exc.zh, exc.en) if isinstance(exc, KioskError) else str(exc))

    # --- converting ------------------------------------------------------------------------------

    def convert(self) -> None:
        if self.phase is not Phase.READY or self.refusal is not None or not self.trim_bar.usable:
            return
        fill = self.fill_button.isChecked() and bool(self.info is not None and self.info.portrait)
        if not self.importer.convert(self.trim_bar.start_s, self.trim_bar.seconds, fill):
            return
        self.problem, self.progress_value, self._cancelling = None, None, False
        self._set_phase(Phase.CONVERTING)
        self.cancel_button.setFocus()

    def cancel_conversion(self) -> None:
        if self.phase is Phase.CONVERTING and self.importer.cancel_conversion():
            self._cancelling = True
            self._refresh()

    def _on_progress(self, progress: ImportProgress) -> None:
        self.progress_value = progress
        self._refresh()
        self.busy_changed.emit()

    def _on_imported(self, take: Take) -> None:
        self.imported_name = self.path.name if self.path is not None else take.id
        self.importer.forget()
        self.path = self.info = None
        self.problem = self.refusal = None
        self._set_phase(Phase.EMPTY)
        self.take_imported.emit(take)

    def _on_import_failed(self, exc: Exception) -> None:
        self.problem = exc
        self._set_phase(Phase.READY if self.info is not None else Phase.EMPTY)
        self.activated()

    # --- showing where things stand -----------------------------------------------------------------

    def _set_phase(self, phase: Phase) -> None:
        changed = phase is not self.phase
        self.phase = phase
        self._waiting_since = time.monotonic()
        if phase is Phase.EMPTY:
            self._fill_badges(None)
        self._refresh()
        if changed:
            self.busy_changed.emit()

    def _fill_badges(self, info: ClipInfo | None) -> None:
        while (item := self.badges.takeAt(0)) is not None:  # the chips and the stretch after them
            chip = item.widget()
            if chip is not None:
                chip.deleteLater()
        self.badge_labels = []
        found = self._findings(info) if info is not None else []
        # what the conversion does about them, in words by the preview (a tooltip needs a mouse)
        self.facts.setText("\n".join(f"• {b.text}: {b.meaning}" for b in found if b.fact))
        self.facts.setVisible(bool(self.facts.text()))
        if info is None:
            return
        for badge in found + self._format(info):
            label = QLabel(badge.text)
            label.setToolTip(badge.meaning)
            label.setAccessibleName(badge.text)
            label.setProperty("chip", "warning" if badge.warning else "info")
            self.badges.addWidget(label)
            self.badge_labels.append(label)
        self.badges.addStretch(1)

    def _findings(self, info: ClipInfo) -> list[Badge]:
        """A badge for each thing found in the clip (the core's ``info.badges()``), with what it means."""
        found = []
        for badge in info.badges():
            if badge == "4K":
                found.append(Badge(self.tr("4K"), self.tr("scaled to 1920×1080, never stretched.")))
            elif badge.startswith("HDR"):
                found.append(Badge(self.tr("HDR %1").replace("%1", badge.removeprefix("HDR").strip()),
                                   self.tr("tone-mapped to SDR (BT.709), as the preview shows.")))
            elif badge == "VFR":
                found.append(Badge(self.tr("Variable frame rate"),
                                   self.tr("made a steady 30 fps, each frame placed by its time: the sound stays "
                                           "in sync.")))
            elif badge == "portrait":
                found.append(Badge(self.tr("Portrait"), self.tr("the reason and the choice are above the trim bar."),
                                   warning=True, fact=False))
            elif badge == "extra track ignored":
                found.append(Badge(self.tr("Extra track ignored"),
                                   self.tr("left out of the take: %1.").replace("%1", ", ".join(info.ignored_tracks))))
            elif badge == "no sound":
                found.append(Badge(self.tr("No sound"),
                                   self.tr("the take will have no sound; sending it needs an explicit override."),
                                   warning=True))
            else:
                found.append(Badge(badge, "", fact=False))
        return found

    def _format(self, info: ClipInfo) -> list[Badge]:
        """The codec, the picture and the length."""
        codec, fps = info.video.codec, info.fps or info.video.nominal_fps
        size = self.tr("%1×%2 · %3 fps").replace("%1", str(info.width)).replace("%2", str(info.height))
        return [
            Badge(_CODECS.get(codec, codec.upper()), self.tr("the clip's video format"), fact=False),
            Badge(size.replace("%3", f"{fps:.3g}"), self.tr("the picture as shown, and its frame rate"), fact=False),
            Badge(self.tr("%1 s long").replace("%1", f"{info.duration_s:.1f}"), self.tr("the clip's length"),
                  fact=False),
        ]

    def _refresh(self) -> None:
        phase = self.phase
        has_clip = phase in (Phase.READY, Phase.CONVERTING)
        self.intro.setVisible(not has_clip)
        self.body.setVisible(has_clip)
        self.trim_bar.setVisible(has_clip)
        self.trim_bar.setEnabled(phase is Phase.READY and self.trim_bar.usable)
        self.choose_button.setEnabled(phase is not Phase.CONVERTING)
        portrait = has_clip and self.info is not None and self.info.portrait
        self.fill_button.setVisible(portrait)
        restyle(self.choose_button, "" if has_clip else "primary")  # then Convert is the main action
        self.fill_button.setEnabled(phase is Phase.READY)
        self.convert_button.setVisible(phase in (Phase.READY, Phase.PROBING))
        self.convert_button.setEnabled(phase is Phase.READY and self.refusal is None and self.trim_bar.usable)
        self.cancel_button.setVisible(phase is Phase.CONVERTING)
        self.cancel_button.setEnabled(not self._cancelling)
        waiting = phase is Phase.PROBING or (phase is Phase.CONVERTING and self.progress_value is None)
        self.progress.setVisible(phase in (Phase.PROBING, Phase.CONVERTING))
        self.progress.setRange(0, 0 if waiting else PROGRESS_STEPS)  # 0..0: Qt's busy indicator
        if phase is Phase.CONVERTING and self.progress_value is not None:
            self.progress.setValue(round(self.progress_value.fraction * PROGRESS_STEPS))
        busy = phase in (Phase.PROBING, Phase.CONVERTING) or self.importer.previewing
        if busy and not self._ticker.isActive():
            self._ticker.start()
        elif not busy:
            self._ticker.stop()
        self._refresh_texts()

    def _waited(self) -> str:
        return str(int(time.monotonic() - self._waiting_since))

    def _refresh_texts(self) -> None:
        self.file_label.setText(self._file_text())
        self.status.setText(self._status_text())
        problem = self.problem is not None and self.phase is not Phase.CONVERTING
        restyle(self.status, "warning" if problem or (self.phase is Phase.READY and self.limit) else "")
        refused = self.refusal is not None and self.phase is not Phase.EMPTY
        portrait = self.info is not None and self.info.portrait and self.phase is not Phase.EMPTY
        self.refusal_bar.setVisible(refused or portrait)
        self.refusal_label.setText(self._refusal_text())
        self.next_hint.setVisible(not refused and not self.facts.text())  # the facts, or what comes next
        bar = self.trim_bar
        self.readout.setText(self.tr("From %1 to %2 · %3 s").replace("%1", clock_text(bar.start_s))
                             .replace("%2", clock_text(bar.end_s)).replace("%3", f"{bar.seconds:.2f}"))
        moving = {Part.START: self.tr("the start"), Part.END: self.tr("the end"), Part.SPAN: self.tr("the whole span")}
        self.trim_hint.setText(self.tr("Trim bar: ←/→ a frame, Shift+←/→ a second, ↑/↓ what moves (now %1), "
                                       "or drag. A take is 10–15 s.").replace("%1", moving[bar.part]))
        self.preview_caption.setText(self._caption_text())
        if self.importer.previewing:
            waited = str(int(time.monotonic() - self._preview_since))
            self.still.set_overlay(self.tr("Making the preview… %1 s").replace("%1", waited), stale=True)
        elif self._preview_at is not None and self._preview_at != (bar.start_s, self.fill_button.isChecked()):
            self.still.set_overlay(self.tr("Waiting for the trim bar to rest…"), stale=True)
        elif self._preview_at is not None:
            self.still.set_overlay("")

    def _file_text(self) -> str:
        if self.path is not None:
            return str(self.path)
        if self.imported_name:
            return self.tr("Last imported: %1").replace("%1", self.imported_name)
        return self.tr("No clip chosen yet.")

    def _caption_text(self) -> str:
        if self.info is None:
            return ""
        # each further sentence brings its own space (none between Chinese sentences)
        text = self.tr("The take at its start, as it will look.")
        if self.info.portrait:
            text += (self.tr(" The sides are filled with the picture, blurred.") if self.fill_button.isChecked()
                     else self.tr(" Black bars at the sides: the organiser asks for landscape."))
        return text

    def _refusal_text(self) -> str:
        info, refusal = self.info, self.refusal
        if refusal is None:
            return self.tr("Portrait clip, filled: the sides show the picture again, blurred and a little darker.") \
                if info is not None and info.portrait else ""
        if info is not None and info.portrait and not self.fill_button.isChecked():
            return self.tr("Portrait clip (%1×%2): the organiser asks for landscape, and a picture is never "
                           "stretched. Film it again holding the phone sideways, or fill the sides with a blurred "
                           "copy of the picture (F).").replace("%1", str(info.width)).replace("%2", str(info.height))
        return pick(refusal.zh, refusal.en)

    def _status_text(self) -> str:
        phase = self.phase
        if phase is Phase.PROBING:
            return self.tr("Reading the clip… %1 s").replace("%1", self._waited())
        if phase is Phase.CONVERTING:
            return self._converting_text()
        if self.problem is not None:
            return self._problem_text(self.problem)
        if phase is Phase.EMPTY:
            if self.imported_name:
                return self.tr("%1 became a take: it is on the Review screen. Choose another clip to import it too.") \
                    .replace("%1", self.imported_name)
            return self.tr("Choose a clip (Ctrl+O).")
        if self.limit is not None:
            return self._limit_text(self.limit)
        if self.refusal is not None:
            return self.tr("This clip cannot be converted as it is: the reason is above the trim bar.")
        return self.tr("Ready: Convert (Ctrl+Enter) makes a %1 s take from %2.").replace(
            "%1", f"{self.trim_bar.seconds:.2f}").replace("%2", clock_text(self.trim_bar.start_s))

    def _converting_text(self) -> str:
        if self._cancelling:
            return self.tr("Cancelling… nothing of this import is kept.")
        progress = self.progress_value
        if progress is None or progress.stage == "probe":
            return self.tr("Starting the conversion… %1 s").replace("%1", self._waited())
        if progress.stage == "convert":
            return self.tr("Converting: %1 of %2 s of the take made. You may go on to other screens.").replace(
                "%1", f"{progress.done_s:.1f}").replace("%2", f"{progress.total_s:.1f}")
        if progress.stage == "photos":
            return self.tr("Adding the photos…")
        return self.tr("Checking the take and choosing its photos…")

    def _problem_text(self, exc: Exception) -> str:
        if isinstance(exc, ImportCancelled):
            return self.tr("Cancelled: nothing was kept. Convert again, or choose another clip.")
        if isinstance(exc, KioskError):
            return pick(exc.zh, exc.en)
        return self.tr("The import failed: %1").replace("%1", str(exc))

    def _limit_text(self, limit: Limit) -> str:
        return {
            Limit.MIN_LENGTH: self.tr("A take is at least 10 s: the span cannot be shorter."),
            Limit.MAX_LENGTH: self.tr("A take is at most 15 s: the span cannot be longer."),
            Limit.CLIP_START: self.tr("That is the start of the clip."),
            Limit.CLIP_END: self.tr("That is the end of the clip."),
        }[limit]

    # --- words ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Import a clip from a phone or camera"))
        self.choose_button.setText(self.tr("Choose a clip… (Ctrl+O)"))
        self.choose_button.setAccessibleName(self.tr("Choose a clip"))
        self.intro.setText("\n\n".join((
            self.tr("A county filmed the pledge on a phone or a camera? Make that clip a take, exactly like one "
                    "recorded here: 1920×1080, 30 fps, with its sound and three photos. Then keep it on Review, "
                    "fill in the consent and send it as usual."),
            self.tr("Copy the clip from the phone, or plug in the card or the USB drive, then choose it. Landscape, "
                    "at least 1920×1080; you choose the 10–15 s that become the take."),
        )))
        self.next_hint.setText(self.tr("Convert makes the take: 1920×1080, 30 fps, with the clip's sound and three "
                                       "photos chosen from the span. It then appears on Review, like a take "
                                       "recorded here: watch it, keep it, send it."))
        self.fill_button.setText(self.tr("Fill the sides with a blurred copy (F)"))
        self.fill_button.setAccessibleName(self.tr("Fill the sides with a blurred copy"))
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the conversion"))
        self.convert_button.setText(self.tr("Convert to a take (Ctrl+Enter)"))
        self.convert_button.setAccessibleName(self.tr("Convert to a take"))
        self.still.setAccessibleName(self.tr("Preview of the take at its start"))
        self.progress.setAccessibleName(self.tr("Progress of the import"))
        if self.info is not None:
            self._fill_badges(self.info)
        self._refresh()
