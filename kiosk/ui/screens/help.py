"""The help screen: what the organiser asks for, the shot plan, and whom to call.

Everything here comes from the organiser's call (``kiosk.organiser``); the county in the examples is
the one in the settings. Keyboard: Esc or Backspace goes back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from kiosk import organiser
from kiosk.config import Settings
from kiosk.ui import theme
from kiosk.ui.widgets import big_button, wrapping_label


class HelpScreen(QWidget):
    back_requested = Signal()  # Back (Esc): the window returns to the screen before
    about_requested = Signal()  # 「About and licences」: the window shows the About screen

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help")
        self.county = (settings.event.county if settings is not None else "") or "○○市"
        self.heading = QLabel()
        theme.style(self.heading, "title")
        self.requirements_title, self.requirements = self._section()
        self.shot_title, self.shot_plan = self._section()
        self.contact_title, self.contact = self._section()
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.back_button = big_button()
        self.back_button.clicked.connect(self.go_back)
        self.about_button = big_button()
        self.about_button.clicked.connect(self.about_requested.emit)

        body = QWidget()
        column = QVBoxLayout(body)
        column.setSpacing(8)
        for title, text in ((self.requirements_title, self.requirements), (self.shot_title, self.shot_plan),
                            (self.contact_title, self.contact)):
            panel = QFrame()
            theme.style(panel, "panel")
            inner = QVBoxLayout(panel)
            inner.addWidget(title)
            inner.addWidget(text)
            column.addWidget(panel)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.about_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        for key in (Qt.Key.Key_Escape, Qt.Key.Key_Backspace):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.go_back)
        self.retranslate()

    @staticmethod
    def _section() -> tuple[QLabel, QLabel]:
        title = QLabel()
        title.setStyleSheet(f"font-size: {theme.BIG_FONT_PX}px; font-weight: bold;")
        text = wrapping_label()
        text.setTextFormat(Qt.TextFormat.PlainText)
        return title, text

    def set_settings(self, settings: Settings) -> None:
        self.county = settings.event.county
        self.retranslate()

    def go_back(self) -> None:
        self.back_requested.emit()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fill(self, text: str) -> str:
        """Put the organiser's facts into a translated sentence (%1 county, %2 pledge line …)."""
        values = {
            "%1": self.county,
            "%2": organiser.pledge_line(self.county),
            "%3": organiser.RECIPIENT,
            "%4": organiser.HELP_PHONE,
            "%5": organiser.HELP_EMAIL,
            "%6": organiser.HELP_WEB,
            "%7": organiser.deliverable_name(self.county),
        }
        for marker, value in values.items():
            text = text.replace(marker, value)
        return text

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Help"))
        self.back_button.setText(self.tr("Back (Esc)"))
        self.back_button.setAccessibleName(self.tr("Back to the previous screen"))
        self.about_button.setText(self.tr("About and licences"))
        self.about_button.setAccessibleName(self.tr("About the kiosk, its licences and source code"))
        self.requirements_title.setText(self.tr("What the organiser asks for"))
        self.requirements.setText(self._fill("\n".join((
            self.tr("• Video: landscape, about 10–15 seconds, at least 1920×1080, with sound (MP4)."),
            self.tr("• Photos: at least 3, each at least 1280×720."),
            self.tr("• File names: 「%7」."),
            self.tr("• Sent by e-mail to %3, with the contact person, unit, job title and phone."),
            self.tr("• Sending it authorises Volunteering Taiwan and IAVE to use the material in all media "
                    "of the global campaign."),
            self.tr("• The stage backdrop shows the IVY 2026 logo and 「%2」."),
        ))))
        self.shot_title.setText(self.tr("The shot (about 10–15 seconds)"))
        self.shot_plan.setText(self._fill("\n".join((
            self.tr("1. Leading the pledge: the county or city head, on stage, leads all volunteers in "
                    "shouting 「%2」."),
            self.tr("2. Turning to the crowd: the head turns towards the volunteers."),
            self.tr("3. Cheering: the crowd cheers and waves. Keep recording until the timer says you can "
                    "stop; it stops by itself at 15 seconds."),
            self.tr("Tip: the camera on a tripod, landscape, the head and the backdrop inside the guide frame."),
        ))))
        self.contact_title.setText(self.tr("Help line"))
        self.contact.setText(self._fill("\n".join((
            self.tr("Volunteering Taiwan, IAVE GNVL office"),
            self.tr("Phone: %4"),
            self.tr("E-mail: %5"),
            self.tr("Web: %6"),
        ))))
