"""The self-test's Qt side: what the operator's screens need from the bundle, checked offscreen.

A frozen build that "starts fine" once lost its media back-end and could not play a take back; only
work that goes through the same code as the operator's does catches that. So this builds the real
kiosk window (``create_kiosk``), checks that its text is drawn in the bundled font and that the
``.qm`` translations switch it between Traditional Chinese and English (through the window's own
language manager), and plays the self-test's own take to its end through the Review screen's
player class. Every Qt message of the run is kept; "No QtMultimedia backends" or "Failed to
initialize QMediaPlayer" fails the check it appears in.

Names this depends on (kept by the UI): ``kiosk.ui.app.create_kiosk``, the window's
``context.languages.switch()`` and ``shutdown()``, and ``kiosk.ui.video_view.VideoView`` with
``play_file()``, ``player`` and ``release()``.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QImage, QImageReader, QRawFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk import paths

if TYPE_CHECKING:
    from kiosk.selftest import Report

# Messages that mean the operator could not play a take back, whatever else seems to work.
FATAL_QT_MESSAGES = ("No QtMultimedia backends", "Failed to initialize QMediaPlayer")
# Shown even where QT_LOGGING_RULES hides Qt Multimedia's categories (the tests do): the fatal
# messages above must reach the handler, and the back-end's "Using … FFmpeg" line names it.
# (Its sub-categories' info level would print a dump of every file opened on stderr.)
LOGGING_RULES = "qt.multimedia*.warning=true;qt.multimedia.ffmpeg.info=true;qt.multimedia.ffmpeg.*.info=false"
BACKEND_MARK = "Using Qt multimedia with"
WINDOW_SIZE = (1366, 768)  # the commonest laptop screen
MIN_WINDOW_COLOURS = 8  # a painted screen (text, buttons, guide), not a blank surface
MIN_TRANSLATED_TEXTS = 3  # besides the window title
PLAYBACK_GRACE_S = 20.0  # real-time playback plus opening the file on a busy machine
MIN_FRAME_SHARE = 0.5  # of the take's frames shown: playback really ran (late frames may drop)


class QtMessages:
    """Every Qt message while active, kept rather than printed (the report carries them)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._previous: Any = None

    def __enter__(self) -> QtMessages:
        self._previous = qInstallMessageHandler(self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        qInstallMessageHandler(self._previous)

    def _handle(self, kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        if kind == QtMsgType.QtDebugMsg:
            return  # FFmpeg's per-packet chatter (QT_FFMPEG_DEBUG)
        category = context.category or "default"
        self.lines.append(f"{category}: {text}")

    def fatal_since(self, start: int) -> list[str]:
        return [line for line in self.lines[start:] if any(mark in line for mark in FATAL_QT_MESSAGES)]

    def guarded(self, action: Callable[[], str]) -> Callable[[], str]:
        """``action``, failing when a fatal Qt message appeared while it ran."""

        def run() -> str:
            start = len(self.lines)
            detail = action()
            fatal = self.fatal_since(start)
            if fatal:
                raise RuntimeError(f"Qt said {fatal[0]!r}")
            return detail

        return run

    def unique(self) -> list[str]:
        return list(dict.fromkeys(self.lines))


def run_qt_checks(report: Report, take_video: Path | None, take_seconds: float,
                  stills: Sequence[Path] = ()) -> None:
    """The checks ``window``, ``fonts``, ``translations``, ``stills`` and ``playback``, added to ``report``."""
    with _offscreen(), QtMessages() as messages:
        built: dict[str, QWidget] = {}
        report.step("window", messages.guarded(lambda: _build_window(built)))
        if "window" in built:  # built, even if it failed a check: its fonts and words still tell
            window = built["window"]
            report.step("fonts", messages.guarded(lambda: _check_fonts(window)))
            report.step("translations", messages.guarded(lambda: _check_translations(window)))
        if QApplication.instance() is not None:
            if stills:
                report.step("stills", messages.guarded(lambda: _decode_stills(stills)))
            if take_video is not None:
                report.step("playback", messages.guarded(lambda: _play_to_end(take_video, take_seconds, messages)))
            if "window" in built:
                _close(built["window"])
        report.context["qt_messages"] = messages.unique()[:60]


@contextlib.contextmanager
def _offscreen() -> Iterator[None]:
    """No window on the operator's screen; Qt Multimedia's warnings let through (see LOGGING_RULES).
    Both are read when the QApplication starts: an application already running keeps its own."""
    saved = {name: os.environ.get(name) for name in ("QT_QPA_PLATFORM", "QT_LOGGING_RULES", "QT_FFMPEG_DEBUG")}
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Qt's FFmpeg libraries then log through Qt's handler (into the report) instead of on stderr.
    os.environ["QT_FFMPEG_DEBUG"] = "1"
    os.environ["QT_LOGGING_RULES"] = ";".join(filter(None, [saved["QT_LOGGING_RULES"], LOGGING_RULES]))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build_window(built: dict[str, QWidget]) -> str:
    if QApplication.instance() is None:
        _require_platform_plugin("offscreen")
    from kiosk.config import Settings
    from kiosk.ui.app import create_kiosk

    window = create_kiosk(demo=True, windowed=True, settings=Settings(), language="zh-TW",
                          open_sources=False, with_outbox=False)
    built["window"] = window
    window.resize(*WINDOW_SIZE)
    window.show()
    if not wait_until(lambda: window.windowHandle() is not None and window.windowHandle().isExposed(), 10.0):
        raise RuntimeError("the window was never shown")
    picture = window.grab().toImage()
    colours = distinct_colours(picture)
    if picture.isNull() or colours < MIN_WINDOW_COLOURS:
        raise RuntimeError(f"the window painted nothing ({colours} colours)")
    widgets = len(window.findChildren(QWidget))
    return (f"{type(window).__name__} {picture.width()}×{picture.height()}, {widgets} widgets, "
            f"{colours} colours, title {window.windowTitle()!r}")


def _require_platform_plugin(name: str) -> None:
    """Qt aborts the whole process when a platform plugin is missing: find it first, fail readably."""
    for folder in QCoreApplication.libraryPaths():
        if any((Path(folder) / "platforms").glob(f"*{name}*")):
            return
    raise RuntimeError(f"Qt's {name!r} platform plugin is not in {QCoreApplication.libraryPaths()}")


def distinct_colours(image: QImage, step: int = 16) -> int:
    """How many colours a grid of samples finds: a blank surface has one or two."""
    seen = {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}
    return len(seen)


def _check_fonts(window: QWidget) -> str:
    """The window's regular and bold text is drawn in a bundled font file (compared table for
    table: a system font of the same family does not count), which has a glyph for every Chinese
    character on the window's buttons and labels (the title bar is the system's to draw)."""
    files = sorted(p for p in paths.resource("fonts").iterdir() if p.suffix.lower() in (".otf", ".ttf"))
    if not files:
        raise RuntimeError(f"no font files in {paths.resource('fonts')}")
    bundled = {QRawFont(str(p), 20).fontTable("head").data(): p.name for p in files}
    characters = sorted({c for widget, text in _texts(window).items() if widget is not window
                         for c in text if has_chinese(c)})
    if not characters:
        raise RuntimeError("the window shows no Chinese text")
    base = QApplication.font()
    used = []
    for bold in (False, True):
        font = QFont(base)
        font.setBold(bold)
        raw = QRawFont.fromFont(font)
        name = bundled.get(raw.fontTable("head").data())
        weight = "bold" if bold else "regular"
        if name is None:
            raise RuntimeError(f"{weight} text is drawn in {raw.familyName()} {raw.styleName()}, not a bundled font")
        # Glyph indexes, as text layout looks them up (QRawFont.supportsCharacter misreads this
        # font's cmap: it answers no for characters the font has).
        glyphs = raw.glyphIndexesForString("".join(characters))
        missing = [c for c, glyph in zip(characters, glyphs, strict=True) if glyph == 0]
        if missing:
            raise RuntimeError(f"{name} lacks the glyphs {''.join(missing)}")
        used.append(name)
    return (f"{base.family()}: {' and '.join(used)} registered and in use; "
            f"glyphs for all {len(characters)} Chinese characters on screen")


def _check_translations(window: Any) -> str:
    """Every ``.qm`` loads, and the window's language manager turns its text from Chinese to English
    and back: the title and at least a few buttons and labels change."""
    files = sorted(paths.resource("i18n").glob("*.qm"))
    if not files:
        raise RuntimeError(f"no .qm files in {paths.resource('i18n')}")
    broken = [p.name for p in files if not _loads(p)]
    if broken:
        raise RuntimeError(f"translation files that do not load: {broken}")
    chinese = _texts(window)
    languages = window.context.languages
    languages.switch("en")
    try:
        wait_until(lambda: window.windowTitle() != chinese[window], 5.0)
        english = _texts(window)
    finally:
        languages.switch("zh-TW")
        wait_until(lambda: window.windowTitle() == chinese[window], 5.0)
    if not (has_chinese(chinese[window]) and not has_chinese(english[window])):
        raise RuntimeError(f"the window title is not translated: {chinese[window]!r} / {english[window]!r}")
    changed = [w for w in chinese if w is not window and w in english and chinese[w] != english[w]
               and has_chinese(chinese[w])]
    if len(changed) < MIN_TRANSLATED_TEXTS:
        raise RuntimeError(f"only {len(changed)} texts change between 中文 and English")
    return (f"{len(files)} .qm files; title {chinese[window]!r} ↔ {english[window]!r}; "
            f"{len(changed)} buttons and labels translated")


def _loads(path: Path) -> bool:
    translator = QTranslator()
    return translator.load(str(path)) and not translator.isEmpty()


def _texts(window: QWidget) -> dict[QWidget, str]:
    texts: dict[QWidget, str] = {window: window.windowTitle()}
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
        if widget.text():
            texts[widget] = widget.text()
    return texts


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def _decode_stills(stills: Sequence[Path]) -> str:
    """The take's stills decode through Qt's image plugins, as the Review screen's thumbnails do
    (a trimmed bundle without the JPEG plugin shows empty frames there)."""
    sizes = []
    for path in stills:
        reader = QImageReader(str(path))
        image = reader.read()
        if image.isNull():
            raise RuntimeError(f"{path.name}: {reader.errorString()} (formats: {_formats()})")
        sizes.append(f"{image.width()}×{image.height()}")
    return f"{len(stills)} {', '.join(sorted(set(sizes)))} JPEG stills decoded"


def _formats() -> str:
    return ", ".join(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())


def _play_to_end(video: Path, seconds: float, messages: QtMessages) -> str:
    """The take, played from start to end through the Review screen's player (picture and sound)."""
    # Imported here, after the message handler is installed: Qt Multimedia talks as it loads.
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame

    from kiosk.ui.video_view import VideoView

    start = len(messages.lines)
    view = VideoView()
    view.resize(640, 360)
    view.show()
    player = view.player
    frames: list[int] = [0]
    errors: list[str] = []
    loaded: dict[str, Any] = {}

    def on_status(status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and not loaded:
            loaded.update(video=player.hasVideo(), audio=player.hasAudio(), duration_ms=player.duration())

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid():
            frames[0] += 1

    player.mediaStatusChanged.connect(on_status)
    player.videoSink().videoFrameChanged.connect(on_frame)
    player.errorOccurred.connect(lambda error, text: errors.append(text or str(error)))
    finished = (QMediaPlayer.MediaStatus.EndOfMedia, QMediaPlayer.MediaStatus.InvalidMedia)
    try:
        view.play_file(video)
        ended = wait_until(lambda: bool(errors or messages.fatal_since(start)) or player.mediaStatus() in finished,
                           seconds + PLAYBACK_GRACE_S)
        status = player.mediaStatus()
        position_s = player.position() / 1000
    finally:
        view.release()
        view.hide()
        view.deleteLater()
    fatal = messages.fatal_since(start)
    if errors or fatal:
        raise RuntimeError(f"the player failed: {(errors + fatal)[0]}")
    if not ended or status != QMediaPlayer.MediaStatus.EndOfMedia:
        raise RuntimeError(f"playback did not reach the end ({status.name} at {position_s:.1f} s of {seconds:.1f} s)")
    if not (loaded.get("video") and loaded.get("audio")):
        raise RuntimeError(f"the player found video={loaded.get('video')} audio={loaded.get('audio')}")
    duration_s = loaded["duration_ms"] / 1000
    if abs(duration_s - seconds) > 0.5:
        raise RuntimeError(f"the player reads {duration_s:.2f} s; the take is {seconds:.2f} s")
    expected_frames = round(seconds * 30)
    if frames[0] < MIN_FRAME_SHARE * expected_frames:
        raise RuntimeError(f"only {frames[0]} of about {expected_frames} frames reached the screen")
    backend = next((line.split(BACKEND_MARK, 1)[1].strip() for line in messages.lines if BACKEND_MARK in line),
                   "back-end not named")
    return f"{video.name}: {duration_s:.2f} s with sound to the end, {frames[0]} frames shown; {backend}"


def _close(window: Any) -> None:
    """Let go of what the window holds, then remove it (its close guard is for the operator)."""
    window.shutdown()
    window.hide()
    window.deleteLater()
    wait_until(lambda: False, 0.1)  # deliver the deferred deletes


def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """Run Qt's event loop until ``condition()`` holds (True) or ``seconds`` pass (False)."""
    deadline = time.monotonic() + seconds
    loop = QEventLoop()
    while not condition():
        if time.monotonic() >= deadline:
            return False
        QTimer.singleShot(20, loop.quit)
        loop.exec()
    return True
