"""The live screen: full-size preview with the IVY 2026 guide, one big Record button, the timed take.

Keyboard: Space record / stop, S still (during a take), Esc cancel the count-in or decline a
question, Enter accept a question. The screen only shows what the ``TakeController`` says and asks
it to act; it never touches the recorder. A question (stop this short take? record without sound?)
is laid over the bottom of the preview, so the preview keeps its size.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from kiosk import organiser
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.language import pick
from kiosk.recording.take import Take
from kiosk.ui import theme
from kiosk.ui.overlay import GuideTexts, whole_seconds
from kiosk.ui.preview import PreviewWidget
from kiosk.ui.studio_session import OpenStudio, StudioSession
from kiosk.ui.take_controller import Cue, Phase, StudioPhase, TakeController
from kiosk.ui.widgets import ConfirmBar, big_button, wrapping_label

PROGRESS_STEPS_PER_S = 10
ASK_STOP_SHORT = "stop-short"
ASK_NO_MIC = "no-mic"


class LiveScreen(QWidget):
    take_finished = Signal(object)  # the finished Take: the window shows it on the review screen
    demo_requested = Signal()  # the operator chose the demo camera after a camera problem

    def __init__(self, takes: TakeController, session: StudioSession, settings: Settings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("live")
        self.takes = takes
        self.session = session
        self.settings = settings
        self.no_mic_confirmed = False
        self._source_state = "opening"  # opening | open | failed
        self._source_error: KioskError | None = None
        self._message: tuple[str, str] | None = None  # (zh, en) last problem to show
        self._phase = Phase.KEEP_GOING
        self._cue: Cue | None = None
        self._count = 0
        self._elapsed = 0.0

        self.preview = PreviewWidget()
        self.preview.state.pledge = organiser.pledge_line(settings.event.county)
        self.preview.state.demo = session.demo
        self.confirm = ConfirmBar(self.preview)
        self.preview.set_bottom_overlay(self.confirm)
        self._build_source_bar()
        self._build_bottom_bar()
        self._opening_timer = QTimer(self)  # "Opening the camera… 3 s": a sign of life while it takes
        self._opening_timer.setInterval(500)
        self._opening_timer.timeout.connect(self._refresh_source)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.source_bar)
        layout.addWidget(self.bottom_bar)

        self._bind_keys()
        self._connect()
        self.retranslate()
        if session.studio is not None:
            self._on_opened(session.studio)
        elif session.last_error is not None:
            self._on_failed(session.last_error)

    # --- construction -----------------------------------------------------------------------

    def _build_source_bar(self) -> None:
        self.source_bar = QFrame()
        theme.style(self.source_bar, "panel")
        self.source_message = wrapping_label("warning")
        self.demo_button = big_button("primary")
        self.retry_button = big_button()
        self.demo_button.clicked.connect(self.demo_requested)
        self.retry_button.clicked.connect(lambda: self.session.open(demo=self.session.demo))
        row = QHBoxLayout(self.source_bar)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.source_message, 1)
        row.addWidget(self.retry_button)
        row.addWidget(self.demo_button)
        self.source_bar.hide()

    def _build_bottom_bar(self) -> None:
        self.bottom_bar = QFrame()
        theme.style(self.bottom_bar, "panel")
        self.record_button = big_button("danger")
        self.record_button.setMinimumWidth(200)
        self.record_button.setMinimumHeight(72)
        self.record_button.clicked.connect(self.primary_action)
        self.still_button = big_button()
        self.still_button.setMinimumHeight(72)
        self.still_button.clicked.connect(self.take_still)
        self.cue_label = wrapping_label("cue")
        self.progress = QProgressBar()
        self.progress.setRange(0, self.takes.max_seconds * PROGRESS_STEPS_PER_S)
        self.progress.setValue(0)
        self.hint_label = wrapping_label("muted")
        middle = QVBoxLayout()
        middle.setSpacing(4)
        middle.addWidget(self.cue_label)
        middle.addWidget(self.progress)
        middle.addWidget(self.hint_label)
        row = QHBoxLayout(self.bottom_bar)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(14)
        row.addWidget(self.record_button)
        row.addLayout(middle, 1)
        row.addWidget(self.still_button)

    def _bind_keys(self) -> None:
        def key(sequence: QKeySequence | Qt.Key, slot: Callable[[], object]) -> QShortcut:
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)  # active while this page is shown
            shortcut.activated.connect(slot)
            return shortcut

        self.shortcuts = {
            "record": key(Qt.Key.Key_Space, self.primary_action),
            "still": key(Qt.Key.Key_S, self.take_still),
            "escape": key(Qt.Key.Key_Escape, self.escape),
            "accept": key(Qt.Key.Key_Return, self.confirm_accept),
            "accept-keypad": key(Qt.Key.Key_Enter, self.confirm_accept),
        }

    def _connect(self) -> None:
        takes = self.takes
        takes.state_changed.connect(self._on_state)
        takes.count_in_changed.connect(self._on_count)
        takes.progress_changed.connect(self._on_progress)
        takes.phase_changed.connect(self._on_phase)
        takes.cue_changed.connect(self._on_cue)
        takes.stop_confirmation_needed.connect(self._ask_stop_short)
        takes.take_finished.connect(self._on_take_finished)
        takes.take_failed.connect(self._on_take_failed)
        takes.notice.connect(lambda zh, en: self._show_message(zh, en))
        takes.still_taken.connect(lambda _path: self._refresh_hint())
        self.session.opening.connect(self._on_opening)
        self.session.opened.connect(self._on_opened)
        self.session.failed.connect(self._on_failed)

    # --- operator actions -------------------------------------------------------------------

    def primary_action(self) -> None:
        """Space / the big button: record, cancel the count-in, or stop, depending on the moment."""
        state = self.takes.state
        if state is StudioPhase.IDLE:
            self.start_take()
        elif state is StudioPhase.COUNT_IN:
            self.takes.cancel_count_in()
        elif state is StudioPhase.RECORDING:
            if self.confirm.kind == ASK_STOP_SHORT:
                self.confirm.accept()
            else:
                self.takes.request_stop()

    def start_take(self) -> bool:
        if self.takes.studio is None:
            return False
        if self.takes.studio.mic is None and not self.no_mic_confirmed:
            self.confirm.ask(ASK_NO_MIC, self._confirm_no_mic)
            self._retranslate_confirm()
            return False
        self._message = None
        self.confirm.dismiss()
        return self.takes.start_count_in()

    def refresh_settings(self) -> None:
        """The settings changed (county, cue times): show the new values."""
        self.preview.state.pledge = organiser.pledge_line(self.settings.event.county)
        self.takes.cues = self.settings.cues
        self._refresh()

    def activated(self) -> None:
        self.refresh_settings()

    def _confirm_no_mic(self) -> None:
        self.no_mic_confirmed = True
        self.start_take()

    def take_still(self) -> None:
        self.takes.take_still()

    def escape(self) -> None:
        if self.confirm.asking:
            self.confirm.decline()
        elif self.takes.state is StudioPhase.COUNT_IN:
            self.takes.cancel_count_in()

    def confirm_accept(self) -> None:
        if self.confirm.asking:
            self.confirm.accept()

    def _ask_stop_short(self, _elapsed: float) -> None:
        self.confirm.ask(ASK_STOP_SHORT, lambda: self.takes.request_stop(confirmed=True))
        self._retranslate_confirm()

    # --- what the controller and the session say --------------------------------------------

    def _on_state(self, _state: str) -> None:
        state = self.takes.state
        state_guide = self.preview.state
        state_guide.recording = state in (StudioPhase.RECORDING, StudioPhase.STOPPING)
        if state is not StudioPhase.COUNT_IN:
            state_guide.count_in = None
        if state is StudioPhase.IDLE:
            state_guide.elapsed_s = state_guide.remaining_s = None
            self._cue = None
            self.confirm.dismiss()
        if state is not StudioPhase.RECORDING and self.confirm.kind == ASK_STOP_SHORT:
            self.confirm.dismiss()
        if state is StudioPhase.RECORDING:
            self.progress.setValue(0)
        self._refresh()

    def _on_count(self, number: int) -> None:
        self._count = number
        self.preview.state.count_in = number
        self.preview.update()
        self._refresh_cue()
        self._refresh_hint()

    def _on_progress(self, elapsed: float, remaining: float) -> None:
        self._elapsed = elapsed
        self.preview.state.elapsed_s = elapsed
        self.preview.state.remaining_s = remaining
        self.progress.setValue(round(elapsed * PROGRESS_STEPS_PER_S))
        self._refresh_progress_text()

    def _on_phase(self, phase: str) -> None:
        self._phase = Phase(phase)
        self.progress.setProperty("phase", phase)
        self.progress.style().unpolish(self.progress)
        self.progress.style().polish(self.progress)
        if self._phase is Phase.CAN_STOP and self.confirm.kind == ASK_STOP_SHORT:
            self.confirm.dismiss()  # no longer a short take: nothing to confirm
        self._refresh_progress_text()
        self._refresh_hint()

    def _on_cue(self, cue: int) -> None:
        self._cue = Cue(cue)
        self._refresh_cue()

    def _on_take_finished(self, take: Take) -> None:
        self.progress.setValue(0)
        self.take_finished.emit(take)

    def _on_take_failed(self, zh: str, en: str) -> None:
        self._show_message(zh, en)

    def _on_opening(self, demo: bool) -> None:
        self._source_state = "opening"
        self._opening_timer.start()
        self.preview.state.demo = demo
        self.preview.detach()
        if not self.takes.busy:
            self.takes.set_studio(None)
        self.source_bar.hide()
        self._refresh()

    def _on_opened(self, studio: OpenStudio) -> None:
        self._source_state = "open"
        self._opening_timer.stop()
        self._source_error = None
        self.preview.state.demo = self.session.demo
        self.preview.attach(studio.camera, studio.mic)
        if not self.takes.busy:
            self.takes.set_studio(studio)
        self.source_bar.hide()
        self._refresh()

    def _on_failed(self, error: KioskError) -> None:
        self._source_state = "failed"
        self._opening_timer.stop()
        self._source_error = error
        self.preview.detach()
        self.source_bar.show()
        self._refresh()

    def _show_message(self, zh: str, en: str) -> None:
        self._message = (zh, en)
        self._refresh_hint()

    # --- text -------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.preview.state.texts = GuideTexts(
            head=self.tr("Stage head here"),
            backdrop=self.tr("Backdrop with the IVY 2026 logo"),
            action_safe=self.tr("action safe"),
            title_safe=self.tr("title safe"),
            rec=self.tr("REC"),
            remaining=self.tr("%1 left"),
            mic=self.tr("MIC"),
            clip=self.tr("CLIP"),
            no_mic=self.tr("no mic"),
            demo=self.tr("DEMO"),
        )
        self.preview.setAccessibleName(self.tr("Live camera preview with the framing guide"))
        self.progress.setAccessibleName(self.tr("Take progress"))
        self.still_button.setText(self.tr("Photo (S)"))
        self.still_button.setAccessibleName(self.tr("Take a photo now"))
        self.demo_button.setText(self.tr("Use the demo camera"))
        self.demo_button.setAccessibleName(self.tr("Use the demo camera"))
        self.retry_button.setText(self.tr("Try again"))
        self.retry_button.setAccessibleName(self.tr("Try the camera again"))
        self._retranslate_confirm()
        self._refresh()

    def _retranslate_confirm(self) -> None:
        if self.confirm.kind == ASK_STOP_SHORT:
            self.confirm.set_texts(
                self.tr("Only %1 s so far; the organiser asks for 10–15 s. Stop anyway? "
                        "The take is kept but marked short.").replace("%1", f"{self._elapsed:.0f}"),
                self.tr("Stop now (Enter)"),
                self.tr("Keep going (Esc)"),
            )
        elif self.confirm.kind == ASK_NO_MIC:
            self.confirm.set_texts(
                self.tr("No microphone: the take will have no sound. Record without sound?"),
                self.tr("Record without sound (Enter)"),
                self.tr("Cancel (Esc)"),
            )

    def _refresh(self) -> None:
        self._refresh_record_button()
        self._refresh_cue()
        self._refresh_progress_text()
        self._refresh_hint()
        self._refresh_source()
        self.preview.update()

    def _refresh_record_button(self) -> None:
        state = self.takes.state
        if state is StudioPhase.IDLE:
            text, name = self.tr("● Record (Space)"), self.tr("Record")
        elif state is StudioPhase.COUNT_IN:
            text, name = self.tr("Cancel (Esc)"), self.tr("Cancel the count-in")
        elif state is StudioPhase.RECORDING:
            text, name = self.tr("■ Stop (Space)"), self.tr("Stop the take")
        else:
            text, name = self.tr("Finishing…"), self.tr("Finishing the take")
        self.record_button.setText(text)
        self.record_button.setAccessibleName(name)
        self.record_button.setEnabled(
            state in (StudioPhase.COUNT_IN, StudioPhase.RECORDING)
            or (state is StudioPhase.IDLE and self.takes.studio is not None))
        self.still_button.setEnabled(state is StudioPhase.RECORDING)

    def _refresh_cue(self) -> None:
        pledge = organiser.pledge_line(self.settings.event.county)
        state = self.takes.state
        if state is StudioPhase.COUNT_IN:
            text = self.tr("Get ready… %1").replace("%1", str(self._count))
        elif self._cue is Cue.TURN_TO_CROWD:
            text = self.tr("Turn to the crowd")
        elif self._cue is Cue.CHEER:
            text = self.tr("Everyone cheers!")
        elif self._cue is Cue.LEAD_PLEDGE:
            text = self.tr("Lead the pledge: 「%1」").replace("%1", pledge)
        else:
            text = self.tr("Pledge: 「%1」").replace("%1", pledge)
        self.cue_label.setText(text)

    def _refresh_progress_text(self) -> None:
        seconds = str(whole_seconds(self._elapsed))  # as the REC light counts: whole seconds gone by
        state = self.takes.state
        if state is StudioPhase.STOPPING:
            text = self.tr("%1 s: finishing the take…").replace("%1", seconds)
        elif state is not StudioPhase.RECORDING:
            text = self.tr("10–15 s; stops by itself at 15 s")
        elif self._phase is Phase.KEEP_GOING:
            text = self.tr("%1 s: keep going").replace("%1", seconds)
        else:
            text = self.tr("%1 s: you can stop").replace("%1", seconds)
        self.progress.setFormat(text)

    def _refresh_hint(self) -> None:
        if self._message is not None:
            theme.style(self.hint_label, "warning")
            self.hint_label.setText(pick(*self._message))
            return
        theme.style(self.hint_label, "muted")
        state = self.takes.state
        if state is StudioPhase.IDLE and self._source_state == "failed":
            text = self.tr("No camera yet: nothing can be recorded.")
        elif state is StudioPhase.IDLE and self.takes.studio is None:
            text = self.tr("Waiting for the camera…")
        elif state is StudioPhase.IDLE:
            text = self.tr("Frame the stage head in the green box, then press Space.")
        elif state is StudioPhase.COUNT_IN:
            text = self.tr("Esc cancels the count-in.")
        elif state is StudioPhase.RECORDING and self._phase is Phase.KEEP_GOING:
            text = self.tr("Keep going until at least 10 s. S takes a photo.")
        elif state is StudioPhase.RECORDING:
            text = self.tr("Space stops; at 15 s the take stops by itself.")
        else:
            text = self.tr("Saving the video and photos…")
        self.hint_label.setText(text)

    def _refresh_source(self) -> None:
        if self._source_state == "opening":
            since = self.session.opening_since
            waited = math.floor(time.monotonic() - since) if since is not None else 0
            text = self.tr("Starting the demo camera…") if self.session.demo else self.tr("Opening the camera…")
            if waited >= 1:
                text += " " + self.tr("%1 s").replace("%1", str(waited))
            self.preview.status_text = text
            self.preview.update()
        elif self._source_state == "failed" and self._source_error is not None:
            problem = pick(self._source_error.zh, self._source_error.en)
            self.preview.status_text = self.tr("No camera picture")
            self.source_message.setText(
                self.tr("%1. Check the cable and press Try again, or use the demo camera to practise.")
                .replace("%1", problem.rstrip("。. ")))
        else:
            self.preview.status_text = self.tr("The camera picture has stopped")
