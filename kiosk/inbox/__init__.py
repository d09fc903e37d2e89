"""The organiser's side (Volunteering Taiwan): collect the counties' mails, verify them, cut the film.

Qt-free. The CLI (``ivy-kiosk inbox …``) and the organiser screen drive this API::

    source = open_source("收件/" or "Inbox.mbox" or "imaps://user@host/INBOX", password_env=..., ca_file=...)
    collect(source, DIR, progress=..., cancel=token) -> CollectReport
    folder = InboxFolder.open(DIR)
    county_table(folder) -> [CountyRow] × 22      state, delivered_at, problems (zh + en), contact, usable …
    report_document(folder) -> dict                the ``inbox report --json`` document
    accept(folder, submission_id)                  an unverified submission, checked by hand, may be used
    contact_sheet(folder, out) -> Path             every photo, with county names, in one image
    plan = MontagePlan.default(folder)             order, in/out spans, target length: all settable
    build_montage(folder, plan, out, progress=..., cancel=token) -> MontageResult

Mails from outside are hostile until checked: see :mod:`~kiosk.inbox.mailparse` (limits),
:mod:`~kiosk.inbox.names` (attachment names) and :mod:`~kiosk.inbox.collect` (content checks).
Where things go in DIR: :mod:`~kiosk.inbox.store`.
"""

from kiosk.inbox.collect import CollectReport, collect
from kiosk.inbox.evaluate import State
from kiosk.inbox.jobs import Cancelled, CancelToken, ProgressCallback, Step
from kiosk.inbox.mailparse import DEFAULT_LIMITS, Limits
from kiosk.inbox.problems import Problem
from kiosk.inbox.sources import open_source
from kiosk.inbox.store import InboxFolder
from kiosk.inbox.table import (
    Contact,
    CountyRow,
    RowState,
    SubmissionView,
    accept,
    county_table,
    report_document,
)

__all__ = [
    "DEFAULT_LIMITS", "CancelToken", "Cancelled", "CollectReport", "Contact", "CountyRow", "InboxFolder", "Limits",
    "Problem", "ProgressCallback", "RowState", "State", "Step", "SubmissionView", "accept", "collect",
    "county_table", "open_source", "report_document",
]
