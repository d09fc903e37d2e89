"""``collect(source, DIR)``: every received mail unpacked into one submission per county.

For each mail, in the source's order:

1. Its key is the SHA-256 of its bytes plus how many identical copies came before it in this
   source (``…#1``, ``…#2``). A key already in the record is skipped: re-running is idempotent, and
   two identical copies in a mailbox are still two deliveries.
2. It is parsed within the limits (:mod:`~kiosk.inbox.mailparse`). A mail that claims to come from
   the kiosk is read as one (:mod:`~kiosk.inbox.kioskmail`); its attachments must be exactly the
   files its own list says it carries, and each must be what its name says (the video is probed
   with the bundled ffmpeg, the photos opened, the PDF a PDF) before anything is placed.
3. A part that had already arrived is a duplicate delivery: recorded, not used (unless the copy
   already collected is damaged and this one is good, which then replaces it).
4. A mail without the kiosk's marks, whose subject, file names or sender name a county, becomes an
   ``unverified`` submission: its clip, photos and cloud links, for a person to check.
5. Anything refused is recorded with the reason and writes no file.

Files are staged under ``DIR/.inbox/staging`` and renamed into place; the record is saved after
every mail, so an interrupted collect loses nothing and the next run carries on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.inbox import evaluate, table
from kiosk.inbox.jobs import NEVER_CANCELLED, CancelToken, ProgressCallback, Step, no_progress
from kiosk.inbox.kioskmail import KioskMail, claimed_county, claimed_package, claims_kiosk, read_kiosk_mail
from kiosk.inbox.mailparse import DEFAULT_LIMITS, Attachment, Limits, ParsedMail, parse_mail, too_large
from kiosk.inbox.names import recognise_county
from kiosk.inbox.problems import Problem, Refused, refuse
from kiosk.inbox.sources import MailSource, RawMail
from kiosk.inbox.store import InboxFolder, MailRecord, Submission
from kiosk.package.checks import is_mp4

VIDEO_SUFFIXES = {".mp4", ".mov", ".m4v", ".3gp", ".avi", ".mkv", ".mts", ".m2ts", ".mpg", ".mpeg", ".wmv", ".webm"}
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp"}
DOCUMENT_SUFFIXES = {".pdf", ".doc", ".docx", ".odt", ".txt"}
UNDECODABLE_PHOTOS = {".heic", ".heif"}  # kept for a person to look at; Pillow cannot open them here
CLOUD_HOSTS = ("drive.google.com", "docs.google.com", "photos.app.goo.gl", "photos.google.com", "dropbox.com",
               "db.tt", "onedrive.live.com", "1drv.ms", "sharepoint.com", "icloud.com", "wetransfer.com", "we.tl",
               "mega.nz", "box.com", "youtube.com", "youtu.be", "vimeo.com", "drive.hinet.net", "ln.hinet.net")
_PHONE = re.compile(r"(?:\+886[\s-]?|\(0\d{1,3}\)\s?|0)\d[\d\s-]{5,12}\d(?:\s*(?:#|分機|轉|ext\.?)\s*\d{1,6})?")


@dataclass
class CollectReport:
    source: str
    seen: int = 0
    new: int = 0
    already: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "seen": self.seen, "new": self.new, "already_collected": self.already,
                "outcomes": dict(self.outcomes)}


def collect(source: MailSource, target: Path, *, limits: Limits = DEFAULT_LIMITS,
            progress: ProgressCallback = no_progress, cancel: CancelToken = NEVER_CANCELLED) -> CollectReport:
    """Collect every mail of ``source`` into ``target`` (created when missing); see the module doc."""
    folder = InboxFolder.create(target)
    report = CollectReport(source.description)
    copies: Counter[str] = Counter()
    with folder.locked():
        folder.clear_staging()
        try:
            for raw in source.mails():
                cancel.check()
                report.seen += 1
                key = _key(raw, copies)
                progress(Step("collect", report.seen, 0, f"第 {report.seen} 封：{raw.where}", f"mail {report.seen}: {raw.where}"))
                if key in folder.index.mails:
                    report.already += 1
                    continue
                report.new += 1
                record = _Collector(folder, limits, key, raw).run()
                report.outcomes[record.outcome] += 1
                folder.save()
        finally:  # whatever stopped it, what was collected so far is recorded
            folder.clear_staging()
            folder.save()
        evaluate.refresh(folder, progress, cancel)
        folder.save()
        table.write_county_files(folder)
    return report


def _key(raw: RawMail, copies: Counter[str]) -> str:
    digest = hashlib.sha256(raw.data).hexdigest() if raw.data is not None else f"unread-{raw.where}-{raw.size}"
    copies[digest] += 1
    return f"{digest}#{copies[digest]}"


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


class _Collector:
    """One mail's way into the folder."""

    def __init__(self, folder: InboxFolder, limits: Limits, key: str, raw: RawMail) -> None:
        self.folder = folder
        self.limits = limits
        self.key = key
        self.raw = raw
        self.index = folder.index

    def run(self) -> MailRecord:
        if self.raw.data is None:
            return self._refused(None, too_large(self.raw.size, self.limits), None, None)
        try:
            mail = parse_mail(self.raw.data, self.limits)
        except Refused as refused:
            return self._refused(None, refused.problem, None, None)
        if mail.refusal is not None:
            county = claimed_county(mail) if claims_kiosk(mail) else recognise_county(mail.subject, mail.sender_name)
            return self._refused(mail, mail.refusal, county, claimed_package(mail))
        if claims_kiosk(mail):
            try:
                return self._kiosk(mail, read_kiosk_mail(mail))
            except Refused as refused:
                return self._refused(mail, refused.problem, claimed_county(mail), claimed_package(mail))
        county = recognise_county(mail.subject, *(a.name for a in mail.attachments), mail.sender_name)
        if county is None:
            return self._record(mail, "unmatched", None, [Problem(
                "county_unrecognised", "無法從主旨、檔名或寄件人看出是哪個縣市：請人工判斷",
                "no county could be recognised from the subject, the file names or the sender: sort it by hand")])
        try:
            return self._unverified(mail, county)
        except Refused as refused:
            return self._refused(mail, refused.problem, county, None)

    # -- records ---------------------------------------------------------------------------

    def _record(self, mail: ParsedMail | None, outcome: str, submission: str | None,
                problems: list[Problem]) -> MailRecord:
        record = MailRecord(self.key, self.raw.where, outcome, submission,
                            message_id=mail.message_id if mail else "", subject=mail.subject if mail else "",
                            sender=mail.sender if mail else "", received_at=mail.received_at if mail else None,
                            problems=problems)
        self.index.mails[self.key] = record
        return record

    def _refused(self, mail: ParsedMail | None, problem: Problem, county: str | None,
                 package: str | None) -> MailRecord:
        submission = Submission(id=f"refused-{self.key[:12]}", kind="refused", county=county, package=package,
                                received_at=[(mail.received_at if mail else None) or _now()], notes=[problem])
        self.index.submissions[submission.id] = submission
        return self._record(mail, "refused", submission.id, [problem])

    # -- kiosk packages ----------------------------------------------------------------------

    def _kiosk(self, mail: ParsedMail, kiosk: KioskMail) -> MailRecord:
        carried = {entry.name: entry for entry in kiosk.carried()}
        for attachment in mail.attachments:
            if attachment.name not in carried:
                raise refuse("attachment_unlisted", f"附件「{attachment.name}」不在這封信的檔案清單中",
                             f"the attachment {attachment.name!r} is not in the mail's own file list")
        existing = self.index.submissions.get(kiosk.package_id)
        if existing is not None:
            _check_same_package(existing, kiosk)
            if str(kiosk.part) in existing.parts_received:
                return self._duplicate(mail, kiosk, existing)
        folder = f"{kiosk.county}/{kiosk.package_id}"
        staged = self._stage_checked(mail.attachments, {name: entry.role for name, entry in carried.items()}, folder)
        submission = existing or Submission(
            id=kiosk.package_id, kind="kiosk", county=kiosk.county, package=kiosk.package_id,
            folder=folder, parts=kiosk.parts, listed=kiosk.files, contact=kiosk.contact)
        assert submission.folder is not None
        for attachment, path in staged:
            self.folder.place(path, submission.folder, attachment.name)
        absent = [name for name in carried if name not in {a.name for a in mail.attachments}]
        if absent:
            submission.notes.append(Problem("part_lacks_file", f"第 {kiosk.part}/{kiosk.parts} 封信少了附件：{'、'.join(absent)}",
                                            f"mail {kiosk.part}/{kiosk.parts} arrived without {', '.join(absent)}"))
        submission.parts_received[str(kiosk.part)] = self.key
        submission.received_at.append(mail.received_at or _now())
        submission.evaluation = {}
        self.index.submissions[submission.id] = submission
        return self._record(mail, "collected", submission.id, [])

    def _duplicate(self, mail: ParsedMail, kiosk: KioskMail, original: Submission) -> MailRecord:
        assert original.folder is not None
        listed = {entry.name: entry for entry in original.listed}
        differs = False
        for attachment in mail.attachments:
            kept = self.folder.inside(f"{original.folder}/{attachment.name}")
            good = listed[attachment.name].sha256
            if attachment.sha256 != good:
                differs = True
            elif not kept.is_file() or evaluate.file_sha256(kept) != good:  # the first copy was damaged
                [(_, path)] = self._stage_checked([attachment], {attachment.name: listed[attachment.name].role},
                                                  original.folder)
                self.folder.place(path, original.folder, attachment.name)
                original.notes.append(Problem("repaired", f"「{attachment.name}」已換成重複寄來的完好副本",
                                              f"{attachment.name!r} was replaced by the intact copy that arrived again"))
                original.evaluation = {}
        zh = f"素材包 {kiosk.package_id} 的第 {kiosk.part}/{kiosk.parts} 封信先前已收到（重複寄送），這份副本未使用"
        en = f"mail {kiosk.part}/{kiosk.parts} of package {kiosk.package_id} had already arrived (sent twice): this copy is not used"
        if differs:
            zh, en = zh + "；而且內容與先前的不同", en + "; and its content differs from the first copy"
        duplicate = Submission(id=f"{kiosk.package_id}~{self.key[:12]}", kind="duplicate", county=kiosk.county,
                               package=kiosk.package_id, received_at=[mail.received_at or _now()],
                               carried=[a.name for a in mail.attachments], notes=[Problem("duplicate", zh, en)])
        self.index.submissions[duplicate.id] = duplicate
        return self._record(mail, "duplicate", duplicate.id, [duplicate.notes[0]])

    def _stage_checked(self, attachments: list[Attachment], roles: dict[str, str],
                       folder: str) -> list[tuple[Attachment, Path]]:
        """Each attachment staged and checked to be what its role says, and its place in ``folder``
        checked to lie inside DIR; on any refusal none is kept."""
        for attachment in attachments:
            self.folder.inside(f"{folder}/{attachment.name}")
        staged: list[tuple[Attachment, Path]] = []
        try:
            for attachment in attachments:
                path = self.folder.stage(attachment.data, attachment.suffix)
                staged.append((attachment, path))
                _check_content(attachment, path, roles[attachment.name])
        except BaseException:
            for _, path in staged:
                path.unlink(missing_ok=True)
            raise
        return staged

    # -- mails sent without the kiosk --------------------------------------------------------------

    def _unverified(self, mail: ParsedMail, county: str) -> MailRecord:
        links = [url for url in mail.links if _is_cloud_link(url)]
        roles = {a.name: _direct_role(a.suffix) for a in mail.attachments}
        kept = [a for a in mail.attachments if roles[a.name] != "other"]
        notes = list(mail.notes) + [Problem("left_out", f"略過不是影片、照片或文件的附件「{a.name}」",
                                            f"{a.name!r} was left out: not a video, photo or document")
                                    for a in mail.attachments if roles[a.name] == "other"]
        if not kept and not links:
            return self._record(mail, "unmatched", None, [Problem(
                "nothing_attached", f"{county} 的信沒有影片、照片或雲端連結", f"the mail from {county} has no video, photos or cloud link")])
        identity = hashlib.sha256((mail.message_id or self.key).encode("utf-8", "replace")).hexdigest()[:12]
        submission_id = f"unverified-{identity}"
        if submission_id in self.index.submissions:  # the same mail (same Message-ID) again
            original = self.index.submissions[submission_id]
            duplicate = Submission(id=f"{submission_id}~{self.key[:12]}", kind="duplicate", county=county,
                                   received_at=[mail.received_at or _now()], carried=[a.name for a in kept],
                                   notes=[Problem("duplicate", f"這封信先前已收到（重複寄送）：{original.id}",
                                                  f"this mail had already arrived (sent twice): {original.id}")])
            self.index.submissions[duplicate.id] = duplicate
            return self._record(mail, "duplicate", duplicate.id, duplicate.notes)
        folder = f"{county}/{submission_id}"
        staged = self._stage_checked(kept, roles, folder)
        for attachment, path in staged:
            self.folder.place(path, folder, attachment.name)
        videos = sorted((a for a in kept if roles[a.name] == "video"), key=lambda a: -a.size)
        photos = [a.name for a in kept if roles[a.name] == "photo"]
        submission = Submission(
            id=submission_id, kind="unverified", county=county, folder=folder,
            received_at=[mail.received_at or _now()], contact=_direct_contact(mail), links=links,
            clip=videos[0].name if videos else None, photos=photos, notes=notes)
        self.index.submissions[submission.id] = submission
        return self._record(mail, "collected", submission.id, [])


def _check_same_package(existing: Submission, kiosk: KioskMail) -> None:
    if existing.kind != "kiosk" or existing.county != kiosk.county or existing.parts != kiosk.parts \
            or existing.listed != kiosk.files:
        raise refuse("package_disagrees", f"這封信與先前收到的同一素材包（{kiosk.package_id}）內容不一致",
                     f"the mail disagrees with the earlier mails of the same package ({kiosk.package_id})")


def _check_content(attachment: Attachment, path: Path, role: str) -> None:
    """The attachment is what its role says: ``Refused`` otherwise."""
    if role == "video":
        _check_video(attachment, path)
    elif role == "photo":
        _check_photo(attachment)
    elif role == "consent" and not attachment.data.startswith(b"%PDF-"):
        raise refuse("not_pdf", f"「{attachment.name}」不是 PDF 檔", f"{attachment.name!r} is not a PDF file")


def _check_video(attachment: Attachment, path: Path) -> None:
    from kiosk.recording.media import probe_media

    not_video = refuse("not_video", f"「{attachment.name}」不是影片（ffmpeg 讀不出畫面）",
                       f"{attachment.name!r} is not a video (ffmpeg finds no picture in it)")
    if attachment.suffix in (".mp4", ".m4v", ".mov") and not is_mp4(path):
        raise not_video
    try:
        info = probe_media(path)
    except KioskError:
        raise not_video from None
    if not info.has_video or info.width <= 0 or info.height <= 0 or info.duration_s <= 0:
        raise not_video


def _check_photo(attachment: Attachment) -> None:
    if attachment.suffix in UNDECODABLE_PHOTOS:
        return
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(attachment.data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise refuse("not_photo", f"「{attachment.name}」不是可開啟的照片", f"{attachment.name!r} is not a photo that can be opened") from None


def _direct_role(suffix: str) -> str:
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in PHOTO_SUFFIXES:
        return "photo"
    return "document" if suffix in DOCUMENT_SUFFIXES else "other"


def _is_cloud_link(url: str) -> bool:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return any(host == known or host.endswith("." + known) for known in CLOUD_HOSTS)


def _direct_contact(mail: ParsedMail) -> dict[str, str]:
    """Who to call back, as far as a plain mail tells: the sender, and a Taiwan phone number in the text."""
    from kiosk.errors import BadInput
    from kiosk.package.consent import check_phone

    phone = ""
    for candidate in _PHONE.findall(mail.text):
        try:
            phone = check_phone(candidate.strip())
            break
        except BadInput:
            continue
    return {"name": mail.sender_name, "organisation": "", "title": "", "phone": phone, "email": mail.sender}

