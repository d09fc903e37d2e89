"""The Import screen's trim bar: the whole clip as thumbnails over its sound's waveform, and the span
that becomes the take, between a start and an end handle.

The bar enforces the organiser's 10–15 s itself: a handle stops at the limit (and says why with
``refused``), so the span is always one the import accepts. The start lands on a frame of the clip
(its own frame times, a variable frame rate included); the length is counted in the take's frames
(30 fps), so the end is a frame of the take.

Keyboard (when the bar has the focus): ←/→ one frame, Shift+←/→ one second, ↑/↓ choose what moves
(the start, the end, or the whole span), Home/End the span to the clip's start or end.
Mouse: drag a handle, drag the span, or click outside it to move the span there.
"""

from __future__ import annotations

import bisect
import enum
import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.importing.picture import TAKE_FPS
from kiosk.organiser import TAKE_MAX_SECONDS, TAKE_MIN_SECONDS
from kiosk.ui import theme

HANDLE_PX = 12  # a handle's width; it is grabbed within GRAB_PX of its centre
GRAB_PX = 18
BAR_MIN_HEIGHT = 120
WAVE_SHARE = 0.38  # the lower part of the bar is the waveform
_EPSILON = 1e-6


class Part(enum.Enum):
    """What the arrows (or the mouse) move."""

    START = "start"
    END = "end"
    SPAN = "span"


class Limit(enum.Enum):
    """Why a move stopped where it did."""

    MIN_LENGTH = "min-length"  # a take is at least 10 s
    MAX_LENGTH = "max-length"  # … and at most 15 s
    CLIP_START = "clip-start"
    CLIP_END = "clip-end"


_CYCLE = (Part.START, Part.END, Part.SPAN)
MIN_FRAMES = TAKE_MIN_SECONDS * TAKE_FPS
MAX_FRAMES = TAKE_MAX_SECONDS * TAKE_FPS


class TrimBar(QWidget):
    changed = Signal(float, float)  # start (s into the clip), length (s)
    refused = Signal(object)  # Limit: a move stopped at it
    part_changed = Signal(object)  # Part: what the arrows move now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trim-bar")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(BAR_MIN_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.duration_s = 0.0
        self.fps = float(TAKE_FPS)
        self.frame_times: tuple[float, ...] = ()
        self.start_s = 0.0
        self.frames = 0  # the take's length in its own frames (30 fps)
        self.part = Part.START
        self.thumbnails: list[QImage | None] = []
        self.peaks = np.zeros(0, dtype=np.float32)
        self._drag: Part | None = None
        self._drag_offset_s = 0.0
        self._backdrop: QPixmap | None = None  # the thumbnails and the waveform, drawn once per change
        self.retranslate()

    # --- the clip and the span ------------------------------------------------------------------

    def set_clip(self, duration_s: float, frame_times: Sequence[float] = (), fps: float = TAKE_FPS,
                 thumbnail_count: int = 0) -> None:
        """A new clip: the span from its first frame, 15 s long (or all of a shorter clip)."""
        self.duration_s = max(0.0, duration_s)
        self.frame_times = tuple(frame_times)
        self.fps = fps if fps > 0 else float(TAKE_FPS)
        self.thumbnails = [None] * thumbnail_count
        self.peaks = np.zeros(0, dtype=np.float32)
        self._backdrop = None
        self.start_s = self.frame_times[0] if self.frame_times and self.frame_times[0] < 1.0 else 0.0
        self.frames = min(MAX_FRAMES, self._frames_left(self.start_s))
        self.part = Part.START
        self._announce()

    @property
    def seconds(self) -> float:
        return self.frames / TAKE_FPS

    @property
    def end_s(self) -> float:
        return self.start_s + self.seconds

    @property
    def usable(self) -> bool:
        """The clip holds a 10 s span at all."""
        return self.duration_s + _EPSILON >= TAKE_MIN_SECONDS

    def thumbnail_count(self, width: int) -> int:
        """How many 16:9 thumbnails fill a bar ``width`` wide at its height, side by side."""
        pictures_height = (BAR_MIN_HEIGHT - 8) * (1 - WAVE_SHARE)  # the bar keeps its height
        return max(1, round((width - 2 * HANDLE_PX) / (pictures_height * 16 / 9)))

    def thumbnail_times(self) -> list[float]:
        """Where each thumbnail is taken: the middle of its share of the clip."""
        count = len(self.thumbnails)
        return [(index + 0.5) * self.duration_s / count for index in range(count)]

    def set_thumbnail(self, index: int, image: QImage) -> None:
        if 0 <= index < len(self.thumbnails):
            self.thumbnails[index] = image
            self._backdrop = None
            self.update()

    def set_peaks(self, peaks: np.ndarray) -> None:
        self.peaks = np.asarray(peaks, dtype=np.float32)
        self._backdrop = None
        self.update()

    def _frames_left(self, start_s: float) -> int:
        return max(0, math.floor((self.duration_s - start_s) * TAKE_FPS + _EPSILON))

    # --- moves (each keeps the span valid; a stop at a limit is said with ``refused``) ----------------

    def move_start(self, start_s: float) -> None:
        """The start to ``start_s`` (on a frame of the clip); the end stays where it is."""
        end = self.end_s
        lowest, highest = max(0.0, end - TAKE_MAX_SECONDS), end - TAKE_MIN_SECONDS
        limit = None
        if start_s < lowest - _EPSILON:
            limit = Limit.CLIP_START if lowest <= _EPSILON else Limit.MAX_LENGTH
        elif start_s > highest + _EPSILON:
            limit = Limit.MIN_LENGTH
        start = self._snap_start(min(max(start_s, lowest), highest), lowest, highest)
        frames = min(MAX_FRAMES, max(MIN_FRAMES, round((end - start) * TAKE_FPS)), self._frames_left(start))
        self._set(start, frames, limit)

    def move_end(self, end_s: float) -> None:
        """The end to ``end_s`` (on a frame of the take); the start stays where it is."""
        wanted = round((end_s - self.start_s) * TAKE_FPS)
        most = min(MAX_FRAMES, self._frames_left(self.start_s))
        limit = None
        if wanted > most:
            limit = Limit.MAX_LENGTH if most == MAX_FRAMES else Limit.CLIP_END
        elif wanted < MIN_FRAMES:
            limit = Limit.MIN_LENGTH
        self._set(self.start_s, max(MIN_FRAMES, min(wanted, most)), limit)

    def move_span(self, start_s: float) -> None:
        """The whole span, its length kept, to start at ``start_s``."""
        highest = max(0.0, self.duration_s - self.seconds)
        limit = None
        if start_s < -_EPSILON:
            limit = Limit.CLIP_START
        elif start_s > highest + _EPSILON:
            limit = Limit.CLIP_END
        start = self._snap_start(min(max(start_s, 0.0), highest), 0.0, highest)
        self._set(start, min(self.frames, self._frames_left(start)), limit)

    def _set(self, start_s: float, frames: int, limit: Limit | None) -> None:
        moved = (start_s, frames) != (self.start_s, self.frames)
        self.start_s, self.frames = start_s, frames
        if moved:
            self._announce()
        if limit is not None:
            self.refused.emit(limit)

    def _announce(self) -> None:
        self.update()
        self._describe()
        self.changed.emit(self.start_s, self.seconds)

    # --- frames ---------------------------------------------------------------------------------------

    def _snap_start(self, t_s: float, lowest: float, highest: float) -> float:
        """The clip's frame nearest ``t_s`` that lies within [lowest, highest] (``t_s`` if none)."""
        candidates = [f for f in self._frames_near(t_s) if lowest - _EPSILON <= f <= highest + _EPSILON]
        return min(candidates, key=lambda f: abs(f - t_s)) if candidates else t_s

    def _frames_near(self, t_s: float) -> list[float]:
        times = self.frame_times
        if times and t_s <= times[-1]:
            at = bisect.bisect_left(times, t_s)
            return list(times[max(0, at - 1): at + 2])
        step = 1.0 / self.fps  # past the measured frame times: the clip's own rate
        base = math.floor(t_s / step)
        return [(base + k) * step for k in (-1, 0, 1, 2)]

    def clip_frame_after(self, t_s: float, direction: int) -> float:
        """The clip's next (``direction`` 1) or previous (-1) frame from ``t_s``."""
        times = self.frame_times
        if times and t_s < times[-1] - _EPSILON:
            if direction > 0:
                return times[min(len(times) - 1, bisect.bisect_right(times, t_s + _EPSILON))]
            at = bisect.bisect_left(times, t_s - _EPSILON)
            return times[at - 1] if at > 0 else t_s - 1.0 / self.fps
        step = 1.0 / self.fps
        return (round(t_s / step) + direction) * step

    def step(self, direction: int, whole_second: bool = False) -> None:
        """What the arrows do: the active part one frame (or one second) earlier or later."""
        if self.part is Part.END:
            self.move_end(self.end_s + direction * (1.0 if whole_second else 1.0 / TAKE_FPS))
            return
        target = self.start_s + direction if whole_second else self.clip_frame_after(self.start_s, direction)
        (self.move_start if self.part is Part.START else self.move_span)(target)

    def set_part(self, part: Part) -> None:
        if part is not self.part:
            self.part = part
            self.update()
            self._describe()
            self.part_changed.emit(part)

    # --- keyboard and mouse ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if not self.usable or not self.isEnabled():
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step(1 if key == Qt.Key.Key_Right else -1, whole_second=shift)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            at = _CYCLE.index(self.part) + (1 if key == Qt.Key.Key_Down else -1)
            self.set_part(_CYCLE[at % len(_CYCLE)])
        elif key == Qt.Key.Key_Home:
            self.move_span(0.0)
        elif key == Qt.Key.Key_End:
            self.move_span(max(0.0, self.duration_s - self.seconds))
        else:
            super().keyPressEvent(event)

    def _track(self) -> QRect:
        return self.rect().adjusted(HANDLE_PX, 4, -HANDLE_PX, -4)

    def x_of(self, t_s: float) -> float:
        track = self._track()
        return track.left() + (t_s / self.duration_s if self.duration_s else 0.0) * track.width()

    def time_at(self, x: float) -> float:
        track = self._track()
        share = (x - track.left()) / max(1, track.width())
        return min(max(share, 0.0), 1.0) * self.duration_s

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or not self.usable:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        x = event.position().x()
        near_start, near_end = abs(x - self.x_of(self.start_s)), abs(x - self.x_of(self.end_s))
        if min(near_start, near_end) <= GRAB_PX:
            self._drag = Part.START if near_start <= near_end else Part.END
        else:
            self._drag = Part.SPAN
            inside = self.x_of(self.start_s) <= x <= self.x_of(self.end_s)
            self._drag_offset_s = self.time_at(x) - self.start_s if inside else 0.0
            if not inside:
                self.move_span(self.time_at(x))
        self.set_part(self._drag)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        t_s = self.time_at(event.position().x())
        if self._drag is Part.START:
            self.move_start(t_s)
        elif self._drag is Part.END:
            self.move_end(t_s)
        else:
            self.move_span(t_s - self._drag_offset_s)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None
        super().mouseReleaseEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    # --- painting -------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(800, BAR_MIN_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._backdrop = None
        super().resizeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:
        # An arrow press repaints the span only: the thumbnails and the waveform come from a pixmap.
        if self._backdrop is None or self._backdrop.size() != self.size() * self.devicePixelRatioF():
            self._backdrop = self._draw_backdrop()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._backdrop)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.duration_s > 0 and self.frames:
            self._paint_span(painter, self._track())
        painter.end()

    def _draw_backdrop(self) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        track = self._track()
        painter.fillRect(track, QColor("#0e1014"))
        wave_height = round(track.height() * WAVE_SHARE)
        pictures = QRect(track.left(), track.top(), track.width(), track.height() - wave_height)
        wave = QRect(track.left(), pictures.bottom() + 1, track.width(), wave_height)
        self._paint_thumbnails(painter, pictures)
        self._paint_waveform(painter, wave)
        painter.end()
        return pixmap

    def _paint_thumbnails(self, painter: QPainter, area: QRect) -> None:
        count = len(self.thumbnails)
        for index, image in enumerate(self.thumbnails):
            cell = QRectF(area.left() + area.width() * index / count, area.top(), area.width() / count, area.height())
            if image is None or image.isNull():
                painter.fillRect(cell.adjusted(1, 1, -1, -1), QColor(theme.SURFACE))
                continue
            scaled = image.size().scaled(cell.size().toSize(), Qt.AspectRatioMode.KeepAspectRatioByExpanding)
            source = QRectF((scaled.width() - cell.width()) / 2, (scaled.height() - cell.height()) / 2,
                            cell.width(), cell.height())
            ratio = image.width() / max(1, scaled.width())
            painter.drawImage(cell, image, QRectF(source.x() * ratio, source.y() * ratio,
                                                  source.width() * ratio, source.height() * ratio))

    def _paint_waveform(self, painter: QPainter, area: QRect) -> None:
        painter.fillRect(area, QColor("#181c22"))
        if not len(self.peaks) or area.width() <= 0:
            return
        columns = np.interp(np.linspace(0, len(self.peaks) - 1, area.width()), np.arange(len(self.peaks)), self.peaks)
        painter.setPen(QPen(QColor("#6fc7a0"), 1))
        middle, half = area.center().y(), area.height() / 2 - 2
        for offset, peak in enumerate(columns):
            reach = max(0.5, float(peak) * half)
            x = area.left() + offset
            painter.drawLine(QPointF(x, middle - reach), QPointF(x, middle + reach))

    def _paint_span(self, painter: QPainter, track: QRect) -> None:
        left, right = self.x_of(self.start_s), self.x_of(self.end_s)
        shade = QColor(0, 0, 0, 165)
        painter.fillRect(QRectF(track.left(), track.top(), left - track.left(), track.height()), shade)
        painter.fillRect(QRectF(right, track.top(), track.right() - right + 1, track.height()), shade)
        focused = self.hasFocus()
        span_colour = QColor(theme.FOCUS if focused and self.part is Part.SPAN else theme.ACCENT)
        painter.setPen(QPen(span_colour, 3))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(left, track.top() + 1, right - left, track.height() - 2))
        for part, x in ((Part.START, left), (Part.END, right)):
            active = focused and self.part in (part, Part.SPAN)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(theme.FOCUS if active else theme.TEXT))
            painter.drawRoundedRect(QRectF(x - HANDLE_PX / 2, self.rect().top() + 1, HANDLE_PX,
                                           self.rect().height() - 2), 4, 4)
            painter.setBrush(QColor("#14171c"))
            for grip in (-8, 0, 8):
                painter.drawRect(QRectF(x - 3, self.rect().center().y() + grip - 1, 6, 2))

    # --- words ------------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Trim bar: the part of the clip that becomes the take"))
        self._describe()

    def _describe(self) -> None:
        moving = {Part.START: self.tr("the start"), Part.END: self.tr("the end"),
                  Part.SPAN: self.tr("the whole span")}[self.part]
        self.setAccessibleDescription(
            self.tr("From %1 s to %2 s, %3 s. The arrows move %4.").replace("%1", f"{self.start_s:.2f}")
            .replace("%2", f"{self.end_s:.2f}").replace("%3", f"{self.seconds:.2f}").replace("%4", moving))
