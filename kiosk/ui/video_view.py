"""Take playback with sound: QMediaPlayer into a QVideoSink, painted by a plain widget.

A plain widget (rather than QVideoWidget, which draws through a native surface) paints the same
offscreen, in ``grab()`` screenshots and on every platform.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.preview import fit_16_9


class VideoView(QWidget):
    frame_shown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(256, 144)
        self.frames_shown = 0
        self._image: QImage | None = None
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.audio = QAudioOutput(self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoSink(self.sink)
        self._play_when_loaded = False
        self.player.mediaStatusChanged.connect(self._on_status)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def play_file(self, path: Path | None) -> None:
        """Load ``path`` and play it from the start once loaded (``None`` clears the view).

        ``play()`` waits for LoadedMedia: called while the FFmpeg back-end is still opening the
        file it could deadlock now and then (seen in the layout tests).
        """
        self._image = None
        self._play_when_loaded = path is not None
        self.player.setSource(QUrl.fromLocalFile(str(path)) if path is not None else QUrl())
        self.update()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._play_when_loaded:
            self._play_when_loaded = False
            self.player.play()

    def replay(self) -> None:
        if self.player.source().isEmpty():
            return
        self.player.setPosition(0)
        self.player.play()

    def release(self) -> None:
        """Let go of the file (Windows keeps an open file locked)."""
        self._play_when_loaded = False
        self.player.setSource(QUrl())

    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._image = image
        self.frames_shown += 1
        self.update()
        self.frame_shown.emit()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        if self._image is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fit_16_9(QRectF(self.rect())), self._image)
        painter.end()

    def hideEvent(self, event) -> None:
        self.player.pause()
        super().hideEvent(event)
