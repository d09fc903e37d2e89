"""Where received mails come from: a folder of ``.eml`` files, an mbox file, or an IMAP mailbox.

Each source yields :class:`RawMail` items, one per mail, oldest first where the source knows the
order. A mail over the size cap is yielded without its bytes (``data is None``) so it can be listed
as refused without ever being read into memory.

``open_source("imaps://user@host[:port]/INBOX", ...)`` takes the password from the environment
variable named by ``password_env`` when that is set, else from the OS keyring (service
``ivy-kiosk-imap``, user ``user@host:port``; the same allow-list of safe back-ends as the outbox).
TLS is always verified: against the system's CAs, plus ``ca_file`` when given.
"""

from __future__ import annotations

import contextlib
import imaplib
import mailbox
import os
import re
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote, urlsplit

from kiosk.errors import BadInput, KioskError
from kiosk.inbox.mailparse import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from kiosk.outbox.credentials import PasswordStore

IMAP_SERVICE = "ivy-kiosk-imap"
IMAP_TIMEOUT_S = 60.0
_IMAPS_PORT = 993
_FETCH_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


@dataclass(frozen=True)
class RawMail:
    where: str  # for messages: the file name, "mbox #3", "IMAP UID 17"
    data: bytes | None  # None: over the size cap, not read
    size: int


class MailSource(Protocol):
    description: str

    def mails(self) -> Iterator[RawMail]: ...


class FolderSource:
    """Every ``*.eml`` file directly in a folder, by name."""

    def __init__(self, folder: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.folder = folder
        self.limits = limits
        self.description = str(folder)

    def mails(self) -> Iterator[RawMail]:
        try:
            files = sorted(path for path in self.folder.iterdir() if path.suffix.lower() == ".eml")
        except OSError as exc:
            raise BadInput(f"無法讀取信件資料夾：{self.folder}（{exc.strerror}）",
                           f"cannot read the mail folder {self.folder} ({exc.strerror})") from None
        for path in files:
            if not path.is_file():
                continue
            size = path.stat().st_size
            if size > self.limits.max_mail_bytes:
                yield RawMail(path.name, None, size)
                continue
            yield RawMail(path.name, path.read_bytes(), size)


class MboxSource:
    """The messages of an mbox file (Thunderbird, Apple Mail and Google Takeout export this)."""

    def __init__(self, path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
        self.path = path
        self.limits = limits
        self.description = str(path)

    def mails(self) -> Iterator[RawMail]:
        try:
            box = mailbox.mbox(self.path, create=False)
            keys = box.keys()
        except (OSError, mailbox.Error) as exc:
            raise BadInput(f"無法讀取 mbox 檔：{self.path}（{exc}）", f"cannot read the mbox file {self.path} ({exc})") from None
        try:
            for number, key in enumerate(keys, start=1):
                with box.get_file(key) as fh:  # read no more than the cap (+1 byte to notice an excess)
                    data = fh.read(self.limits.max_mail_bytes + 1)
                if len(data) > self.limits.max_mail_bytes:
                    yield RawMail(f"mbox #{number}", None, len(data))
                    continue
                yield RawMail(f"mbox #{number}", data, len(data))
        finally:
            box.close()


@dataclass(frozen=True)
class ImapAddress:
    user: str
    host: str
    port: int
    mailbox: str

    @property
    def account_key(self) -> str:
        return f"{self.user}@{self.host}:{self.port}"

    def __str__(self) -> str:
        return f"imaps://{self.user}@{self.host}:{self.port}/{self.mailbox}"


def parse_imap_url(url: str) -> ImapAddress:
    """``imaps://user@host[:port]/MAILBOX``; a user name with ``@`` is written ``%40``."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "imaps":
        raise BadInput("只接受加密的 imaps:// 信箱（不接受明文 imap://）",
                       "only encrypted imaps:// mailboxes are accepted (never plain imap://)")
    try:
        port = parts.port or _IMAPS_PORT
    except ValueError:
        raise BadInput(f"信箱網址的連接埠不正確：{url}", f"the mailbox address has a bad port: {url}") from None
    user, host = unquote(parts.username or ""), parts.hostname or ""
    mailbox_name = unquote(parts.path.lstrip("/")) or "INBOX"
    if not user or not host:
        raise BadInput(f"信箱網址須為 imaps://帳號@伺服器/INBOX：{url}",
                       f"the mailbox address must be imaps://user@host/INBOX: {url}")
    return ImapAddress(user, host, port, mailbox_name)


def imap_password(address: ImapAddress, password_env: str | None, passwords: PasswordStore | None = None) -> str:
    """The variable named ``password_env`` when set, else the keyring's entry for this account
    (``passwords``: the outbox's allow-listed keyring, or an injected one in tests)."""
    if password_env:
        value = os.environ.get(password_env)
        if value:
            return value
    from kiosk.outbox.credentials import PasswordStore

    try:
        backend = (passwords or PasswordStore()).backend()  # refuses plaintext back-ends
        value = backend.get_password(IMAP_SERVICE, address.account_key)
    except KioskError:
        raise
    except Exception as exc:  # D-Bus down, locked keychain …
        raise KioskError(f"密碼庫無法使用（{type(exc).__name__}）：請解鎖系統密碼庫，或以 --password-env 指定環境變數",
                         f"the password store cannot be used ({type(exc).__name__}): unlock it, or name an "
                         "environment variable with --password-env") from None
    if not value:
        variable = password_env or "--password-env"
        raise BadInput(
            f"找不到信箱 {address.account_key} 的密碼：請設定環境變數 {variable}，或存入系統密碼庫"
            f"（服務 {IMAP_SERVICE}，帳號 {address.account_key}）",
            f"no password for the mailbox {address.account_key}: set the environment variable {variable}, or "
            f"store it in the system keyring (service {IMAP_SERVICE}, user {address.account_key})")
    return value


def imap_tls_context(ca_file: Path | None) -> ssl.SSLContext:
    """The system's CAs (plus ``ca_file``), certificate and host name verified, TLS 1.2 or newer."""
    context = ssl.create_default_context()
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(ca_file))
        except (OSError, ssl.SSLError) as exc:
            raise BadInput(f"無法讀取憑證檔 {ca_file}（{exc}）", f"cannot read the certificate file {ca_file} ({exc})") from None
    return context


class ImapSource:
    """The messages of one IMAP mailbox, read without marking them as read (``BODY.PEEK``)."""

    def __init__(self, address: ImapAddress, password: str, *, ca_file: Path | None = None,
                 limits: Limits = DEFAULT_LIMITS, timeout_s: float = IMAP_TIMEOUT_S) -> None:
        self.address = address
        self.description = str(address)
        self._password = password
        self._context = imap_tls_context(ca_file)
        self.limits = limits
        self.timeout_s = timeout_s

    def mails(self) -> Iterator[RawMail]:
        client = self._connect()
        try:
            status, _ = client.select(_quoted(self.address.mailbox), readonly=True)
            if status != "OK":
                raise KioskError(f"信箱中沒有這個資料夾：{self.address.mailbox}",
                                 f"the mailbox has no folder {self.address.mailbox!r}")
            status, found = client.uid("SEARCH", "ALL")
            uids = found[0].decode("ascii").split() if status == "OK" and found and found[0] else []
            for uid in uids:
                yield self._fetch(client, uid)
            client.close()
        except (imaplib.IMAP4.error, OSError) as exc:
            raise _imap_failure(self.address, exc) from None
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                client.logout()

    def _connect(self) -> imaplib.IMAP4_SSL:
        try:
            client = imaplib.IMAP4_SSL(self.address.host, self.address.port, ssl_context=self._context,
                                       timeout=self.timeout_s)
        except ssl.SSLCertVerificationError as exc:
            raise KioskError(f"無法驗證信箱伺服器 {self.address.host} 的憑證（{exc.verify_message}）：請確認伺服器名稱，或以 --ca-file 指定憑證",
                             f"the certificate of the mail server {self.address.host} could not be verified "
                             f"({exc.verify_message}): check the server name, or give --ca-file") from None
        except (OSError, imaplib.IMAP4.error) as exc:
            raise _imap_failure(self.address, exc) from None
        try:
            self._login(client)
        except imaplib.IMAP4.error:
            client.shutdown()
            raise KioskError(f"信箱 {self.address.account_key} 拒絕登入：請確認帳號與密碼",
                             f"the mailbox {self.address.account_key} refused the login: check the user and password") from None
        return client

    def _login(self, client: imaplib.IMAP4_SSL) -> None:
        """SASL PLAIN where offered (UTF-8, so a password may hold any character), else LOGIN."""
        if "AUTH=PLAIN" in client.capabilities:
            credentials = f"\0{self.address.user}\0{self._password}".encode()
            client.authenticate("PLAIN", lambda _challenge: credentials)
        else:
            client.login(self.address.user, self._password)

    def _fetch(self, client: imaplib.IMAP4_SSL, uid: str) -> RawMail:
        where = f"IMAP UID {uid}"
        status, sized = client.uid("FETCH", uid, "(RFC822.SIZE)")
        size_match = _FETCH_SIZE.search(b" ".join(x for x in sized if isinstance(x, bytes))) if status == "OK" else None
        size = int(size_match.group(1)) if size_match else 0
        if size > self.limits.max_mail_bytes:
            return RawMail(where, None, size)
        status, fetched = client.uid("FETCH", uid, "(BODY.PEEK[])")
        for item in fetched if status == "OK" else []:
            if isinstance(item, tuple) and len(item) == 2:
                data = bytes(item[1])
                return RawMail(where, data, len(data))
        raise imaplib.IMAP4.error(f"FETCH {where} returned nothing")


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _imap_failure(address: ImapAddress, exc: BaseException) -> KioskError:
    if isinstance(exc, socket.gaierror | ConnectionRefusedError | TimeoutError):
        return KioskError(f"無法連線到信箱伺服器 {address.host}:{address.port}（{type(exc).__name__}）：請檢查網路與伺服器位址",
                          f"cannot reach the mail server {address.host}:{address.port} ({type(exc).__name__}): "
                          "check the network and the server address")
    return KioskError(f"讀取信箱時出錯（{type(exc).__name__}: {exc}）",
                      f"reading the mailbox failed ({type(exc).__name__}: {exc})")


def open_source(spec: str, *, password_env: str | None = None, ca_file: Path | None = None,
                limits: Limits = DEFAULT_LIMITS, passwords: PasswordStore | None = None) -> MailSource:
    """SOURCE as the CLI takes it: a folder of ``.eml`` files, an mbox file, or ``imaps://…``."""
    if spec.lower().startswith(("imaps://", "imap://")):
        address = parse_imap_url(spec)
        return ImapSource(address, imap_password(address, password_env, passwords), ca_file=ca_file, limits=limits)
    path = Path(spec)
    if path.is_dir():
        return FolderSource(path, limits)
    if path.is_file():
        return MboxSource(path, limits)
    raise BadInput(f"找不到信件來源：{spec}（請給 .eml 資料夾、mbox 檔或 imaps:// 信箱）",
                   f"no such mail source: {spec} (give a folder of .eml files, an mbox file or an imaps:// mailbox)")
