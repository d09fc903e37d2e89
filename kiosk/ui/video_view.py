"""Take playback with sound: QMediaPlayer into a QVideoSink, painted by a plain widget.

A plain widget (rather than QVideoWidget, which draws through a native surface) paints the same
offscreen, in ``grab()`` screenshots and on every platform. Until the first video frame arrives it
shows a poster (the take's first photo), so the player is never a black box.

Playing a take::

    view = VideoView()
    view.play_file(take.video_path, poster=take.still_paths[0])  # plays from the start once loaded
    view.ended.connect(...)                                       # the take played to its end
    view.frames_shown                                             # frames painted so far

Qt's FFmpeg back-end crashes or hangs when a source is replaced or cleared while it is still being
opened: a new source (or ``release()``) asked for meanwhile waits until the open has finished.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QHideEvent, QImage, QPainter, QPaintEvent
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk import memory
from kiosk.ui.preview import fit_16_9

LOAD_TIMEOUT_MS = 15_000  # a back-end that never says "loaded": stop waiting for it
_SETTLED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.InvalidMedia,
            QMediaPlayer.MediaStatus.NoMedia, QMediaPlayer.MediaStatus.EndOfMedia,
            QMediaPlayer.MediaStatus.BufferedMedia)


class VideoView(QWidget):
    frame_shown = Signal()
    ended = Signal()  # the file played to its end

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(256, 144)
        self.frames_shown = 0
        self.path: Path | None = None  # the file asked for last
        self._image: QImage | None = None
        self._poster: QImage | None = None
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.audio = QAudioOutput(self)
        self.player = QMediaPlayer(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoSink(self.sink)
        self.player.mediaStatusChanged.connect(self._on_status)
        self._loading = False  # the back-end is opening a file: do not touch the source now
        self._play_when_loaded = False
        self._waiting: tuple[Path | None, bool] | None = None  # (path, play) asked for while loading
        self._load_guard = QTimer(self)
        self._load_guard.setSingleShot(True)
        self._load_guard.timeout.connect(lambda: self._settle(loaded=False))

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    @property
    def loading(self) -> bool:
        return self._loading

    def play_file(self, path: Path | None, *, poster: Path | None = None, play: bool = True) -> None:
        """Load ``path`` and (``play``) play it from the start once loaded; ``None`` clears the view.
        ``poster`` is shown until the first frame."""
        self.path = path
        self._image = None
        self._poster = QImage(str(poster)) if poster is not None and poster.is_file() else None
        self.update()
        if self._loading:
            self._waiting = (path, play)
            return
        self._load(path, play)

    def release(self) -> None:
        """Let go of the file (Windows keeps an open file locked) — once it has finished opening."""
        self.path = None
        self._play_when_loaded = False
        self._image = self._poster = None  # 8 MB each at 1080p, kept for nothing once the file is gone
        self.update()
        if self._loading:
            self._waiting = (None, False)
            return
        self._load(None, False)

    def replay(self) -> None:
        if self.player.source().isEmpty() or self._loading:
            return
        self.player.setPosition(0)
        self.player.play()

    def _load(self, path: Path | None, play: bool) -> None:
        url = QUrl.fromLocalFile(str(path)) if path is not None else QUrl()
        if url == self.player.source():  # the same file: Qt would not reload it, nor say so
            if play and path is not None:
                self.replay()
            return
        self._play_when_loaded = play and path is not None
        self._loading = path is not None
        if self._loading:
            self._load_guard.start(LOAD_TIMEOUT_MS)
        self.player.setSource(url)
        if path is None:
            # Clearing the source tears the decoder down there and then; its frames and buffers
            # (30-37 MB after a 1080p take) were freed in the middle of the heap, where glibc keeps
            # them until told: back on Live the kiosk would hold them until the next background job.
            memory.give_back_freed()

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self.ended.emit()
        if self._loading and status in _SETTLED:
            self._settle(loaded=status == QMediaPlayer.MediaStatus.LoadedMedia)

    def _settle(self, loaded: bool) -> None:
        self._loading = False
        self._load_guard.stop()
        if self._waiting is not None:
            path, play = self._waiting
            self._waiting = None
            self._load(path, play)
            return
        if loaded and self._play_when_loaded:
            self._play_when_loaded = False
            self.player.play()

    def _on_frame(self, frame: QVideoFrame) -> None:
        if not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        self._image = image
        self._poster = None  # a frame is on show from now on: the full-size photo (8 MB) is not needed
        self.frames_shown += 1
        self.update()
        self.frame_shown.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        picture = self._image if self._image is not None else self._poster
        if picture is not None:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(fit_16_9(QRectF(self.rect())), picture)
        painter.end()

    def hideEvent(self, event: QHideEvent) -> None:
        if not self._loading:
            self.player.pause()
        else:
            self._play_when_loaded = False  # loaded while hidden: stay still
        super().hideEvent(event)
