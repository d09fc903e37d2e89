"""Small pieces the organiser's pages share: a page that retranslates itself, the kiosk picker opened
for one answer, and the strip that shows the running job with its Cancel button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from kiosk.inbox import Step
from kiosk.language import pick
from kiosk.ui import theme
from kiosk.ui.file_picker import FilePicker, PickerMode
from kiosk.ui.widgets import big_button, wrapping_label

BAR_STEPS = 1000


def breakable(path: Path) -> str:
    """A path a wrapping label may break after any folder (a long one has no spaces to break at)."""
    return str(path).replace("/", "/\u200b").replace("\\", "\\\u200b")


def unshrinking(button: QPushButton) -> QPushButton:
    """A button beside wrapping text keeps its whole label (the text wraps instead)."""
    button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
    return button


def scrolling(content: QWidget) -> QScrollArea:
    """``content`` at its full height, scrolled when the window is too small (never squeezed)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


class Page(QWidget):
    """A widget that says everything again when the language changes (F2)."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Set every text (called at the end of ``__init__`` and on every language change)."""


class PathAsker:
    """Asks for a file or folder with the kiosk's own picker (large rows, USB drives first), over
    ``owner``; ``picker`` is the one open, if any."""

    def __init__(self, owner: QWidget) -> None:
        self.owner = owner
        self.picker: FilePicker | None = None

    def ask(self, mode: PickerMode, title: str, then: Callable[[Path], object], *,
            suffixes: tuple[str, ...] = (), start: Path | None = None) -> FilePicker:
        if self.picker is not None:
            self.picker.reject()
        picker = FilePicker(self.owner, mode=mode, title=title, suffixes=suffixes,
                            start=start if start is not None and start.is_dir() else None)
        picker.chosen.connect(then)
        picker.finished.connect(lambda _result: self._closed(picker))
        self.picker = picker
        picker.open()
        return picker

    def _closed(self, picker: FilePicker) -> None:
        if self.picker is picker:
            self.picker = None
        picker.deleteLater()


class JobStrip(QFrame):
    """The running job: its words, a bar (moving without a total, filling with one) and Cancel (Esc)."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.style(self, "panel")
        self.step: Step | None = None
        self.words = wrapping_label()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMinimumWidth(240)
        self.bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.cancel_button = big_button("danger")
        self.cancel_button.clicked.connect(self.cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 6, 12, 6)
        row.addWidget(self.words, 2)
        row.addWidget(self.bar, 3)
        row.addWidget(self.cancel_button)
        self.hide()
        self.retranslate()

    def show_step(self, step: Step) -> None:
        self.step = step
        if step.total > 0:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(round(step.fraction * BAR_STEPS))
        else:
            self.bar.setRange(0, 0)  # no total (a mailbox does not say how many): a moving bar
        self._say()
        self.show()

    def finish(self) -> None:
        self.step = None
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setValue(0)
        self.hide()

    @property
    def indeterminate(self) -> bool:
        return self.bar.maximum() == 0

    def _say(self) -> None:
        if self.step is None:
            return
        words = pick(self.step.zh, self.step.en)
        if self.step.total > 0:
            words = f"{words} {self.step.fraction * 100:.0f}%"
        self.words.setText(words)
        self.bar.setAccessibleName(self.tr("Progress: %1").replace("%1", words))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel (Esc)"))
        self.cancel_button.setAccessibleName(self.tr("Cancel the running job"))
        self.words.setAccessibleName(self.tr("What is running"))
        self._say()
