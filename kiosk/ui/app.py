"""``ivy-kiosk`` without a sub-command: build the kiosk and run Qt's event loop."""

from __future__ import annotations

import logging
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon, QPixmapCache
from PySide6.QtWidgets import QApplication, QMessageBox

from kiosk import config, memory, paths
from kiosk import language as languages_module
from kiosk.capture.clock import MONOTONIC
from kiosk.errors import KioskError
from kiosk.ui import theme
from kiosk.ui.context import AppContext
from kiosk.ui.flow import SubmissionFlow
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.outbox_controller import OutboxController
from kiosk.ui.studio_session import Recovery, StudioOpener, StudioSession, open_studio
from kiosk.ui.take_controller import Clock, TakeController
from kiosk.ui.window import START_SCREEN, KioskWindow

if TYPE_CHECKING:
    from kiosk.inbox.montage import MontageSettings
    from kiosk.outbox.credentials import PasswordStore
    from kiosk.ui.organiser.county_detail import OpenFile
    from kiosk.ui.organiser.window import OrganiserWindow

log = logging.getLogger(__name__)

PSEUDO_SCALE_ENV = "IVY_KIOSK_TRANS_SCALE"  # e.g. 1.8: stretch every string to find clipped labels
LOG_FILE = "kiosk.log"
ORGANISER_LOG_FILE = "organiser.log"
ORGANISER_FOLDER = "inbox"  # <data>/inbox: where the organiser window collects unless told otherwise
PIXMAP_CACHE_KB = 1024  # Qt's cache of scaled icons and style drawings (its default: 10 MB)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def setup_logging() -> logging.Handler | None:
    """The GUI's log, ``<data>/logs/kiosk.log``, rotated (5 × 2 MB). Events and errors only: the
    kiosk never logs names, e-mail addresses or consent details. Never raises (a full disk drops
    lines), and fontTools' INFO lines are held back (see ``kiosk.logs``)."""
    from kiosk import logs

    return logs.setup(LOG_FILE)


def install_excepthook(window: Callable[[], Any]) -> ExceptHook:
    """An error nobody caught (in a slot, a timer, an event handler) is logged and, when the window
    exists, the operator sees a short notice; the kiosk keeps running. Returns the previous hook."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        try:
            shown = window()
            if shown is not None:
                shown.report_unexpected_error()
        except Exception:  # the hook itself must never raise
            log.exception("could not show the error notice")

    sys.excepthook = hook
    return previous


def application() -> QApplication:
    """The one QApplication, created with the kiosk's font, palette and style."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        QCoreApplication.setApplicationName("IVY 2026 Pledge Kiosk")
        app = QApplication(sys.argv[:1])
        app.setWindowIcon(QIcon(str(paths.resource("brand/ivy-kiosk.png"))))  # the app's own mark
    assert isinstance(app, QApplication)  # the kiosk's widgets need a QApplication, not a core one
    # Qt keeps every icon it scales (each take's photo and candidate thumbnails, new every take) in
    # one pixmap cache of 10 MB by default: the window grew 0.26 MB a take until it was full
    # (benchmarks/soak.py). The kiosk holds its pictures itself; 1 MB is ample for the style's own.
    QPixmapCache.setCacheLimit(PIXMAP_CACHE_KB)
    theme.apply(app)
    return app


def load_settings(path: Path) -> tuple[config.Settings, KioskError | None]:
    """The settings, or the defaults plus the reason when the file is broken (the kiosk still runs)."""
    try:
        return config.load(path), None
    except KioskError as exc:
        return config.Settings(), exc


def start_language(settings: config.Settings) -> str:
    """``IVY_KIOSK_LANG`` when set, else the saved choice (zh-TW by default)."""
    saved = settings.kiosk.language
    if saved not in languages_module.LANGUAGES:
        saved = languages_module.ZH_TW
    return languages_module.from_environment() or saved


def pseudo_scale() -> float | None:
    try:
        value = float(os.environ.get(PSEUDO_SCALE_ENV, "") or 0)
    except ValueError:
        return None
    return value if value > 1.0 else None


def create_kiosk(demo: bool, windowed: bool, *, settings: config.Settings | None = None,
                 clock: Clock = MONOTONIC, opener: StudioOpener = open_studio,
                 language: str | None = None, open_sources: bool = True,
                 with_outbox: bool = True, outbox: OutboxController | None = None,
                 start_screen: str = START_SCREEN) -> KioskWindow:
    """Everything but the event loop: the window, its session, controllers and flow, sources opening.

    ``with_outbox=False``: the outbox is not started (no recovery pass, no network watch, no sending
    until a package is put in); ``outbox``: a controller built by the caller (tests: a scripted one).
    """
    memory.keep_frames_off_the_heap()  # RSS flat over a day of takes (see kiosk/memory.py)
    app = application()
    config_path = paths.config_path()
    problem: KioskError | None = None
    if settings is None:
        settings, problem = load_settings(config_path)
    languages = LanguageManager(app, pseudo_scale=pseudo_scale())
    languages.switch(language or start_language(settings))
    session = StudioSession(settings, opener=opener)
    session.demo = demo
    takes = TakeController(settings.cues, clock=clock)
    if outbox is None:
        outbox = OutboxController(config_path=config_path, watch_network=with_outbox)
        if with_outbox:
            outbox.start()
    flow = SubmissionFlow(settings, outbox)
    context = AppContext(settings=settings, config_path=config_path, languages=languages, session=session,
                         takes=takes, outbox=outbox, flow=flow, demo=demo, settings_saved_ok=problem is None)
    window = KioskWindow(context, windowed=windowed, start_screen=start_screen)
    for owned in (session, takes, languages, outbox, flow):
        owned.setParent(window)  # they live and die with the window
    window.destroyed.connect(lambda *_: languages_module.reset())
    if problem is not None:
        window.show_notice(problem.message())
    rebuilt = outbox.outbox.rebuilt
    if rebuilt is not None:
        window.report_outbox_rebuilt(len(rebuilt.packages), rebuilt.to_send)
    if open_sources:
        session.open(demo=demo)
    return window


def start_recovery(window: KioskWindow) -> Recovery:
    """Crash recovery in the background; the operator hears how many takes came back."""
    recovery = Recovery(window)
    recovery.finished.connect(window.report_recovery)
    recovery.start()
    return recovery


def close_on_signals(window: KioskWindow) -> QTimer:
    """Ctrl+C or a service stop (SIGTERM) in the console closes the kiosk like the PIN exit does
    (still never during a take). Qt's loop holds Python's signal handlers back; a tick lets them run."""

    def close(*_args: object) -> None:
        window.exit_unlocked = True
        window.close()

    for name in ("SIGINT", "SIGTERM"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), close)
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(500)
    return tick


def run_app(demo: bool, windowed: bool) -> int:
    """The kiosk window until the operator exits with the PIN."""
    setup_logging()
    log.info("kiosk starting (demo=%s, windowed=%s)", demo, windowed)

    def start(window: KioskWindow) -> None:
        start_recovery(window)
        close_on_signals(window)
        window.show_kiosk()

    return run_window("kiosk", lambda: create_kiosk(demo=demo, windowed=windowed), start)


def show_refusal(exc: KioskError, present: Callable[[QMessageBox], object] = QMessageBox.exec) -> None:
    """Why the window did not open (e.g. one is open already on this data folder), in a message box:
    started from the Start menu there is no console to read a line in. Both languages: the saved
    language is not known yet."""
    application()
    box = QMessageBox(QMessageBox.Icon.Information, "IVY 2026", f"{exc.zh}\n\n{exc.en}")
    box.setAccessibleName("IVY 2026: the window did not open")
    present(box)


def run_window(name: str, build: Callable[[], Any], start: Callable[[Any], object]) -> int:
    """Qt's event loop for the window ``build()`` makes and ``start()`` shows: an error nobody caught
    is logged and shown on it, and its ``shutdown()`` always runs."""
    built: list[Any] = []
    previous_hook = install_excepthook(lambda: built[0] if built else None)
    try:
        window = build()
        built.append(window)
        start(window)
        try:
            return application().exec()
        finally:
            window.shutdown()
            log.info("%s closed", name)
    finally:
        sys.excepthook = previous_hook


# --- the organiser's window (``ivy-kiosk --organiser [DIR]``) ------------------------------------


def create_organiser(folder: Path | None = None, *, settings: config.Settings | None = None,
                     language: str | None = None, passwords: PasswordStore | None = None,
                     montage_settings: MontageSettings | None = None,
                     open_file: OpenFile | None = None) -> OrganiserWindow:
    """The organiser's window on ``folder`` (default ``<data>/inbox``), with the kiosk's theme, fonts
    and languages; ``AlreadyRunning`` when another organiser window has that folder. Tests inject
    the keyring (``passwords``), faster film settings and what opens a file in the system's viewer."""
    from kiosk.ui.organiser.session import OrganiserSession
    from kiosk.ui.organiser.window import OrganiserWindow, open_with_system

    app = application()
    config_path = paths.config_path()
    problem: KioskError | None = None
    if settings is None:
        settings, problem = load_settings(config_path)
    session = OrganiserSession(folder or paths.data_home() / ORGANISER_FOLDER, passwords=passwords,
                               montage_settings=montage_settings)
    languages = LanguageManager(app, pseudo_scale=pseudo_scale())
    languages.switch(language or start_language(settings))
    window = OrganiserWindow(session, languages, config_path=config_path, settings=settings,
                             settings_saved_ok=problem is None, open_file=open_with_system if open_file is None else open_file)
    languages.setParent(window)
    window.destroyed.connect(lambda *_: languages_module.reset())
    if problem is not None:
        window.show_notice(problem.message(), error=True)
    return window


def run_organiser(folder: Path | None) -> int:
    """The organiser's window until it is closed."""
    from kiosk import logs

    logs.setup(ORGANISER_LOG_FILE)
    log.info("organiser window starting")
    return run_window("organiser window", lambda: create_organiser(folder), lambda window: window.show_organiser())
