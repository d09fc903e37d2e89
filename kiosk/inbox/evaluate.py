"""Each submission's state and problems, read from the files in DIR (not from what the mail claimed).

A kiosk package is *complete* when every file of its list is there and matches the size and SHA-256
its mails listed and — for the video and photos — the SHA-256 its consent PDF records, the PDF
names the same package and county, and the video is a video. A file that does not match makes it
*invalid* (changed on the way); a file still missing makes it *incomplete*. The kiosk's own
requirement checks (resolution, length, sound, photos) run on a complete package's files, and a
failed one is listed as a problem for the organiser to weigh (the county may have overridden it).

Results are kept in the record with a stamp of the files they were read from, so a report does
not hash and probe again unless a file changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.fsutil import sha256_file
from kiosk.inbox.consent_pdf import read_consent
from kiosk.inbox.jobs import NEVER_CANCELLED, CancelToken, ProgressCallback, Step, no_progress
from kiosk.inbox.problems import Problem, Refused
from kiosk.inbox.store import InboxFolder, Submission

EVALUATION_FORMAT = 1


class State(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Evaluation:
    state: State
    verified: bool
    problems: list[Problem]
    files: list[str]  # names present in the submission's folder, in list order

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state.value, "verified": self.verified,
                "problems": [p.as_dict() for p in self.problems], "files": self.files}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Evaluation:
        return cls(State(data["state"]), bool(data["verified"]), [Problem.from_dict(p) for p in data["problems"]],
                   list(data["files"]))


def file_sha256(path: Path) -> str:
    return sha256_file(path)


def parse_time(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _stamp(folder: InboxFolder, submission: Submission) -> list[Any]:
    files: list[Any] = []
    if submission.folder:
        base = folder.inside(submission.folder)
        if base.is_dir():
            files = [[p.name, p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(base.iterdir()) if p.is_file()]
    return [EVALUATION_FORMAT, files, sorted(submission.parts_received.items()), submission.accepted,
            len(submission.notes), submission.clip]


def evaluation(folder: InboxFolder, submission: Submission) -> Evaluation:
    """The submission's evaluation: the kept one when its files have not changed, else a fresh one."""
    stamp = _stamp(folder, submission)
    kept = submission.evaluation
    if kept.get("stamp") == stamp:
        return Evaluation.from_dict(kept["result"])
    result = _evaluate(folder, submission)
    submission.evaluation = {"stamp": stamp, "result": result.as_dict()}
    return result


def refresh(folder: InboxFolder, progress: ProgressCallback = no_progress,
            cancel: CancelToken = NEVER_CANCELLED) -> None:
    """Bring every submission's evaluation up to date (hashes, PDF, probes: the slow part)."""
    submissions = list(folder.index.submissions.values())
    for number, submission in enumerate(submissions, start=1):
        cancel.check()
        progress(Step("check", number, len(submissions), f"檢查 {submission.county or '?'}",
                      f"checking {submission.county or '?'}"))
        evaluation(folder, submission)


def _evaluate(folder: InboxFolder, submission: Submission) -> Evaluation:
    if submission.kind == "kiosk":
        return _KioskCheck(folder, submission).run()
    if submission.kind == "unverified":
        return _unverified(folder, submission)
    state = State.DUPLICATE if submission.kind == "duplicate" else State.INVALID
    return Evaluation(state, False, list(submission.notes), [])


class _KioskCheck:
    def __init__(self, folder: InboxFolder, submission: Submission) -> None:
        assert submission.folder is not None
        self.submission = submission
        self.base = folder.inside(submission.folder)
        self.problems = list(submission.notes)
        self.invalid = False
        self.incomplete = False
        self.present: dict[str, Path] = {}

    def run(self) -> Evaluation:
        self._files()
        self._consent()
        if not self.invalid and not self.incomplete:
            self._requirements()
        state = State.INVALID if self.invalid else State.INCOMPLETE if self.incomplete else State.COMPLETE
        files = [entry.name for entry in self.submission.listed if (self.base / entry.name).is_file()]
        return Evaluation(state, state is State.COMPLETE, self.problems, files)

    def _bad(self, code: str, zh: str, en: str) -> None:
        self.invalid = True
        self.problems.append(Problem(code, zh, en))

    def _files(self) -> None:
        waiting: dict[int, list[str]] = {}
        for entry in self.submission.listed:
            path = self.base / entry.name
            if not path.is_file():
                self.incomplete = True
                if str(entry.part) not in self.submission.parts_received:
                    waiting.setdefault(entry.part, []).append(entry.name)
                continue
            if path.stat().st_size != entry.bytes or file_sha256(path) != entry.sha256:
                self._bad("tampered", f"「{entry.name}」與信中列出的 SHA-256 不符：途中被更動或損壞",
                          f"{entry.name!r} does not match the SHA-256 its mail lists: changed or damaged on the way")
                continue
            self.present[entry.name] = path
        parts = self.submission.parts
        for part, names in sorted(waiting.items()):
            self.problems.append(Problem("part_missing", f"第 {part}/{parts} 封信尚未收到（缺：{'、'.join(names)}）",
                                         f"mail {part}/{parts} has not arrived yet (missing: {', '.join(names)})"))

    def _consent(self) -> None:
        consent = next(entry for entry in self.submission.listed if entry.role == "consent")
        if consent.name not in self.present:
            return
        try:
            facts = read_consent(self.present[consent.name].read_bytes())
        except Refused as refused:
            self._bad(refused.problem.code, refused.problem.zh, refused.problem.en)
            return
        if facts.package_id != self.submission.package or facts.county != self.submission.county:
            self._bad("consent_other", "授權同意書屬於另一個素材包或縣市", "the consent form belongs to another package or county")
        media = {entry.name: entry.sha256 for entry in self.submission.listed if entry.role != "consent"}
        if set(facts.hashes) != set(media):
            self._bad("consent_files", "授權同意書列出的檔案與信中的不同", "the consent form lists other files than the mail does")
        for name, sha in media.items():
            if name in facts.hashes and facts.hashes[name] != sha:
                self._bad("consent_hash", f"「{name}」與授權同意書記載的 SHA-256 不符",
                          f"{name!r} does not match the SHA-256 recorded in the consent form")

    def _requirements(self) -> None:
        from kiosk.package import checks as req

        listed = self.submission.listed
        video = next(self.present[e.name] for e in listed if e.role == "video")
        photos = [self.present[e.name] for e in listed if e.role == "photo"]
        try:
            results = [*req.check_video_file(video), req.check_photos(photos)]
        except KioskError as exc:
            self._bad("not_video", f"影片無法讀取：{exc.zh}", f"the video cannot be read: {exc.en}")
            return
        for check in results:
            if check.ok:
                continue
            label_zh, label_en = req.CHECK_LABELS[check.name]
            self.problems.append(Problem(f"check_{check.name}", f"未達要求「{label_zh}」：{check.detail_zh}",
                                         f"requirement not met ({label_en}): {check.detail}"))


def _unverified(folder: InboxFolder, submission: Submission) -> Evaluation:
    assert submission.folder is not None
    base = folder.inside(submission.folder)
    files = sorted(p.name for p in base.iterdir() if p.is_file()) if base.is_dir() else []
    if submission.accepted:
        problems = [Problem("accepted", "未經本程式寄送；主辦單位已人工檢查並接受",
                            "sent without the kiosk; checked and accepted by the organiser")]
    else:
        problems = [Problem("unverified", "未經本程式寄送，無法自動驗證：請人工檢查影片與照片後接受",
                            "sent without the kiosk, so nothing can be verified: check the clip and photos by hand, then accept it")]
    problems += submission.notes
    if submission.clip is None:
        problems.append(Problem("no_clip", "沒有附上影片", "no video is attached"))
    if len(submission.photos) < 3:
        problems.append(Problem("photos_few", f"只有 {len(submission.photos)} 張照片（至少需要 3 張）",
                                f"{len(submission.photos)} photos (at least 3 are asked for)"))
    problems += [Problem("link", f"雲端連結，請手動下載：{url}", f"a cloud link: fetch the files by hand: {url}")
                 for url in submission.links]
    return Evaluation(State.UNVERIFIED, False, problems, files)
