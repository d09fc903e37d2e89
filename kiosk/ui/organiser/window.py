"""The organiser's window: an ordinary desktop window (not kiosk-locked, not full screen) with three
pages — Collect, the 22 counties, the film — the folder it works on, and one strip for the job running.

Keys: Ctrl+1 / Ctrl+2 / Ctrl+3 the pages, Ctrl+O another folder, F2 中文 / English (kept for the next
start), Esc cancels the running job (or declines a question), Ctrl+W closes. Each page has its own
(Ctrl+Enter for its main action).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import config
from kiosk.errors import KioskError
from kiosk.inbox import CollectReport
from kiosk.inbox.montage import MontageResult
from kiosk.inbox.table import SubmissionView
from kiosk.language import ZH_TW
from kiosk.ui import theme
from kiosk.ui.file_picker import PickerMode
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.organiser.collect_page import CollectPage
from kiosk.ui.organiser.counties_page import CountiesPage
from kiosk.ui.organiser.county_detail import OpenFile
from kiosk.ui.organiser.film_page import FilmPage
from kiosk.ui.organiser.parts import JobStrip, PathAsker, breakable
from kiosk.ui.organiser.session import OrganiserSession, Task
from kiosk.ui.widgets import add_shortcuts

log = logging.getLogger(__name__)

WINDOW_SIZE = (1366, 768)
LARGEST_START_SIZE = (1680, 1000)
MIN_SIZE = (960, 540)
NOTICE_MS = 10_000
PAGES = ("collect", "counties", "film")


def open_with_system(path: Path) -> bool:
    """A file or folder in the computer's own program for it (image viewer, file manager)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class OrganiserWindow(QMainWindow):
    def __init__(self, session: OrganiserSession, languages: LanguageManager, *, config_path: Path,
                 settings: config.Settings, settings_saved_ok: bool = True,
                 open_file: OpenFile = open_with_system) -> None:
        super().__init__()
        self.setObjectName("organiser-window")
        self.setMinimumSize(*MIN_SIZE)
        self.session = session
        self.languages = languages
        self.config_path = config_path
        self.settings = settings
        self.settings_saved_ok = settings_saved_ok  # config.toml read cleanly: F2 may write the choice
        self.open_file = open_file
        session.setParent(self)
        self.collect = CollectPage(session)
        self.counties = CountiesPage(session, open_file)
        self.film = FilmPage(session)
        self.pages: dict[str, QWidget] = {"collect": self.collect, "counties": self.counties, "film": self.film}
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)
        self.strip = JobStrip()
        self.chooser = PathAsker(self)
        self._build_top_bar()
        self._build_nav()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(10, 0, 10, 10)
        column.setSpacing(6)
        column.addWidget(self.top_bar)
        column.addWidget(self.nav)
        column.addWidget(self.stack, 1)
        column.addWidget(self.strip)
        self.setCentralWidget(central)
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.clear_notice)
        self._wire()
        self._bind_keys()
        self.retranslate()
        self.go("counties" if session.folder.index.submissions else "collect")
        session.refresh()

    # -- construction ---------------------------------------------------------------------------

    def _build_top_bar(self) -> None:
        self.top_bar = QFrame()
        self.title_label = QLabel()
        theme.style(self.title_label, "title")
        self.folder_label = QLabel()
        theme.style(self.folder_label, "muted")
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_folder)
        self.language_button = QPushButton()
        self.language_button.clicked.connect(self.toggle_language)
        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        theme.style(self.notice_label, "warning")
        row = QHBoxLayout(self.top_bar)
        row.setContentsMargins(4, 8, 0, 0)
        row.setSpacing(12)
        row.addWidget(self.title_label)
        row.addWidget(self.folder_label, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.language_button)
        for fixed in (self.title_label, self.folder_button, self.language_button):
            fixed.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)

    def _build_nav(self) -> None:
        self.nav = QFrame()
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(self.nav)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for name in PAGES:
            button = QPushButton()
            button.setCheckable(True)
            theme.style(button, "nav")
            button.clicked.connect(lambda _checked=False, page=name: self.go(page))
            self.nav_group.addButton(button)
            self.nav_buttons[name] = button
            row.addWidget(button)
        row.addWidget(self.notice_label, 1)

    def _wire(self) -> None:
        session = self.session
        self.collect.collect_requested.connect(session.collect)
        self.counties.sheet_requested.connect(session.make_contact_sheet)
        self.counties.detail.accept_requested.connect(session.accept)
        self.film.build_requested.connect(session.build_film)
        self.strip.cancel_requested.connect(session.cancel)
        session.step.connect(self.strip.show_step)
        session.busy_changed.connect(self._on_busy)
        session.folder_changed.connect(lambda _root: self._show_folder())
        session.collected.connect(self._on_collected)
        session.accepted.connect(self._on_accepted)
        session.film_built.connect(self._on_film_built)
        session.sheet_made.connect(self._on_sheet_made)
        session.failed.connect(self._on_failed)
        session.cancelled.connect(self._on_cancelled)

    def _bind_keys(self) -> None:
        add_shortcuts(self, ("F2",), self.toggle_language)
        add_shortcuts(self, ("Ctrl+O",), self.choose_folder)
        add_shortcuts(self, ("Esc",), self.escape)
        add_shortcuts(self, ("Ctrl+W",), self.close)
        for number, name in enumerate(PAGES, start=1):
            add_shortcuts(self, (f"Ctrl+{number}",), functools.partial(self.go, name))

    # -- pages ------------------------------------------------------------------------------------

    @property
    def current_name(self) -> str:
        current = self.stack.currentWidget()
        return next((name for name, page in self.pages.items() if page is current), "")

    def go(self, name: str) -> None:
        self.stack.setCurrentWidget(self.pages[name])
        self.nav_buttons[name].setChecked(True)

    def escape(self) -> None:
        """Esc: a question on screen is declined; else the running job is cancelled."""
        if self.current_name == "counties" and self.counties.detail.decline():
            return
        self.session.cancel()

    # -- the folder -------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        if self.session.busy:
            return
        self.chooser.ask(PickerMode.FOLDER, self.tr("The folder the counties' submissions go into"),
                                    self.open_folder, start=self.session.root)

    def open_folder(self, root: Path) -> None:
        try:
            opened = self.session.open_folder(root)
        except KioskError as exc:
            self.show_notice(exc.message(), error=True)
            return
        if not opened:
            self.show_notice(self.tr("Wait for the running job to finish (or cancel it) first."), error=True)
            return
        self.show_notice(self.tr("Working on %1 now.").replace("%1", breakable(self.session.root)))

    def _show_folder(self) -> None:
        self.folder_label.setText(self.tr("Folder: %1").replace("%1", str(self.session.root)))
        self.folder_label.setToolTip(str(self.session.root))

    # -- what the jobs say ------------------------------------------------------------------------

    def _on_busy(self, task: Task | None) -> None:
        self.folder_button.setEnabled(task is None)
        if task is None:
            self.strip.finish()
        elif task is not Task.READ:
            self.clear_notice()  # the last job's words (an error stays up) do not describe this one

    def _on_collected(self, report: CollectReport) -> None:
        self.show_notice(self.tr("Collected. Mails read: %2, new: %1.").replace("%1", str(report.new)).replace(
            "%2", str(report.seen)))
        self.go("counties")

    def _on_accepted(self, view: SubmissionView) -> None:
        county = view.county or ""
        self.show_notice(self.tr("%1: accepted for the film.").replace("%1", county) if view.accepted
                         else self.tr("%1: no longer accepted.").replace("%1", county))

    def _on_film_built(self, result: MontageResult) -> None:
        done = self.tr("The film is up to date: %1") if result.up_to_date else self.tr("The film is ready: %1")
        self.show_notice(done.replace("%1", breakable(result.video)))

    def _on_sheet_made(self, path: Path) -> None:
        self.show_notice(self.tr("The contact sheet is ready: %1").replace("%1", breakable(path)))

    def _on_failed(self, task: Task | None, error: object) -> None:
        if isinstance(error, KioskError):
            words = error.message()
        else:
            words = self.tr("Something went wrong (details are in the log): %1").replace("%1", type(error).__name__)
        self.show_notice(words, error=True)

    def _on_cancelled(self, task: Task | None) -> None:
        self.show_notice(self.tr("Cancelled: nothing half-made was kept."))

    # -- notices ------------------------------------------------------------------------------------

    def show_notice(self, text: str, *, error: bool = False) -> None:
        """A line beside the page buttons; an error stays until the next notice."""
        self.notice_label.setText(text)
        self.notice_label.setToolTip(text)
        theme.style(self.notice_label, "warning" if error else "muted")
        if error:
            self._notice_timer.stop()
        else:
            self._notice_timer.start(NOTICE_MS)

    def clear_notice(self) -> None:
        self._notice_timer.stop()
        self.notice_label.setText("")

    def report_unexpected_error(self) -> None:
        self.show_notice(self.tr("Something went wrong (details are in the log)."), error=True)

    # -- language ------------------------------------------------------------------------------------

    def toggle_language(self) -> None:
        """F2: the other language now, and at the next start (saved in config.toml)."""
        self.settings.kiosk.language = self.languages.toggle()
        if not self.settings_saved_ok:
            return  # a broken config.toml is never overwritten with defaults
        try:
            config.save(self.settings, self.config_path)
        except (KioskError, OSError) as exc:
            log.error("the language choice could not be saved: %s", exc)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("IVY 2026: the organiser's window"))
        self.title_label.setText(self.tr("IVY 2026 · Organiser"))
        self._show_folder()
        self.folder_label.setAccessibleName(self.tr("The folder worked on"))
        self.folder_button.setText(self.tr("Another folder… (Ctrl+O)"))
        self.folder_button.setAccessibleName(self.tr("Work on another folder"))
        chinese = self.languages.language == ZH_TW
        self.language_button.setText("English (F2)" if chinese else "中文 (F2)")
        self.language_button.setAccessibleName(self.tr("Switch the language"))
        labels = {"collect": self.tr("1 Collect mail (Ctrl+1)"), "counties": self.tr("2 The 22 counties (Ctrl+2)"),
                  "film": self.tr("3 The film (Ctrl+3)")}
        for name, button in self.nav_buttons.items():
            button.setText(labels[name])
            button.setAccessibleName(self.tr("Page: %1").replace("%1", labels[name]))
        self.notice_label.setAccessibleName(self.tr("Notices"))

    # -- showing and closing --------------------------------------------------------------------------

    def show_organiser(self) -> None:
        """An ordinary window, as large as the screen comfortably allows."""
        available = self.screen().availableGeometry()
        width = min(available.width(), max(WINDOW_SIZE[0], min(LARGEST_START_SIZE[0], available.width() * 9 // 10)))
        height = min(available.height(), max(WINDOW_SIZE[1], min(LARGEST_START_SIZE[1], available.height() * 9 // 10)))
        self.resize(width, height)
        self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the job (nothing half-made is kept), let go of the videos and of the folder."""
        self.counties.detail.video.release()
        self.film.video.release()
        self.session.shutdown()
