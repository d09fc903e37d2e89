"""Fixtures for the outbox: a real SMTP server (aiosmtpd) on 127.0.0.1 with a test CA (trustme),
implicit TLS or STARTTLS, AUTH and a SIZE limit; package folders in the package builder's layout;
an in-memory keyring; settings pointing at the server.

aiosmtpd notes: a refused login must return ``AuthResult(success=False, handled=False)`` or the
client hangs; with implicit TLS, ``auth_require_tls=False`` (the session *is* TLS, aiosmtpd just
does not know it).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import socket
import ssl
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import keyring
import keyring.backend
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kiosk.config import ContactSettings, Settings, SmtpSettings
from kiosk.outbox.backoff import Backoff
from kiosk.outbox.credentials import PasswordStore
from kiosk.outbox.doubles import ManualClock
from kiosk.outbox.runner import Runner
from kiosk.outbox.service import Outbox

USER = "kiosk@example.org"
PASSWORD = "正確的密碼 correct-horse"
CONTACT = {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科員", "phone": "07-7771234",
           "email": "wang.xiaoming@example.org.tw"}
COUNTY = "高雄市"


# -- keyring: never the real one ------------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """Every outbox test gets a fresh in-memory keyring, also as the process-wide default."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def passwords(memory_keyring: MemoryKeyring) -> PasswordStore:
    return PasswordStore(backend=memory_keyring)


# -- TLS ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("憑證 ca") / "測試 CA.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def server_context(issuer: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    leaf = getattr(issuer, "kiosk_test_leaf", None)
    if leaf is None:  # key generation is the slow part: once per CA
        leaf = issuer.kiosk_test_leaf = issuer.issue_cert("127.0.0.1", "localhost")
    leaf.configure_cert(context)
    return context


# -- the mail server ------------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class Handler:
    delivered: list[Received] = field(default_factory=list)
    seen: list[bytes] = field(default_factory=list)  # every DATA that arrived, kept or not
    responses: list[str] = field(default_factory=list)  # scripted replies for the next DATAs
    drop_after_data: int = 0  # close the connection after the last byte, before any reply
    data_arrived: threading.Event = field(default_factory=threading.Event)
    hold: threading.Event | None = None  # DATA waits for this (a send "in flight")
    discard_held: bool = True  # a held DATA is not delivered (its client was killed)

    async def handle_DATA(self, server, session, envelope) -> str:
        data = envelope.original_content or envelope.content
        self.seen.append(data)
        self.data_arrived.set()
        if self.hold is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.hold.wait, 30)
            if self.discard_held:
                return "451 4.3.0 aborted by the test"
        if self.drop_after_data > 0:
            self.drop_after_data -= 1
            server.transport.abort()
            return "250 OK (never heard)"
        if self.responses:
            return self.responses.pop(0)
        self.delivered.append(Received(envelope.mail_from, list(envelope.rcpt_tos), data))
        return "250 2.0.0 OK queued"


@dataclass
class Accounts:
    user: str = USER
    password: str = PASSWORD
    logins: int = 0

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.logins += 1
        if (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user
                and auth_data.password.decode() == self.password):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


class _BoundController(Controller):
    """aiosmtpd's Controller on a socket bound beforehand: an ephemeral port, known before the start."""

    def __init__(self, handler: Handler, sock: socket.socket, **kwargs: object) -> None:
        self._sock = sock
        super().__init__(handler, hostname="127.0.0.1", port=sock.getsockname()[1], **kwargs)

    def _create_server(self):
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


class MailServer:
    """A real SMTP server on 127.0.0.1. Until :meth:`start`, its port refuses connections (offline)."""

    def __init__(self, security: str = "tls", *, size_limit: int = 5_000_000, issuer: trustme.CA,
                 offer_starttls: bool = True) -> None:
        self.security = security
        self.size_limit = size_limit
        self.issuer = issuer
        self.offer_starttls = offer_starttls
        self.handler = Handler()
        self.accounts = Accounts()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
        self.port = self._sock.getsockname()[1]
        self._controller: _BoundController | None = None

    def start(self) -> MailServer:
        context = server_context(self.issuer)
        kwargs: dict[str, object] = {"server_hostname": "mail.test.invalid", "authenticator": self.accounts, "auth_required": True,
                                     "data_size_limit": self.size_limit}
        if self.security == "tls":
            kwargs.update(ssl_context=context, auth_require_tls=False)
        elif self.offer_starttls:
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(auth_require_tls=False)  # a server that offers no encryption at all
        with warnings.catch_warnings():  # "AUTH without TLS": the session is TLS, aiosmtpd cannot tell
            warnings.simplefilter("ignore", UserWarning)
            self._controller = _BoundController(self.handler, self._sock, **kwargs)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        self._sock.close()


@pytest.fixture
def mail_server(ca: trustme.CA) -> Iterator[Callable[..., MailServer]]:
    """``mail_server(security="tls"|"starttls", size_limit=…, start=True)``; stopped after the test."""
    servers: list[MailServer] = []

    def make(security: str = "tls", *, start: bool = True, issuer: trustme.CA | None = None,
             **kwargs: object) -> MailServer:
        server = MailServer(security, issuer=issuer or ca, **kwargs)
        servers.append(server)
        return server.start() if start else server

    yield make
    for server in servers:
        server.stop()


# -- packages in the package builder's layout ----------------------------------------------------


@dataclass
class BuiltPackage:
    id: str
    root: Path
    content_dir: Path
    files: dict[str, bytes]


def write_package(home: Path, *, county: str = COUNTY, video_bytes: int = 300_000, photo_bytes: int = 40_000,
                  package_id: str | None = None) -> BuiltPackage:
    """``<home>/packages/<id>/<county> IVY 2026/`` with a video, 3 photos, the consent PDF and manifest.json."""
    package_id = package_id or f"IVY2026-20261127-164200-{secrets.token_hex(3)}"
    name = f"{county} IVY 2026"
    root = home / "packages" / package_id
    content = root / name
    content.mkdir(parents=True)
    files = {
        f"{name}.mp4": os.urandom(video_bytes),
        **{f"{name}-{n}.jpg": b"\xff\xd8\xff\xe0" + os.urandom(photo_bytes) for n in (1, 2, 3)},
        f"{name} 授權同意書.pdf": b"%PDF-1.7\n" + os.urandom(3000),
    }
    roles = ["video", "photo", "photo", "photo", "consent"]
    entries = []
    for (file_name, data), role in zip(files.items(), roles, strict=True):
        (content / file_name).write_bytes(data)
        entries.append({"name": file_name, "role": role, "bytes": len(data),
                        "sha256": hashlib.sha256(data).hexdigest()})
    (root / "signature.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    manifest = {
        "package_id": package_id,
        "created_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "county": county,
        "name": name,
        "app_version": "0.1.0",
        "notice_version": "2026-1",
        "take": {"id": "20261127-164100-ab12", "duration_s": 12.0},
        "consent": {"county": county, "contact": CONTACT, "authorised": True, "signed_by": CONTACT["name"],
                    "signed_at": dt.datetime.now().astimezone().isoformat(timespec="seconds")},
        "files": entries,
        "checks": [],
        "override": None,
    }
    (content / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return BuiltPackage(package_id, root, content, files)


@pytest.fixture
def make_package(kiosk_home: Path) -> Callable[..., BuiltPackage]:
    return lambda **kwargs: write_package(kiosk_home, **kwargs)


# -- settings and a runner wired to them ----------------------------------------------------------


def settings_for(server: MailServer | None, ca_file: Path, *, port: int | None = None,
                 security: str | None = None) -> Settings:
    settings = Settings()
    settings.event.county = COUNTY
    settings.contact = ContactSettings(**CONTACT)
    settings.delivery.smtp = SmtpSettings(
        host="127.0.0.1",
        port=port or (server.port if server else 1),
        security=security or (server.security if server else "tls"),
        username=USER,
        ca_file=str(ca_file),
        from_=USER,
        timeout_s=10.0,
    )
    return settings


@dataclass
class Rig:
    """An outbox, a runner on a manual clock and the settings it reads at each pass."""

    outbox: Outbox
    runner: Runner
    clock: ManualClock
    settings: Settings
    passwords: PasswordStore

    def enqueue(self, package: BuiltPackage) -> str:
        return self.outbox.enqueue(package.id, self.settings).package

    def state(self, package_id: str) -> str:
        return self.outbox.status(package_id).state


@pytest.fixture
def rig_for(ca_file: Path, passwords: PasswordStore) -> Callable[..., Rig]:
    def make(server: MailServer | None, *, transport_factory=None, password: str | None = PASSWORD,
             **settings_kwargs: object) -> Rig:
        clock = ManualClock()
        settings = settings_for(server, ca_file, **settings_kwargs)
        if password is not None:
            passwords.set(settings.delivery.smtp, password)
        outbox = Outbox(clock=clock)
        extra = {"transport_factory": transport_factory} if transport_factory else {}
        runner = Runner(outbox, settings_loader=lambda: settings, passwords=passwords, clock=clock,
                        backoff=Backoff(), **extra)
        return Rig(outbox, runner, clock, settings, passwords)

    return make


def ignore_auth_warning(items: list[pytest.Item], folder: Path) -> None:
    """aiosmtpd warns about "AUTH without TLS" for implicit-TLS sessions, which it cannot see are TLS."""
    for item in items:
        if folder in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    ignore_auth_warning(items, Path(__file__).parent)


@pytest.fixture
def contact() -> dict[str, str]:
    return dict(CONTACT)


@pytest.fixture
def account() -> tuple[str, str]:
    """(user, password) the test server accepts."""
    return USER, PASSWORD


class Relay:
    """A TCP relay on 127.0.0.1 in front of the mail server: each connection is pumped both ways by
    :meth:`_pump`, which subclasses shape (cut, throttle); either direction ending ends the relay."""

    PIECE = 16384

    def __init__(self, upstream_port: int, *, receive_buffer: int | None = None) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if receive_buffer:  # set before listen(): accepted sockets inherit it (and its window)
            self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen()
        self._listener.settimeout(0.2)  # so the accept loop notices close()
        self.port = self._listener.getsockname()[1]
        self._closed = threading.Event()
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
            upstream.settimeout(None)
            budget = self._budget()
            for source, target, from_client in ((client, upstream, True), (upstream, client, False)):
                thread = threading.Thread(target=self._relay, daemon=True,
                                          args=(source, target, from_client, budget, client, upstream))
                thread.start()
                self._threads.append(thread)

    def _budget(self) -> int | None:
        """What a new connection may pass from the client before it is cut (None: no limit)."""
        return None

    def _relay(self, source: socket.socket, target: socket.socket, from_client: bool, budget: int | None,
               *both: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self._pump(source, target, budget if from_client else None, from_client)
        for sock in both:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _pump(self, source: socket.socket, target: socket.socket, budget: int | None, from_client: bool) -> None:
        passed = 0
        while chunk := source.recv(self.PIECE):
            if budget is not None and passed + len(chunk) >= budget:
                target.sendall(chunk[: max(0, budget - passed)])
                self._cut()
                return
            target.sendall(chunk)
            passed += len(chunk)

    def _cut(self) -> None:
        """The budget of a connection was used up: it ends here."""

    def close(self) -> None:
        self._closed.set()
        self._accepting.join(timeout=5)
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)


class CuttingProxy(Relay):
    """While ``cut_after`` is set, cuts the connection once that many bytes have come from the
    client: a link lost in the middle of a mail."""

    def __init__(self, upstream_port: int, cut_after: int | None) -> None:
        self.cut_after = cut_after
        self.cuts = 0
        super().__init__(upstream_port)

    def _budget(self) -> int | None:
        return self.cut_after  # as it is when the link opens

    def _cut(self) -> None:
        self.cuts += 1


@pytest.fixture
def cutting_proxy() -> Iterator[Callable[[int, int | None], CuttingProxy]]:
    proxies: list[CuttingProxy] = []

    def make(upstream_port: int, cut_after: int | None) -> CuttingProxy:
        proxy = CuttingProxy(upstream_port, cut_after)
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.close()


class ThrottlingProxy(Relay):
    """Once ``after`` bytes have come from the client, reads from it at ``rate`` bytes per second —
    0: not at all (a server that stopped reading mid-message) — until :meth:`release`. Its receive
    buffer is small, so what the client manages to send follows what the relay reads (apart from
    the client's own send buffer)."""

    def __init__(self, upstream_port: int, *, after: int, rate: float) -> None:
        self.after = after
        self.rate = rate
        self.released = threading.Event()
        self.relayed = 0
        self.first_byte_at: float | None = None
        self.last_byte_at: float | None = None
        super().__init__(upstream_port, receive_buffer=self.PIECE)

    def release(self) -> None:
        """From now on relay at full speed (the server reads again)."""
        self.released.set()

    def _wait_turn(self, passed: int) -> None:
        """Hold the next read back as the throttle says (never past close() or release())."""
        while passed >= self.after and not self.released.is_set() and not self._closed.is_set():
            if self.rate > 0:
                self.released.wait(self.PIECE / self.rate)
                return
            self.released.wait(0.1)

    def _pump(self, source: socket.socket, target: socket.socket, budget: int | None, from_client: bool) -> None:
        if not from_client:
            super()._pump(source, target, budget, from_client)
            return
        passed = 0
        while True:
            self._wait_turn(passed)
            chunk = source.recv(self.PIECE)
            if not chunk:
                return
            target.sendall(chunk)
            passed += len(chunk)
            self.relayed = passed
            now = time.monotonic()
            self.first_byte_at = self.first_byte_at or now
            self.last_byte_at = now

    def close(self) -> None:
        self.released.set()
        super().close()


@pytest.fixture
def throttling_proxy() -> Iterator[Callable[..., ThrottlingProxy]]:
    proxies: list[ThrottlingProxy] = []

    def make(upstream_port: int, *, after: int, rate: float) -> ThrottlingProxy:
        proxy = ThrottlingProxy(upstream_port, after=after, rate=rate)
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        proxy.close()
