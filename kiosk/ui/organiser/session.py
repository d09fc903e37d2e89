"""The organiser's folder DIR and the long jobs on it, owned on the GUI thread.

One job at a time runs on DIR (collecting writes it, the film and the table read it), through
:class:`kiosk.ui.jobs.Job`; its progress (:class:`kiosk.inbox.Step`) and its answer arrive as
signals on the GUI thread, and :meth:`OrganiserSession.cancel` stops it through its
:class:`~kiosk.cancel.CancelToken` (the core leaves nothing half-written behind). After a collect or
an acceptance the table is read again, in the background too (hashing and probing take a moment).

The IMAP password is typed (kept in memory for this session only) or read from the system keyring;
"save it" puts a typed one into the keyring, which accepts only the operating system's encrypted
stores. It is never written anywhere else.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.cancel import Cancelled, CancelToken
from kiosk.cli.inbox_cmd import CONTACT_SHEET
from kiosk.errors import KioskError
from kiosk.inbox import CountyRow, InboxFolder, Step, accept, collect, county_table, open_source
from kiosk.inbox.montage import MontageResult, MontageSettings, Span, build_montage, plan_for
from kiosk.inbox.sources import IMAP_SERVICE, ImapSource, MailSource, imap_password, parse_imap_url
from kiosk.inbox.table import SubmissionView, settle, submission_views, unmatched
from kiosk.instance import WindowClaim, claim_organiser_window
from kiosk.outbox.credentials import PasswordStore
from kiosk.ui.jobs import Job

log = logging.getLogger(__name__)

FILM_NAME = "IVY 2026 臺灣.mp4"  # the film's default name, in DIR
DRAFT_PRESET = "ultrafast"  # a quick draft: the same film, encoded fast (bigger file, softer picture)
SHUTDOWN_WAIT_S = 5.0


class Task(enum.Enum):
    READ = "read"
    COLLECT = "collect"
    ACCEPT = "accept"
    FILM = "film"
    SHEET = "sheet"


class SourceKind(enum.Enum):
    FOLDER = "folder"  # a folder of .eml files
    MBOX = "mbox"  # one mbox file
    IMAP = "imap"  # imaps://user@host/MAILBOX


@dataclass(frozen=True)
class MailSourceChoice:
    """Where the mails come from, as the Collect page has it."""

    kind: SourceKind
    path: Path | None = None  # FOLDER, MBOX
    address: str = ""  # IMAP: imaps://user@host[:port]/MAILBOX
    password: str = field(default="", repr=False)  # IMAP: typed; empty = the keyring's
    save_password: bool = False  # IMAP: put the typed password into the system keyring
    ca_file: Path | None = None  # IMAP: an extra CA to trust


@dataclass(frozen=True)
class FilmRequest:
    order: list[str]  # the counties in the film, in this order
    spans: dict[str, Span]
    target_s: float | None
    draft: bool
    out: Path


@dataclass(frozen=True)
class FolderView:
    """What the window shows of DIR: the 22 rows, mails for no county, clip lengths, files made."""

    rows: list[CountyRow]
    unmatched: list[dict[str, Any]]
    durations: dict[str, float]  # usable counties: their clip's length in seconds
    contact_sheet: Path | None
    submissions: dict[str, SubmissionView] = field(default_factory=dict)  # by id

    @classmethod
    def empty(cls) -> FolderView:
        return cls([], [], {}, None)


def read_folder(root: Path) -> FolderView:
    """DIR as it is now (a folder nothing was collected into yet: 22 missing rows)."""
    from kiosk.recording.media import probe_media

    folder = InboxFolder(root)
    folder.load()
    if folder.index.submissions:
        settle(folder)  # evaluations brought up to date and kept, unless a collect holds DIR
    views = submission_views(folder)
    rows = county_table(folder, views)
    durations: dict[str, float] = {}
    for row in rows:
        if row.usable and row.clip is not None:
            try:
                durations[row.county] = probe_media(row.clip).duration_s
            except KioskError as exc:  # the film says so in words when it gets there
                log.warning("cannot probe the clip of %s: %s", row.county, exc.en)
    sheet = folder.root / CONTACT_SHEET
    return FolderView(rows, unmatched(folder), durations, sheet if sheet.is_file() else None,
                      {view.id: view for view in views})


class OrganiserSession(QObject):
    view_changed = Signal(object)  # FolderView
    folder_changed = Signal(object)  # Path: DIR is another folder now
    busy_changed = Signal(object)  # the Task now running, or None
    step = Signal(object)  # Step of the running job
    collected = Signal(object)  # CollectReport
    accepted = Signal(object)  # SubmissionView
    film_built = Signal(object)  # MontageResult
    sheet_made = Signal(object)  # Path
    failed = Signal(object, object)  # Task, the exception (a KioskError carries its words)
    cancelled = Signal(object)  # Task

    def __init__(self, root: Path, *, passwords: PasswordStore | None = None,
                 montage_settings: MontageSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.passwords = passwords or PasswordStore()
        self.montage_settings = montage_settings or MontageSettings()
        self.view = FolderView.empty()
        self.task: Task | None = None
        self.last_step: Step | None = None
        self._token = CancelToken()
        self._idle = threading.Event()
        self._idle.set()
        self._read_again = False
        self._claim: WindowClaim | None = None
        self.folder = InboxFolder(root)
        self.job = Job("organiser", self)
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self._claim_folder(root)

    # -- the folder ---------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self.folder.root

    @property
    def busy(self) -> bool:
        return self.task is not None

    @property
    def film_path(self) -> Path:
        return self.root / FILM_NAME

    def _claim_folder(self, root: Path) -> None:
        """DIR made when missing, and held: one organiser window per folder (``AlreadyRunning``)."""
        folder = InboxFolder.create(root)
        claim = claim_organiser_window(folder.meta)
        if self._claim is not None:
            self._claim.release()
        self._claim, self.folder = claim, folder

    def open_folder(self, root: Path) -> bool:
        """Work on another DIR (not while a job runs); KioskError when it cannot be used."""
        if self.busy:
            return False
        self._claim_folder(root)
        self.view = FolderView.empty()
        self.folder_changed.emit(self.root)
        self.refresh()
        return True

    def row(self, county: str) -> CountyRow | None:
        return next((row for row in self.view.rows if row.county == county), None)

    # -- the jobs -------------------------------------------------------------------------------

    def refresh(self) -> bool:
        """Read DIR again (after the current job, if one runs)."""
        if self.busy:
            self._read_again = True
            return False
        root = self.root
        return self._start(Task.READ, lambda: read_folder(root),
                           Step("read", 0, 0, "正在讀取資料夾…", "reading the folder…"))

    def collect(self, choice: MailSourceChoice) -> bool:
        root = self.root

        def work() -> object:
            report = collect(self._open_source(choice), root, progress=self.job.report, cancel=self._token)
            if choice.kind is SourceKind.IMAP and choice.password and choice.save_password:
                # only a password the server took is kept
                self._save_password(parse_imap_url(choice.address).account_key, choice.password)
            return report

        return self._start(Task.COLLECT, work, Step("collect", 0, 0, "正在連線…", "opening the mail source…"))

    def _open_source(self, choice: MailSourceChoice) -> MailSource:
        """On the worker: the keyring and the network may take their time."""
        if choice.kind is not SourceKind.IMAP:
            if choice.path is None:
                raise KioskError("請先選擇信件來源", "choose where the mails are first")
            return open_source(str(choice.path))
        address = parse_imap_url(choice.address)
        if not choice.password:
            return ImapSource(address, imap_password(address, None, self.passwords), ca_file=choice.ca_file)
        return ImapSource(address, choice.password, ca_file=choice.ca_file)

    def _save_password(self, account: str, password: str) -> None:
        try:
            self.passwords.backend().set_password(IMAP_SERVICE, account, password)
        except KioskError:
            raise  # no safe store here: said in words
        except Exception as exc:  # a locked or broken keyring raises its own kind
            raise KioskError(f"無法把密碼存入系統密碼庫（{type(exc).__name__}）",
                             f"the password could not be saved in the system keyring ({type(exc).__name__})") from None

    def accept(self, submission_id: str, accepted: bool = True) -> bool:
        root = self.root
        return self._start(Task.ACCEPT, lambda: accept(InboxFolder.open(root), submission_id, accepted=accepted),
                           Step("accept", 0, 0, "正在記下…", "saving…"))

    def build_film(self, request: FilmRequest) -> bool:
        root = self.root
        settings = self.montage_settings
        if request.draft:
            settings = replace(settings, preset=DRAFT_PRESET)

        def work() -> MontageResult:
            folder = InboxFolder.open(root)
            plan = plan_for(folder, settings=settings, target_s=request.target_s).reordered(request.order)
            plan.spans.update(request.spans)
            return build_montage(folder, request.out, plan, progress=self.job.report, cancel=self._token)

        return self._start(Task.FILM, work, Step("prepare", 0, 0, "正在準備影片…", "preparing the clips…"))

    def make_contact_sheet(self) -> bool:
        from kiosk.inbox.contactsheet import write_contact_sheet

        root = self.root

        def work() -> Path:
            folder = InboxFolder(root)
            folder.load()
            return write_contact_sheet(county_table(folder), root / CONTACT_SHEET)

        return self._start(Task.SHEET, work, Step("sheet", 0, 0, "正在製作照片一覽…", "making the contact sheet…"))

    def cancel(self) -> None:
        """Stop the running job at its next step (a running ffmpeg within a fraction of a second)."""
        if self.busy:
            self._token.cancel()

    def _start(self, task: Task, work: Callable[[], object], first: Step) -> bool:
        if self.busy:
            return False
        self._token = CancelToken()
        self._idle.clear()
        idle = self._idle

        def run() -> object:
            try:
                return work()
            finally:
                idle.set()

        self.task = task
        self.last_step = first
        if not self.job.start(run):
            self.task = None
            idle.set()
            return False
        self.busy_changed.emit(task)
        self.step.emit(first)
        return True

    def _on_progress(self, step: object) -> None:
        if isinstance(step, Step):
            self.last_step = step
            self.step.emit(step)

    def _end(self) -> Task | None:
        task, self.task = self.task, None
        self.last_step = None
        self.busy_changed.emit(None)
        return task

    def _on_finished(self, result: object) -> None:
        task = self._end()
        if task is Task.READ:
            assert isinstance(result, FolderView)
            self.view = result
            self.view_changed.emit(result)
        elif task is Task.COLLECT:
            self.collected.emit(result)
        elif task is Task.ACCEPT:
            self.accepted.emit(result)
        elif task is Task.FILM:
            self.film_built.emit(result)
        elif task is Task.SHEET:
            self.sheet_made.emit(result)
        self._after(task)

    def _on_failed(self, error: object) -> None:
        task = self._end()
        if isinstance(error, Cancelled):
            self.cancelled.emit(task)
        else:
            self.failed.emit(task, error)
        self._after(task)

    def _after(self, task: Task | None) -> None:
        """What a job changed in DIR is read back (a cancelled collect kept what it had collected)."""
        if task in (Task.COLLECT, Task.ACCEPT, Task.SHEET) or (self._read_again and task is not Task.READ):
            self._read_again = False
            self.refresh()

    def shutdown(self) -> None:
        """The window closes: stop the job, wait a moment for it to leave DIR tidy, let go of DIR."""
        self.cancel()
        if not self._idle.wait(SHUTDOWN_WAIT_S):
            log.warning("the %s job did not stop within %.0f s", self.task, SHUTDOWN_WAIT_S)
        self.job.cancel()
        if self._claim is not None:
            self._claim.release()
            self._claim = None
