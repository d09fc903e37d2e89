"""Collect: where the counties' mails are (a folder of .eml files, an mbox file, or the IMAP mailbox
itself), and one button that reads them into DIR. Collecting again only adds what is new.

The IMAP password is typed here (held in memory only) or, left empty, read from the system
keyring; 「Save it」 puts a typed one in the keyring. Keys: Ctrl+Enter collects, Esc cancels.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.inbox import CollectReport
from kiosk.inbox.sources import IMAP_SERVICE
from kiosk.language import pick
from kiosk.ui import theme
from kiosk.ui.file_picker import CERTIFICATE_SUFFIXES, PickerMode
from kiosk.ui.organiser.parts import Page, PathAsker, breakable, scrolling, unshrinking
from kiosk.ui.organiser.session import FolderView, MailSourceChoice, OrganiserSession, SourceKind, Task
from kiosk.ui.widgets import BIG_TICK_BOX, CONFIRM_KEYS, add_shortcuts, big_button, tall, wrapping_label

MBOX_SUFFIXES = (".mbox", "")  # Thunderbird's mailbox files have no suffix at all


def imap_address(server: str, account: str, mailbox: str) -> str:
    """``imaps://account@server/MAILBOX`` as the core takes it (an ``@`` in the account is ``%40``);
    a whole ``imaps://`` address typed as the server is taken as it is."""
    server = server.strip()
    if server.lower().startswith(("imaps://", "imap://")):
        return server
    return f"imaps://{quote(account.strip(), safe='')}@{server}/{quote(mailbox.strip() or 'INBOX', safe='')}"


class CollectPage(Page):
    collect_requested = Signal(object)  # MailSourceChoice

    def __init__(self, session: OrganiserSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("organiser-collect")
        self.session = session
        self.chooser = PathAsker(self)
        self.kind = SourceKind.FOLDER
        self.paths: dict[SourceKind, Path | None] = {SourceKind.FOLDER: None, SourceKind.MBOX: None}
        self.ca_file: Path | None = None
        self.report: CollectReport | None = None
        self.failure = ""  # why the last collect failed, in the language of the moment it failed
        self._build()
        add_shortcuts(self, CONFIRM_KEYS, self.request_collect)
        session.busy_changed.connect(self._on_busy)
        session.folder_changed.connect(lambda _root: self._forget_report())
        session.collected.connect(self._on_collected)
        session.failed.connect(self._on_failed)
        session.view_changed.connect(self._show_unmatched)
        self.retranslate()
        self.choose_kind(SourceKind.FOLDER)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel()
        theme.style(self.title, "title")
        self.intro = wrapping_label("muted")
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: dict[SourceKind, QPushButton] = {}
        kinds = QHBoxLayout()
        for kind in SourceKind:
            button = big_button()
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, k=kind: self.choose_kind(k))
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        kinds.addStretch(1)

        self.file_panel = QFrame()
        self.path_label = wrapping_label()
        self.choose_button = unshrinking(big_button())
        self.choose_button.clicked.connect(self.choose_path)
        file_row = QHBoxLayout(self.file_panel)
        file_row.setContentsMargins(0, 0, 0, 0)
        file_row.addWidget(self.path_label, 1)
        file_row.addWidget(self.choose_button)

        self.imap_panel = QFrame()
        self.server = self._field()
        self.account = self._field()
        self.mailbox = self._field()
        self.mailbox.setText("INBOX")
        self.password = self._field(QLineEdit.EchoMode.Password)
        self.password.setInputMethodHints(Qt.InputMethodHint.ImhSensitiveData | Qt.InputMethodHint.ImhNoPredictiveText)
        self.save_password = tall(QCheckBox())
        self.save_password.setStyleSheet(BIG_TICK_BOX)
        self.password_note = wrapping_label("muted")
        for edit in (self.server, self.account, self.mailbox):
            edit.textChanged.connect(lambda _text: self._refresh())
        self.ca_label = QLabel()  # one line: a wrapping label in a form row would squeeze its buttons
        self.ca_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.ca_button = unshrinking(big_button())
        self.ca_button.clicked.connect(self.choose_ca_file)
        self.ca_clear = unshrinking(big_button())
        self.ca_clear.clicked.connect(lambda: self._set_ca(None))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_label, 1)
        ca_row.addWidget(self.ca_button)
        ca_row.addWidget(self.ca_clear)
        self.form_labels = {name: QLabel() for name in ("server", "account", "mailbox", "password", "ca")}
        form = QFormLayout(self.imap_panel)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(self.form_labels["server"], self.server)
        form.addRow(self.form_labels["account"], self.account)
        form.addRow(self.form_labels["mailbox"], self.mailbox)
        password_row = QHBoxLayout()  # the tick beside its field: the form fits a 768-pixel-high screen
        password_row.addWidget(self.password, 1)
        password_row.addWidget(self.save_password)
        form.addRow(self.form_labels["password"], password_row)
        form.addRow("", self.password_note)
        form.addRow(self.form_labels["ca"], ca_row)

        self.collect_button = unshrinking(big_button("primary"))
        self.collect_button.clicked.connect(self.request_collect)
        self.result = wrapping_label()
        self.unmatched_title = wrapping_label("muted")
        self.unmatched_list = QListWidget()
        self.unmatched_list.setWordWrap(True)
        self.unmatched_list.setMinimumHeight(theme.MIN_CONTROL_PX * 2)

        action_row = QHBoxLayout()
        action_row.addWidget(self.collect_button)
        action_row.addWidget(self.result, 1)
        content = QWidget()  # scrolls on a screen too small for the IMAP form, instead of squeezing it
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(kinds)
        layout.addWidget(self.file_panel)
        layout.addWidget(self.imap_panel)
        layout.addLayout(action_row)
        layout.addWidget(self.unmatched_title)
        layout.addWidget(self.unmatched_list, 100)
        layout.addStretch(1)  # takes the room while the list is hidden
        self.scroll_area = scrolling(content)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.scroll_area)

    @staticmethod
    def _field(echo: QLineEdit.EchoMode = QLineEdit.EchoMode.Normal) -> QLineEdit:
        edit = tall(QLineEdit())
        edit.setEchoMode(echo)
        return edit

    def retranslate(self) -> None:
        self.title.setText(self.tr("Collect the counties' mail"))
        self.intro.setText(self.tr(
            "Reads the mails that arrived into the folder shown at the top: every file is checked against "
            "its mail and the consent form. Collecting again only adds what is new."))
        words = {SourceKind.FOLDER: self.tr("A folder of .eml files"), SourceKind.MBOX: self.tr("A mailbox file (mbox)"),
                 SourceKind.IMAP: self.tr("The mailbox on the mail server (IMAP)")}
        for kind, button in self.kind_buttons.items():
            button.setText(words[kind])
            button.setAccessibleName(self.tr("Mails from: %1").replace("%1", words[kind]))
        labels = {"server": self.tr("Mail server"), "account": self.tr("Account"),
                  "mailbox": self.tr("Mailbox folder"), "password": self.tr("Password"),
                  "ca": self.tr("Extra certificate (optional)")}
        for name, label in self.form_labels.items():
            label.setText(labels[name])
        for name, edit in (("server", self.server), ("account", self.account), ("mailbox", self.mailbox),
                           ("password", self.password)):
            edit.setAccessibleName(labels[name])
        self.server.setPlaceholderText(self.tr("e.g. imap.gmail.com (port 993 unless you add :port)"))
        self.account.setPlaceholderText("ingo.se@vtaiwan.org")
        self.password.setPlaceholderText(self.tr("empty: the password saved in the system keyring"))
        self.save_password.setText(self.tr("Save the typed password in the system keyring"))
        self.save_password.setAccessibleName(self.tr("Save the typed password in the system keyring"))
        self.password_note.setText(self.tr(
            "The password is never written to a file: it is kept in memory for this window, or in the system's "
            "encrypted keyring (service %1).").replace("%1", IMAP_SERVICE))
        self.ca_button.setText(self.tr("Choose…"))
        self.ca_button.setAccessibleName(self.tr("Choose a certificate file"))
        self.ca_clear.setText(self.tr("None"))
        self.ca_clear.setAccessibleName(self.tr("No extra certificate"))
        self.ca_label.setAccessibleName(self.tr("Extra certificate"))
        self.choose_button.setText(self.tr("Choose…"))
        self.choose_button.setAccessibleName(self.tr("Choose where the mails are"))
        self.path_label.setAccessibleName(self.tr("Where the mails are"))
        self.collect_button.setText(self.tr("Collect (Ctrl+Enter)"))
        self.collect_button.setAccessibleName(self.tr("Collect the mails"))
        self.result.setAccessibleName(self.tr("What the last collect found"))
        self.unmatched_list.setAccessibleName(self.tr("Mails for no county"))
        self._show_path()
        self._show_ca()
        self._show_report()
        self._show_unmatched(self.session.view)

    # -- the source ------------------------------------------------------------------------------

    def choose_kind(self, kind: SourceKind) -> None:
        self.kind = kind
        self.kind_buttons[kind].setChecked(True)
        self.file_panel.setVisible(kind is not SourceKind.IMAP)
        self.imap_panel.setVisible(kind is SourceKind.IMAP)
        self._show_path()
        self._refresh()

    def choose_path(self) -> None:
        if self.kind is SourceKind.FOLDER:
            self.chooser.ask(PickerMode.FOLDER, self.tr("The folder of .eml files"), self.set_path,
                          start=self.paths[SourceKind.FOLDER])
        elif self.kind is SourceKind.MBOX:
            known = self.paths[SourceKind.MBOX]
            self.chooser.ask(PickerMode.FILE, self.tr("The mailbox file (mbox)"), self.set_path,
                          suffixes=MBOX_SUFFIXES, start=known.parent if known else None)

    def set_path(self, path: Path) -> None:
        self.paths[self.kind] = path
        self._show_path()
        self._refresh()

    def choose_ca_file(self) -> None:
        self.chooser.ask(PickerMode.FILE, self.tr("The extra certificate (CA) file"), self._set_ca,
                      suffixes=CERTIFICATE_SUFFIXES, start=self.ca_file.parent if self.ca_file else None)

    def _set_ca(self, path: Path | None) -> None:
        self.ca_file = path
        self._show_ca()

    def choice(self) -> MailSourceChoice | None:
        """What Collect would read, or None while nothing is chosen."""
        if self.kind is SourceKind.IMAP:
            if not self.server.text().strip() or (not self.account.text().strip()
                                                  and "://" not in self.server.text()):
                return None
            return MailSourceChoice(SourceKind.IMAP, address=imap_address(
                self.server.text(), self.account.text(), self.mailbox.text()), password=self.password.text(),
                save_password=self.save_password.isChecked(), ca_file=self.ca_file)
        path = self.paths.get(self.kind)
        return MailSourceChoice(self.kind, path=path) if path is not None else None

    def request_collect(self) -> None:
        choice = self.choice()
        if choice is None or self.session.busy:
            return
        self.collect_requested.emit(choice)

    # -- showing ----------------------------------------------------------------------------------

    def _refresh(self) -> None:
        idle = not self.session.busy
        self.collect_button.setEnabled(idle and self.choice() is not None)
        for button in (*self.kind_buttons.values(), self.choose_button, self.ca_button, self.ca_clear):
            button.setEnabled(idle)

    def _show_path(self) -> None:
        path = self.paths.get(self.kind)
        if path is not None:
            self.path_label.setText(breakable(path))
        elif self.kind is SourceKind.MBOX:
            self.path_label.setText(self.tr("No file chosen yet: an export from Thunderbird, Apple Mail or "
                                            "Google Takeout."))
        else:
            self.path_label.setText(self.tr("No folder chosen yet: a folder of saved .eml mails."))

    def _show_ca(self) -> None:
        self.ca_label.setText(str(self.ca_file) if self.ca_file else self.tr("none: the system's certificates"))
        self.ca_label.setToolTip(self.ca_label.text())

    def _on_busy(self, task: Task | None) -> None:
        if task is Task.COLLECT:
            self._forget_report()  # the last collect's words do not describe this one
        self._refresh()

    def _forget_report(self) -> None:
        self.report = None
        self.failure = ""
        self._show_report()

    def _on_collected(self, report: CollectReport) -> None:
        self.report = report
        self._show_report()

    def _on_failed(self, task: Task | None, error: object) -> None:
        """A collect that failed says why beside its button too, where the person looks."""
        if task is Task.COLLECT:
            self.failure = error.message() if isinstance(error, KioskError) else type(error).__name__
            self._show_report()

    def _show_report(self) -> None:
        report = self.report
        theme.style(self.result, "warning" if self.failure else "")
        if report is None:
            self.result.setText(self.tr("Not collected: %1").replace("%1", self.failure) if self.failure else "")
            return
        outcomes = report.outcomes
        self.result.setText(self.tr(
            "Mails read: %1, new: %2. Collected: %3 · sent twice: %4 · refused: %5 · for no county: %6 · "
            "already collected before: %7").replace("%1", str(report.seen)).replace("%2", str(report.new)).replace(
            "%3", str(outcomes.get("collected", 0))).replace("%4", str(outcomes.get("duplicate", 0))).replace(
            "%5", str(outcomes.get("refused", 0))).replace("%6", str(outcomes.get("unmatched", 0))).replace(
            "%7", str(report.already)))

    def _show_unmatched(self, view: FolderView) -> None:
        self.unmatched_list.clear()
        self.unmatched_title.setText(self.tr("Mails that belong to no county, for a person to sort: %1").replace(
            "%1", str(len(view.unmatched))))
        self.unmatched_list.setVisible(bool(view.unmatched))
        for mail in view.unmatched:
            problems = "; ".join(pick(p["zh"], p["en"]) for p in mail.get("problems", []))
            self.unmatched_list.addItem(f"{mail.get('subject') or '—'} · {mail.get('sender') or '—'}\n{problems}")
