"""``ivy-kiosk self-test``: the (frozen) app's proof of life, doing the real work end to end.

It records 10 s from the demo source with the bundled ffmpeg, measures the A/V offset in the file,
builds a package (PDF with Chinese text in the bundled font), and delivers it through the outbox
to a mail server it starts on 127.0.0.1 (implicit TLS with its own test CA, AUTH), then checks the
received mail's attachments byte for byte. Then the Qt side, offscreen (``kiosk.ui.selftest_qt``):
the kiosk window built, its text in the bundled font, the translations switching it, and the take
played to its end through the Review screen's player. Everything happens in a temporary data
directory: the operator's takes, packages and outbox are never touched.
"""

from __future__ import annotations

import contextlib
import email
import hashlib
import logging
import os
import platform
import socket
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import policy
from pathlib import Path
from typing import Any

from kiosk import __version__, logs

SELF_TEST_USER = "self-test@127.0.0.1"
SELF_TEST_PASSWORD_ENV = "IVY_SELF_TEST_PASSWORD"
CONTACT = {"name": "自我測試", "organisation": "IVY 2026 自我測試", "title": "測試員", "phone": "07-3438100",
           "email": "self-test@example.org"}


@dataclass
class Report:
    checks: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c["ok"] for c in self.checks)

    def step(self, name: str, action: Callable[[], str]) -> bool:
        started = time.perf_counter()
        try:
            detail, ok = action(), True
        except Exception as exc:  # every failure becomes a line of the report, never a traceback
            detail, ok = f"{type(exc).__name__}: {exc}", False
        self.checks.append({"name": name, "ok": ok, "detail": detail,
                            "seconds": round(time.perf_counter() - started, 3)})
        return ok

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "checks": self.checks, "version": __version__,
                "platform": platform.platform(), **self.context}


@contextlib.contextmanager
def _temporary_home() -> Iterator[Path]:
    previous = os.environ.get("IVY_KIOSK_HOME")
    with tempfile.TemporaryDirectory(prefix="ivy-self-test-") as tmp:
        home = Path(tmp) / "自我測試 home"
        home.mkdir()
        os.environ["IVY_KIOSK_HOME"] = str(home)
        try:
            with _logs_in(home):
                yield home
        finally:
            if previous is None:
                os.environ.pop("IVY_KIOSK_HOME", None)
            else:
                os.environ["IVY_KIOSK_HOME"] = previous


@contextlib.contextmanager
def _logs_in(home: Path) -> Iterator[None]:
    """While the self-test works, what it logs (e.g. "no safe password store" when its window is
    built) goes to its own folder: the operator's data folder is never touched."""
    root = logging.getLogger()
    operators = [h for h in root.handlers if isinstance(h, logs.SafeFileHandler)]
    for handler in operators:
        root.removeHandler(handler)
    own = logs.setup(logs.CLI_LOG, logging.WARNING)  # IVY_KIOSK_HOME points at ``home`` now
    try:
        yield
    finally:
        root.removeHandler(own)
        own.close()
        for handler in operators:
            root.addHandler(handler)


class LoopbackMailServer:
    """aiosmtpd on 127.0.0.1 with implicit TLS (a throw-away CA) and AUTH; keeps what it receives."""

    def __init__(self, workdir: Path, password: str) -> None:
        import ssl

        import trustme
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ca = trustme.CA()
        self.ca_file = workdir / "self-test-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(context)
        self.messages: list[bytes] = []
        server = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope):
                server.messages.append(envelope.original_content or envelope.content)
                return "250 OK"

        def authenticate(_server, _session, _envelope, mechanism, auth_data):
            good = isinstance(auth_data, LoginPassword) and auth_data.password.decode() == password
            return AuthResult(success=good, handled=good)

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))  # an ephemeral port, known before the server starts
        self.port = sock.getsockname()[1]

        class BoundController(Controller):
            def _create_server(self):
                return self.loop.create_server(self._factory_invoker, sock=sock, ssl=self.ssl_context)

        with warnings.catch_warnings():  # "AUTH without TLS": the session is TLS, aiosmtpd cannot tell
            warnings.simplefilter("ignore", UserWarning)
            self._controller = BoundController(
                Handler(), hostname="127.0.0.1", port=self.port, ssl_context=context, authenticator=authenticate,
                auth_require_tls=False, data_size_limit=40_000_000,
            )

    def __enter__(self) -> LoopbackMailServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()


def run_self_test() -> Report:
    report = Report()
    # aiosmtpd logs a deprecation of its own API on every login to "mail.log": not the operator's concern.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    with _temporary_home() as home:
        state: dict[str, Any] = {}
        report.step("ffmpeg", lambda: _check_ffmpeg())
        report.step("licences", _check_licences)
        if report.step("record", lambda: _record(state)):
            report.step("av_sync", lambda: _av_sync(state))
            if report.step("package", lambda: _package(state)):
                report.step("pdf_text", lambda: _pdf_text(state))
                report.step("deliver", lambda: _deliver(state, home))
        report.context["timings"] = state.get("timings", {})
        _qt_checks(report, state.get("take"))
    return report


def _qt_checks(report: Report, take: Any) -> None:
    """The Qt checks (window, fonts, translations, playback) in ``kiosk.ui.selftest_qt``; the core
    never imports Qt, so a Qt that cannot even load is this one failed check."""
    if not report.step("qt", _qt_versions):
        return
    from kiosk.ui.selftest_qt import run_qt_checks

    if take is None:
        run_qt_checks(report, None, 0.0)
    else:
        run_qt_checks(report, take.video_path, take.duration_s, take.still_paths)


def _qt_versions() -> str:
    import PySide6
    from PySide6 import QtCore

    import kiosk.ui.selftest_qt  # noqa: F401  (Qt's widgets and multimedia libraries load)

    return f"PySide6 {PySide6.__version__}, Qt {QtCore.qVersion()}"


def _check_ffmpeg() -> str:
    from kiosk import procs

    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-version"], timeout=30)
    if result.returncode != 0:
        raise RuntimeError("the bundled ffmpeg does not run")
    return result.stdout.decode("utf-8", "replace").splitlines()[0]


def _check_licences() -> str:
    """What the About / licences screen shows is in this installation: every bundled library's
    metadata and licence files, the GPL/LGPL/OFL texts, the ffmpeg build read from the binary."""
    from kiosk import licences

    notices = licences.notices()
    found = {notice.name.lower().replace("_", "-") for notice in notices}
    missing = [name for name in licences.LISTED_DISTRIBUTIONS if name.lower() not in found]
    if missing:
        raise RuntimeError(f"no metadata (licence) for {missing}")
    untexted = [n.name for n in notices[1:5] if not n.texts]  # ffmpeg, Qt, Qt's FFmpeg, the font
    if untexted:
        raise RuntimeError(f"no licence text for {untexted}")
    ffmpeg = notices[1]
    texts = sum(len(notice.texts) for notice in notices)
    return f"{len(notices)} components, {texts} licence texts; ffmpeg {ffmpeg.version} ({ffmpeg.licence})"


def _record(state: dict[str, Any]) -> str:
    from kiosk import config
    from kiosk.recording.studio import Studio

    settings = config.Settings()
    settings.contact = config.ContactSettings(**CONTACT)
    state["settings"] = settings
    with Studio.open("demo", "demo", settings) as studio:
        take = studio.record(max_seconds=10).result()
    if take.state != "done":
        raise RuntimeError(take.meta.get("error") or take.state)
    state["take"] = take
    state["timings"] = take.meta.get("timings", {})
    meta = take.meta
    return (f"{meta['duration_s']} s, {meta['frames']} frames, {meta['dropped_frames']} dropped, "
            f"encoder {meta['encoder']}, {len(take.still_paths)} stills")


def _av_sync(state: dict[str, Any]) -> str:
    from kiosk.recording.avsync import measure

    offset = measure(state["take"].video_path)
    if abs(offset.median_ms) > 15:
        raise RuntimeError(f"A/V offset {offset.median_ms:.1f} ms (limit 15 ms)")
    return f"median {offset.median_ms:.1f} ms, spread {offset.spread_ms:.1f} ms over {len(offset.offsets_ms)} pairs"


def _package(state: dict[str, Any]) -> str:
    from kiosk.package import Consent, Contact, build_package

    settings = state["settings"]
    consent = Consent(county=settings.event.county, contact=Contact(**CONTACT), authorised=True,
                      signed_by=CONTACT["name"]).validated()
    package = build_package(state["take"], consent, settings=settings)
    state["package"] = package
    return f"{package.id}: {len(package.files)} files, {package.total_bytes} bytes"


def _pdf_text(state: dict[str, Any]) -> str:
    import pypdfium2

    pdf = next(p for p in state["package"].files if p.suffix == ".pdf")
    document = pypdfium2.PdfDocument(str(pdf))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    wanted = [state["settings"].event.county, CONTACT["name"], "授權"]
    missing = [w for w in wanted if w not in text]
    if missing:
        raise RuntimeError(f"the consent PDF lacks {missing}")
    return f"{pdf.name}: Chinese text extracts ({len(text)} characters)"


def _deliver(state: dict[str, Any], home: Path) -> str:
    from kiosk.outbox import SENT, Outbox, Runner

    package, settings = state["package"], state["settings"]
    password = "self-test-" + hashlib.sha256(os.urandom(16)).hexdigest()[:12]
    os.environ[SELF_TEST_PASSWORD_ENV] = password
    with LoopbackMailServer(home, password) as server:
        smtp = settings.delivery.smtp
        smtp.host, smtp.port, smtp.security = "127.0.0.1", server.port, "tls"
        smtp.username, smtp.password_env, smtp.ca_file = SELF_TEST_USER, SELF_TEST_PASSWORD_ENV, str(server.ca_file)
        smtp.from_ = SELF_TEST_USER
        settings.delivery.to = "organiser@self-test.invalid"
        outbox = Outbox()
        outbox.enqueue(package.id, settings)
        Runner(outbox, settings_loader=lambda: settings).run_once()
        status = outbox.status(package.id)
        if status.state != SENT:
            raise RuntimeError(f"outbox state {status.state}: {status.last_error('en')}")
        received = _attachments(server.messages)
    expected = {f["name"]: f["sha256"] for f in package.manifest["files"]}
    if received != expected:
        raise RuntimeError(f"received attachments differ: {sorted(received)} vs {sorted(expected)}")
    return f"{len(server.messages)} mail(s) accepted over TLS; {len(received)} attachments intact by SHA-256"


def _attachments(messages: list[bytes]) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw in messages:
        for part in email.message_from_bytes(raw, policy=policy.default).iter_attachments():
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)  # an attachment decodes to bytes
            found[part.get_filename() or ""] = hashlib.sha256(payload).hexdigest()
    return found
