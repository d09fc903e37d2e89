"""The film: which counties, in which order (Up / Down), which part of each clip (in / out), how
long the whole may be, then Build — with progress and Cancel — and the film played back here.

Every usable county (complete, or sent without the kiosk and accepted) is listed in the order of
the 22 names; untick one to leave it out. 「Quick draft」 encodes fast to check the cut; the final
film uses the normal setting. Pieces already made are reused, so a change rebuilds only its part.

Keys: Ctrl+Up / Ctrl+Down move the chosen county, Space ticks it in or out, Ctrl+Enter builds,
Ctrl+P plays the film, Esc cancels the build.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk import organiser
from kiosk.inbox.montage import MontageResult, Span
from kiosk.inbox.montage.plan import MIN_SPAN_S
from kiosk.ui import theme
from kiosk.ui.file_picker import PickerMode
from kiosk.ui.organiser.parts import Page, PathAsker, breakable, unshrinking
from kiosk.ui.organiser.session import FILM_NAME, FilmRequest, FolderView, OrganiserSession, Task
from kiosk.ui.video_view import VideoView
from kiosk.ui.widgets import (
    BIG_TICK_BOX,
    CONFIRM_KEYS,
    DoubleSpinBox,
    SpinBox,
    add_shortcuts,
    big_button,
    tall,
    wrapping_label,
)

_COUNTY_ROLE = Qt.ItemDataRole.UserRole
DEFAULT_TARGET_S = 60
BIG_LIST_TICKS = "QListWidget::indicator { width: 28px; height: 28px; }"  # a tick a finger can hit


class FilmPage(Page):
    build_requested = Signal(object)  # FilmRequest

    def __init__(self, session: OrganiserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organiser-film")
        self.session = session
        self.chooser = PathAsker(self)
        self.order: list[str] = []  # usable counties, in the film's order
        self.left_out: set[str] = set()
        self.spans: dict[str, Span] = {}
        self.out_folder: Path | None = None  # None: DIR
        self.result: MontageResult | None = None
        self._filling = False
        self._showing_span = False
        self._build()
        add_shortcuts(self, ("Ctrl+Up",), lambda: self.move_county(-1))
        add_shortcuts(self, ("Ctrl+Down",), lambda: self.move_county(1))
        add_shortcuts(self, CONFIRM_KEYS, self.request_build)
        add_shortcuts(self, ("Ctrl+P",), self.play)
        session.view_changed.connect(self.show_view)
        session.folder_changed.connect(lambda _root: self._forget())
        session.busy_changed.connect(self._on_busy)
        session.film_built.connect(self.show_result)
        self.retranslate()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        theme.style(self.title, "title")
        self.intro = wrapping_label("muted")
        self.counties = QListWidget()
        self.counties.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.counties.setStyleSheet(BIG_LIST_TICKS)
        self.counties.currentRowChanged.connect(lambda _row: self._show_span())
        self.counties.itemChanged.connect(self._on_ticked)
        self.up_button = big_button()
        self.up_button.clicked.connect(lambda: self.move_county(-1))
        self.down_button = big_button()
        self.down_button.clicked.connect(lambda: self.move_county(1))
        self.span_panel = QFrame()
        theme.style(self.span_panel, "panel")
        self.span_title = wrapping_label()
        self.in_label, self.out_label = QLabel(), QLabel()
        self.in_spin, self.out_spin = DoubleSpinBox(), DoubleSpinBox()
        for spin in (self.in_spin, self.out_spin):
            spin.setDecimals(1)
            spin.setSingleStep(0.5)
            spin.setSuffix(" s")
            spin.valueChanged.connect(lambda _value: self._span_edited())
        self.whole_button = unshrinking(big_button())
        self.whole_button.clicked.connect(self.use_whole_clip)
        spans = QGridLayout(self.span_panel)
        spans.setContentsMargins(10, 8, 10, 8)
        spans.addWidget(self.span_title, 0, 0, 1, 3)
        spans.addWidget(self.in_label, 1, 0)
        spans.addWidget(self.in_spin, 1, 1)
        spans.addWidget(self.out_label, 2, 0)
        spans.addWidget(self.out_spin, 2, 1)
        spans.addWidget(self.whole_button, 1, 2, 2, 1)
        self.fit = tall(QCheckBox())
        self.fit.setStyleSheet(BIG_TICK_BOX)
        self.fit.toggled.connect(lambda _on: self._show_length())
        self.target = SpinBox()
        self.target.setRange(10, 1200)
        self.target.setValue(DEFAULT_TARGET_S)
        self.target.setSuffix(" s")
        self.target.valueChanged.connect(lambda _value: self._show_length())
        self.draft = tall(QCheckBox())
        self.draft.setStyleSheet(BIG_TICK_BOX)
        self.length = wrapping_label("muted")
        self.out_label_text = wrapping_label()
        self.out_button = unshrinking(big_button())
        self.out_button.clicked.connect(self.choose_out_folder)
        self.build_button = big_button("primary")
        self.build_button.clicked.connect(self.request_build)
        self.video = VideoView()
        self.play_button = unshrinking(big_button())
        self.play_button.clicked.connect(self.play)
        self.result_label = wrapping_label()

        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        fit_row = QHBoxLayout()
        fit_row.addWidget(self.fit)
        fit_row.addWidget(self.target)
        fit_row.addStretch(1)
        build_row = QHBoxLayout()  # the path above, with the whole width to wrap in
        build_row.addWidget(self.out_button)
        build_row.addWidget(self.build_button, 1)
        order = QVBoxLayout()  # which counties, in which order
        order.addWidget(self.counties, 1)
        order.addLayout(moves)
        how = QVBoxLayout()  # which part of each clip, how long, where
        how.addWidget(self.span_panel)
        how.addLayout(fit_row)
        how.addWidget(self.draft)
        how.addWidget(self.length)
        how.addStretch(1)
        how.addWidget(self.out_label_text)
        how.addLayout(build_row)
        result = QVBoxLayout()  # the film
        result.addWidget(self.video, 1)
        play_row = QHBoxLayout()
        play_row.addWidget(self.play_button)
        play_row.addWidget(self.result_label, 1)
        result.addLayout(play_row)
        columns = QHBoxLayout()
        columns.setSpacing(14)
        columns.addLayout(order, 4)
        columns.addLayout(how, 5)
        columns.addLayout(result, 8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(columns, 1)

    def retranslate(self) -> None:
        self.title.setText(self.tr("The film"))
        self.intro.setText(self.tr(
            "Every complete or accepted county, in the order of the 22 names: untick one to leave it out, move it "
            "earlier or later, choose the part of its clip. The clips cross-fade at one loudness between an opening "
            "and a closing card."))
        self.counties.setAccessibleName(self.tr("Counties in the film, in order"))
        self.up_button.setText(self.tr("▲ Earlier"))
        self.up_button.setToolTip(self.tr("Move the county earlier (Ctrl+Up)"))
        self.up_button.setAccessibleName(self.tr("Move the county earlier"))
        self.down_button.setText(self.tr("▼ Later"))
        self.down_button.setToolTip(self.tr("Move the county later (Ctrl+Down)"))
        self.down_button.setAccessibleName(self.tr("Move the county later"))
        self.in_label.setText(self.tr("From"))
        self.out_label.setText(self.tr("To"))
        self.in_spin.setAccessibleName(self.tr("The clip's part starts at"))
        self.out_spin.setAccessibleName(self.tr("The clip's part ends at"))
        self.whole_button.setText(self.tr("Whole clip"))
        self.whole_button.setAccessibleName(self.tr("Use the whole clip"))
        self.fit.setText(self.tr("Fit the film to"))
        self.fit.setAccessibleName(self.tr("Fit the film to a length"))
        self.target.setAccessibleName(self.tr("The film's length"))
        self.draft.setText(self.tr("Quick draft (faster, softer picture)"))
        self.draft.setAccessibleName(self.tr("Quick draft"))
        self.out_button.setText(self.tr("Save in…"))
        self.out_button.setAccessibleName(self.tr("Choose the folder for the film"))
        self.out_label_text.setAccessibleName(self.tr("Where the film is saved"))
        self.build_button.setText(self.tr("Build the film (Ctrl+Enter)"))
        self.build_button.setAccessibleName(self.tr("Build the film"))
        self.video.setAccessibleName(self.tr("The film"))
        self.play_button.setText(self.tr("▶ Play the film (Ctrl+P)"))
        self.play_button.setAccessibleName(self.tr("Play the film"))
        self.result_label.setAccessibleName(self.tr("The film built"))
        self._fill()
        self._show_out()
        self._show_result_words()

    # -- the plan -------------------------------------------------------------------------------------

    def _forget(self) -> None:
        self.order, self.left_out, self.spans, self.out_folder, self.result = [], set(), {}, None, None
        self.video.release()
        self._fill()
        self._show_out()
        self._show_result_words()

    def show_view(self, view: FolderView) -> None:
        """Counties that became usable join in the call's place; those no longer usable leave."""
        usable = [row.county for row in view.rows if row.usable]
        kept = [county for county in self.order if county in usable]
        for county in usable:
            if county not in kept:
                position = organiser.COUNTIES.index(county)
                after = next((n for n, c in enumerate(kept) if organiser.COUNTIES.index(c) > position), len(kept))
                kept.insert(after, county)
        self.order = kept
        self.left_out &= set(kept)
        self.spans = {county: span for county, span in self.spans.items() if county in kept}
        self._fill()

    def durations(self) -> dict[str, float]:
        return self.session.view.durations

    def span_of(self, county: str) -> Span:
        return self.spans.get(county, Span())

    def span_text(self, county: str) -> str:
        duration = self.durations().get(county)
        span = self.span_of(county)
        end = span.end_s if span.end_s is not None else duration
        if end is None:
            return ""
        return self.tr("%1–%2 s of %3 s").replace("%1", f"{span.start_s:.1f}").replace("%2", f"{end:.1f}").replace(
            "%3", f"{duration:.1f}" if duration else "?")

    def included(self) -> list[str]:
        return [county for county in self.order if county not in self.left_out]

    def _fill(self) -> None:
        current = self.current_county()
        self._filling = True
        self.counties.clear()
        for number, county in enumerate(self.order, start=1):
            item = QListWidgetItem(f"{number}. {county}   {self.span_text(county)}")
            item.setData(_COUNTY_ROLE, county)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if county in self.left_out else Qt.CheckState.Checked)
            item.setSizeHint(QSize(0, theme.MIN_CONTROL_PX))
            self.counties.addItem(item)
        if self.order:
            self.counties.setCurrentRow(self.order.index(current) if current in self.order else 0)
        self._filling = False
        self._show_span()
        self._show_length()
        self._refresh_buttons()

    def current_county(self) -> str | None:
        item = self.counties.currentItem()
        return item.data(_COUNTY_ROLE) if item is not None else None

    def _on_ticked(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        county = item.data(_COUNTY_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self.left_out.discard(county)
        else:
            self.left_out.add(county)
        self._show_length()
        self._refresh_buttons()

    def set_included(self, county: str, included: bool) -> None:
        """Tick a county in or out (what Space or a click on its box does)."""
        row = self.order.index(county)
        self.counties.item(row).setCheckState(Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def move_county(self, by: int) -> None:
        county = self.current_county()
        if county is None or self.session.busy:
            return
        place = self.order.index(county)
        target = place + by
        if not 0 <= target < len(self.order):
            return
        self.order.insert(target, self.order.pop(place))
        self._fill()
        self.counties.setCurrentRow(target)

    def _show_span(self) -> None:
        county = self.current_county()
        duration = self.durations().get(county or "")
        self.span_panel.setEnabled(county is not None and duration is not None and not self.session.busy)
        if county is None or duration is None:
            self.span_title.setText(self.tr("Choose a county to set the part of its clip."))
            return
        span = self.span_of(county)
        self.span_title.setText(self.tr("Part of the clip of %1 (%2 s long)").replace("%1", county).replace(
            "%2", f"{duration:.1f}"))
        self._showing_span = True  # the fields follow the county: that is no edit
        self.in_spin.setRange(0.0, max(0.0, duration - MIN_SPAN_S))
        self.out_spin.setRange(MIN_SPAN_S, duration)
        self.in_spin.setValue(span.start_s)
        self.out_spin.setValue(span.end_s if span.end_s is not None else duration)
        self._showing_span = False

    def _span_edited(self) -> None:
        county = self.current_county()
        duration = self.durations().get(county or "")
        if self._showing_span or county is None or duration is None:
            return
        start, end = self.in_spin.value(), self.out_spin.value()
        self.spans[county] = Span(start, None if end >= duration - 0.05 else end)
        item = self.counties.currentItem()
        if item is not None:
            item.setText(f"{self.order.index(county) + 1}. {county}   {self.span_text(county)}")
        self._show_length()

    def set_span(self, county: str, start_s: float, end_s: float | None) -> None:
        """What the From / To fields do, for the chosen county."""
        self.counties.setCurrentRow(self.order.index(county))
        duration = self.durations()[county]
        self.in_spin.setValue(start_s)
        self.out_spin.setValue(end_s if end_s is not None else duration)

    def use_whole_clip(self) -> None:
        county = self.current_county()
        if county is not None:
            self.spans.pop(county, None)
            self._fill()

    def expected_seconds(self) -> float | None:
        """The film's length as planned: cards and spans less the cross-fades (None: nothing to cut)."""
        counties = self.included()
        if not counties:
            return None
        settings = self.session.montage_settings
        if self.fit.isChecked():
            return float(self.target.value())
        total = 0.0
        for county in counties:
            duration = self.durations().get(county)
            if duration is None:
                return None
            span = self.span_of(county)
            total += (span.end_s if span.end_s is not None else duration) - span.start_s
        return 2 * settings.card_s + total - (len(counties) + 1) * settings.crossfade_s

    def _show_length(self) -> None:
        seconds = self.expected_seconds()
        counties = len(self.included())
        if seconds is None:
            self.length.setText(self.tr("No county can go into the film yet: it needs a complete or an accepted "
                                        "submission."))
            return
        self.length.setText(self.tr("%1 counties; the film will be about %2 s long.").replace(
            "%1", str(counties)).replace("%2", f"{seconds:.1f}"))

    # -- where, and building -----------------------------------------------------------------------

    def out_path(self) -> Path:
        return (self.out_folder or self.session.root) / FILM_NAME

    def choose_out_folder(self) -> None:
        self.chooser.ask(PickerMode.FOLDER, self.tr("The folder for the film"), self._set_out_folder,
                      start=self.out_folder or self.session.root)

    def _set_out_folder(self, folder: Path) -> None:
        self.out_folder = folder
        self._show_out()

    def _show_out(self) -> None:
        self.out_label_text.setText(self.tr("Saved as: %1").replace("%1", breakable(self.out_path())))

    def request(self) -> FilmRequest:
        counties = self.included()
        return FilmRequest(counties, {c: self.spans[c] for c in counties if c in self.spans},
                           float(self.target.value()) if self.fit.isChecked() else None, self.draft.isChecked(),
                           self.out_path())

    def request_build(self) -> None:
        if self.session.busy or not self.included():
            return
        self.video.release()  # the film may be rewritten: let go of the old one first (Windows locks it)
        self.build_requested.emit(self.request())

    def _on_busy(self, task: Task | None) -> None:
        self._refresh_buttons()
        self._show_span()

    def _refresh_buttons(self) -> None:
        idle = not self.session.busy
        self.build_button.setEnabled(idle and bool(self.included()))
        for widget in (self.up_button, self.down_button, self.out_button, self.counties, self.fit, self.target,
                       self.draft):
            widget.setEnabled(idle)
        self.play_button.setEnabled(self.result is not None and self.result.video.is_file())

    # -- the result ---------------------------------------------------------------------------------

    def show_result(self, result: MontageResult) -> None:
        self.result = result
        self._show_result_words()
        self._refresh_buttons()
        self.play()

    def _show_result_words(self) -> None:
        result = self.result
        if result is None:
            self.result_label.setText(self.tr("The film appears here once it is built."))
            return
        done = self.tr("The film is up to date: %1") if result.up_to_date else self.tr("The film is ready: %1")
        self.result_label.setText(done.replace("%1", breakable(result.video)) + "\n" + self.tr(
            "%1 s, %2 counties, loudness %3 LUFS").replace("%1", f"{result.duration_s:.1f}").replace(
            "%2", str(len(result.counties))).replace("%3", f"{result.loudness_lufs:.1f}"))

    def play(self) -> None:
        if self.result is not None and self.result.video.is_file():
            self.video.play_file(self.result.video)
