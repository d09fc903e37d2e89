"""The sender: delivers what is due, one mail at a time, and decides what each outcome means.

Only one runner at a time, across processes: a pass runs only while it holds the outbox's
:class:`~kiosk.locks.FileLock`, which the operating system drops when the holder dies. Holding it
therefore proves that any row still marked ``sending`` belongs to a dead sender, and that row is
queued again (same ``.eml``, same Message-ID). Inside the lock, each mail is also claimed in a
``BEGIN IMMEDIATE`` transaction with a deadline, so a claim can never be taken twice.

Settings are read again at every pass: a corrected password or server lifts a pause by itself
(the pause remembers a fingerprint of the settings it was caused by, never the password itself).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.utils import getaddresses
from pathlib import Path

from kiosk import config, paths
from kiosk.config import Settings, SmtpSettings
from kiosk.errors import KioskError
from kiosk.locks import FileLock
from kiosk.outbox.backoff import Backoff
from kiosk.outbox.clock import SYSTEM_CLOCK, WallClock
from kiosk.outbox.credentials import PasswordStore
from kiosk.outbox.journal import log_event, scrub
from kiosk.outbox.message import budget_for_server_limit, configured_sender, plan_parts, restamp_sender
from kiosk.outbox.service import DamagedMail, Outbox
from kiosk.outbox.store import SENT, BlockInfo, MailRow
from kiosk.outbox.transport import (
    BLOCKED,
    FAILED,
    RETRY,
    TOO_LARGE,
    Envelope,
    SendFailure,
    Transport,
    TransportFactory,
    account_password,
    smtp_transport,
    upload_timeout,
)

CLAIM_MARGIN_S = 120.0
CLAIM_RENEW_S = 30.0  # while an upload moves, its claim is extended this often
LOCK_PATIENCE_S = 2.0
_MAX_ROUNDS = 8  # a re-split adds new due rows within a pass; this bounds the rounds

# Outcomes of one mail in one pass.
SENT_OUTCOME = "sent"
RESPLIT = "resplit"
OFFLINE = "offline"

ProgressCallback = Callable[[str, int, int, int, int], None]  # package, part, parts, bytes sent, total


@dataclass
class Attempt:
    package_id: str
    part: int
    parts: int
    outcome: str  # sent | retry | offline | failed | blocked | resplit
    zh: str = ""
    en: str = ""


@dataclass
class PassReport:
    busy: bool = False  # another runner holds the lock: this one did nothing
    attempts: list[Attempt] = field(default_factory=list)
    paused: BlockInfo | None = None
    next_due: float | None = None
    purged: list[str] = field(default_factory=list)

    def merge(self, other: PassReport) -> None:
        self.busy = other.busy
        self.attempts.extend(other.attempts)
        self.paused = other.paused
        self.next_due = other.next_due
        self.purged.extend(other.purged)


def envelope_of(data: bytes) -> Envelope:
    """Sender and recipients from the mail's own headers: the mail says where it goes."""
    head = data.partition(b"\r\n\r\n")[0]  # the headers only: parsing a whole mail copies it twice over
    headers = BytesHeaderParser().parsebytes(head)
    sender = getaddresses(headers.get_all("From", []))[0][1]
    to = [address for _, address in getaddresses(headers.get_all("To", []))]
    cc = [address for _, address in getaddresses(headers.get_all("Cc", []))]
    return Envelope(sender, [a for a in [*to, *cc] if a])


def settings_fingerprint(smtp: SmtpSettings, password: str | None, salt: str) -> str:
    """Changes whenever anything that could fix a pause changes (password included, but only hashed)."""
    digest = hashlib.sha256(salt.encode())
    for value in (smtp.host, smtp.port, smtp.security, smtp.username, smtp.from_, smtp.ca_file,
                  smtp.password_env, password or ""):
        digest.update(str(value).encode("utf-8") + b"\0")
    ca = Path(smtp.ca_file).expanduser() if smtp.ca_file else None
    if ca is not None and ca.is_file():
        digest.update(ca.read_bytes())
    return digest.hexdigest()


def default_settings() -> Settings:
    return config.load(paths.config_path())


class Runner:
    def __init__(
        self,
        outbox: Outbox | None = None,
        *,
        settings_loader: Callable[[], Settings] = default_settings,
        transport_factory: TransportFactory = smtp_transport,
        passwords: PasswordStore | None = None,
        clock: WallClock | None = None,
        backoff: Backoff | None = None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.outbox = outbox or Outbox(clock=clock or SYSTEM_CLOCK)
        self.store = self.outbox.store
        self.clock = clock or self.outbox.clock
        self.settings_loader = settings_loader
        self.transport_factory = transport_factory
        self.passwords = passwords
        self.backoff = backoff or Backoff.from_environment()
        self.progress = progress
        self.owner = f"runner-{secrets.token_hex(6)}"
        self.lock_patience_s = LOCK_PATIENCE_S
        self._stop = threading.Event()
        self._transport: Transport | None = None

    # -- control from another thread --------------------------------------------------------------

    def stop(self) -> None:
        """End the loop and the current attempt (that mail is given back, due again at once)."""
        self._stop.set()
        transport = self._transport
        if transport is not None:
            transport.abort()

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    # -- passes -----------------------------------------------------------------------------------

    def run_once(self, *, wake_offline: bool = False) -> PassReport:
        """One pass over what is due; ``wake_offline`` when the network just came back."""
        lock = self.outbox.runner_lock()
        if not self._acquire(lock):
            return PassReport(busy=True, next_due=self.store.next_due_time())
        try:
            return self._pass(wake_offline)
        finally:
            lock.release()

    def _acquire(self, lock: FileLock) -> bool:
        """The lock, waiting a moment: start-up recovery elsewhere holds it for milliseconds, while a
        real sender holds it for its whole pass."""
        deadline = time.monotonic() + self.lock_patience_s
        while not lock.try_acquire():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def run_until_idle(self) -> PassReport:
        """Pass after pass, sleeping until the next due time, until nothing waits any more (all sent,
        failed or paused), another runner has it, or :meth:`stop`."""
        total = PassReport()
        while not self.stopping:
            total.merge(self.run_once())
            if total.busy or total.paused is not None or total.next_due is None:
                break
            self._sleep_until(total.next_due)
        return total

    def _sleep_until(self, moment: float) -> None:
        while not self.stopping and (left := moment - self.clock.now()) > 0:
            self.clock.sleep(min(left, 1.0))

    def _pass(self, wake_offline: bool) -> PassReport:
        report = PassReport()
        now = self.clock.now()
        self.store.release_stale_claims(now, holder_gone=True)
        settings = self.settings_loader()
        report.purged = self.outbox.purge_expired(settings.delivery.retention_days)
        if wake_offline:
            self.store.wake_offline(now)
        password, fingerprint, setup_problem = self._credentials(settings.delivery.smtp)
        if not self._pause_still_applies(fingerprint):
            self._deliver_due(settings, password, fingerprint, setup_problem, report)
        report.next_due = self.store.next_due_time()
        report.paused = self.store.block_info()
        return report

    def _credentials(self, smtp: SmtpSettings) -> tuple[str | None, str, SendFailure | None]:
        """The password, the settings' fingerprint, and why sending cannot even start (if so)."""
        password, problem = account_password(smtp, self.passwords)
        salt = self.store.set_meta_default("fingerprint_salt", secrets.token_hex(16))
        return password, settings_fingerprint(smtp, password, salt), problem

    def _pause_still_applies(self, fingerprint: str) -> bool:
        paused = self.store.block_info()
        if paused is None:
            return False
        if paused.fingerprint == fingerprint:
            return True  # nothing changed since the pause: no login attempt, no hammering
        self.store.unblock(self.clock.now())
        log_event("mail settings changed: sending resumed")
        return False

    def _deliver_due(self, settings: Settings, password: str | None, fingerprint: str,
                     setup_problem: SendFailure | None, report: PassReport) -> None:
        tried: set[str] = set()
        for _ in range(_MAX_ROUNDS):
            due = [row for row in self.store.due(self.clock.now()) if row.message_id not in tried]
            if not due or self.stopping:
                return
            if setup_problem is not None:
                self._block(None, setup_problem, fingerprint)
                report.attempts.append(Attempt(due[0].package_id, 0, 0, BLOCKED, setup_problem.zh,
                                               setup_problem.en))
                return
            transport = self.transport_factory(settings.delivery.smtp, password or "")
            for row in due:
                if self.stopping:
                    return
                tried.add(row.message_id)
                attempt = self._send_one(row, transport, settings, fingerprint)
                if attempt is None:
                    continue
                report.attempts.append(attempt)
                if attempt.outcome in (BLOCKED, OFFLINE):
                    return  # paused, or no network: trying the others now would only repeat it
                if attempt.outcome == RESPLIT:
                    break  # the package's new mails are due: fetch them in the next round

    # -- one mail ---------------------------------------------------------------------------------

    def _send_one(self, row: MailRow, transport: Transport, settings: Settings, fingerprint: str) -> Attempt | None:
        now = self.clock.now()
        claimed = self.store.claim(row.key, self.owner, now, self._claim_until(settings, row.bytes))
        if claimed is None:
            return None
        try:
            data = self._bytes_to_send(claimed, settings)
        except DamagedMail as damaged:
            return self._needs_attention(claimed, damaged)
        except BaseException:
            self.store.release(claimed.key, self.owner, self.clock.now())  # e.g. a full disk: untouched
            raise
        self._transport = transport
        try:
            reply = transport.send(envelope_of(data), data, self._progress_for(claimed, settings))
        except SendFailure as failure:
            if self.stopping:
                self.store.release(claimed.key, self.owner, self.clock.now())
                return None
            return self._failed(claimed, failure, settings, fingerprint)
        except BaseException:
            self.store.release(claimed.key, self.owner, self.clock.now())  # Ctrl+C: give it back untouched
            raise
        finally:
            self._transport = None
        self.store.mark_sent(claimed.key, self.owner, self.clock.now(), reply)
        log_event(f"sent package {row.package_id} mail {row.part}/{row.parts} "
                  f"(attempt {claimed.attempts}): {scrub(reply)[:80]}")
        return Attempt(row.package_id, row.part, row.parts, SENT_OUTCOME)

    def _bytes_to_send(self, row: MailRow, settings: Settings) -> bytes:
        """Exactly what was built for this mail: the file as recorded, or built again from the package
        when it no longer matches (``DamagedMail`` when it cannot be)."""
        data = self.outbox.verified_bytes(row)
        if data is None:
            data = self.outbox.rebuild_mail(row, settings)
        return self._with_current_sender(row, data, settings)

    def _with_current_sender(self, row: MailRow, data: bytes, settings: Settings) -> bytes:
        """A mail queued before the account was set up carries a stand-in From: use the account's."""
        sender = configured_sender(settings)
        if sender is None or envelope_of(data).sender.lower() == sender.lower():
            return data
        data = restamp_sender(data, sender)
        self.outbox.rewrite_mail(row, data)
        log_event(f"package {row.package_id} mail {row.part}/{row.parts}: From set to the sending account")
        return data

    def _claim_until(self, settings: Settings, remaining: int) -> float:
        smtp = settings.delivery.smtp
        return self.clock.now() + upload_timeout(smtp, remaining) + smtp.stall_timeout_s + CLAIM_MARGIN_S

    def _progress_for(self, row: MailRow, settings: Settings) -> Callable[[int, int], None]:
        """Progress goes to the screen, and keeps the claim alive however long a moving upload takes."""
        renewed = [time.monotonic()]

        def on_progress(sent: int, total: int) -> None:
            if time.monotonic() - renewed[0] >= CLAIM_RENEW_S:
                renewed[0] = time.monotonic()
                with contextlib.suppress(KioskError):  # e.g. a full disk: the upload itself goes on
                    self.store.extend_claim(row.key, self.owner, self._claim_until(settings, total - sent))
            if self.progress is not None:
                self.progress(row.package_id, row.part, row.parts, sent, total)

        return on_progress

    def _needs_attention(self, row: MailRow, damaged: DamagedMail) -> Attempt:
        self.store.mark_failed(row.key, self.owner, damaged.zh, damaged.en)
        log_event(f"package {row.package_id} mail {row.part}/{row.parts}: mail file damaged and not rebuildable; "
                  "not sent")
        return Attempt(row.package_id, row.part, row.parts, FAILED, damaged.zh, damaged.en)

    def _failed(self, row: MailRow, failure: SendFailure, settings: Settings, fingerprint: str) -> Attempt:
        attempt = Attempt(row.package_id, row.part, row.parts, failure.kind, failure.zh, failure.en)
        log_event(f"package {row.package_id} mail {row.part}/{row.parts} attempt {row.attempts}: {failure.kind} "
                  f"at {failure.stage or '?'} (code {failure.code})")
        if failure.kind == RETRY:
            next_at = self.clock.now() + self.backoff.delay(row.failures + 1)
            self.store.mark_retry(row.key, self.owner, next_at, failure.zh, failure.en, failure.offline)
            if failure.offline:
                self.store.defer_waiting(next_at, failure.zh, failure.en)
                attempt.outcome = OFFLINE
        elif failure.kind == BLOCKED:
            self._block(row, failure, fingerprint)
        elif failure.kind == TOO_LARGE and self._resplit(row, failure, settings):
            attempt.outcome = RESPLIT
        else:
            zh, en = failure.zh, failure.en
            if failure.kind == TOO_LARGE:
                attempt.outcome = FAILED
                zh += "有一個檔案本身就超過上限：請用「匯出」存到隨身碟交給協會，或換用上限較大的寄件帳號後按「立即重試」。"
                en += (" One file alone is over that limit: use Export to hand it over on a USB drive, or use "
                       "a mail account with a larger limit and press Retry now.")
            self.store.mark_failed(row.key, self.owner, zh, en)
        return attempt

    def _block(self, row: MailRow | None, failure: SendFailure, fingerprint: str) -> None:
        info = BlockInfo(fingerprint, failure.zh, failure.en, self.clock.now())
        self.store.block_all(row.key if row else None, self.owner, info)
        log_event(f"sending paused: {failure.stage or 'config'} problem (code {failure.code})")

    def _resplit(self, row: MailRow, failure: SendFailure, settings: Settings) -> bool:
        """Over the server's SIZE limit before any byte went: build smaller mails if every file fits."""
        if not failure.size_limit or any(r.state == SENT for r in self.store.rows(row.package_id)):
            return False
        budget = budget_for_server_limit(failure.size_limit)
        try:
            view = self.outbox.load_view(row.package_id)
        except KioskError:
            return False
        if budget <= 0 or any(f.size > budget for f in view.files) or len(plan_parts(view.files, budget)) <= row.parts:
            return False  # one file alone is too big, or splitting smaller would change nothing
        self.outbox.resplit(row.package_id, settings, budget)
        return True
