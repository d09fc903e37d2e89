"""The live preview: polls the capture thread's latest frame from a GUI-thread timer and paints it
with the framing guide on top.

The capture thread never waits for the preview: it only replaces ``camera.latest()``. When the GUI
is busy the preview simply shows a later frame (it drops frames, the recorder never does).
"""

from __future__ import annotations

import time

import cv2
import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.capture import Camera, Microphone
from kiosk.ui import theme
from kiosk.ui.overlay import BrandMark, GuideLayer, GuideState
from kiosk.ui.widgets import ConfirmBar

ASPECT = 16 / 9
FIRST_REDUCTION = (960, 540)  # an exact halving of 1080p: INTER_AREA is cheap (~1 ms) and clean
FROZEN_AFTER_S = 1.0
IDLE_REPAINT_S = 0.1  # without camera frames, repaint at 10 Hz


def fit_16_9(area: QRectF) -> QRectF:
    """The largest 16:9 rectangle centred in ``area`` (letterbox or pillarbox)."""
    width = min(area.width(), area.height() * ASPECT)
    height = width / ASPECT
    return QRectF(area.center().x() - width / 2, area.center().y() - height / 2, width, height)


def downsize(image: np.ndarray, width: int, height: int) -> np.ndarray:
    """Camera picture → preview size (never larger than the camera's own picture).

    Down to 960×540 or less: first an exact halving by area averaging (clean, ~1 ms for 1080p), then
    linear to the exact size. Larger previews (big or HiDPI screens): one linear step, under 2×.
    """
    source_height, source_width = image.shape[:2]
    if width >= source_width or height >= source_height:
        return image
    if width <= FIRST_REDUCTION[0] and source_width >= FIRST_REDUCTION[0] * 2:
        image = cv2.resize(image, FIRST_REDUCTION, interpolation=cv2.INTER_AREA)
    if (image.shape[1], image.shape[0]) != (width, height):
        image = cv2.resize(image, (width, height), interpolation=cv2.INTER_LINEAR)
    return np.ascontiguousarray(image)


class PreviewWidget(QWidget):
    POLL_MS = 15

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.state = GuideState()
        self.mark = BrandMark()
        self.guide = GuideLayer(self.mark)
        self.status_text = ""  # shown centred when there is no live picture
        self.frames_shown = 0
        self._camera: Camera | None = None
        self._mic: Microphone | None = None
        self._pixels: np.ndarray | None = None  # keeps the QImage's memory alive
        self._image: QImage | None = None
        self._last_seq = -1
        self._last_new_frame = 0.0
        self._last_paint_request = 0.0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self.poll)
        self._bottom_overlay: ConfirmBar | None = None

    def sizeHint(self) -> QSize:
        return QSize(960, 540)

    def set_bottom_overlay(self, widget: ConfirmBar) -> None:
        """A child laid over the bottom of the picture (a question during a take): it never takes
        room from the preview, so the picture keeps its size when it appears."""
        self._bottom_overlay = widget
        widget.setParent(self)
        widget.shown.connect(self._place_overlay)
        self._place_overlay()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._place_overlay()
        super().resizeEvent(event)

    def _place_overlay(self) -> None:
        overlay = self._bottom_overlay
        if overlay is None:
            return
        picture = self.picture_rect().toRect()
        width = max(200, picture.width() - 24)
        height = min(max(overlay.heightForWidth(width), overlay.sizeHint().height()), picture.height())
        overlay.setGeometry(picture.left() + 12, picture.bottom() - height - 12, width, height)

    def attach(self, camera: Camera | None, mic: Microphone | None) -> None:
        self._camera, self._mic = camera, mic
        self._last_seq = -1
        self._image = None
        self.state.mic_present = mic is not None
        if camera is not None:
            self._timer.start()
        else:
            self._timer.stop()
        self.update()

    def detach(self) -> None:
        self.attach(None, None)

    @property
    def camera(self) -> Camera | None:
        return self._camera

    def picture_rect(self) -> QRectF:
        return fit_16_9(QRectF(self.rect()))

    def is_frozen(self) -> bool:
        return self._image is None or time.monotonic() - self._last_new_frame > FROZEN_AFTER_S

    def poll(self) -> None:
        """One timer tick: take the newest frame if there is one, refresh the meter, repaint.

        Without a new frame it repaints only now and then (meter, count-in on a frozen camera):
        painting is the GUI thread's biggest cost, and the recorder's threads share the CPU.
        """
        now = time.monotonic()
        frame = self._camera.latest() if self._camera is not None else None
        fresh = frame is not None and frame.seq != self._last_seq
        if not fresh and now - self._last_paint_request < IDLE_REPAINT_S:
            return
        if self._mic is not None:
            self.state.level = self._mic.ring.level(0.1)
        if frame is not None and fresh:
            self._last_seq = frame.seq
            self._set_picture(frame.image)
            self._last_new_frame = now
            self.frames_shown += 1
        self._last_paint_request = now
        self.update()

    def _set_picture(self, image: np.ndarray) -> None:
        ratio = self.devicePixelRatioF()
        target = self.picture_rect()
        pixels = downsize(image, max(16, round(target.width() * ratio)), max(9, round(target.height() * ratio)))
        height, width = pixels.shape[:2]
        qimage = QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_BGR888)
        qimage.setDevicePixelRatio(ratio)
        self._pixels, self._image = pixels, qimage

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        picture = self.picture_rect()
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(picture, self._image)
        else:
            painter.fillRect(picture, QColor("#0b0d10"))
        self.guide.paint(painter, picture, self.state, self.devicePixelRatioF())
        if self.status_text and (self._camera is None or self.is_frozen()):
            self._paint_status(painter, picture)
        painter.end()

    def _paint_status(self, painter: QPainter, picture: QRectF) -> None:
        font = QFont(theme.register_fonts())
        font.setPixelSize(max(14, round(picture.height() * 0.045)))
        font.setBold(True)
        box = picture.adjusted(picture.width() * 0.15, picture.height() * 0.35, -picture.width() * 0.15,
                               -picture.height() * 0.35)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 200))
        painter.drawRoundedRect(box, 10, 10)
        painter.setFont(font)
        painter.setPen(QColor(theme.WARNING))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.status_text)
