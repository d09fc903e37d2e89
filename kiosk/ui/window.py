"""The kiosk window: every kiosk rule lives in this one class.

- full screen (unless ``--windowed``), and back to full screen if something un-fullscreens it;
- closing is refused unless the operator unlocked it with the PIN (Ctrl+Shift+Q), and never during a take;
- the settings are behind the PIN too (Ctrl+, or the Settings button);
- F1 help, F2 language (中文 / English at run time);
- navigation is locked while a take runs;
- every control at least 48 px with an accessible name (tests walk the whole widget tree).

The screens sit in a QStackedWidget, plugged in through ``kiosk.ui.screens.SCREENS``: the live and
review screens always, the others when their module is present (else a labelled placeholder page).
"""

from __future__ import annotations

import logging
from typing import Any

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

from kiosk.ui import theme
from kiosk.ui.context import AppContext
from kiosk.ui.dialogs import PinDialog
from kiosk.ui.i18n import ZH_TW, pick
from kiosk.ui.screens import SCREENS, ScreenEntry, ScreenUnavailable, build_screen
from kiosk.ui.screens.live import LiveScreen
from kiosk.ui.screens.review import ReviewScreen
from kiosk.ui.widgets import wrapping_label

log = logging.getLogger(__name__)

NOTICE_MS = 8000
WINDOWED_SIZE = (1366, 768)
MIN_SIZE = (960, 540)  # 1920×1080 at 200 %: the smallest logical screen we lay out for


class PlaceholderScreen(QWidget):
    """The page of a screen that is not part of this build (yet), saying so plainly."""

    def __init__(self, entry: ScreenEntry, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.reason = reason
        self.title = QLabel()
        theme.style(self.title, "title")
        self.detail = wrapping_label("muted")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.detail, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("This screen is not available in this version yet."))
        self.detail.setText(self.tr("Screen: %1 (%2)").replace("%1", self.entry.name).replace("%2", self.reason))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class KioskWindow(QMainWindow):
    def __init__(self, context: AppContext, windowed: bool = False) -> None:
        super().__init__()
        self.context = context
        self.windowed = windowed
        self.exit_unlocked = False
        self.pin_dialog: PinDialog | None = None
        self.pages: dict[str, QWidget] = {}
        self.previous_name = "live"  # where navigate("back") returns to
        self.nav_buttons: dict[str, QPushButton] = {}
        self._sending: set[str] = set()  # package ids given to the outbox, not yet queued
        self.setObjectName("kiosk-window")
        self.setMinimumSize(*MIN_SIZE)

        self.stack = QStackedWidget()
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

        self.live = LiveScreen(context.takes, context.session, context.settings)
        self.review = ReviewScreen()
        self._add_page("live", self.live)
        self._add_page("review", self.review)
        self._wire_screens()
        self._bind_keys()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self.clear_notice)
        self.retranslate()
        self.go("live")

    # --- construction -----------------------------------------------------------------------

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
        self._notice_then: Any = None
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
        self.outbox_chip = self._outbox_chip()
        if self.outbox_chip is not None:
            row.addWidget(self.outbox_chip)
        row.addWidget(self.language_button)
        row.addWidget(self.exit_button)
        for fixed in (self.title_label, self.county_label, self.demo_badge, self.notice_action,
                      self.language_button, self.exit_button, self.outbox_chip):
            if fixed is not None:  # never squeezed below their text: the notice gives way instead
                fixed.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self._refresh_demo_badge()

    def _outbox_chip(self) -> QWidget | None:
        """The always-visible outbox summary, when the outbox screen and its sender are present."""
        if self.context.outbox is None:
            return None
        try:
            from kiosk.ui.screens.outbox import OutboxChip
        except ImportError:
            return None
        chip = OutboxChip(self.context.outbox)
        chip.navigate.connect(self.go)
        return chip

    def _build_nav(self) -> None:
        self.nav = QFrame()
        self.nav.setObjectName("nav")
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        column = QVBoxLayout(self.nav)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        for entry in SCREENS:
            button = QPushButton()
            button.setCheckable(True)
            theme.style(button, "nav")
            button.clicked.connect(lambda _checked=False, name=entry.name: self.go(name))
            self.nav_group.addButton(button)
            self.nav_buttons[entry.name] = button
            column.addWidget(button)
        column.addStretch(1)

    def _wire_screens(self) -> None:
        takes, session = self.context.takes, self.context.session
        self.live.take_finished.connect(self._on_take_finished)
        self.live.demo_requested.connect(self.switch_to_demo)
        self.review.retake_requested.connect(lambda: self.go("live"))
        self.review.send_requested.connect(self.send_take)
        takes.state_changed.connect(lambda _state: self._refresh_nav())
        session.opened.connect(lambda _studio: self._refresh_demo_badge())
        session.opening.connect(lambda _demo: self._refresh_demo_badge())
        outbox = self.context.outbox
        if outbox is not None and hasattr(outbox, "enqueue_failed"):
            outbox.queued.connect(self._on_package_queued)
            outbox.enqueue_failed.connect(self._on_enqueue_failed)

    def _bind_keys(self) -> None:
        def key(sequence: str, slot: Any) -> QShortcut:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcuts = {
            "help": key("F1", lambda: self.go("help")),
            "language": key("F2", self.toggle_language),
            "exit": key("Ctrl+Shift+Q", self.request_exit),
            "settings": key("Ctrl+,", lambda: self.go("settings")),
        }

    # --- pages ------------------------------------------------------------------------------

    def _add_page(self, name: str, widget: QWidget) -> None:
        self.pages[name] = widget
        self.stack.addWidget(widget)
        navigate = getattr(widget, "navigate", None)
        if navigate is not None and hasattr(navigate, "connect"):
            navigate.connect(self.go)
        hooks = {
            ("settings", "saved"): self._on_settings_saved,
            ("consent", "consent_ready"): self._on_consent_ready,
            ("send", "send_requested"): self._on_send_requested,
        }
        for (page_name, signal_name), slot in hooks.items():
            signal = getattr(widget, signal_name, None)
            if name == page_name and signal is not None and hasattr(signal, "connect"):
                signal.connect(slot)

    def page(self, name: str) -> QWidget:
        """The screen called ``name``, built (lazily) on first use; a placeholder if it cannot be."""
        if name not in self.pages:
            entry = next(e for e in SCREENS if e.name == name)
            try:
                widget = build_screen(entry, self.context.injectables())
            except ScreenUnavailable as exc:
                widget = PlaceholderScreen(entry, str(exc))
            except Exception as exc:  # a broken screen must not take the kiosk down
                log.exception("screen %s failed to build", name)
                widget = PlaceholderScreen(entry, f"{type(exc).__name__}: {exc}")
            self._add_page(name, widget)
        return self.pages[name]

    @property
    def current_name(self) -> str:
        current = self.stack.currentWidget()
        return next((n for n, w in self.pages.items() if w is current), "")

    def go(self, name: str) -> bool:
        """Show a screen (or ``"back"``). Refused during a take; the PIN first for protected screens."""
        if name == "back":
            name = self.previous_name if self.previous_name != self.current_name else "live"
        if name == self.current_name:
            self._check_nav(name)
            return True
        if self.context.takes.busy:
            self.show_notice(self.tr("Finish the take first."))
            self._check_nav(self.current_name)
            return False
        entry = next((e for e in SCREENS if e.name == name), None)
        if entry is None:
            return False
        if entry.pin:
            self._check_nav(self.current_name)
            self.ask_pin("settings", lambda: self._show(name))
            return False
        if name == "send" and (self.context.take is None or self.context.consent is None):
            # The send screen checks one take with its signed consent: get those first.
            self.show_notice(self.tr("Keep a take and fill in the consent form first."))
            return self.go("review" if self.context.take is None else "consent")
        self._show(name)
        return True

    def _show(self, name: str) -> None:
        widget = self.page(name)
        if self.current_name:
            self.previous_name = self.current_name
        if self.context.take is not None and hasattr(widget, "set_take") and name in ("consent", "send"):
            widget.set_take(self.context.take)
        self.stack.setCurrentWidget(widget)
        self._check_nav(name)
        activated = getattr(widget, "activated", None)
        if callable(activated):
            activated()

    def _check_nav(self, name: str) -> None:
        button = self.nav_buttons.get(name)
        if button is not None:
            button.setChecked(True)

    def _refresh_nav(self) -> None:
        busy = self.context.takes.busy
        for name, button in self.nav_buttons.items():
            button.setEnabled(not busy or name == "live")
        self.exit_button.setEnabled(not busy)

    # --- the take flow ----------------------------------------------------------------------

    def _on_take_finished(self, take: Any) -> None:
        self.review.show_take(take)
        self.go("review")

    def send_take(self, take: Any) -> None:
        """Review chose a kept take for sending: the consent form comes next."""
        if self.context.take is None or take.dir != self.context.take.dir:
            self.context.consent = None  # a consent belongs to one package: sign it again
            self._drop_page("send")
        self.context.take = take
        self.go("consent")

    def _on_consent_ready(self, consent: Any) -> None:
        """Consent signed: a send screen for exactly this take and this consent."""
        self.context.consent = consent
        self._drop_page("send")
        self.go("send")

    def _on_send_requested(self, package_id: str) -> None:
        """The package is built: put it in the outbox. The Outbox screen comes only once the outbox
        says "queued" (on disk); if that fails, a notice says so and offers to send again."""
        if self.context.outbox is None:
            self.go("outbox")
            return
        self.send_package(package_id)

    def send_package(self, package_id: str) -> None:
        self.clear_notice()
        self._sending.add(package_id)
        self.context.outbox.send_package(package_id, self.context.settings)

    def _on_package_queued(self, package_id: str) -> None:
        asked = package_id in self._sending
        self._sending.discard(package_id)
        if asked and self.current_name == "send":  # not when the operator has moved on meanwhile
            self.go("outbox")

    def _on_enqueue_failed(self, package_ref: str, zh: str, en: str) -> None:
        self._sending.discard(package_ref)
        log.error("package %s could not be put in the outbox: %s", package_ref, en)
        self.show_notice(self.tr("The package was NOT queued for sending: %1").replace("%1", pick(zh, en)),
                         action=self.tr("Send again"), then=lambda: self.send_package(package_ref))

    def _drop_page(self, name: str) -> None:
        widget = self.pages.pop(name, None)
        if widget is not None:
            self.stack.removeWidget(widget)
            widget.deleteLater()

    def report_recovery(self, reports: list[dict]) -> None:
        """Crash recovery's result: say how many interrupted takes came back, and list them."""
        salvaged = [r for r in reports if r.get("state") == "salvaged"]
        if salvaged:
            self.show_notice(self.tr("%1 interrupted take(s) recovered: see Review.")
                             .replace("%1", str(len(salvaged))))
            self.review.refresh_kept()

    def _on_settings_saved(self, _settings: Any = None) -> None:
        """New settings: the county on screen, and the devices if they changed (the settings object
        is shared, so everything else reads the new values by itself)."""
        self.retranslate()
        self.live.refresh_settings()
        devices = self.context.settings.devices
        if not self.context.session.demo and (devices.camera, devices.mic) != self._opened_devices:
            self.context.session.open(demo=False)

    @property
    def _opened_devices(self) -> tuple[str, str]:
        sources = getattr(self.context.session.studio, "sources", None) or {}
        camera = (sources.get("camera") or {}).get("spec", "")
        mic = (sources.get("mic") or {}).get("spec", "none")
        return camera, mic

    def switch_to_demo(self) -> None:
        self.context.demo = True
        self.context.session.open(demo=True)

    # --- language ---------------------------------------------------------------------------

    def toggle_language(self) -> None:
        self.context.languages.toggle()

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
            "review": self.tr("Review"),
            "consent": self.tr("Consent"),
            "send": self.tr("Send"),
            "outbox": self.tr("Outbox"),
            "settings": self.tr("Settings"),
            "help": self.tr("Help (F1)"),
        }
        for name, button in self.nav_buttons.items():
            button.setText(labels.get(name, name))
            button.setAccessibleName(labels.get(name, name))
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

    def show_notice(self, text: str, *, action: str | None = None, then: Any = None) -> None:
        """A line in the top bar. With ``action``, a button beside it runs ``then``; such a notice
        stays until the operator acts on it or another notice replaces it."""
        self.notice_label.setText(text)
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

    def _on_notice_action(self) -> None:
        then = self._notice_then
        self.clear_notice()
        if callable(then):
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

    def ask_pin(self, purpose: str, then: Any) -> PinDialog:
        """Open the PIN dialog (non-blocking); ``then()`` runs once the right PIN is entered."""
        if self.pin_dialog is not None:
            self.pin_dialog.reject()
        dialog = PinDialog(self.context.settings.kiosk.pin, purpose, self)
        dialog.accepted.connect(then)
        dialog.finished.connect(lambda _result: setattr(self, "pin_dialog", None))
        self.pin_dialog = dialog
        dialog.open()
        return dialog

    def request_exit(self) -> None:
        if self.context.takes.busy:
            self.show_notice(self.tr("Finish the take first."))
            return
        self.ask_pin("exit", self._unlock_and_close)

    def _unlock_and_close(self) -> None:
        self.exit_unlocked = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context.takes.busy:
            event.ignore()
            self.show_notice(self.tr("Finish the take first."))
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
        if self.context.outbox is not None:
            self.context.outbox.shutdown()

