"""Delivering one mail over SMTP — encrypted, verified, logged in — and naming what went wrong.

Never plain text: implicit TLS (port 465, ``security = "tls"``) or STARTTLS (587), and a STARTTLS
that the server refuses stops the attempt instead of carrying on unencrypted. Certificates are
verified against the system's CAs plus ``delivery.smtp.ca_file``.

One login attempt per connection: smtplib's ``login()`` would try every mechanism the server
offers, so a wrong password would count twice or three times against the account; here one
mechanism (PLAIN, else LOGIN) is chosen and tried once — in UTF-8, which smtplib cannot do.

The server's SIZE limit is checked before MAIL, so an over-limit mail is refused before any byte
of it goes. The upload has a progress watchdog instead of one deadline for the whole mail: it goes
out in 16 KB pieces (one TLS record each), and a piece the server does not take within
``delivery.smtp.stall_timeout_s`` (60 s) ends the attempt — a slow upload that keeps moving goes on
for as long as it takes, a server that stopped reading lets go within about a minute.

Every failure becomes a :class:`SendFailure` whose ``kind`` the runner acts on:

* ``retry``    — network down or dropped, 4xx: try again later (``offline`` when not even connected);
* ``failed``   — 5xx, permanent: the operator must act (the words say how);
* ``blocked``  — wrong password, TLS trouble: pause all sending, no more logins until settings change;
* ``too_large`` — over the server's SIZE limit: split smaller or give the operator the large-file route.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import re
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from typing import Protocol

from kiosk import organiser
from kiosk.config import Settings, SmtpSettings
from kiosk.errors import KioskError
from kiosk.outbox.credentials import PasswordStore, resolve_password
from kiosk.outbox.message import check_address, sender_address

log = logging.getLogger(__name__)

RETRY = "retry"
FAILED = "failed"
BLOCKED = "blocked"
TOO_LARGE = "too_large"

MIN_UPLOAD_BYTES_PER_S = 32_000  # a poor venue uplink; the sender's first claim is sized for it
_PIECE = 16 * 1024  # one TLS record: each send() call is one piece of progress
_STRETCH = 1024 * 1024  # what is dot-stuffed at a time: the only copy of the mail the upload makes
_LINE_DOT = re.compile(rb"(?m)^\.")

Progress = Callable[[int, int], None]


class SendFailure(Exception):
    def __init__(self, kind: str, zh: str, en: str, *, offline: bool = False, code: int | None = None,
                 size_limit: int | None = None, stage: str = "") -> None:
        super().__init__(en)
        self.kind = kind
        self.zh = zh
        self.en = en
        self.offline = offline
        self.code = code
        self.size_limit = size_limit
        self.stage = stage


@dataclass(frozen=True)
class Envelope:
    sender: str
    recipients: list[str]  # the first is the organiser: if it is refused, the mail is not sent


class Transport(Protocol):
    def send(self, envelope: Envelope, data: bytes, progress: Progress | None = None) -> str:
        """Deliver ``data``; the server's final reply on success, :class:`SendFailure` otherwise."""
        ...

    def abort(self) -> None:
        """Called from another thread: end the current attempt now (the app is closing)."""
        ...


TransportFactory = Callable[[SmtpSettings, str], Transport]


# -- words for the operator --------------------------------------------------------------------


def _server_text(resp: bytes | str | None) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp or "")
    return " ".join(text.split())[:200]


def _offline(host: str, stage: str) -> SendFailure:
    return SendFailure(
        RETRY,
        f"目前連不上郵件伺服器 {host}（可能沒有網路）。有網路時會自動寄出，不需操作。",
        f"Cannot reach the mail server {host} (no network?). It will be sent by itself once the network is "
        "back; nothing to do.",
        offline=True, stage=stage,
    )


class UploadStalled(TimeoutError):
    """The server took no part of the mail for ``stall_timeout_s`` seconds."""

    def __init__(self, seconds: float, sent: int, total: int) -> None:
        super().__init__(f"no upload progress for {seconds:g} s at {sent} of {total} bytes")
        self.seconds = seconds


def _stalled(seconds: float, stage: str) -> SendFailure:
    return SendFailure(
        RETRY,
        f"郵件伺服器停止接收這封信（{seconds:g} 秒沒有進度）。稍後會自動重寄同一封信。",
        f"The mail server stopped taking the mail (no progress for {seconds:g} s). The same mail will be sent "
        "again by itself.",
        stage=stage,
    )


def _dropped(exc: BaseException, stage: str) -> SendFailure:
    zh, en = _why_dropped(exc)
    return SendFailure(
        RETRY,
        f"寄送途中連線中斷（{zh}）。稍後會自動重寄同一封信（收件者可由編號辨識重複）。",
        f"The connection dropped while sending ({en}). The same mail will be sent again by itself "
        "(a duplicate is recognisable by its package ID).",
        stage=stage,
    )


def _why_dropped(exc: BaseException) -> tuple[str, str]:
    """Why the connection went, in words (zh, en): the operator reads it, so never a Python class."""
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "伺服器關閉了連線", "the server closed the connection"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror, exc.strerror  # the system's own words (in the system's language)
    log.warning("connection dropped: %s: %s", type(exc).__name__, exc)  # the class is for whoever reads the log
    return "伺服器的回應無法辨識", "the server's answer could not be understood"


def _temporary(code: int, text: str, stage: str) -> SendFailure:
    return SendFailure(
        RETRY,
        f"郵件伺服器暫時無法收信（{code} {text}）。稍後會自動重試。",
        f"The mail server cannot take the mail right now ({code} {text}). It will retry by itself.",
        code=code, stage=stage,
    )


def _refused(code: int, text: str, stage: str) -> SendFailure:
    return SendFailure(
        FAILED,
        f"郵件伺服器拒收這封信（{code} {text}）。請檢查「設定 → 寄件帳號」的寄件地址與收件地址，"
        "或用「匯出」把素材存到隨身碟交給協會，再按「立即重試」。",
        f"The mail server refused this mail ({code} {text}). Check the sender and recipient addresses in "
        "Settings → Sending account, or use Export to put the package on a USB drive, then press Retry now.",
        code=code, stage=stage,
    )


def _bad_login(code: int | None, text: str) -> SendFailure:
    return SendFailure(
        BLOCKED,
        f"郵件帳號或密碼錯誤（{code} {text}），已暫停所有寄送以免帳號被鎖。請到「設定 → 寄件帳號」更正密碼，"
        "或確認後按「立即重試」。",
        f"The mail account or password was refused ({code} {text}); all sending is paused so the account "
        "is not locked. Correct the password in Settings → Sending account, or press Retry now once it is fixed.",
        code=code, stage="login",
    )


def _tls_problem(detail: str, *, certificate: bool) -> SendFailure:
    if certificate:
        return SendFailure(
            BLOCKED,
            f"無法驗證郵件伺服器的憑證（{detail}），已暫停寄送。請確認伺服器名稱，或在設定中指定機構的憑證"
            "（ca_file），然後按「立即重試」。",
            f"The mail server's certificate could not be verified ({detail}); sending is paused. Check the "
            "server name, or set your organisation's certificate (ca_file) in the settings, then press Retry now.",
            stage="tls",
        )
    return SendFailure(
        BLOCKED,
        f"無法和郵件伺服器建立加密連線（{detail}），已暫停寄送。請確認連接埠與加密方式"
        "（465 用 TLS、587 用 STARTTLS），然後按「立即重試」。",
        f"No encrypted connection to the mail server ({detail}); sending is paused. Check the port and "
        "security setting (465 uses TLS, 587 uses STARTTLS), then press Retry now.",
        stage="tls",
    )


def _no_starttls() -> SendFailure:
    return SendFailure(
        BLOCKED,
        "郵件伺服器不提供加密（STARTTLS），本程式不會以明文寄送，已暫停寄送。請改用 465 連接埠（TLS）"
        "或其他寄件帳號。",
        "The mail server offers no encryption (STARTTLS); this program never sends in plain text, so sending "
        "is paused. Use port 465 (TLS) or another mail account.",
        stage="tls",
    )


def _no_auth(detail: str) -> SendFailure:
    return SendFailure(
        BLOCKED,
        f"郵件伺服器不接受這種登入方式（{detail}），已暫停寄送。請確認伺服器與連接埠是寄件用（submission）的。",
        f"The mail server does not offer a usable login ({detail}); sending is paused. Check that the server "
        "and port are the ones for sending mail (submission).",
        stage="login",
    )


def too_large(size: int, limit: int) -> SendFailure:
    return SendFailure(
        TOO_LARGE,
        f"這封信有 {size / 1e6:.1f} MB，超過郵件伺服器的上限 {limit / 1e6:.1f} MB。",
        f"This mail is {size / 1e6:.1f} MB, over the mail server's limit of {limit / 1e6:.1f} MB.",
        code=552, size_limit=limit, stage="mail",
    )


def config_missing(what_zh: str, what_en: str) -> SendFailure:
    return SendFailure(
        BLOCKED,
        f"寄件帳號尚未設定完成（{what_zh}），已暫停寄送。請到「設定 → 寄件帳號」填寫。",
        f"The mail account is not set up ({what_en}); sending is paused. Fill it in under Settings → "
        "Mail account.",
        stage="config",
    )


# -- deciding what a failure means ------------------------------------------------------------


def classify(exc: BaseException, stage: str, host: str) -> SendFailure:
    """What an exception raised at ``stage`` means for the mail (see the module docstring)."""
    if isinstance(exc, SendFailure):
        return exc
    if isinstance(exc, UploadStalled):
        return _stalled(exc.seconds, stage)
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        if 400 <= exc.smtp_code < 500:
            return _temporary(exc.smtp_code, _server_text(exc.smtp_error), stage)
        return _bad_login(exc.smtp_code, _server_text(exc.smtp_error))
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if stage == "tls":
            return _no_starttls()
        if stage == "login":
            return _no_auth(str(exc))
        return _refused(0, str(exc), stage)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        first = next(iter(exc.recipients.values()))
        if any(400 <= code < 500 for code in codes):
            return _temporary(first[0], _server_text(first[1]), stage)
        return _refused(first[0], _server_text(first[1]), stage)
    if isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, _server_text(exc.smtp_error)
        if 400 <= code < 500:
            return _temporary(code, text, stage)
        if stage == "tls":
            return _tls_problem(f"{code} {text}", certificate=False)
        return _refused(code, text, stage)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return _tls_problem(exc.verify_message or str(exc), certificate=True)
    if isinstance(exc, ssl.SSLError) and stage == "tls" and not isinstance(
            exc, ssl.SSLEOFError | ssl.SSLZeroReturnError):
        return _tls_problem(exc.reason or str(exc), certificate=False)
    if isinstance(exc, socket.gaierror) or (isinstance(exc, OSError) and stage in ("dns", "connect")):
        return _offline(host, stage)
    if isinstance(exc, smtplib.SMTPServerDisconnected | OSError):
        return _dropped(exc, stage)
    if isinstance(exc, smtplib.SMTPException) and stage == "login":
        return _no_auth(str(exc))
    return _dropped(exc, stage)


# -- the real thing ---------------------------------------------------------------------------


def _ehlo_name() -> str:
    """Our name for EHLO, without smtplib's getfqdn(), which can hang for seconds with no network."""
    name = socket.gethostname().encode("ascii", "ignore").decode() or "localhost"
    return name if "." in name else f"{name}.local"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def tls_context(smtp: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if smtp.ca_file:
        ca = Path(smtp.ca_file).expanduser()
        if not ca.is_file():
            raise config_missing(f"找不到憑證檔 {ca}", f"the certificate file {ca} does not exist")
        try:
            context.load_verify_locations(cafile=str(ca))
        except (ssl.SSLError, OSError) as exc:
            raise _tls_problem(f"ca_file: {exc}", certificate=True) from None
    return context


def upload_timeout(smtp: SmtpSettings, size: int) -> float:
    """How long an upload of ``size`` bytes may take on a poor uplink (the sender's first claim on a
    mail lasts this long; progress extends it), plus the usual command timeout."""
    return smtp.timeout_s + size / MIN_UPLOAD_BYTES_PER_S


class _KioskSMTP(smtplib.SMTP):
    """smtplib with implicit TLS as a separate stage, and an upload in pieces that reports progress
    and ends when no piece goes for ``stall_timeout`` seconds."""

    def __init__(self, context: ssl.SSLContext, implicit_tls: bool, timeout: float,
                 on_stage: Callable[[str], None]) -> None:
        self._context = context
        self._implicit_tls = implicit_tls
        self._on_stage = on_stage
        self.stall_timeout: float | None = None  # set for the upload of the message
        self.progress: Progress | None = None
        super().__init__(local_hostname=_ehlo_name(), timeout=timeout)

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock = socket.create_connection((host, port), timeout, self.source_address)
        if not self._implicit_tls:
            return sock
        self._on_stage("tls")
        try:
            wrapped = self._context.wrap_socket(sock, server_hostname=host)
        except BaseException:
            sock.close()
            raise
        self._on_stage("greeting")
        return wrapped

    def upload(self, message: bytes) -> tuple[int, bytes]:
        """DATA: the message dot-stuffed and sent a line-aligned stretch at a time. smtplib's ``data()``
        would copy a 15 MB mail three times over first (quoting, then two appends), and the GUI's
        process holds all of it while the upload runs."""
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        sent = 0
        for start, end in _line_aligned(message, _STRETCH):
            self._send_watched(_dot_stuffed(message[start:end]), sent, len(message))
            sent = end
        self._send_watched(b".\r\n" if message.endswith(b"\r\n") else b"\r\n.\r\n", sent, len(message))
        self._on_stage("reply")
        return self.getreply()

    def _send_watched(self, piece: bytes, done: int, total: int) -> None:
        """Send ``piece`` in TLS-record-sized bits; a bit that cannot go for ``stall_timeout`` seconds
        ends the upload (``UploadStalled``), however long the whole takes while it keeps moving."""
        if not self.sock:
            raise smtplib.SMTPServerDisconnected("please run connect() first")
        data = memoryview(piece)
        sent = 0
        try:
            self.sock.settimeout(self.stall_timeout if self.stall_timeout is not None else self.timeout)
            while sent < len(data):
                try:
                    sent += self.sock.send(data[sent:sent + _PIECE])
                except TimeoutError:
                    raise UploadStalled(self.stall_timeout or 0.0, done + sent, total) from None
                if self.progress is not None:
                    self.progress(min(done + sent, total), total)
        except OSError:
            self.close()
            raise
        finally:
            if self.sock:
                self.sock.settimeout(self.timeout)


def _line_aligned(message: bytes, stretch: int) -> Iterator[tuple[int, int]]:
    """(start, end) of stretches of about ``stretch`` bytes, each ending just after a line break."""
    start = 0
    while start < len(message):
        cut = message.find(b"\n", min(start + stretch, len(message)) - 1)
        end = len(message) if cut == -1 else cut + 1
        yield start, end
        start = end


def _dot_stuffed(lines: bytes) -> bytes:
    """RFC 5321 §4.5.2: a line that starts with a dot gets a second one (``lines`` starts a line)."""
    return _LINE_DOT.sub(b"..", lines) if b"." in lines else lines


def _size_limit(client: smtplib.SMTP) -> int:
    """The server's SIZE limit from EHLO; 0 when it announces none (or no number)."""
    value = client.esmtp_features.get("size", "").strip() if client.has_extn("size") else ""
    return int(value) if value.isdigit() else 0


class SmtpTransport:
    def __init__(self, smtp: SmtpSettings, password: str) -> None:
        self.settings = smtp
        self.password = password
        self.stage = "config"
        self._lock = threading.Lock()
        self._client: _KioskSMTP | None = None

    def _set_stage(self, stage: str) -> None:
        self.stage = stage

    def open(self, timeout: float | None = None) -> _KioskSMTP:
        """Resolve, connect, encrypt and log in; the stage reached is in ``self.stage``."""
        smtp = self.settings
        context = tls_context(smtp)
        self._set_stage("dns")
        socket.getaddrinfo(smtp.host, smtp.port, type=socket.SOCK_STREAM)
        self._set_stage("connect")
        client = _KioskSMTP(context, smtp.security == "tls", timeout or smtp.timeout_s, self._set_stage)
        with self._lock:
            self._client = client
        client._host = smtp.host  # type: ignore[attr-defined] # smtplib checks the certificate against this name on STARTTLS
        try:
            client.connect(smtp.host, smtp.port)
            self._set_stage("session")  # connected and greeted: from here a lost link is a drop
            client.ehlo()
            if smtp.security != "tls":
                self._starttls(client, context)
            self._set_stage("login")
            self._login_once(client)
        except BaseException:
            self.close_quietly(client)
            raise
        return client

    def _starttls(self, client: _KioskSMTP, context: ssl.SSLContext) -> None:
        self._set_stage("tls")
        if not client.has_extn("starttls"):
            raise smtplib.SMTPNotSupportedError("STARTTLS extension not supported by server.")
        code, resp = client.starttls(context=context)
        if code != 220:  # smtplib would carry on in plain text: never
            raise smtplib.SMTPResponseException(code, resp)
        client.ehlo()

    def _login_once(self, client: _KioskSMTP) -> None:
        """One AUTH exchange, UTF-8 throughout (RFC 4616): smtplib would refuse a Chinese password."""
        if not client.has_extn("auth"):
            raise smtplib.SMTPNotSupportedError("the server offers no AUTH")
        offered = client.esmtp_features["auth"].upper().split()
        user, password = self.settings.username.encode("utf-8"), self.password.encode("utf-8")
        if "PLAIN" in offered:
            code, resp = client.docmd("AUTH", "PLAIN " + _b64(b"\0" + user + b"\0" + password))
        elif "LOGIN" in offered:
            code, resp = client.docmd("AUTH", "LOGIN " + _b64(user))
            if code == 334:
                code, resp = client.docmd(_b64(password))
        else:
            raise smtplib.SMTPException(f"no supported AUTH mechanism in {offered}")
        if code not in (235, 503):  # 503: already authenticated
            raise smtplib.SMTPAuthenticationError(code, resp)

    def send(self, envelope: Envelope, data: bytes, progress: Progress | None = None) -> str:
        try:
            client = self.open()
            try:
                return self._deliver(client, envelope, data, progress)
            finally:
                self.close_quietly(client)
        except Exception as exc:
            raise classify(exc, self.stage, self.settings.host) from exc

    def _deliver(self, client: _KioskSMTP, envelope: Envelope, data: bytes, progress: Progress | None) -> str:
        self._set_stage("mail")
        limit = _size_limit(client)
        if limit and len(data) > limit:
            raise too_large(len(data), limit)
        code, resp = client.mail(envelope.sender, [f"SIZE={len(data)}"] if client.has_extn("size") else [])
        if code == 552:
            raise too_large(len(data), limit or len(data) - 1)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, resp, envelope.sender)
        for index, rcpt in enumerate(envelope.recipients):
            code, resp = client.rcpt(rcpt)
            if code not in (250, 251) and index == 0:
                raise smtplib.SMTPRecipientsRefused({rcpt: (code, resp)})
        self._set_stage("data")
        client.stall_timeout = self.settings.stall_timeout_s
        client.progress = progress
        code, resp = client.upload(data)
        if code != 250:
            raise smtplib.SMTPDataError(code, resp)
        self._set_stage("done")
        return f"{code} {_server_text(resp)}"

    def close_quietly(self, client: _KioskSMTP) -> None:
        """QUIT when the line still works, else just close: after a 250 a lost QUIT changes nothing."""
        with self._lock:
            self._client = None
        try:
            if client.sock is not None:
                client.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            client.close()

    def abort(self) -> None:
        with self._lock:
            client = self._client
        sock = getattr(client, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def smtp_transport(smtp: SmtpSettings, password: str) -> Transport:
    return SmtpTransport(smtp, password)


# -- checks for the preflight and the settings screen ----------------------------------------


@dataclass(frozen=True)
class AccountProbe:
    ok: bool
    stage: str  # config | dns | connect | tls | login | done
    offline: bool
    detail_zh: str
    detail_en: str


def config_problem(smtp: SmtpSettings, password: str | None) -> SendFailure | None:
    """Why these settings cannot even try to send (no server, account or password), or None."""
    unfilled = _unfilled_account(smtp)
    if unfilled is not None:
        return unfilled
    if not password:
        return config_missing("沒有密碼", "no password")
    return _unusable_security(smtp)


def _unfilled_account(smtp: SmtpSettings) -> SendFailure | None:
    if not smtp.host:
        return config_missing("沒有郵件伺服器", "no mail server")
    if not smtp.username:
        return config_missing("沒有帳號", "no user name")
    return None


def _unusable_security(smtp: SmtpSettings) -> SendFailure | None:
    if smtp.security not in ("tls", "starttls"):
        return config_missing("加密方式只能是 TLS 或 STARTTLS", "security must be TLS or STARTTLS")
    return None


def account_password(smtp: SmtpSettings, passwords: PasswordStore | None = None,
                     typed: str | None = None) -> tuple[str | None, SendFailure | None]:
    """The password to log in with, and why sending cannot start (or None).

    An account not filled in yet says so, before the password store is asked: on a fresh laptop the
    operator must read "set up the mail account", not a complaint about the password store.
    ``typed``: a password typed on the settings screen and not saved yet.
    """
    unfinished = _unfilled_account(smtp) or _unusable_security(smtp)
    if unfinished is not None:
        return None, unfinished
    try:
        password = typed or resolve_password(smtp, passwords)
    except KioskError as exc:  # no safe password store, or it is locked
        return None, SendFailure(BLOCKED, f"已暫停寄送：{exc.zh}", f"Sending is paused: {exc.en}", stage="config")
    return password, config_problem(smtp, password)


def _probe_stage(stage: str) -> str:
    return {"greeting": "connect", "session": "connect", "mail": "done", "data": "done",
            "reply": "done"}.get(stage, stage)


def probe_account(smtp: SmtpSettings, *, timeout: float = 10, password: str | None = None,
                  passwords: PasswordStore | None = None) -> AccountProbe:
    """Resolve, connect, encrypt, log in and QUIT — what 「寄件帳號可以使用」 means in the preflight.

    ``offline`` is True when the name lookup or the connection failed (a warning at the venue, not a
    blocker: the outbox waits for the network).
    """
    password, problem = account_password(smtp, passwords, password)
    if problem is not None:
        return AccountProbe(False, "config", False, problem.zh, problem.en)
    transport = SmtpTransport(smtp, password or "")
    try:
        client = transport.open(timeout=timeout)
        transport.close_quietly(client)
    except Exception as exc:
        failure = classify(exc, transport.stage, smtp.host)
        stage = _probe_stage(failure.stage or transport.stage)
        return AccountProbe(False, stage, failure.offline, failure.zh, failure.en)
    return AccountProbe(True, "done", False, f"寄件帳號可以登入 {smtp.host}。",
                        f"The mail account logs in to {smtp.host}.")


def send_test_mail(settings: Settings, *, passwords: PasswordStore | None = None, password: str | None = None,
                   transport_factory: TransportFactory = smtp_transport) -> None:
    """「寄送測試信」: a small mail to the contact person's own address (else the sender's), sent now.

    ``password``: one typed on the settings screen and not saved yet; else the usual sources.
    """
    smtp = settings.delivery.smtp
    password, problem = account_password(smtp, passwords, password)
    if problem is not None:
        raise KioskError(problem.zh, problem.en)
    sender = sender_address(settings)
    to = check_address(settings.contact.email, "contact.email") if settings.contact.email else sender
    county = settings.event.county
    body = (
        f"這是 IVY 2026 宣示錄影程式的測試信。收到這封信，表示寄件帳號可以寄信，"
        f"宣示影片會寄給 {settings.delivery.to}。\n\n"
        f"This is a test mail from the IVY 2026 pledge kiosk. If it arrived, the mail account works and the "
        f"pledge video will be sent to {settings.delivery.to}.\n"
    )
    message = MIMEText(body, "plain", "utf-8")
    message["From"] = formataddr((organiser.deliverable_name(county), sender), charset="utf-8")
    message["To"] = to
    message["Subject"] = Header(f"{organiser.deliverable_name(county)} 測試信 / test mail", "utf-8")  # type: ignore[assignment]
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1])
    data = message.as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    try:
        transport_factory(smtp, password or "").send(Envelope(sender, [to]), data)
    except SendFailure as failure:
        raise KioskError(failure.zh, failure.en) from None
