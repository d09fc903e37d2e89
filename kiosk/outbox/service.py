"""The outbox as the GUI and the commands use it: put a package in, see where it stands, retry,
export, recover after a crash, and purge what was sent long ago.

Write order for 「送出」 (nothing is "queued" that is not on disk): every mail of the package is
built once and written to ``<outbox>/mail/<id>-<n>-of-<m>.eml`` (fsync, atomic rename, directory
fsync), and only then are the rows committed. A crash between the two leaves ``.eml`` files
without rows; :meth:`Outbox.recover` adopts them at the next start.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass, field, replace
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.config import Settings
from kiosk.errors import BadInput, KioskError, from_os_error
from kiosk.fsutil import private_dir, sha256_file, write_bytes_atomic
from kiosk.locks import FileLock
from kiosk.outbox import packages
from kiosk.outbox.clock import SYSTEM_CLOCK, WallClock, iso
from kiosk.outbox.journal import log_event, sent_in_log
from kiosk.outbox.message import (
    PACKAGE_HEADER,
    PART_HEADER,
    BuiltMail,
    addresses_for,
    build_mails,
    build_one,
    groups_as_built,
    plan_parts,
)
from kiosk.outbox.status import PackageStatus, fold, fold_all
from kiosk.outbox.store import (
    QUEUED,
    SENDING,
    SENT,
    UNSENT,
    DamagedDatabase,
    MailRow,
    NewMail,
    OutboxStore,
    Repair,
)

DB_NAME = "outbox.sqlite3"
MAIL_DIR = "mail"
LOCK_NAME = "runner.lock"
DAY_S = 86_400.0


def _unknown(package_id: str) -> BadInput:
    return BadInput(
        f"寄件匣裡沒有素材包「{package_id}」（請用 ivy-kiosk outbox list 查看）",
        f"no package {package_id!r} in the outbox (see ivy-kiosk outbox list)",
    )


class DamagedMail(KioskError):
    """A queued mail file no longer holds what was built, and it cannot be built again."""


def _cannot_rebuild(row: MailRow, why_zh: str, why_en: str) -> DamagedMail:
    return DamagedMail(
        f"郵件檔遺失或已損壞（和產生時不同），無法由素材包重新產生：{why_zh}。這封信不會寄出；請重新打包這段錄影並按「送出」，"
        "或把錄影資料夾交給技術人員。",
        f"The mail file is missing or damaged (it no longer matches what was built) and cannot be built again from the "
        f"package: {why_en}. It will not be sent; package the take again and press Send, or hand the take "
        "folder to a technician.",
    )


@dataclass
class RecoverReport:
    adopted: list[str]  # packages whose mail files had lost their rows
    requeued: list[tuple[str, int]]  # (package, part) whose interrupted send goes again
    removed_partial_files: int
    removed_partial_packages: list[str] = field(default_factory=list)  # .building-* left by a killed build

    def items(self) -> list[dict]:
        """One entry per package touched, for ``ivy-kiosk recover --json``."""
        entries: list[dict[str, Any]] = [{"package": package_id, "action": "adopted"} for package_id in self.adopted]
        entries += [{"package": package_id, "part": part, "action": "requeued"} for package_id, part in self.requeued]
        entries += [{"folder": name, "action": "removed_partial_package"} for name in self.removed_partial_packages]
        return entries


@dataclass
class DatabaseRebuilt:
    """The outbox database was damaged: kept aside, and a new one built from the mail files on disk."""

    kept_as: Path
    problem: str
    packages: list[str]  # packages found again in the mail files
    sent_from_log: int  # mails the outbox log shows as delivered (marked sent, not sent again)
    to_send: int  # mails whose delivery is not in the log: queued (a duplicate keeps its Message-ID)

    def item(self) -> dict[str, Any]:
        return {"action": "rebuilt_database", "kept_as": str(self.kept_as), "problem": self.problem,
                "packages": self.packages, "sent_from_log": self.sent_from_log, "to_send": self.to_send}

    def error(self) -> DamagedDatabase:
        """For a command that found it: exit 2, saying what happened and what to do."""
        return DamagedDatabase(
            f"寄件匣資料庫已損壞（{self.problem}），已移到一旁保存為 {self.kept_as}，並由磁碟上的郵件檔重建："
            f"{len(self.packages)} 件素材包，{self.sent_from_log} 封依紀錄已寄出，{self.to_send} 封會再寄"
            "（重複的信帶有相同的 Message-ID 與素材包編號）。已排入的信沒有遺失；請用 ivy-kiosk outbox list 確認後再執行一次。",
            f"The outbox database was damaged ({self.problem}); it is kept as {self.kept_as} and a new one was "
            f"built from the mail files on disk: {len(self.packages)} package(s), {self.sent_from_log} mail(s) "
            f"sent according to the outbox log, {self.to_send} to be sent (again, if they had gone: a duplicate "
            "carries the same Message-ID and package ID). Nothing queued is lost; check with ivy-kiosk outbox "
            "list, then run the command again.",
        )


class Outbox:
    """``read_only``: for looking (``outbox list``): nothing on disk is created or changed.

    A damaged database found on opening is kept aside and rebuilt (see ``rebuilt``)."""

    def __init__(self, root: Path | None = None, *, clock: WallClock = SYSTEM_CLOCK, read_only: bool = False) -> None:
        self.root = root or (paths.checked_data_home() / "outbox" if read_only else paths.data_dir("outbox"))
        self.mail_dir = self.root / MAIL_DIR
        self.clock = clock
        self.rebuilt: DatabaseRebuilt | None = None
        if not read_only:
            try:
                private_dir(self.mail_dir)
            except OSError as exc:
                raise (from_os_error(exc, self.mail_dir) or KioskError(str(exc), str(exc))) from None
        self.store = OutboxStore(self.root / DB_NAME, read_only=read_only)
        if self.store.repair is not None:
            self.rebuilt = self._rebuild_rows(self.store.repair)

    def runner_lock(self) -> FileLock:
        return FileLock(self.root / LOCK_NAME)

    def eml_path(self, name: str) -> Path:
        return self.mail_dir / name

    # -- reading --------------------------------------------------------------------------------

    def statuses(self) -> list[PackageStatus]:
        return fold_all(self._as_the_next_sender_sees(self.store.rows()))

    def status(self, package_id: str) -> PackageStatus:
        rows = self._as_the_next_sender_sees(self.store.rows(package_id))
        if not rows:
            raise _unknown(package_id)
        return fold(rows)

    def _as_the_next_sender_sees(self, rows: list[MailRow]) -> list[MailRow]:
        """Looking only (nothing recovered): a mail claimed by a sender that died is queued again by
        the next one, so that is what it is shown as."""
        if not self.store.read_only or not any(r.state == SENDING for r in rows):
            return rows
        lock = self.runner_lock()
        try:
            sender_gone = lock.try_acquire()
        except OSError:  # the lock file cannot even be opened (read-only folder): say what the row says
            return rows
        if sender_gone:
            lock.release()
            return [replace(r, state=QUEUED) if r.state == SENDING else r for r in rows]
        return rows

    def unsent(self) -> list[PackageStatus]:
        """Packages not yet delivered (for the close warning and the chip)."""
        return [s for s in self.statuses() if s.unsent]

    # -- 「送出」 -----------------------------------------------------------------------------------

    def enqueue(self, ref: str | Path, settings: Settings) -> PackageStatus:
        """Put a package in the outbox; returns once it is safely on disk. Pressing twice sends once."""
        view = packages.load(ref)
        existing = self.store.rows(view.id)
        if existing:
            return fold(existing)
        mails = build_mails(view, addresses_for(settings, view), settings.delivery.max_mail_bytes)
        self._record(view, mails)
        log_event(f"queued package {view.id}: {len(mails)} mail(s), {sum(len(m.data) for m in mails)} bytes")
        return self.status(view.id)

    def write_mails(self, mails: list[BuiltMail]) -> None:
        """Each mail to its .eml file, durably (the first half of 「送出」; rows come after).

        On a full disk the mails written so far are removed again: no half-queued package keeps the
        disk full, and nothing was queued."""
        written: list[Path] = []
        try:
            for mail in mails:
                write_bytes_atomic(self.eml_path(mail.eml_name), mail.data)
                written.append(self.eml_path(mail.eml_name))
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            raise (from_os_error(exc, self.mail_dir) or KioskError(
                f"無法寫入郵件檔（{exc}）", f"could not write the mail file ({exc})")) from None

    def _new_rows(self, view: packages.PackageView, mails: list[BuiltMail]) -> list[NewMail]:
        return [NewMail(m.package_id, m.part, m.parts, m.message_id, m.eml_name, len(m.data), m.sha256, m.files,
                        str(view.root), view.county) for m in mails]

    def _record(self, view: packages.PackageView, mails: list[BuiltMail]) -> None:
        self.write_mails(mails)
        try:
            self.store.insert(self._new_rows(view, mails), self.clock.now())
        except KioskError:  # no row, so no mail: the files would only be adopted later, unasked
            for mail in mails:
                self.eml_path(mail.eml_name).unlink(missing_ok=True)
            raise

    # -- what was built is what is sent ---------------------------------------------------------

    def verified_bytes(self, row: MailRow) -> bytes | None:
        """The mail file's bytes when they are exactly what was built (SHA-256 and size), else None.

        A row of the first version has no SHA-256: its size is checked, and the SHA-256 of a file of
        the right size recorded from then on."""
        try:
            data = self.eml_path(row.eml).read_bytes()
        except OSError:
            return None
        if len(data) != row.bytes:
            return None
        digest = hashlib.sha256(data).hexdigest()
        if row.sha256 is None:
            self.store.record_file(row.key, digest, len(data))
            return data
        return data if digest == row.sha256 else None

    def rebuild_mail(self, row: MailRow, settings: Settings) -> bytes:
        """Build one queued mail again from its package: same Message-ID, same files in the same part.

        ``DamagedMail`` when it cannot be (the package is gone or changed, or splits differently)."""
        try:
            view = self.load_view(row.package_id)
        except KioskError as exc:
            raise _cannot_rebuild(row, exc.zh, exc.en) from None
        rows = self.store.rows(row.package_id)
        recorded = [r.file_names for r in rows]
        groups = (groups_as_built(view.files, [names for names in recorded if names is not None])
                  if all(names is not None for names in recorded) else None)
        if groups is None:  # rows of the first version: split as the settings say, if that is the same
            groups = plan_parts(view.files, settings.delivery.max_mail_bytes)
        if len(groups) != row.parts:
            raise _cannot_rebuild(row, "素材包現在會分成不同封數", "the package now splits into a different number of mails")
        mail = build_one(view, addresses_for(settings, view), groups, row.part, keep_message_id=row.message_id)
        self.write_mails([mail])
        self.store.record_file(row.key, mail.sha256, len(mail.data))
        log_event(f"package {row.package_id} mail {row.part}/{row.parts}: the mail file did not match what was "
                  "built; built again from the package")
        return mail.data

    def rewrite_mail(self, row: MailRow, data: bytes) -> None:
        """A deliberate change (the From re-stamped): the file and its record change together."""
        self.write_mails([BuiltMail(row.package_id, row.part, row.parts, row.message_id, data)])
        self.store.record_file(row.key, hashlib.sha256(data).hexdigest(), len(data))

    def resplit(self, package_id: str, settings: Settings, budget: int) -> int:
        """Build the package again in smaller mails (nothing of it sent yet); the new number of mails."""
        view = self.load_view(package_id)
        mails = build_mails(view, addresses_for(settings, view), budget)
        self.write_mails(mails)
        stale = self.store.replace_package(package_id, self._new_rows(view, mails), self.clock.now())
        for name in stale:
            self.eml_path(name).unlink(missing_ok=True)
        log_event(f"re-split package {package_id} into {len(mails)} mail(s) of at most {budget} bytes")
        return len(mails)

    def load_view(self, package_id: str) -> packages.PackageView:
        rows = self.store.rows(package_id)
        folder = rows[0].package_dir if rows else ""
        return packages.load(folder if folder and Path(folder).is_dir() else package_id)

    # -- operator actions -----------------------------------------------------------------------

    def retry(self, package_id: str, settings: Settings | None = None) -> PackageStatus:
        """「立即重試」: due now, fresh back-off; also lifts a pause (the operator says it is fixed)."""
        status = self.status(package_id)
        if status.state == SENT:
            raise BadInput(
                f"素材包「{package_id}」已在 {iso(status.sent_at)} 寄出，不需重試",
                f"package {package_id!r} was already sent at {iso(status.sent_at)}: nothing to retry",
            )
        now = self.clock.now()
        if self.store.block_info() is not None:
            self.store.unblock(now)
            log_event("sending resumed by the operator")
        if settings is not None and self._mail_files_missing(package_id):
            self._rebuild(package_id, settings)
        self.store.requeue(package_id, now)
        log_event(f"retry requested for package {package_id}")
        return self.status(package_id)

    def _mail_files_missing(self, package_id: str) -> bool:
        """Some unsent mail of the package is missing or no longer what was built."""
        return any(self.verified_bytes(r) is None for r in self.store.rows(package_id) if r.state != SENT)

    def _rebuild(self, package_id: str, settings: Settings) -> None:
        if any(r.state == SENT for r in self.store.rows(package_id)):
            raise KioskError(
                f"素材包「{package_id}」的郵件檔遺失，且已寄出一部分：請用「匯出」交付其餘檔案",
                f"the mail files of package {package_id!r} are missing and part of it was sent: use Export "
                "to hand over the rest",
            )
        self.resplit(package_id, settings, settings.delivery.max_mail_bytes)

    def export(self, package_id: str, destination: Path) -> Path:
        """Copy the package folder and its ``.eml`` files to ``destination`` (a folder or USB drive)."""
        status = self.status(package_id)
        if destination.exists() and not destination.is_dir():
            raise BadInput(f"目的地 {destination} 是一個檔案，不是資料夾", f"the destination {destination} is a file, not a folder")
        try:
            destination.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise KioskError(
                f"無法建立目的資料夾 {destination}（{exc.strerror or exc}）：請確認隨身碟已插好且可寫入",
                f"cannot create the destination folder {destination} ({exc.strerror or exc}): check that the drive "
                "is plugged in and writable",
            ) from None
        if status.purged:
            raise KioskError(
                f"素材包「{package_id}」已寄出並在保存期限後刪除本機副本，無法匯出",
                f"package {package_id!r} was sent and its local copy removed after the retention period: "
                "nothing to export",
            )
        target = destination / package_id
        suffix = 2
        while target.exists():
            target = destination / f"{package_id} ({suffix})"
            suffix += 1
        partial = destination / f".{package_id}.partial-{secrets.token_hex(3)}"
        try:
            self._copy_package(status, partial)
            os.replace(partial, target)
        except OSError as exc:
            shutil.rmtree(partial, ignore_errors=True)
            raise KioskError(
                f"匯出到 {destination} 失敗（{exc.strerror or exc}）：請確認隨身碟已插好、有空間且可寫入",
                f"export to {destination} failed ({exc.strerror or exc}): check that the drive is plugged in, "
                "has room and is writable",
            ) from None
        log_event(f"exported package {package_id}")
        return target

    def _copy_package(self, status: PackageStatus, partial: Path) -> None:
        package_dir = Path(status.package_dir)
        if package_dir.is_dir():
            shutil.copytree(package_dir, partial)
        else:
            partial.mkdir()
        (partial / MAIL_DIR).mkdir()
        for row in self.store.rows(status.package):
            if self.eml_path(row.eml).exists():
                shutil.copy2(self.eml_path(row.eml), partial / MAIL_DIR / row.eml)
        for copied in partial.rglob("*"):  # a USB drive pulled right after "done" must hold whole files
            if copied.is_file():
                with copied.open("rb+") as fh:
                    os.fsync(fh.fileno())

    # -- after a crash --------------------------------------------------------------------------

    def recover(self, settings: Settings | None = None) -> RecoverReport:
        """Adopt ``.eml`` files that lost their rows, drop half-written files, free dead claims."""
        removed = 0
        for tmp in self.mail_dir.glob(".*.tmp"):
            tmp.unlink(missing_ok=True)
            removed += 1
        adopted = self._adopt_orphans(settings)
        lock = self.runner_lock()
        holder_gone = lock.try_acquire()
        try:
            requeued = self.store.release_stale_claims(self.clock.now(), holder_gone=holder_gone)
        finally:
            if holder_gone:
                lock.release()
        if adopted or requeued or removed:
            log_event(f"recovered: adopted {len(adopted)} package(s), requeued {len(requeued)} interrupted "
                      f"send(s), removed {removed} partial file(s)")
        return RecoverReport(adopted, requeued, removed)

    def _orphans(self) -> dict[str, list[tuple[int, int, Path]]]:
        rows = self.store.rows()
        known_files = {r.eml for r in rows}
        known_packages = {r.package_id for r in rows}
        found: dict[str, list[tuple[int, int, Path]]] = {}
        for path in sorted(self.mail_dir.glob("*.eml")):
            if path.name in known_files:
                continue
            with path.open("rb") as fh:
                headers = BytesHeaderParser().parse(fh)
            package_id = str(headers.get(PACKAGE_HEADER, "")).strip()
            part, _, parts = str(headers.get(PART_HEADER, "")).partition("/")
            if not package_id or not part.isdigit() or not parts.isdigit():
                continue  # not ours: leave it alone
            if package_id in known_packages:
                path.unlink()  # left over from a re-split that was committed
                continue
            found.setdefault(package_id, []).append((int(part), int(parts), path))
        return found

    def _adopt_orphans(self, settings: Settings | None) -> list[str]:
        adopted = []
        for package_id, items in self._orphans().items():
            parts = items[0][1]
            complete = sorted(p for p, _, _ in items) == list(range(1, parts + 1)) and all(
                n == parts for _, n, _ in items)
            if complete:
                self._adopt(package_id, items)
                adopted.append(package_id)
            elif settings is not None:
                for _, _, path in items:
                    path.unlink()
                try:
                    self.enqueue(package_id, settings)  # the set was half written: build it again
                    adopted.append(package_id)
                except KioskError:
                    log_event(f"could not rebuild the mails of package {package_id}")
        return adopted

    def _rebuild_rows(self, repair: Repair) -> DatabaseRebuilt:
        """A new database after a damaged one: every complete set of mail files becomes rows again;
        what the outbox log shows as delivered is marked sent, the rest is queued."""
        adopted = self._adopt_orphans(None)
        delivered = sent_in_log()
        marked = self.store.restore_sent({key: at for key, at in delivered.items() if key[0] in adopted},
                                         "sent before the database was rebuilt (from the outbox log)")
        to_send = sum(1 for r in self.store.rows() if r.state != SENT)
        log_event(f"outbox database damaged ({repair.problem}); kept as {repair.kept_as.name}; rebuilt from the "
                  f"mail files: {len(adopted)} package(s), {marked} mail(s) sent per the log, {to_send} to send")
        return DatabaseRebuilt(repair.kept_as, repair.problem, adopted, marked, to_send)

    def _adopt(self, package_id: str, items: list[tuple[int, int, Path]]) -> None:
        try:
            view = packages.load(package_id)
            root, county = str(view.root), view.county
        except KioskError:
            root, county = "", ""  # the mails carry everything; only export and retention lose the folder
        rows = []
        for part, parts, path in sorted(items):
            with path.open("rb") as fh:
                message_id = str(BytesHeaderParser().parse(fh).get("Message-ID", "")).strip()
            # Written whole (atomic rename) by the build that lost its row: what it holds is what was built.
            rows.append(NewMail(package_id, part, parts, message_id, path.name, path.stat().st_size,
                                sha256_file(path), (), root, county))
        self.store.insert(rows, self.clock.now())
        log_event(f"adopted package {package_id}: {len(rows)} mail file(s) without a row")

    # -- retention ------------------------------------------------------------------------------

    def purge_expired(self, retention_days: float) -> list[str]:
        """Remove local copies of packages sent more than ``retention_days`` ago; never unsent ones."""
        purged = []
        for package_id in self.store.sent_before(self.clock.now() - retention_days * DAY_S):
            rows = self.store.rows(package_id)
            if any(r.state in UNSENT for r in rows):
                continue  # belt and braces: the query already excludes these
            self._remove_package_folder(Path(rows[0].package_dir))
            for row in rows:
                self.eml_path(row.eml).unlink(missing_ok=True)
            self.store.mark_purged(package_id, self.clock.now())
            log_event(f"purged package {package_id}: sent {iso(max(r.sent_at or 0 for r in rows))}, "
                      f"kept {retention_days:g} day(s)")
            purged.append(package_id)
        return purged

    @staticmethod
    def _remove_package_folder(folder: Path) -> None:
        if not str(folder) or not folder.is_dir():
            return
        root = packages.packages_root().resolve()
        if root not in folder.resolve().parents:
            log_event("package folder outside the data directory kept (only the mail files were removed)")
            return
        shutil.rmtree(folder)


def open_outbox(*, read_only: bool = False) -> Outbox:
    """The outbox for a command. A damaged database found on the way is kept aside and rebuilt, and
    the command stops there (``DamagedDatabase``, exit 2, saying what happened and what to do).

    ``read_only``: for looking; a damaged database is repaired only when the folder allows it."""
    if read_only:
        try:
            return Outbox(read_only=True)
        except DamagedDatabase as damaged:
            try:
                outbox = Outbox()
            except KioskError:  # a full disk or a read-only folder: nothing can be moved; say so
                raise damaged from None
            if outbox.rebuilt is None:  # someone else repaired it meanwhile
                return outbox
            raise outbox.rebuilt.error() from None
    outbox = Outbox()
    if outbox.rebuilt is not None:
        raise outbox.rebuilt.error()
    return outbox


def recover(settings: Settings | None = None) -> RecoverReport:
    """The app's start: the outbox part of crash recovery."""
    return Outbox().recover(settings)


def recover_outbox() -> list[dict]:
    """For ``ivy-kiosk recover``: the outbox and package side of crash recovery, one entry per thing
    done — a damaged database kept aside and rebuilt, mails adopted or put back in the queue, and
    the staging folders of package builds that were killed removed."""
    from kiosk import config
    from kiosk.package.store import discard_abandoned_builds

    try:
        settings: Settings | None = config.load(paths.config_path())
    except KioskError:  # unreadable settings must not stop the salvage; nothing is rebuilt then
        settings = None
    outbox = Outbox()
    items = [outbox.rebuilt.item()] if outbox.rebuilt is not None else []
    report = outbox.recover(settings)
    report.removed_partial_packages = discard_abandoned_builds()
    return items + report.items()


def unsent_packages() -> list[PackageStatus]:
    """For the window's close warning: what has not been delivered yet."""
    return Outbox().unsent()
