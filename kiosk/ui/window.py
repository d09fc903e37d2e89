"""The kiosk window: the kiosk rules, the screens it is built from, and the arrows between them.

Kiosk rules (each tested):

- full screen (unless ``--windowed``), and back to full screen if something un-fullscreens it;
- closing is refused unless the operator unlocked it with the PIN (Ctrl+Shift+Q), and never while a
  take's files are being written;
- the settings are behind the PIN too (Ctrl+, or the Settings button); after any PIN prompt the
  keyboard works again at once;
- F1 help, F2 language (中文 / English at run time, kept for the next start);
- no navigation while the camera counts in or records;
- every control at least 48 px with an accessible name, unique on its screen, in both languages.

The operator's path to a sent package belongs to :class:`~kiosk.ui.flow.SubmissionFlow`: every way
into Consent, Send and Outbox asks it where it leads. The window opens on Preflight: the day starts there.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
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
from kiosk.language import ZH_TW, pick
from kiosk.recording.take import Take
from kiosk.ui import jobs, theme
from kiosk.ui.context import AppContext
from kiosk.ui.dialogs import PinDialog
from kiosk.ui.screens import SCREEN_NAMES, SCREENS
from kiosk.ui.screens.about import AboutScreen
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.import_clip import ImportChip, ImportScreen
from kiosk.ui.screens.live import LiveScreen
from kiosk.ui.screens.outbox import OutboxChip, OutboxScreen
from kiosk.ui.screens.preflight import PreflightScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.screens.send import SendScreen
from kiosk.ui.screens.settings import SettingsScreen
from kiosk.ui.studio_session import opened_devices

log = logging.getLogger(__name__)

NOTICE_MS = 8000
SHUTDOWN_WAIT_S = 5.0  # for background work already running (a preflight, a package) when the window closes
WINDOWED_SIZE = (1366, 768)
MIN_SIZE = (960, 540)  # 1920×1080 at 200 %: the smallest logical screen we lay out for
START_SCREEN = "preflight"
BACK = "back"


class Notice(enum.Enum):
    """What a top-bar notice is about, so it goes away when that is over."""

    INFO = "info"
    TAKE_BUSY = "take-busy"  # "Finish the take first": gone once the take is


class KioskWindow(QMainWindow):
    def __init__(self, context: AppContext, windowed: bool = False, start_screen: str = START_SCREEN) -> None:
        super().__init__()
        self.context = context
        self.windowed = windowed
        self.exit_unlocked = False
        self.pin_dialog: PinDialog | None = None
        self.history: list[str] = []  # the screens shown before this one (Back / Esc walks it)
        self.nav_buttons: dict[str, QPushButton] = {}
        self._notice_kind = Notice.INFO
        self._notice_then: Callable[[], object] | None = None
        self.setObjectName("kiosk-window")
        self.setMinimumSize(*MIN_SIZE)

        self._build_screens()
        self.stack = QStackedWidget()
        for widget in self.pages.values():
            self.stack.addWidget(widget)
        self._build_top_bar()
        self._build_nav()
        central = QWidget()
        body = QHBoxLayout()
        body.setContentsMargins(10, 0, 10, 10)
        body.setSpacing(10)
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(self.top_bar)
        column.addLayout(body, 1)
        self.setCentralWidget(central)

        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.clear_notice)
        self._wire()
        self._bind_keys()
        self.retranslate()
        self._show(start_screen)

    # --- construction -----------------------------------------------------------------------

    def _build_screens(self) -> None:
        c = self.context
        self.preflight = PreflightScreen(c.settings, c.session)
        self.live = LiveScreen(c.takes, c.session, c.settings)
        self.import_screen = ImportScreen(c.settings)
        self.review = ReviewScreen(c.outbox)
        self.consent = ConsentScreen(c.settings, c.flow)
        self.send = SendScreen(c.settings, c.flow)
        self.outbox = OutboxScreen(c.outbox)
        self.settings_screen = SettingsScreen(c.settings, config_path=c.config_path)
        self.help = HelpScreen(c.settings)
        self.about = AboutScreen()
        self.pages: dict[str, QWidget] = {
            "preflight": self.preflight, "live": self.live, "import": self.import_screen, "review": self.review,
            "consent": self.consent, "send": self.send, "outbox": self.outbox, "settings": self.settings_screen,
            "help": self.help,
            "about": self.about,
        }
        assert tuple(self.pages) == SCREEN_NAMES  # the sidebar's order is the registry's

    def _build_top_bar(self) -> None:
        self.top_bar = QFrame()
        self.top_bar.setObjectName("top-bar")
        self.title_label = QLabel()
        theme.style(self.title_label, "title")
        self.county_label = QLabel()
        theme.style(self.county_label, "title")
        self.demo_badge = QLabel()
        theme.style(self.demo_badge, "banner-demo")
        self.notice_label = QLabel()
        theme.style(self.notice_label, "warning")
        self.notice_label.setWordWrap(True)
        self.notice_action = QPushButton()  # e.g. "Send again" beside a notice that needs the operator
        self.notice_action.clicked.connect(self._on_notice_action)
        self.notice_action.hide()
        self.outbox_chip = OutboxChip(self.context.outbox)
        self.import_chip = ImportChip(self.import_screen)  # a conversion going on: its percentage
        self.language_button = QPushButton()
        self.language_button.clicked.connect(self.toggle_language)
        self.exit_button = QPushButton()
        self.exit_button.clicked.connect(self.request_exit)
        row = QHBoxLayout(self.top_bar)
        row.setContentsMargins(14, 8, 10, 0)
        row.setSpacing(12)
        row.addWidget(self.title_label)
        row.addWidget(self.county_label)
        row.addWidget(self.demo_badge)
        row.addWidget(self.notice_label, 1)
        row.addWidget(self.notice_action)
        row.addWidget(self.import_chip)
        row.addWidget(self.outbox_chip)
        row.addWidget(self.language_button)
        row.addWidget(self.exit_button)
        for fixed in (self.title_label, self.county_label, self.demo_badge, self.notice_action,
                      self.language_button, self.exit_button, self.outbox_chip, self.import_chip):
            fixed.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)  # the notice gives way
        self._refresh_demo_badge()

    def _build_nav(self) -> None:
        self.nav = QFrame()
        self.nav.setObjectName("nav")
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        column = QVBoxLayout(self.nav)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)  # nine 48 px screens fit the smallest layout (960×540: 1920×1080 at 200 %)
        for entry in SCREENS:
            if not entry.sidebar:
                continue
            button = QPushButton()
            button.setCheckable(True)
            theme.style(button, "nav")
            button.clicked.connect(lambda _checked=False, name=entry.name: self.go(name))
            self.nav_group.addButton(button)
            self.nav_buttons[entry.name] = button
            column.addWidget(button)
        column.addStretch(1)

    def _wire(self) -> None:
        c = self.context
        c.takes.state_changed.connect(self._on_take_state)
        c.session.opened.connect(lambda _studio: self._refresh_demo_badge())
        c.session.opening.connect(lambda _demo: self._refresh_demo_badge())
        self.preflight.proceed_requested.connect(lambda: self.go("live"))
        self.live.take_finished.connect(self._on_take_finished)
        self.live.demo_requested.connect(self.switch_to_demo)
        self.review.take_kept.connect(c.flow.choose_take)
        self.review.take_selected.connect(self._on_take_selected)
        self.review.take_set_aside.connect(c.flow.forget_take)
        self.review.retake_requested.connect(lambda: self.go("live"))
        self.review.import_requested.connect(lambda: self.go("import"))
        self.import_screen.take_imported.connect(lambda take: self._on_take_finished(take, made_on="import"))
        self.import_chip.clicked.connect(lambda: self.go("import"))
        self.review.send_requested.connect(self.send_take)
        self.consent.consent_ready.connect(self._on_consent_ready)
        self.send.send_requested.connect(c.flow.send)
        c.flow.queued.connect(self._on_package_queued)
        c.flow.queue_failed.connect(self._on_queue_failed)
        self.outbox_chip.clicked.connect(lambda: self.go("outbox"))
        self.settings_screen.saved.connect(self._on_settings_saved)
        self.settings_screen.cancelled.connect(lambda: self.go(BACK))
        self.help.back_requested.connect(lambda: self.go(BACK))
        self.help.about_requested.connect(lambda: self.go("about"))
        self.about.back_requested.connect(lambda: self.go(BACK))

    def _bind_keys(self) -> None:
        def key(sequence: str, slot: Callable[[], object]) -> QShortcut:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcuts = {
            "help": key("F1", lambda: self.go("help")),
            "language": key("F2", self.toggle_language),
            "exit": key("Ctrl+Shift+Q", self.request_exit),
            "settings": key("Ctrl+,", lambda: self.go("settings")),
            "import": key("Ctrl+I", lambda: self.go("import")),
        }

    # --- pages ------------------------------------------------------------------------------

    @property
    def current_name(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, w in self.pages.items() if w is current), "")

    def go(self, name: str) -> bool:
        """Show a screen (or ``"back"``): refused while the camera runs; the PIN first for the
        settings; Consent and Send where the submission flow says they lead. True if shown now."""
        if self.context.takes.on_camera:
            self.show_notice(self.tr("Finish the take first."), kind=Notice.TAKE_BUSY)
            self._check_nav(self.current_name)
            return False
        back = name == BACK
        if back:
            name = self._back_target()
        if name == self.current_name:
            self._check_nav(name)
            return True
        entry = next((e for e in SCREENS if e.name == name), None)
        if entry is None:
            return False
        if entry.pin:
            self._check_nav(self.current_name)
            self.ask_pin("settings", lambda: self._show(name))
            return False
        route = self.context.flow.route(name, self.review.take)
        if route.notice:
            self.show_notice(route.notice)
        elif self._notice_kind is Notice.INFO and not self.notice_action.isVisible():
            self.clear_notice()  # a hint about the last screen does not belong on the next
        self._show(route.screen, back=back)
        return route.screen == name

    def _back_target(self) -> str:
        while self.history:
            name = self.history.pop()
            if name != self.current_name:
                return name
        return "live"

    def _show(self, name: str, back: bool = False) -> None:
        widget = self.pages[name]
        current = self.current_name
        if current and current != name and not back and current != "settings":
            self.history.append(current)  # the settings are never gone back to: they ask the PIN
            del self.history[:-20]
        self.stack.setCurrentWidget(widget)
        self._check_nav(name)
        self._focus_current_page()
        activate = getattr(widget, "activated", None)
        if callable(activate):
            activate()

    def _check_nav(self, name: str) -> None:
        button = self.nav_buttons.get(name)
        if button is not None:
            button.setChecked(True)

    def _on_take_state(self, _state: str) -> None:
        takes = self.context.takes
        for name, button in self.nav_buttons.items():
            button.setEnabled(not takes.on_camera or name == "live")
        self.exit_button.setEnabled(not takes.busy)
        if not takes.on_camera and self._notice_kind is Notice.TAKE_BUSY:
            self.clear_notice()

    # --- the take and the submission flow ------------------------------------------------------

    def _on_take_finished(self, take: Take, made_on: str = "live") -> None:
        """A new take plays on Review at once; if the operator went elsewhere while its files were
        being finished (or a clip was being imported), they are not pulled away: a notice says where
        it is, and an imported take waits there without playing (its sound would reach the mic), in
        the list only if Review shows another take the operator may be working on."""
        here = self.current_name == made_on
        if self.current_name == "review" and made_on != "live" and self.review.take is not None:
            self.review.refresh_list()  # the operator is at work on another take there: nothing swaps under them
        else:
            self.review.show_take(take, play=here or made_on == "live")
        if here:
            self.go("review")
        else:
            self.show_notice(self.tr("The new take is ready on the Review screen."))

    def _on_take_selected(self, take: Take) -> None:
        if take.kept:
            self.context.flow.choose_take(take)

    def send_take(self, take: Take) -> None:
        """Review's 「Send this take」: this take, then the consent form (or the checklist, if signed)."""
        self.context.flow.choose_take(take)
        self.go("send")

    def _on_consent_ready(self, consent: object) -> None:
        self.context.flow.give_consent(consent)  # type: ignore[arg-type]  # a validated Consent
        self.go("send")

    def _on_package_queued(self, _package_id: str) -> None:
        self.clear_notice()
        if self.current_name == "send":  # not when the operator has moved on meanwhile
            self.go("outbox")
        self.review.refresh_list()

    def _on_queue_failed(self, package_id: str, zh: str, en: str) -> None:
        log.error("package %s could not be put in the outbox: %s", package_id, en)
        self.show_notice(self.tr("The package was NOT queued for sending: %1").replace("%1", pick(zh, en)),
                         action=self.tr("Send again"), then=self.context.flow.queue_again)

    def report_recovery(self, reports: list[dict[str, object]]) -> None:
        """Crash recovery's result: say how many interrupted takes came back, and list them."""
        salvaged = sum(1 for r in reports if r.get("state") == "salvaged")
        pending = sum(1 for r in reports if r.get("state") == "pending")
        if salvaged == 1:
            self.show_notice(self.tr("1 interrupted take was recovered: see Review."))
        elif salvaged:
            self.show_notice(self.tr("%1 interrupted takes were recovered: see Review.").replace("%1", str(salvaged)))
        if pending:
            self.show_notice(self.tr("An interrupted take is still being written; it is recovered at the next start."))
        if salvaged:
            self.review.refresh_list()

    def report_outbox_rebuilt(self, packages: int, to_send: int) -> None:
        """The outbox database was found damaged at the start and rebuilt from the mail files on disk
        (``kiosk.outbox``): the operator hears it once, in words; the notice stays until acknowledged."""
        log.warning("outbox database was damaged and rebuilt: %d package(s), %d mail(s) to send", packages, to_send)
        self.show_notice(
            self.tr("The outbox's records were damaged and have been rebuilt from the saved mails: %1 package(s), "
                    "%2 mail(s) still to send. Nothing queued is lost; the damaged copy is kept in the outbox folder.")
            .replace("%1", str(packages)).replace("%2", str(to_send)),
            action=self.tr("OK"), then=lambda: None)

    def _on_settings_saved(self) -> None:
        """New settings: the language, the county on screen, and the devices if they changed (the
        settings object is shared, so everything else reads the new values by itself)."""
        settings = self.context.settings
        self.context.settings_saved_ok = True
        if settings.kiosk.language != self.context.languages.language:
            self.context.languages.switch(settings.kiosk.language)
        self.retranslate()
        self.live.refresh_settings()
        self.help.set_settings(settings)
        devices = settings.devices
        if not self.context.session.demo and (devices.camera, devices.mic) != opened_devices(self.context.session.studio):
            self.context.session.open(demo=False)
        self.go(BACK)

    def switch_to_demo(self) -> None:
        self.context.demo = True
        self.context.session.open(demo=True)

    # --- language ---------------------------------------------------------------------------

    def toggle_language(self) -> None:
        """F2: the other language now, and at the next start (saved in config.toml)."""
        code = self.context.languages.toggle()
        settings = self.context.settings
        settings.kiosk.language = code
        if not self.context.settings_saved_ok:
            return  # config.toml is broken: writing the defaults over it would lose the operator's file
        try:
            config.save(settings, self.context.config_path)
        except (KioskError, OSError) as exc:
            log.error("the language choice could not be saved: %s", exc)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.WindowStateChange:
            self._keep_full_screen()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("IVY 2026 Pledge Kiosk"))
        self.title_label.setText(self.tr("IVY 2026 Pledge"))
        self.county_label.setText(self.context.settings.event.county)
        self.county_label.setAccessibleName(self.tr("County or city"))
        labels = {
            "preflight": self.tr("Preflight"),
            "live": self.tr("Live"),
            "import": self.import_screen.nav_label(),  # the Import screen's own words
            "review": self.tr("Review"),
            "consent": self.tr("Consent"),
            "send": self.tr("Send"),
            "outbox": self.tr("Outbox"),
            "settings": self.tr("Settings"),
            "help": self.tr("Help (F1)"),
        }
        for name, button in self.nav_buttons.items():
            button.setText(labels[name])
            # "Screen: …": never the same name as a control on a screen (錄影 is also the Record button)
            button.setAccessibleName(self.tr("Screen: %1").replace("%1", labels[name]))
        chinese = self.context.languages.language == ZH_TW
        self.language_button.setText("English (F2)" if chinese else "中文 (F2)")
        self.language_button.setAccessibleName(self.tr("Switch the language"))
        self.exit_button.setText(self.tr("Exit"))
        self.exit_button.setAccessibleName(self.tr("Exit the kiosk (operator PIN)"))
        self.exit_button.setToolTip(self.tr("Exit the kiosk: Ctrl+Shift+Q and the operator PIN"))
        self.demo_badge.setText(self.tr("DEMO"))
        self.demo_badge.setToolTip(self.tr("Demo camera and microphone: for practice, not the real event"))
        self.demo_badge.setAccessibleName(self.tr("Demo mode"))
        self.notice_label.setAccessibleName(self.tr("Notices"))

    def _refresh_demo_badge(self) -> None:
        self.demo_badge.setVisible(self.context.session.demo or self.context.demo)

    # --- notices ----------------------------------------------------------------------------

    def show_notice(self, text: str, *, action: str | None = None, then: Callable[[], object] | None = None,
                    kind: Notice = Notice.INFO) -> None:
        """A line in the top bar. With ``action``, a button beside it runs ``then``; such a notice
        stays until the operator acts on it or another notice replaces it."""
        self.notice_label.setText(text)
        self._notice_kind = kind
        self._notice_then = then if action else None
        if action:
            self.notice_action.setText(action)
            self.notice_action.setAccessibleName(action)
            self.notice_action.show()
            self._notice_timer.stop()
        else:
            self.notice_action.hide()
            self._notice_timer.start(NOTICE_MS)

    def report_unexpected_error(self) -> None:
        """An error nobody caught (already logged): a short notice, never a traceback."""
        self.show_notice(self.tr("Something went wrong (details are in the log)."))

    def clear_notice(self) -> None:
        self._notice_timer.stop()
        self.notice_label.setText("")
        self.notice_action.hide()
        self._notice_then = None
        self._notice_kind = Notice.INFO

    def _on_notice_action(self) -> None:
        then = self._notice_then
        self.clear_notice()
        if then is not None:
            then()

    # --- kiosk rules: full screen, PIN, close guard ------------------------------------------

    def show_kiosk(self) -> None:
        if self.windowed:
            self.resize(*WINDOWED_SIZE)
            self.show()
        else:
            # The screen's size first: a bare X session (no window manager) ignores "full screen".
            self.setGeometry(self.screen().geometry())
            self.showFullScreen()

    def _keep_full_screen(self) -> None:
        if self.windowed or self.isMinimized() or self.isFullScreen() or not self.isVisible():
            return
        QTimer.singleShot(0, self.showFullScreen)

    def ask_pin(self, purpose: str, then: Callable[[], object]) -> PinDialog:
        """Open the PIN dialog (non-blocking); ``then()`` runs once the right PIN is entered."""
        if self.pin_dialog is not None:
            self.pin_dialog.reject()
        dialog = PinDialog(self.context.settings.kiosk.pin, purpose, self)
        dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: self._pin_closed(dialog))
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    def _pin_closed(self, dialog: PinDialog) -> None:
        if self.pin_dialog is dialog:
            self.pin_dialog = None
        dialog.deleteLater()
        # Without a window manager (or with a strict one) nothing hands the keyboard back to the
        # window when a dialog closes: Esc, F2 and Ctrl+S would be dead until the next click.
        self.activateWindow()
        self.raise_()
        self._focus_current_page()

    def _focus_current_page(self) -> None:
        """The keyboard goes to the page on screen: its keys (Enter on Preflight, Esc on Help, Ctrl+S
        in Settings) only work with the focus inside it, and a sidebar click or a dialog leaves the
        focus outside (or, on the first start without a window manager, nowhere)."""
        page = self.pages[self.current_name] if self.current_name else self.live
        focus = page.focusWidget()
        (focus if focus is not None and focus.isVisible() else page).setFocus(Qt.FocusReason.OtherFocusReason)

    def request_exit(self) -> None:
        if self.context.takes.busy:
            self.show_notice(self.tr("Finish the take first."), kind=Notice.TAKE_BUSY)
            return
        if self.import_screen.converting:
            self.show_notice(self.import_screen.busy_notice())
            return
        self.ask_pin("exit", self._unlock_and_close)

    def _unlock_and_close(self) -> None:
        self.exit_unlocked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context.takes.busy:
            event.ignore()
            self.show_notice(self.tr("Finish the take first."), kind=Notice.TAKE_BUSY)
            return
        if self.import_screen.converting:
            event.ignore()
            self.show_notice(self.import_screen.busy_notice())
            return
        if not self.exit_unlocked:
            event.ignore()
            self.show_notice(self.tr("To exit, press Ctrl+Shift+Q and enter the operator PIN."))
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Let go of the camera, the microphone and any open video file."""
        self.review.video.release()
        self.context.session.close()
        self.context.outbox.shutdown()
        jobs.wait_for_running_jobs(SHUTDOWN_WAIT_S)
