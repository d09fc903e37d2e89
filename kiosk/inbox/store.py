"""The organiser's target folder DIR: one folder per county, and the record of what was collected.

Layout::

    DIR/<county>/submission.json           the county's row and its submissions, in words (zh + en)
    DIR/<county>/<package-id>/…            a kiosk package's files, under the names it was sent with
    DIR/<county>/unverified-<id>/…         a mail sent without the kiosk (phone clip, photos)
    DIR/.inbox/index.json                  every mail seen (by content) and every submission
    DIR/.inbox/staging/                    attachments being checked before they are placed
    DIR/.inbox/cache/                      montage intermediates

Every path written is built from checked parts (a county of the 22, a package ID of the kiosk's
pattern, an attachment name that passed ``check_attachment_name``) and verified once more to lie
inside DIR after resolving, so nothing received can be written anywhere else. The contents are
personal data: folders 0700, files 0600 where the platform has such modes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import organiser
from kiosk.errors import BadInput, KioskError
from kiosk.fsutil import fsync_dir, read_json, replace_with_retry, write_bytes_atomic, write_json_atomic
from kiosk.inbox.kioskmail import ListedFile
from kiosk.inbox.problems import Problem, refuse
from kiosk.locks import FileLock

META = ".inbox"
INDEX_FORMAT = 1


@dataclass
class MailRecord:
    """One mail seen, by its content key (``sha256#n``: the n-th identical copy in a source)."""

    key: str
    where: str
    outcome: str  # collected | duplicate | refused | unmatched
    submission: str | None
    message_id: str = ""
    subject: str = ""
    sender: str = ""
    received_at: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "where": self.where, "outcome": self.outcome, "submission": self.submission,
                "message_id": self.message_id, "subject": self.subject, "sender": self.sender,
                "received_at": self.received_at, "problems": [p.as_dict() for p in self.problems]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MailRecord:
        return cls(**{**data, "problems": [Problem.from_dict(p) for p in data.get("problems", [])]})


@dataclass
class Submission:
    """What arrived for a county: a kiosk package (by package ID), a mail sent without the kiosk,
    a duplicate copy of a package's mail, or a refused mail."""

    id: str
    kind: str  # kiosk | unverified | duplicate | refused
    county: str | None
    package: str | None = None
    folder: str | None = None  # relative to DIR, with "/"
    received_at: list[str] = field(default_factory=list)
    parts: int = 1
    parts_received: dict[str, str] = field(default_factory=dict)  # part number → mail key
    listed: list[ListedFile] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    links: list[str] = field(default_factory=list)
    clip: str | None = None  # unverified: the clip's file name in the folder
    photos: list[str] = field(default_factory=list)  # unverified: photo file names
    accepted: bool = False
    notes: list[Problem] = field(default_factory=list)  # found while collecting
    carried: list[str] = field(default_factory=list)  # duplicate: the names its mail carried
    evaluation: dict[str, Any] = field(default_factory=dict)  # cached by evaluate.py

    def as_dict(self) -> dict[str, Any]:
        return {**{key: value for key, value in self.__dict__.items() if key not in ("listed", "notes")},
                "listed": [entry.as_dict() for entry in self.listed], "notes": [p.as_dict() for p in self.notes]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Submission:
        return cls(**{**data, "listed": [ListedFile(**entry) for entry in data.get("listed", [])],
                      "notes": [Problem.from_dict(p) for p in data.get("notes", [])]})


@dataclass
class Index:
    mails: dict[str, MailRecord] = field(default_factory=dict)
    submissions: dict[str, Submission] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"format": INDEX_FORMAT, "mails": [m.as_dict() for m in self.mails.values()],
                "submissions": [s.as_dict() for s in self.submissions.values()]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Index:
        mails = [MailRecord.from_dict(m) for m in data["mails"]]
        submissions = [Submission.from_dict(s) for s in data["submissions"]]
        return cls({m.key: m for m in mails}, {s.id: s for s in submissions})


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(0o700)


class InboxFolder:
    """DIR and what is known about it. Only one collect at a time writes to it (a file lock)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).expanduser().resolve()
        self.meta = self.root / META
        self.index = Index()

    # -- opening and saving -------------------------------------------------------------------

    @classmethod
    def create(cls, root: Path) -> InboxFolder:
        """DIR for collecting into: made when missing."""
        folder = cls(root)
        if folder.root.exists() and not folder.root.is_dir():
            raise BadInput(f"目標不是資料夾：{folder.root}", f"the target is not a folder: {folder.root}")
        try:
            _private_dir(folder.root)
            _private_dir(folder.meta)
        except OSError as exc:
            raise KioskError(f"無法建立目標資料夾 {folder.root}（{exc.strerror}）",
                             f"cannot create the target folder {folder.root} ({exc.strerror})") from None
        folder.load()
        return folder

    @classmethod
    def open(cls, root: Path) -> InboxFolder:
        """An existing DIR (for report and montage); BadInput when nothing was collected into it."""
        folder = cls(root)
        if not (folder.meta / "index.json").is_file():
            raise BadInput(f"這個資料夾沒有收取過信件：{folder.root}（請先執行 inbox collect）",
                           f"nothing was collected into {folder.root} (run inbox collect first)")
        folder.load()
        return folder

    def load(self) -> None:
        path = self.meta / "index.json"
        if not path.is_file():
            self.index = Index()
            return
        try:
            self.index = Index.from_dict(read_json(path))
        except (OSError, ValueError, KeyError, TypeError):
            kept = path.with_name(f"index.damaged-{secrets.token_hex(3)}.json")
            shutil.copyfile(path, kept)
            raise BadInput(f"收件紀錄損壞，已另存為 {kept.name}：請刪除 {path} 後重新收取（已收的檔案都還在）",
                           f"the collection record is damaged (kept as {kept.name}): delete {path} and collect "
                           "again (the files collected so far stay where they are)") from None

    def save(self) -> None:
        write_json_atomic(self.meta / "index.json", self.index.as_dict())
        with contextlib.suppress(OSError):
            (self.meta / "index.json").chmod(0o600)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        lock = FileLock(self.meta / "lock")
        if not lock.try_acquire():
            raise KioskError(f"另一個收件程序正在使用 {self.root}，請等它結束", f"another collect is using {self.root}: wait for it to finish")
        try:
            yield
        finally:
            lock.release()

    # -- paths --------------------------------------------------------------------------------

    def inside(self, relative: str) -> Path:
        """``DIR/relative``, refused unless it resolves to a place inside DIR (never outside)."""
        path = (self.root / relative).resolve()
        if path == self.root or not path.is_relative_to(self.root):
            raise refuse("outside", f"拒絕寫到目標資料夾以外（{relative} 指向 {path}）",
                         f"refused to write outside the target folder ({relative} leads to {path})")
        return path

    def county_dir(self, county: str) -> Path:
        if county not in organiser.COUNTIES:
            raise KioskError(f"「{county}」不是 22 縣市之一", f"{county!r} is not one of the 22 counties and cities")
        return self.inside(county)

    def staging_dir(self) -> Path:
        path = self.meta / "staging"
        _private_dir(path)
        return path

    def cache_dir(self, name: str) -> Path:
        path = self.meta / "cache" / name
        _private_dir(path)
        return path

    def stage(self, data: bytes, suffix: str) -> Path:
        """``data`` in a staging file (to be probed before it is placed)."""
        path = self.staging_dir() / f"{secrets.token_hex(8)}{suffix}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        return path

    def place(self, staged: Path, folder: str, name: str) -> Path:
        """Move a staged file to ``DIR/folder/name`` in one rename."""
        target = self.inside(f"{folder}/{name}")
        _private_dir(target.parent)
        replace_with_retry(staged, target)
        fsync_dir(target.parent)
        return target

    def write(self, folder: str, name: str, data: bytes) -> Path:
        target = self.inside(f"{folder}/{name}")
        _private_dir(target.parent)
        write_bytes_atomic(target, data)
        with contextlib.suppress(OSError):
            target.chmod(0o600)
        return target

    def clear_staging(self) -> None:
        shutil.rmtree(self.meta / "staging", ignore_errors=True)
