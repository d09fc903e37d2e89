"""The Consent screen: the organiser's authorisation (verbatim, with English beside it), the
personal-data notice (PDPA art. 8), the contact fields (pre-filled from the settings, validated),
the county, a tick box, a drawn signature, and a preview of the consent PDF.

``consent_ready(Consent)`` is emitted only for a complete, validated consent: nothing can be sent
without it. The screen says which take the consent is for (the submission flow's). The preview
renders page 1 of the real PDF (PDFium, see kiosk.package.preview) as a background job, on a page of
its own (the form never narrows for it); without a renderer it shows the PDF's text.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk import organiser
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.package import consent as consent_rules
from kiosk.package.consent import Consent, Contact, now_iso
from kiosk.package.notice import notice_items
from kiosk.package.preview import consent_preview
from kiosk.recording.take import Take
from kiosk.ui.flow import SubmissionFlow
from kiosk.ui.jobs import Job
from kiosk.ui.screens.signature import SignaturePad
from kiosk.ui.theme import MIN_CONTROL_PX
from kiosk.ui.widgets import (
    BIG_TICK_BOX,
    CONFIRM_KEYS,
    FAIL_COLOUR,
    ClickLabel,
    ComboBox,
    add_shortcuts,
    wrapping_label,
)

PREVIEW_WIDTH_PX = 560
FORM_MAX_WIDTH_PX = 1100
_VALIDATORS = {
    "name": lambda value: consent_rules.check_text("name", value),
    "organisation": lambda value: consent_rules.check_text("organisation", value),
    "title": lambda value: consent_rules.check_text("title", value),
    "phone": consent_rules.check_phone,
    "email": consent_rules.check_email,
}


class ConsentScreen(QWidget):
    consent_ready = Signal(object)  # kiosk.package.Consent, validated
    preview_ready = Signal(str)  # "image" (page 1 rendered) or "text" (no PDF renderer)

    def __init__(self, settings: Settings, flow: SubmissionFlow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.flow = flow
        self._touched: set[str] = set()
        self._preview_job = Job("consent-preview", self)
        self._preview_job.finished.connect(self._show_preview)
        self._preview_job.failed.connect(self._show_preview_error)
        self._build_ui()
        self._prefill()
        if flow is not None:
            flow.changed.connect(self._show_take)
            flow.queued.connect(lambda _package: self.start_over())
        self.retranslate()

    # --- layout -------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.take_line = wrapping_label("muted")

        self.authorisation_heading = QLabel()
        self.authorisation_heading.setStyleSheet("font-weight: bold;")
        self.authorisation_zh = QLabel(f"「{organiser.AUTHORISATION_ZH}」")
        self.authorisation_en = QLabel(organiser.AUTHORISATION_EN)
        for label in (self.authorisation_zh, self.authorisation_en):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        authorisation = QFrame()
        authorisation.setProperty("role", "panel")
        side_by_side = QGridLayout(authorisation)
        side_by_side.addWidget(self.authorisation_heading, 0, 0, 1, 2)
        side_by_side.addWidget(self.authorisation_zh, 1, 0)
        side_by_side.addWidget(self.authorisation_en, 1, 1)

        self.notice_heading = QLabel()
        self.notice_heading.setStyleSheet("font-weight: bold;")
        self.notice = QTextBrowser()
        self.notice.setMinimumHeight(200)
        self.notice.setHtml(self._notice_html())

        self.county = ComboBox()
        self.county.addItems(list(organiser.COUNTIES))
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout()
        self.county_label = QLabel()
        self.form.addRow(self.county_label, self.county)
        self.field_labels: dict[str, QLabel] = {}
        for name in consent_rules.CONTACT_FIELDS:
            edit = QLineEdit()
            edit.setMinimumHeight(MIN_CONTROL_PX)
            edit.editingFinished.connect(lambda name=name: self._touch(name))
            edit.textChanged.connect(lambda _text, name=name: self._revalidate(name))
            error = QLabel()
            error.setStyleSheet(f"color: {FAIL_COLOUR};")
            error.setWordWrap(True)
            error.hide()
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(edit)
            column.addWidget(error)
            self.field_labels[name] = QLabel()
            self.form.addRow(self.field_labels[name], column)
            self.fields[name] = edit
            self.errors[name] = error
        self.fields["email"].setInputMethodHints(Qt.InputMethodHint.ImhEmailCharactersOnly)
        self.fields["phone"].setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)

        # A tick box with a short name and the long sentence beside it, wrapping: a QCheckBox's own
        # text never wraps, and the English one pushed the form wider than a 1366 screen.
        self.agree = QCheckBox()
        self.agree.setMinimumHeight(MIN_CONTROL_PX)
        self.agree.setStyleSheet(BIG_TICK_BOX)
        self.agree.toggled.connect(self._refresh)
        self.agree_text = ClickLabel()
        self.agree_text.clicked.connect(self.agree.toggle)
        agree_row = QHBoxLayout()
        agree_row.addWidget(self.agree, 0, Qt.AlignmentFlag.AlignTop)
        agree_row.addWidget(self.agree_text, 1)
        self.signature_label = QLabel()
        self.signature = SignaturePad()
        self.signature.changed.connect(self._refresh)
        self.clear_signature = QPushButton()
        self.clear_signature.setMinimumHeight(MIN_CONTROL_PX)
        self.clear_signature.clicked.connect(self.signature.clear)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.preview_button = QPushButton()
        self.preview_button.setMinimumHeight(MIN_CONTROL_PX)
        self.preview_button.clicked.connect(self.request_preview)
        add_shortcuts(self, ("Ctrl+P",), self.request_preview)
        self.confirm_button = QPushButton()
        self.confirm_button.setMinimumHeight(MIN_CONTROL_PX)
        self.confirm_button.setProperty("role", "primary")
        self.confirm_button.clicked.connect(self.confirm)
        add_shortcuts(self, CONFIRM_KEYS, self.confirm)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear_signature)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.confirm_button)

        content = QWidget()
        content.setMaximumWidth(FORM_MAX_WIDTH_PX)
        form_column = QVBoxLayout(content)
        for widget in (authorisation, self.notice_heading, self.notice):
            form_column.addWidget(widget)
        form_column.addLayout(self.form)
        form_column.addLayout(agree_row)
        form_column.addWidget(self.signature_label)
        form_column.addWidget(self.signature)
        form_column.addLayout(buttons)
        form_column.addWidget(self.status)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(0, 0, 0, 0)
        # Centred by stretches, not by an alignment flag: an aligned item loses its height-for-width,
        # so the scroll area squeezed the form's rows into each other below 1366×768's height.
        centred.addStretch(1)
        centred.addWidget(content, 100)
        centred.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(holder)

        self.pages = QStackedWidget()
        self.pages.addWidget(scroll)
        self.pages.addWidget(self._build_preview_page())
        self.form_page = scroll
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.take_line)
        layout.addWidget(self.pages, 1)

    def _build_preview_page(self) -> QWidget:
        """Page 1 of the PDF, on a page of its own: the form keeps its width."""
        page = QWidget()
        self.preview_heading = QLabel()
        self.preview_heading.setProperty("role", "muted")
        self.preview_busy = QProgressBar()
        self.preview_busy.setRange(0, 0)  # moving: work is going on
        self.preview_busy.setTextVisible(False)
        self.preview_image = QLabel()
        self.preview_image.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        image_scroll = QScrollArea()
        image_scroll.setWidgetResizable(True)
        image_scroll.setFrameShape(QFrame.Shape.NoFrame)
        image_scroll.setWidget(self.preview_image)
        self.preview_text = QPlainTextEdit()
        self.preview_text.setReadOnly(True)
        self.preview_image.hide()
        self.preview_text.hide()
        self.back_to_form = QPushButton()
        self.back_to_form.setMinimumHeight(MIN_CONTROL_PX)
        self.back_to_form.clicked.connect(self.show_form)
        top = QHBoxLayout()
        top.addWidget(self.back_to_form)
        top.addWidget(self.preview_heading, 1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(top)
        column.addWidget(self.preview_busy)
        column.addWidget(image_scroll, 1)
        column.addWidget(self.preview_text, 1)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), page)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.show_form)
        return page

    def _notice_html(self) -> str:
        rows = "".join(
            f"<p><b>{item.heading_zh} {item.heading_en}</b><br>{item.body_zh}<br>"
            f"<span style='color:#aab2bf'>{item.body_en}</span></p>"
            for item in notice_items(self.settings.delivery.retention_days)
        )
        return rows

    def _prefill(self) -> None:
        contact = self.settings.contact
        for name in consent_rules.CONTACT_FIELDS:
            self.fields[name].setText(getattr(contact, name))
        index = self.county.findText(self.settings.event.county)
        self.county.setCurrentIndex(max(index, 0))

    def retranslate(self) -> None:
        self.title.setText(self.tr("Consent and authorisation"))
        self.authorisation_heading.setText(self.tr("The organiser's authorisation"))
        self.notice_heading.setText(self.tr("Personal data notice (Taiwan PDPA art. 8)"))
        self.county_label.setText(self.tr("County or city"))
        self.county.setAccessibleName(self.tr("County or city"))
        captions = {
            "name": self.tr("Contact person"),
            "organisation": self.tr("Organisation"),
            "title": self.tr("Job title"),
            "phone": self.tr("Phone"),
            "email": self.tr("E-mail"),
        }
        placeholders = {"phone": "07-3438100", "email": "name@example.org"}
        for name, caption in captions.items():
            self.field_labels[name].setText(caption)
            self.fields[name].setAccessibleName(caption)
            self.fields[name].setPlaceholderText(placeholders.get(name, ""))
        self.agree_text.setText(self.tr("I have read the notice and authorise the use of the material as stated above"))
        self.agree.setAccessibleName(self.tr("Authorise the use of the material"))
        self.signature_label.setText(self.tr("Signature of the contact person"))
        self.clear_signature.setText(self.tr("Clear signature"))
        self.clear_signature.setAccessibleName(self.tr("Clear signature"))
        self.preview_button.setText(self.tr("Preview the consent form"))
        self.preview_button.setAccessibleName(self.tr("Preview the consent form"))
        self.confirm_button.setText(self.tr("Confirm consent"))
        self.confirm_button.setAccessibleName(self.tr("Confirm consent"))
        self.back_to_form.setText(self.tr("◀ Back to the form (Esc)"))
        self.back_to_form.setAccessibleName(self.tr("Back to the consent form"))
        self._show_take()
        for name in self._touched:
            self._revalidate(name)
        self._refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- validation -------------------------------------------------------------------------------

    def _field_problem(self, name: str) -> str | None:
        """What is wrong with field ``name``, in the screen's language; None when it is fine."""
        text = self.fields[name].text()
        if not text.strip():
            return self.tr("Required")
        try:
            _VALIDATORS[name](text)
        except KioskError:
            if name == "phone":
                return self.tr("A Taiwan number with its area code, e.g. 07-3438100, (02)2345-6789#123 or 0912-345-678")
            if name == "email":
                return self.tr("An e-mail address such as name@example.org")
            return self.tr("At most 80 characters on one line")
        return None

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self._revalidate(name)

    def _revalidate(self, name: str) -> None:
        problem = self._field_problem(name) if name in self._touched else None
        self.errors[name].setText(problem or "")
        self.errors[name].setVisible(problem is not None)
        self._refresh()

    def problems(self) -> list[str]:
        """Everything still missing, in the screen's language (empty when the consent is complete)."""
        found = [f"{self.field_labels[name].text()}: {problem}" for name in consent_rules.CONTACT_FIELDS
                 if (problem := self._field_problem(name))]
        if not self.agree.isChecked():
            found.append(self.tr("Tick the authorisation box"))
        if self.signature.is_empty():
            found.append(self.tr("Sign in the signature box"))
        return found

    def _refresh(self) -> None:
        missing = self.problems()
        self.confirm_button.setEnabled(True)  # pressing it shows what is missing
        separator = self.tr("; ")  # 「；」 between Chinese items
        self.status.setText(self.tr("Still needed: %1").replace("%1", separator.join(missing)) if missing
                            else self.tr("Ready: confirm to continue to sending."))

    def _show_take(self) -> None:
        take: Take | None = self.flow.take if self.flow is not None else None
        if take is None:
            self.take_line.setText(self.tr("Keep a take on the Review screen first: this consent goes with it."))
            return
        created = take.created_at
        when = created.astimezone().strftime("%H:%M:%S") if created is not None else take.id
        self.take_line.setText(self.tr("For the take recorded at %1 (%2 s).").replace("%1", when).replace(
            "%2", f"{take.duration_s:.1f}"))

    def start_over(self) -> None:
        """A package went into the outbox with this consent: the next one is signed afresh."""
        self.signature.clear()
        self.agree.setChecked(False)
        self.show_form()
        self.status.setStyleSheet("")

    # --- results --------------------------------------------------------------------------------

    def current_consent(self) -> Consent:
        """The consent as currently filled in (not validated)."""
        contact = Contact(**{name: self.fields[name].text().strip() for name in consent_rules.CONTACT_FIELDS})
        signature = None if self.signature.is_empty() else self.signature.to_png()
        return Consent(county=self.county.currentText(), contact=contact, authorised=self.agree.isChecked(),
                       signed_by=contact.name, signed_at=now_iso(), signature_png=signature)

    def confirm(self) -> Consent | None:
        """Validate everything; emit ``consent_ready`` and return the consent, or show what is missing."""
        self._touched.update(consent_rules.CONTACT_FIELDS)
        for name in consent_rules.CONTACT_FIELDS:
            self._revalidate(name)
        if self.problems():
            first_bad = next((name for name in consent_rules.CONTACT_FIELDS if self._field_problem(name)), None)
            if first_bad:
                self.fields[first_bad].setFocus()
            self.status.setStyleSheet(f"color: {FAIL_COLOUR};")
            return None
        try:
            consent = self.current_consent().validated()
        except KioskError as exc:  # the same rules as the widgets; kept as a last line of defence
            self.status.setText(exc.message())
            self.status.setStyleSheet(f"color: {FAIL_COLOUR};")
            return None
        self.status.setStyleSheet("")
        self.consent_ready.emit(consent)
        return consent

    def show_form(self) -> None:
        self.pages.setCurrentWidget(self.form_page)

    def request_preview(self) -> None:
        consent, settings = self.current_consent(), self.settings
        if not self._preview_job.start(lambda: consent_preview(consent, settings, PREVIEW_WIDTH_PX)):
            return
        self.preview_heading.setText(self.tr("Preparing the preview…"))
        self.preview_busy.show()
        self.preview_image.hide()
        self.preview_text.hide()
        self.pages.setCurrentIndex(1)
        self.back_to_form.setFocus()

    def _show_preview(self, result: tuple[bytes | None, str]) -> None:
        self.preview_busy.hide()
        png, text = result
        if png is not None:
            self.preview_image.setPixmap(QPixmap.fromImage(QImage.fromData(png)))
            self.preview_image.show()
            self.preview_text.hide()
            self.preview_heading.setText(self.tr("Preview: page 1 of the consent PDF"))
            self.preview_ready.emit("image")
        else:
            self.preview_text.setPlainText(text)
            self.preview_text.show()
            self.preview_image.hide()
            self.preview_heading.setText(self.tr("Preview: the text of the consent PDF"))
            self.preview_ready.emit("text")

    def _show_preview_error(self, error: Exception) -> None:
        self.preview_busy.hide()
        message = error.message() if isinstance(error, KioskError) else str(error)
        self.preview_heading.setText(self.tr("The preview could not be made: %1").replace("%1", message))
        self.preview_ready.emit("error")
