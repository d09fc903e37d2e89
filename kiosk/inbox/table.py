"""The 22-county table: for each county what arrived, when, whether it is usable, and whom to call.

:func:`county_table` is what the organiser screen shows (22 :class:`CountyRow`, in the call's
order) and what ``inbox report`` prints; :func:`submission_views` lists every submission
(SPEC §4 keys). A county's row follows its best submission: complete, else an unverified one
(accepted first), else incomplete, else invalid; duplicates never decide a row.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk import organiser
from kiosk.errors import BadInput
from kiosk.inbox.evaluate import Evaluation, State, evaluation, parse_time
from kiosk.inbox.problems import Problem, Refused
from kiosk.inbox.store import InboxFolder, Submission
from kiosk.package.consent import CONTACT_FIELDS, Contact

COUNTY_FILE = "submission.json"


class RowState(StrEnum):
    COMPLETE = "complete"
    UNVERIFIED = "unverified"
    INCOMPLETE = "incomplete"
    INVALID = "invalid"
    MISSING = "missing"


_RANK = {State.COMPLETE: 0, State.UNVERIFIED: 1, State.INCOMPLETE: 2, State.INVALID: 3}


def _contact(data: dict[str, str]) -> Contact:
    """The person to call back, as far as the submission tells (missing fields empty)."""
    return Contact(**{key: str(data.get(key) or "") for key in CONTACT_FIELDS})


@dataclass(frozen=True)
class SubmissionView:
    """One submission as the report shows it."""

    id: str
    kind: str
    county: str | None
    package: str | None
    state: State
    verified: bool
    problems: list[Problem]
    files: list[Path]
    folder: Path | None
    delivered_at: str | None  # when its last mail arrived
    first_received_at: str | None
    contact: Contact
    links: list[str]
    accepted: bool
    clip: Path | None
    photos: list[Path]

    def as_dict(self) -> dict[str, Any]:
        return {"county": self.county, "package": self.package, "state": self.state.value,
                "files": [str(path) for path in self.files], "verified": self.verified,
                "problems": [p.as_dict() for p in self.problems], "id": self.id, "kind": self.kind,
                "folder": str(self.folder) if self.folder else None, "delivered_at": self.delivered_at,
                "first_received_at": self.first_received_at, "contact": self.contact.as_dict(), "links": self.links,
                "accepted": self.accepted, "clip": str(self.clip) if self.clip else None,
                "photos": [str(path) for path in self.photos]}


@dataclass(frozen=True)
class CountyRow:
    """One line of the organiser's table."""

    county: str
    state: RowState
    delivered_at: str | None
    submission: str | None  # the id of the submission the row follows
    package: str | None
    problems: list[Problem]
    contact: Contact | None
    usable: bool  # goes into the montage
    accepted: bool
    clip: Path | None
    photos: list[Path]
    links: list[str]
    submissions: list[str] = field(default_factory=list)  # every submission id for the county, best first

    def as_dict(self) -> dict[str, Any]:
        return {"county": self.county, "state": self.state.value, "delivered_at": self.delivered_at,
                "submission": self.submission, "package": self.package,
                "problems": [p.as_dict() for p in self.problems],
                "contact": self.contact.as_dict() if self.contact else None, "usable": self.usable,
                "accepted": self.accepted, "clip": str(self.clip) if self.clip else None,
                "photos": [str(path) for path in self.photos], "links": self.links, "submissions": self.submissions}


def _times(submission: Submission) -> tuple[str | None, str | None]:
    stamps = sorted(t for t in (parse_time(s) for s in submission.received_at) if t is not None)
    return (stamps[-1].isoformat() if stamps else None, stamps[0].isoformat() if stamps else None)


def view(folder: InboxFolder, submission: Submission) -> SubmissionView:
    result: Evaluation = evaluation(folder, submission)
    base = folder.inside(submission.folder) if submission.folder else None
    files = [base / name for name in result.files] if base else []
    delivered, first = _times(submission)
    if submission.kind == "kiosk":
        photos = [base / e.name for e in submission.listed if e.role == "photo" and base and (base / e.name).is_file()]
        clip = next((base / e.name for e in submission.listed if e.role == "video" and base), None)
    else:
        photos = [base / name for name in submission.photos] if base else []
        clip = base / submission.clip if base and submission.clip else None
    return SubmissionView(submission.id, submission.kind, submission.county, submission.package, result.state,
                          result.verified, result.problems, files, base, delivered, first,
                          _contact(submission.contact), submission.links, submission.accepted, clip, photos)


def submission_views(folder: InboxFolder) -> list[SubmissionView]:
    """Every submission: by county in the call's order (county-less refusals last), then by arrival."""
    order = {county: n for n, county in enumerate(organiser.COUNTIES)}
    views = [view(folder, s) for s in folder.index.submissions.values()]
    return sorted(views, key=lambda v: (order.get(v.county or "", len(order)), v.first_received_at or "", v.id))


def _best(views: list[SubmissionView]) -> list[SubmissionView]:
    """The county's submissions (duplicates aside), best first: by state, accepted, then newest."""
    ranked = [v for v in views if v.state in _RANK]

    def newest_first(v: SubmissionView) -> float:
        stamp = parse_time(v.delivered_at)
        return -stamp.timestamp() if stamp else 0.0

    return sorted(ranked, key=lambda v: (_RANK[v.state], not v.accepted, v.package is None, newest_first(v)))


def _row(county: str, views: list[SubmissionView]) -> CountyRow:
    ranked = _best(views)
    duplicates = [v for v in views if v.state is State.DUPLICATE]
    if not ranked:
        return CountyRow(county, RowState.MISSING, None, None, None, [Problem(
            "missing", "尚未收到任何信件", "nothing has arrived yet")], None, False, False, None, [], [],
            [v.id for v in duplicates])
    best = ranked[0]
    problems = list(best.problems)
    for other in ranked[1:]:
        problems.append(Problem("other_submission", f"另收到 {other.package or other.id}（{other.state.value}），未採用",
                                f"{other.package or other.id} ({other.state.value}) also arrived; not used"))
    if duplicates:
        problems.append(Problem("duplicates", f"另有 {len(duplicates)} 封重複寄送的信，已略過",
                                f"{len(duplicates)} duplicate mail(s) ignored"))
    usable = best.state is State.COMPLETE or (best.state is State.UNVERIFIED and best.accepted and best.clip is not None)
    return CountyRow(county, RowState(best.state.value), best.delivered_at, best.id, best.package, problems,
                     best.contact, usable, best.accepted, best.clip, best.photos, best.links,
                     [v.id for v in ranked] + [v.id for v in duplicates])


def county_table(folder: InboxFolder, views: list[SubmissionView] | None = None) -> list[CountyRow]:
    """The 22 rows, in the call's order."""
    views = submission_views(folder) if views is None else views
    return [_row(county, [v for v in views if v.county == county]) for county in organiser.COUNTIES]


def unmatched(folder: InboxFolder) -> list[dict[str, Any]]:
    """Mails that belong to no county (and refusals that name none): for a person to sort."""
    return [{"where": m.where, "subject": m.subject, "sender": m.sender, "received_at": m.received_at,
             "outcome": m.outcome, "problems": [p.as_dict() for p in m.problems]}
            for m in folder.index.mails.values()
            if m.outcome == "unmatched"
            or (m.outcome == "refused" and m.submission and not folder.index.submissions[m.submission].county)]


def report_document(folder: InboxFolder) -> dict[str, Any]:
    """The ``inbox report`` / ``inbox collect`` JSON document (SPEC §4 keys first)."""
    views = submission_views(folder)
    rows = county_table(folder, views)
    return {
        "submissions": [v.as_dict() for v in views],
        "missing": [row.county for row in rows if row.state is RowState.MISSING],
        "dir": str(folder.root),
        "counties": [row.as_dict() for row in rows],
        "unmatched": unmatched(folder),
    }


def write_county_files(folder: InboxFolder) -> None:
    """``DIR/<county>/submission.json``: the county's row and its submissions, for anyone opening the folder."""
    views = submission_views(folder)
    for row in county_table(folder, views):
        if row.state is RowState.MISSING and not row.submissions:
            continue
        document = {"row": row.as_dict(), "submissions": [v.as_dict() for v in views if v.county == row.county]}
        data = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        with contextlib.suppress(Refused):  # a county folder that leads outside DIR: its mails say so already
            folder.write(row.county, COUNTY_FILE, data)


def settle(folder: InboxFolder) -> None:
    """Bring the evaluations up to date and keep them (unless a collect holds the folder right now),
    so the next report need not hash and probe again."""
    from kiosk.errors import KioskError
    from kiosk.inbox.evaluate import refresh

    try:
        with folder.locked():
            folder.load()
            refresh(folder)
            folder.save()
            write_county_files(folder)
    except KioskError:  # another collect is running: it will do this itself
        return


def accept(folder: InboxFolder, submission_id: str, *, clip: str | None = None, accepted: bool = True) -> SubmissionView:
    """The organiser checked an unverified submission by hand: it may go into the montage
    (``clip`` picks another of its videos)."""
    with folder.locked():
        folder.load()
        submission = folder.index.submissions.get(submission_id)
        if submission is None or submission.kind != "unverified" or submission.folder is None:
            raise BadInput(f"沒有這個未驗證的投稿：{submission_id}", f"no unverified submission {submission_id!r}")
        if clip is not None:
            if Path(clip).name != clip or not (folder.inside(submission.folder) / clip).is_file():
                raise BadInput(f"這個投稿沒有影片「{clip}」", f"the submission has no video {clip!r}")
            submission.clip = clip
        submission.accepted = accepted
        result = view(folder, submission)
        folder.save()
        write_county_files(folder)
    return result
