"""The preflight screen (SPEC §2, screen 1): one line per check, green / amber / red, with the fix in words.

The checks run in a worker thread started by ``PreflightController``, a GUI-thread object that
re-emits the worker's results as its own signals (the worker never touches a widget; tests wait on
the controller). When the window's studio already holds the camera and microphone open, they are
measured as they are: a second opening of the same device fails on Windows.

Keyboard: F5 or R runs the checks again, Enter continues to the live screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk.config import Settings
from kiosk.language import pick
from kiosk.preflight import GROUPS, TITLES, CheckResult, PreflightOptions, PreflightReport, run_preflight
from kiosk.preflight.result import FAIL, OK, WARN, failed
from kiosk.ui import theme
from kiosk.ui.jobs import Job
from kiosk.ui.studio_session import StudioSession
from kiosk.ui.widgets import big_button, wrapping_label

log = logging.getLogger(__name__)

Runner = Callable[..., PreflightReport]  # run_preflight(options, progress)

STATUS_COLOURS = {OK: theme.ACCENT, WARN: theme.WARNING, FAIL: theme.DANGER, "pending": theme.MUTED}
_GROUP_OF = {name: group for group, names in GROUPS for name in names}


class PreflightController(QObject):
    """Runs ``run_preflight`` as a background job; each line and the report arrive on the GUI thread."""

    started = Signal()
    check_done = Signal(object)  # CheckResult
    finished = Signal(object)  # PreflightReport

    def __init__(self, runner: Runner = run_preflight, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.report: PreflightReport | None = None
        self._job = Job("preflight", self)
        self._job.started.connect(self.started)
        self._job.progress.connect(self.check_done)
        self._job.finished.connect(self._on_done)
        self._job.failed.connect(self._on_failed)

    @property
    def running(self) -> bool:
        return self._job.running

    def start(self, options: PreflightOptions) -> bool:
        """Start a run; False when one is still going."""
        runner, job = self._runner, self._job
        return job.start(lambda: runner(options, progress=job.report))

    def _on_done(self, report: PreflightReport) -> None:
        self.report = report
        self.finished.emit(report)

    def _on_failed(self, exc: Exception) -> None:
        # The run itself broke: the operator still gets a red line.
        self._on_done(PreflightReport([failed("config", (f"預檢無法執行：{exc}", f"Preflight could not run: {exc}"))]))


class CheckRow(QFrame):
    """One line: a coloured badge with a word (colour alone is not enough), the title, what was
    found and, when not green, what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.style(self, "panel")
        self.status = "pending"
        self.badge = QLabel()
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.badge.setMinimumSize(96, theme.MIN_CONTROL_PX)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.detail = wrapping_label()
        self.fix = wrapping_label()
        self.fix.setStyleSheet(f"color: {theme.FOCUS};")
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        text.addWidget(self.fix)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 8, 10, 8)
        row.setSpacing(12)
        row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(text, 1)

    def show_values(self, status: str, badge: str, title: str, detail: str, fix: str) -> None:
        self.status = status
        self.badge.setText(badge)
        self.badge.setStyleSheet(
            f"background: {STATUS_COLOURS[status]}; color: #111111; font-weight: bold; border-radius: 8px;"
        )
        self.title.setText(title)
        self.detail.setText(detail)
        self.fix.setText(fix)
        self.fix.setVisible(bool(fix))
        self.setAccessibleName(f"{title}: {badge}. {detail} {fix}".strip())


class PreflightScreen(QWidget):
    proceed_requested = Signal()  # Continue: on to the camera
    finished = Signal(object)  # the PreflightReport, once per run

    def __init__(
        self,
        settings: Settings,
        session: StudioSession | None = None,  # its open studio is measured as it is
        parent: QWidget | None = None,
        *,
        options_factory: Callable[[], PreflightOptions] | None = None,
        runner: Runner = run_preflight,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("preflight")
        self.settings = settings
        self.session = session
        self._options_factory = options_factory
        self._waiting_for_session = False
        self._results: dict[str, CheckResult] = {}
        self._pending: set[str] = set()
        self.rows: dict[str, CheckRow] = {}
        self.controller = PreflightController(runner, self)
        self.controller.check_done.connect(self._on_check)
        self.controller.finished.connect(self._on_finished)
        self._build()
        if session is not None:
            session.opened.connect(self._on_session_settled)
            session.failed.connect(self._on_session_settled)
        self.retranslate()

    # --- construction ---------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel()
        theme.style(self.heading, "title")
        self.summary = wrapping_label("cue")
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(6)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addLayout(self.rows_box)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(holder)
        self.run_button = big_button()
        self.run_button.clicked.connect(self.run_checks)
        self.continue_button = big_button("primary")
        self.continue_button.clicked.connect(self.proceed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        for sequence, slot in ((Qt.Key.Key_F5, self.run_checks), (Qt.Key.Key_R, self.run_checks),
                               (Qt.Key.Key_Return, self.proceed), (Qt.Key.Key_Enter, self.proceed)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # --- the window's hooks --------------------------------------------------------------------

    def activated(self) -> None:
        """Shown by the window: the first time, check at once (the crew should not have to ask)."""
        if self.controller.report is None and not self.controller.running:
            self.run_checks()

    def set_settings(self, settings: Settings) -> None:
        self.settings = settings

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Preflight: will everything work?"))
        self.run_button.setText(self.tr("Run again (F5)"))
        self.run_button.setAccessibleName(self.tr("Run the checks again"))
        self.continue_button.setText(self.tr("Continue (Enter)"))
        self.continue_button.setAccessibleName(self.tr("Continue to the camera"))
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- actions -----------------------------------------------------------------------------

    @property
    def report(self) -> PreflightReport | None:
        return self.controller.report

    def run_checks(self) -> bool:
        """Start the checks (after the studio has finished opening, if it is opening)."""
        if self.controller.running:
            return False
        self._results.clear()
        self._pending = {group for group, _ in GROUPS}
        if self.session is not None and self.session.busy:
            self._waiting_for_session = True
            self._render()
            return True
        self._waiting_for_session = False
        self.controller.start(self._options())
        self._render()
        return True

    def proceed(self) -> None:
        if self.controller.running:
            return
        self.proceed_requested.emit()

    def _options(self) -> PreflightOptions:
        if self._options_factory is not None:
            return self._options_factory()
        studio = self.session.studio if self.session is not None else None
        if studio is not None:
            camera_spec = studio.sources["camera"]["spec"]
            mic_spec = studio.sources["mic"]["spec"] if studio.sources.get("mic") else "none"
            return PreflightOptions.from_settings(
                self.settings, camera=camera_spec, mic=mic_spec, running_camera=studio.camera, running_mic=studio.mic
            )
        demo = self.session is not None and self.session.demo
        return PreflightOptions.from_settings(
            self.settings, camera="demo" if demo else None, mic="demo" if demo else None
        )

    @Slot(object)
    def _on_session_settled(self, _result: object) -> None:
        if self._waiting_for_session:
            self.run_checks()

    @Slot(object)
    def _on_check(self, result: CheckResult) -> None:
        self._results[result.name] = result
        self._pending.discard(_GROUP_OF.get(result.name, result.name))
        self._render()

    @Slot(object)
    def _on_finished(self, report: PreflightReport) -> None:
        self._results = {result.name: result for result in report.checks}
        self._pending.clear()
        self._render()
        self.finished.emit(report)

    # --- drawing -------------------------------------------------------------------------------

    def _badge(self, status: str) -> str:
        return {OK: self.tr("OK"), WARN: self.tr("Note"), FAIL: self.tr("Fix"), "pending": self.tr("…")}[status]

    def _lines(self) -> list[tuple[str, str, str, str, str]]:
        """(key, status, title, detail, fix) in display order."""
        lines = []
        for group, names in GROUPS:
            if group in self._pending:
                title = pick(*TITLES[names[0]])
                waiting = self.tr("Waiting for the camera to open…") if self._waiting_for_session else self.tr("Checking…")
                lines.append((group, "pending", title, waiting, ""))
                continue
            for name in names:
                result = self._results.get(name)
                if result is not None:
                    lines.append((name, result.status, pick(result.title_zh, result.title_en),
                                  pick(result.detail_zh, result.detail_en), pick(result.fix_zh, result.fix_en)))
        return lines

    def _render(self) -> None:
        lines = self._lines()
        wanted = [key for key, *_ in lines]
        for key in [key for key in self.rows if key not in wanted]:
            row = self.rows.pop(key)
            self.rows_box.removeWidget(row)
            row.deleteLater()
        if list(self.rows) != wanted:  # a pending group became its lines: lay the rows out again
            for row in self.rows.values():
                self.rows_box.removeWidget(row)
            self.rows = {key: self.rows.get(key) or CheckRow() for key in wanted}
            for row in self.rows.values():
                self.rows_box.addWidget(row)
        for key, status, title, detail, fix in lines:
            self.rows[key].show_values(status, self._badge(status), title, detail, fix if status != OK else "")
        self.summary.setText(self._summary())
        self.run_button.setEnabled(not self.controller.running and not self._waiting_for_session)
        self.continue_button.setEnabled(not self.controller.running)

    def _summary(self) -> str:
        if self._waiting_for_session:
            return self.tr("Waiting for the camera to open…")
        if self.controller.running:
            done = len(GROUPS) - len(self._pending)
            return self.tr("Checking… (%1 of %2)").replace("%1", str(done)).replace("%2", str(len(GROUPS)))
        report = self.controller.report
        if report is None:
            return self.tr("Press Run again to check the camera, microphone, disk, encoder and account.")
        failures, warnings = len(report.failures), len(report.warnings)
        if failures == 1:
            return self.tr("1 problem to fix before the event: see the red line.")
        if failures:
            return self.tr("%1 problems to fix before the event: see the red lines.").replace("%1", str(failures))
        if warnings == 1:
            return self.tr("Ready, with 1 note: read the amber line.")
        if warnings:
            return self.tr("Ready, with %1 notes: read the amber lines.").replace("%1", str(warnings))
        return self.tr("Ready: everything checked out.")
