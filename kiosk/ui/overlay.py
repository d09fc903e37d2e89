"""The IVY 2026 framing guide, drawn with QPainter over the preview picture (never on the recording).

Everything is placed relative to the picture rectangle, so the guide means the same thing at any
window size: the broadcast safe areas (action-safe 90 %, title-safe 80 %), where the stage head and
the logo backdrop should sit, the pledge line with the county, the IVY 2026 mark, the audio meter,
the REC light with elapsed and remaining time, and the 3-2-1 count-in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk import paths
from kiosk.capture.audio import Level
from kiosk.ui import theme

ACTION_SAFE = 0.90
TITLE_SAFE = 0.80
# Where the shot plan wants things, as fractions of the picture (x, y, width, height).
HEAD_ZONE = (0.40, 0.30, 0.20, 0.52)
BACKDROP_ZONE = (0.22, 0.12, 0.56, 0.32)
METER_FLOOR_DB = -60.0


@dataclass(frozen=True)
class GuideTexts:
    """The guide's words, already translated by the screen that owns the preview."""

    head: str = "Stage head here"
    backdrop: str = "Backdrop with the IVY 2026 logo"
    action_safe: str = "action safe"
    title_safe: str = "title safe"
    rec: str = "REC"
    remaining: str = "%1 left"
    mic: str = "MIC"
    clip: str = "CLIP"
    no_mic: str = "no mic"
    demo: str = "DEMO"


@dataclass
class GuideState:
    pledge: str = ""
    level: Level | None = None
    mic_present: bool = True
    recording: bool = False
    elapsed_s: float | None = None
    remaining_s: float | None = None
    count_in: int | None = None
    demo: bool = False
    texts: GuideTexts = field(default_factory=GuideTexts)


class BrandMark:
    """The IVY 2026 mark from ``resources/brand/``: a PNG when the organisers' logo has been dropped in,
    else the placeholder SVG."""

    def __init__(self, directory: Path | None = None) -> None:
        directory = directory or paths.resource("brand")
        png, svg = directory / "ivy2026-mark.png", directory / "ivy2026-mark.svg"
        self._pixmap: QPixmap | None = QPixmap(str(png)) if png.is_file() else None
        self._svg: QSvgRenderer | None = None
        if self._pixmap is None or self._pixmap.isNull():
            self._pixmap = None
            renderer = QSvgRenderer(str(svg)) if svg.is_file() else None
            self._svg = renderer if renderer is not None and renderer.isValid() else None

    @property
    def available(self) -> bool:
        return self._pixmap is not None or self._svg is not None

    def paint(self, painter: QPainter, box: QRectF) -> None:
        if self._pixmap is not None:
            size = self._pixmap.size().scaled(box.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(box.topLeft(), size.toSizeF())
            painter.drawPixmap(target, self._pixmap, QRectF(self._pixmap.rect()))
        elif self._svg is not None:
            self._svg.render(painter, box)


def fraction_rect(picture: QRectF, x: float, y: float, w: float, h: float) -> QRectF:
    return QRectF(picture.left() + x * picture.width(), picture.top() + y * picture.height(),
                  w * picture.width(), h * picture.height())


def centred(picture: QRectF, share: float) -> QRectF:
    margin_x, margin_y = picture.width() * (1 - share) / 2, picture.height() * (1 - share) / 2
    return picture.adjusted(margin_x, margin_y, -margin_x, -margin_y)


def _font(picture: QRectF, share_of_height: float, bold: bool = False) -> QFont:
    font = QFont(theme.register_fonts())
    font.setPixelSize(max(10, round(picture.height() * share_of_height)))
    font.setBold(bold)
    return font


def level_db(value: float) -> float:
    return METER_FLOOR_DB if value <= 0 else max(METER_FLOOR_DB, 20 * math.log10(value))


def meter_fraction(value: float) -> float:
    """0..1 of the meter's height for a linear amplitude (a dB scale from -60 dBFS to 0)."""
    return (level_db(value) - METER_FLOOR_DB) / -METER_FLOOR_DB


def whole_seconds(elapsed_s: float) -> int:
    """Seconds gone by, as a clock counts them: 3.9 s is still "3"."""
    return max(0, math.floor(elapsed_s + 1e-6))


def seconds_left(remaining_s: float) -> int:
    """Seconds still to go, counted up: 11.2 s left is "12", so elapsed + left is always the whole take."""
    return max(0, math.ceil(remaining_s - 1e-6))


def format_seconds(whole: int) -> str:
    return f"{whole // 60:d}:{whole % 60:02d}"


def draw_static(painter: QPainter, picture: QRectF, state: GuideState, mark: BrandMark | None = None) -> None:
    """What does not move while the camera runs: frames, zones, pledge, mark, DEMO."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_safe_frames(painter, picture, state.texts)
    _draw_zones(painter, picture, state.texts)
    _draw_pledge(painter, picture, state.pledge)
    if mark is not None and mark.available:
        title = centred(picture, TITLE_SAFE)
        side = picture.height() * 0.16
        mark.paint(painter, QRectF(title.left(), title.top(), side, side))
    if state.demo:
        _draw_demo(painter, picture, state.texts.demo)
    painter.restore()


def draw_dynamic(painter: QPainter, picture: QRectF, state: GuideState) -> None:
    """What changes every frame: the audio meter, the REC light and times, the count-in."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _draw_meter(painter, picture, state)
    _draw_rec(painter, picture, state)
    if state.count_in is not None:
        _draw_count_in(painter, picture, state.count_in)
    painter.restore()


class GuideLayer:
    """The preview's guide: the still parts rendered once into a transparent pixmap (text outlines and
    the SVG mark cost tens of milliseconds), the moving parts drawn over it each frame."""

    def __init__(self, mark: BrandMark | None = None) -> None:
        self.mark = mark
        self._key: tuple | None = None
        self._pixmap: QPixmap | None = None
        self.renders = 0  # how often the still layer was rebuilt (tests: not once per frame)

    def paint(self, painter: QPainter, picture: QRectF, state: GuideState, ratio: float) -> None:
        key = (round(picture.width()), round(picture.height()), ratio, state.pledge, state.demo, state.texts)
        if key != self._key or self._pixmap is None:
            self._pixmap = self._render(picture, state, ratio)
            self._key = key
        painter.drawPixmap(picture.topLeft(), self._pixmap)
        draw_dynamic(painter, picture, state)

    def _render(self, picture: QRectF, state: GuideState, ratio: float) -> QPixmap:
        pixmap = QPixmap(max(1, round(picture.width() * ratio)), max(1, round(picture.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        draw_static(painter, QRectF(0, 0, picture.width(), picture.height()), state, self.mark)
        painter.end()
        self.renders += 1
        return pixmap


def _label(painter: QPainter, at: QPointF, text: str, font: QFont, colour: QColor) -> None:
    """Text with a dark halo, readable on any picture."""
    path = QPainterPath()
    path.addText(at, font, text)
    painter.strokePath(path, QPen(QColor(0, 0, 0, 200), max(2.0, font.pixelSize() / 6)))
    painter.fillPath(path, colour)


def _draw_safe_frames(painter: QPainter, picture: QRectF, texts: GuideTexts) -> None:
    font = _font(picture, 0.026)
    action, title = centred(picture, ACTION_SAFE), centred(picture, TITLE_SAFE)
    width = max(1.0, picture.height() / 400)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    action_colour, title_colour = QColor(255, 255, 255, 120), QColor(255, 211, 77, 170)
    painter.setPen(QPen(action_colour, width, Qt.PenStyle.DashLine))
    painter.drawRect(action)
    painter.setPen(QPen(title_colour, width, Qt.PenStyle.SolidLine))
    painter.drawRect(title)
    # Both labels sit in the band between the two frames, clear of the guide's zones and the pledge.
    gap = (title.top() - action.top()) / 2 + font.pixelSize() * 0.35
    _label(painter, QPointF(action.left() + 6, action.bottom() - gap + font.pixelSize() * 0.1), texts.action_safe,
           font, action_colour)
    title_width = QFontMetricsF(font).horizontalAdvance(texts.title_safe)
    _label(painter, QPointF(title.right() - title_width, action.top() + gap), texts.title_safe, font,
           title_colour)


def _draw_zones(painter: QPainter, picture: QRectF, texts: GuideTexts) -> None:
    font = _font(picture, 0.028, bold=True)
    backdrop = fraction_rect(picture, *BACKDROP_ZONE)
    painter.setPen(QPen(QColor(120, 200, 255, 200), max(1.5, picture.height() / 300), Qt.PenStyle.DashDotLine))
    painter.setBrush(QColor(120, 200, 255, 28))
    painter.drawRoundedRect(backdrop, 8, 8)
    _label(painter, QPointF(backdrop.left() + 10, backdrop.top() + font.pixelSize() * 1.3), texts.backdrop,
           font, QColor(170, 225, 255))

    head = fraction_rect(picture, *HEAD_ZONE)
    painter.setPen(QPen(QColor(120, 255, 170, 210), max(1.5, picture.height() / 300), Qt.PenStyle.DashLine))
    painter.setBrush(QColor(120, 255, 170, 24))
    painter.drawRoundedRect(head, 10, 10)
    # A head-and-shoulders outline: the county head stands here, facing the camera, then turns.
    radius = head.width() * 0.22
    centre = QPointF(head.center().x(), head.top() + head.height() * 0.30)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(centre, radius, radius * 1.15)
    shoulders = QRectF(head.left() + head.width() * 0.12, centre.y() + radius * 1.35,
                       head.width() * 0.76, head.height() * 0.5)
    painter.drawArc(shoulders, 0, 180 * 16)
    _label(painter, QPointF(head.left(), head.bottom() + font.pixelSize() * 1.2), texts.head, font,
           QColor(170, 255, 200))


def _draw_pledge(painter: QPainter, picture: QRectF, pledge: str) -> None:
    if not pledge:
        return
    title = centred(picture, TITLE_SAFE)
    font = _font(picture, 0.05, bold=True)
    band = QRectF(title.left(), title.bottom() - picture.height() * 0.085, title.width(),
                  picture.height() * 0.075)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 150))
    painter.drawRoundedRect(band, 8, 8)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(band, Qt.AlignmentFlag.AlignCenter, f"「{pledge}」")


def _draw_meter(painter: QPainter, picture: QRectF, state: GuideState) -> None:
    action = centred(picture, ACTION_SAFE)
    width = max(10.0, picture.width() * 0.018)
    bar = QRectF(action.right() - width - 6, action.top() + picture.height() * 0.22, width,
                 picture.height() * 0.45)
    font = _font(picture, 0.022, bold=True)
    painter.setPen(QPen(QColor(255, 255, 255, 160), 1))
    painter.setBrush(QColor(0, 0, 0, 150))
    painter.drawRect(bar)
    if not state.mic_present or state.level is None:
        no_mic_width = QFontMetricsF(font).horizontalAdvance(state.texts.no_mic)
        _pill(painter, QPointF(bar.right() - no_mic_width, bar.bottom() + font.pixelSize() * 1.4),
              state.texts.no_mic, font, QColor(theme.WARNING))
        return
    level = state.level
    rms_height = bar.height() * meter_fraction(level.rms)
    gradient_colour = QColor(theme.DANGER) if level.clipped else QColor(theme.ACCENT)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(gradient_colour))
    painter.drawRect(QRectF(bar.left(), bar.bottom() - rms_height, bar.width(), rms_height))
    peak_y = bar.bottom() - bar.height() * meter_fraction(level.peak)
    painter.setPen(QPen(QColor("#ffffff"), 2))
    painter.drawLine(QPointF(bar.left(), peak_y), QPointF(bar.right(), peak_y))
    caption = state.texts.clip if level.clipped else state.texts.mic
    colour = QColor(theme.DANGER) if level.clipped else QColor("#ffffff")
    caption_width = QFontMetricsF(font).horizontalAdvance(caption)
    _pill(painter, QPointF(bar.right() - caption_width, bar.bottom() + font.pixelSize() * 1.4), caption, font,
          colour)


def _pill(painter: QPainter, at: QPointF, text: str, font: QFont, colour: QColor, lead: float = 0.0) -> QRectF:
    """Text on a dark rounded box (cheap enough for every frame, unlike outlined text); ``lead`` leaves
    room on the left inside the box (for the REC light)."""
    metrics = QFontMetricsF(font)
    pad = font.pixelSize() * 0.3
    box = QRectF(at.x() - pad - lead, at.y() - metrics.ascent() - pad,
                 metrics.horizontalAdvance(text) + 2 * pad + lead, metrics.height() + 2 * pad)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 160))
    painter.drawRoundedRect(box, pad, pad)
    painter.setFont(font)
    painter.setPen(colour)
    painter.drawText(at, text)
    return box


def _draw_rec(painter: QPainter, picture: QRectF, state: GuideState) -> None:
    if not state.recording:
        return
    title = centred(picture, TITLE_SAFE)
    font = _font(picture, 0.045, bold=True)
    radius = font.pixelSize() * 0.42
    lit = state.elapsed_s is None or (state.elapsed_s % 1.0) < 0.6  # a slow blink: alive, not alarming
    text = state.texts.rec
    if state.elapsed_s is not None:
        text += f"  {format_seconds(whole_seconds(state.elapsed_s))}"
    width = QFontMetricsF(font).horizontalAdvance(text)
    # Inside the title-safe frame with a clear margin: the badge never covers the frame's corner.
    origin = QPointF(title.right() - width - font.pixelSize() * 0.9, title.top() + font.pixelSize() * 1.75)
    box = _pill(painter, origin, text, font, QColor("#ffffff"), lead=radius * 2.8)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(theme.DANGER) if lit else QColor(120, 30, 30))
    painter.drawEllipse(QPointF(box.left() + font.pixelSize() * 0.3 + radius, box.center().y()), radius, radius)
    if state.remaining_s is not None:
        small = _font(picture, 0.032, bold=True)
        remaining = state.texts.remaining.replace("%1", format_seconds(seconds_left(state.remaining_s)))
        small_width = QFontMetricsF(small).horizontalAdvance(remaining)
        _pill(painter, QPointF(box.right() - small_width - small.pixelSize() * 0.3,
                               box.bottom() + small.pixelSize() * 1.3), remaining, small, QColor(255, 235, 170))


def _draw_demo(painter: QPainter, picture: QRectF, text: str) -> None:
    font = _font(picture, 0.035, bold=True)
    painter.save()
    painter.setOpacity(0.75)
    title = centred(picture, TITLE_SAFE)
    width = QFontMetricsF(font).horizontalAdvance(text)
    # In the band between the action-safe and title-safe frames, clear of the guide's zones.
    _label(painter, QPointF(title.center().x() - width / 2, title.top() - font.pixelSize() * 0.25), text, font,
           QColor(theme.WARNING))
    painter.restore()


def _draw_count_in(painter: QPainter, picture: QRectF, number: int) -> None:
    font = _font(picture, 0.42, bold=True)
    radius = picture.height() * 0.26
    centre = picture.center()
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(0, 0, 0, 150))
    painter.drawEllipse(centre, radius, radius)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                     Qt.AlignmentFlag.AlignCenter, str(number))
