"""About / licences: the app's version and every bundled component with its licence and source.

Self-contained (it needs only ``kiosk.licences``): a list of components on the left, the chosen
one's version, licence, where its source is and its full licence texts on the right, in large
scrollable text. The ffmpeg entry is read from the shipped binary when the screen is first shown.
Keyboard: Up/Down choose, Esc or Backspace goes back.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk import licences

TITLE_PX = 28
TEXT_PX = 19
BUTTON_MIN_PX = 56  # kiosk rule: controls ≥ 48 px
LIST_WIDTH_PX = 380


class AboutScreen(QWidget):
    back_requested = Signal()

    def __init__(self, load: Callable[[], list[licences.Notice]] = licences.notices,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about")
        self._load = load
        self.notices: list[licences.Notice] = []
        self.heading = QLabel()
        self.heading.setStyleSheet(f"font-size: {TITLE_PX}px; font-weight: bold;")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet(f"font-size: {TEXT_PX}px;")
        self.components = QListWidget()
        self.components.setFixedWidth(LIST_WIDTH_PX)
        self.components.setWordWrap(True)  # long names wrap instead of running off the list
        self.components.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.components.setSpacing(6)
        self.components.setStyleSheet(f"font-size: {TEXT_PX}px;")
        self.components.currentRowChanged.connect(self._show_notice)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)  # a kiosk opens no browser; the addresses are to read
        self.details.setStyleSheet(f"font-size: {TEXT_PX}px;")
        self.back_button = QPushButton()
        self.back_button.setMinimumHeight(BUTTON_MIN_PX)
        self.back_button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.back_button.clicked.connect(self.back_requested.emit)

        body = QHBoxLayout()
        body.addWidget(self.components)
        body.addWidget(self.details, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        for key in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.back_requested.emit)
        self.retranslate()

    def showEvent(self, event: QShowEvent) -> None:  # Qt's name
        if not self.notices:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Read the components again (the ffmpeg program is asked for its version)."""
        self.notices = self._load()
        self.components.clear()
        for notice in self.notices:
            self.components.addItem(f"{notice.name}\n{notice.licence}")
        if self.notices:
            self.components.setCurrentRow(0)
        self.components.setFocus()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("About and licences"))
        self.intro.setText(self.tr(
            "The kiosk is free software under the MIT licence. It ships the components listed here, each "
            "under its own licence; choose one to read its licence, version and where its source code is."))
        self.back_button.setText(self.tr("Back (Esc)"))
        self.back_button.setAccessibleName(self.tr("Back to the previous screen"))
        self.components.setAccessibleName(self.tr("Bundled components"))
        self.details.setAccessibleName(self.tr("Licence of the chosen component"))
        self._show_notice(self.components.currentRow())

    def _show_notice(self, row: int) -> None:
        if not 0 <= row < len(self.notices):
            self.details.clear()
            return
        notice = self.notices[row]
        version, licence, source = self.tr("Version"), self.tr("Licence"), self.tr("Source code")
        parts = [f"<h2>{html.escape(notice.name)}</h2>",
                 f"<p><b>{version}:</b> {html.escape(notice.version)}<br>"
                 f"<b>{licence}:</b> {html.escape(notice.licence)}</p>"]
        if notice.source:
            parts.append(f"<p><b>{source}:</b></p><ul>")
            parts += [f"<li>{html.escape(line)}</li>" for line in notice.source]
            parts.append("</ul>")
        for text in notice.texts:
            parts.append(f"<h3>{html.escape(text.title)}</h3><pre>{html.escape(text.text)}</pre>")
        if not notice.texts:
            named = self.tr("Its licence is named above; the full text is published with its source code.")
            parts.append(f"<p>{named}</p>")
        self.details.setHtml("".join(parts))
