"""The fault audit: bad input to every command, kill -9 mid-upload, mail server faults, a full disk,
damaged files — each case run through the real ``ivy-kiosk`` CLI (``python -m kiosk``) in a fresh
data folder, against a real aiosmtpd server on 127.0.0.1.

Not a test module (pytest does not collect it): run it by hand, as root on Linux (the full-disk and
read-only cases mount a small tmpfs)::

    .venv/bin/python tests/faults/fault_audit.py [--json results.json] [--only GROUP]

A case passes when the exit code is the expected one, stderr is exactly one line (no traceback, no
library's log line), no temporary or half-built file is left in the data folder, and its own check
(nothing queued lost, nothing sent twice without the same Message-ID, …) holds. The summary at the
end is what docs/RELIABILITY.md quotes.
"""

from __future__ import annotations

import argparse
import email
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import faultkit  # noqa: E402
import trustme  # noqa: E402

from kiosk import config, procs  # noqa: E402

_outbox = faultkit.outbox_fixtures
_package = faultkit.package_fixtures
PASSWORD = _outbox.PASSWORD
PYTHON = sys.executable


@dataclass
class Result:
    group: str
    case: str
    ok: bool
    detail: str
    exit_code: int | None = None


@dataclass
class Home:
    """A fresh data folder (Chinese characters and a space in its path) and a way to run the CLI in it."""

    root: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> Path:
        return self.root / "資料 home"

    def cli(self, *args: str, timeout: float = 180, language: str = "en") -> subprocess.CompletedProcess:
        env = {**self.env, "IVY_KIOSK_LANG": language}
        return procs.run([PYTHON, "-m", "kiosk", *args], timeout=timeout, env=env)

    def spawn(self, *args: str) -> subprocess.Popen:
        return procs.spawn([PYTHON, "-m", "kiosk", *args], env={**self.env, "IVY_KIOSK_LANG": "en"},
                           log_path=self.root / "background.log")

    def leftovers(self) -> list[str]:
        return faultkit.SmallDisk(self.path, self.path).leftovers()


class Audit:
    def __init__(self, only: str | None) -> None:
        self.only = only
        self.results: list[Result] = []
        self.ca = trustme.CA()
        self.tmp = Path(tempfile.mkdtemp(prefix="ivy-audit-"))
        self.ca_file = self.tmp / "ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.media = _package.MediaCache(self._folder("media"))
        self._count = 0

    # -- plumbing -------------------------------------------------------------------------------

    def _folder(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def home(self, root: Path | None = None) -> Home:
        self._count += 1
        home = Home(root or self._folder(f"case-{self._count}"))
        home.path.mkdir(parents=True, exist_ok=True)
        home.env = {**os.environ, "IVY_KIOSK_HOME": str(home.path), "PYTHONPATH": str(ROOT),
                    faultkit.PASSWORD_ENV: PASSWORD, "IVY_OUTBOX_BACKOFF_BASE_S": "0.2",
                    "QT_QPA_PLATFORM": "offscreen"}
        home.env.pop("OPENCV_LOG_LEVEL", None)
        return home

    def server(self, security: str = "tls", **kwargs: object) -> object:
        return _outbox.MailServer(security, issuer=self.ca, **kwargs).start()

    def configure(self, home: Home, server: object | None, *, port: int | None = None, **smtp: object) -> None:
        os.environ["IVY_KIOSK_HOME"] = str(home.path)
        settings = _outbox.settings_for(server, self.ca_file, port=port)
        settings.delivery.smtp.password_env = faultkit.PASSWORD_ENV
        for key, value in smtp.items():
            setattr(settings.delivery.smtp, key, value)
        config.save(settings, home.path / "config.toml")

    def package(self, home: Home, **kwargs: object) -> object:
        return _outbox.write_package(home.path, **kwargs)

    def take(self, home: Home, variant: str = "main") -> str:
        """A finished take folder as the recorder leaves it (the package tests' own ``make_take``)."""
        os.environ["IVY_KIOSK_HOME"] = str(home.path)
        return _package.make_take.__wrapped__(self.media)(variant).id

    def consent(self, home: Home, **overrides: object) -> Path:
        folder = home.root / "同意書 files"
        folder.mkdir(exist_ok=True)
        (folder / "簽名 signature.png").write_bytes(_package.signature_png())
        data: dict[str, object] = {"county": "高雄市", "contact": dict(_package.CONTACT), "authorised": True,
                                   "signed_by": "王小明", "signature_png": "簽名 signature.png"}
        contact = overrides.pop("contact", {})
        data["contact"].update(contact)  # type: ignore[union-attr]
        data.update(overrides)
        path = folder / f"consent-{len(list(folder.iterdir()))}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    def record(self, group: str, case: str, check: Callable[[], str | None]) -> None:
        if self.only and self.only != group:
            return
        started = time.monotonic()
        try:
            problem = check()
        except Exception as exc:  # a broken case is a failed case, with its reason
            problem = f"{type(exc).__name__}: {exc} | {traceback.format_exc(limit=2).splitlines()[-1]}"
        self.results.append(Result(group, case, problem is None, problem or f"ok ({time.monotonic() - started:.1f} s)"))
        mark = "ok  " if problem is None else "FAIL"
        print(f"[{mark}] {group:<10} {case}{'' if problem is None else ' — ' + problem}", flush=True)

    @staticmethod
    def one_line(result: subprocess.CompletedProcess, expected: int | tuple[int, ...], home: Home | None = None,
                 must_say: str = "") -> str | None:
        """None when the run is clean: the exit code, one stderr line, no leftovers; else what is wrong."""
        codes = expected if isinstance(expected, tuple) else (expected,)
        text = result.stderr.decode("utf-8", "replace")
        lines = [line for line in text.splitlines() if line.strip()]
        if result.returncode not in codes:
            return f"exit {result.returncode}, wanted {codes}: {text.strip()[:200]}"
        if "Traceback" in text or "Logging error" in text:
            return f"traceback: {text[-300:]}"
        if result.returncode != 0 and len(lines) != 1:
            return f"{len(lines)} stderr lines: {text[:300]}"
        if "unexpected error" in text or "意外錯誤" in text:
            return f"'unexpected error': {text.strip()[:200]}"
        if must_say and must_say not in text:
            return f"does not say {must_say!r}: {text.strip()[:200]}"
        if home is not None and (left := home.leftovers()):
            return f"left behind: {left}"
        return None

    # -- 1. bad input ---------------------------------------------------------------------------

    def bad_inputs(self) -> None:
        home = self.home()
        self.configure(home, None)
        take = self.take(home)
        package = self.package(home)
        good = self.consent(home)
        text_file = home.root / "not json.json"
        text_file.write_text("{not json", encoding="utf-8")
        list_file = home.root / "a list.json"
        list_file.write_text("[1, 2]", encoding="utf-8")
        a_file = home.root / "a file"
        a_file.write_text("x", encoding="utf-8")
        damaged_take = home.path / "takes" / "20261127-000000-dead"
        damaged_take.mkdir(parents=True)
        (damaged_take / "take.json").write_text('{"id": "x", "state": "done", "duration_s": "long"}', encoding="utf-8")
        unfinished = home.path / "takes" / "20261127-000001-beef"
        unfinished.mkdir(parents=True)
        (unfinished / "take.json").write_text('{"id": "20261127-000001-beef", "state": "recording"}',
                                              encoding="utf-8")
        cases: list[tuple[str, tuple[str, ...], int | tuple[int, ...]]] = [
            ("no command args: record", ("record",), 2),
            ("record --seconds 9", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "9"), 2),
            ("record --seconds 16", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "16"), 2),
            ("record --seconds abc", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "abc"), 2),
            ("record --seconds 10.5", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "10.5"), 2),
            ("record --seconds -1", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "-1"), 2),
            ("record --camera 99", ("record", "--camera", "99", "--mic", "none"), 2),
            ("record --camera missing file", ("record", "--camera", str(home.root / "無.mp4"), "--mic", "none"), 2),
            ("record --camera a text file", ("record", "--camera", str(text_file), "--mic", "none"), (1, 2)),
            ("record --mic 99", ("record", "--camera", "demo", "--mic", "99"), 2),
            ("record --mic missing wav", ("record", "--camera", "demo", "--mic", str(home.root / "無.wav")), 2),
            ("record --camera ''", ("record", "--camera", "", "--mic", "none"), 2),
            ("package: no such take", ("package", "20990101-000000-0000", "--consent", str(good)), 2),
            ("package: take is a file", ("package", str(a_file), "--consent", str(good)), 2),
            ("package: damaged take.json", ("package", str(damaged_take), "--consent", str(good)), 2),
            ("package: unfinished take", ("package", str(unfinished), "--consent", str(good)), 2),
            ("package: consent missing", ("package", take, "--consent", str(home.root / "無.json")), 2),
            ("package: consent not JSON", ("package", take, "--consent", str(text_file)), 2),
            ("package: consent a list", ("package", take, "--consent", str(list_file)), 2),
            ("package: consent a folder", ("package", take, "--consent", str(home.root)), 2),
            ("package: not authorised", ("package", take, "--consent", str(self.consent(home, authorised=False))), 2),
            ("package: unknown county", ("package", take, "--consent", str(self.consent(home, county="火星市"))), 2),
            ("package: bad e-mail", ("package", take, "--consent",
                                     str(self.consent(home, contact={"email": "not-an-address"}))), 2),
            ("package: bad phone", ("package", take, "--consent", str(self.consent(home, contact={"phone": "abc"}))), 2),
            ("package: no name", ("package", take, "--consent", str(self.consent(home, contact={"name": ""}))), 2),
            ("package: signature missing", ("package", take, "--consent",
                                            str(self.consent(home, signature_png="無.png"))), 2),
            ("package: signature not PNG", ("package", take, "--consent",
                                            str(self.consent(home, signature_png=str(text_file)))), 2),
            ("package: authorised is 'yes'", ("package", take, "--consent", str(self.consent(home, authorised="yes"))),
             2),
            ("package: empty override", ("package", take, "--consent", str(good), "--override", " "), 2),
            ("package: no --consent", ("package", take), 2),
            ("send: unknown id", ("send", "IVY2026-20990101-000000-000000"), 2),
            ("send: empty", ("send", ""), 2),
            ("send: a file", ("send", str(a_file)), 2),
            ("send: a random folder", ("send", str(home.root)), 2),
            ("send: no argument", ("send",), 2),
            ("outbox: no action", ("outbox",), 2),
            ("outbox: unknown action", ("outbox", "frobnicate"), 2),
            ("outbox retry: unknown", ("outbox", "retry", "IVY2026-nope"), 2),
            ("outbox export: unknown", ("outbox", "export", "IVY2026-nope", "--to", str(home.root)), 2),
            ("outbox export: no --to", ("outbox", "export", package.id), 2),
            ("outbox list: extra argument", ("outbox", "list", "extra"), 2),
            ("outbox run: --once twice", ("outbox", "run", "--once", "--once"), (0, 1)),
            ("recover: extra argument", ("recover", "extra"), 2),
            ("preflight: --camera 99", ("preflight", "--camera", "99", "--mic", "none"), 1),
            ("unknown command", ("frobnicate",), 2),
            ("--seconds in Chinese", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "十"), 2),
        ]
        for case, args, code in cases:
            self.record("bad-input", case, lambda args=args, code=code: self.one_line(home.cli(*args), code, home))
        self.record("bad-input", "zh-TW reason for an unknown package", lambda: self.one_line(
            home.cli("send", "IVY2026-x", language="zh-TW"), 2, home, must_say="找不到"))
        # a package whose content changed, or lost a file, since it was built
        changed = self.package(home)
        next(p for p in changed.content_dir.iterdir() if p.suffix == ".mp4").write_bytes(b"changed")
        self.record("bad-input", "send: a package file changed since it was built",
                    lambda: self.one_line(home.cli("send", changed.id), (1, 2), home, must_say="changed"))
        missing = self.package(home)
        next(p for p in missing.content_dir.iterdir() if p.suffix == ".jpg").unlink()
        self.record("bad-input", "send: a package file missing",
                    lambda: self.one_line(home.cli("send", missing.id), (1, 2), home, must_say="missing"))
        broken = self.package(home)
        (broken.content_dir / "manifest.json").write_text("{", encoding="utf-8")
        self.record("bad-input", "send: a damaged manifest",
                    lambda: self.one_line(home.cli("send", broken.id), 2, home, must_say="damaged"))
        # a malformed config.toml, for each command that reads it
        for case, text in (("syntax", "[event\ncounty = 1\n"), ("a bad value", "[delivery]\nmax_mail_bytes = -5\n"),
                           ("a bad type", "[delivery.smtp]\nport = \"four\"\n"), ("bytes", "\xff\xfe\x00[")):
            bad = self.home()
            (bad.path / "config.toml").write_bytes(text.encode("latin-1", "replace") if case == "bytes"
                                                   else text.encode())
            for command in (("send", "IVY2026-x"), ("outbox", "run", "--once"), ("outbox", "list"),
                            ("preflight", "--camera", "none-such", "--mic", "none"), ("recover",),
                            ("package", "x", "--consent", str(good)), ("record", "--camera", "demo", "--mic", "none")):
                want: tuple[int, ...] = (0, 2) if command[0] in ("recover",) or command[:2] == ("outbox", "list") \
                    else (2,)
                self.record("bad-input", f"config.toml with {case}: {' '.join(command[:2])}",
                            lambda bad=bad, command=command, want=want: self.one_line(bad.cli(*command), want, bad))

    # -- 2. kill -9 -----------------------------------------------------------------------------

    def kills(self) -> None:
        for moment in ("before the server answers DATA", "mid-upload (server stalled)", "while waiting for 250"):
            self.record("kill-9", f"outbox run killed {moment}", lambda moment=moment: self._kill_case(moment))
        self.record("kill-9", "package killed mid-build, then recover", self._kill_package)

    def _kill_case(self, moment: str) -> str | None:
        home = self.home()
        server = self.server(size_limit=20_000_000)
        proxy = None
        try:
            port = None
            if moment.startswith("mid-upload"):
                proxy = _outbox.ThrottlingProxy(server.port, after=300_000, rate=0)
                port = proxy.port
            elif moment.startswith("while waiting"):
                server.handler.hold = threading.Event()
            self.configure(home, server, port=port)
            package = self.package(home, video_bytes=6_000_000 if proxy else 300_000)
            if home.cli("send", package.id).returncode != 0:
                return "send failed"
            sender = home.spawn("outbox", "run", "--once")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                if proxy is not None and proxy.relayed >= 300_000:
                    break
                if server.handler.hold is not None and server.handler.data_arrived.is_set():
                    break
                if moment.startswith("before") and (home.path / "outbox" / "runner.lock").exists():
                    time.sleep(0.3)
                    break
                time.sleep(0.02)
            sender.send_signal(signal.SIGKILL)
            sender.wait(30)
            if server.handler.hold is not None:
                server.handler.hold.set()
            if proxy is not None:
                proxy.release()
            server.handler.hold = None
            listed = home.cli("outbox", "list", "--json")
            states = [item["state"] for item in json.loads(listed.stdout or b"[]")]
            if states not in (["queued"], ["sent"]):
                return f"after the kill the outbox says {states}"
            run = home.cli("outbox", "run", "--once")
            if run.returncode != 0:
                return f"restart failed: {run.stderr.decode()[:200]}"
            delivered = [email.message_from_bytes(m.data)["Message-ID"] for m in server.handler.delivered]
            if not delivered or len(set(delivered)) != 1:
                return f"delivered Message-IDs {delivered}"
            return None
        finally:
            if proxy is not None:
                proxy.close()
            server.stop()

    def _kill_package(self) -> str | None:
        home = self.home()
        take = self.take(home)
        builder = home.spawn("package", take, "--consent", str(self.consent(home)))
        packages = home.path / "packages"
        deadline = time.monotonic() + 60
        while builder.poll() is None and time.monotonic() < deadline and not any(packages.glob(".building-*/*")):
            time.sleep(0.002)
        if builder.poll() is not None:
            return "the build ended before the kill"
        builder.send_signal(signal.SIGKILL)
        builder.wait(30)
        result = home.cli("recover", "--json")
        left = [p.name for p in packages.iterdir()] if packages.exists() else []
        return self.one_line(result, 0) or (f"left {left}" if left else None)

    # -- 3. the mail server ---------------------------------------------------------------------

    def mail_faults(self) -> None:
        def case(name: str, want_state: str, *, setup: Callable[[object], None] = lambda server: None,
                 security: str = "tls", code: int = 1, via: Callable[[object], object] | None = None,
                 smtp: dict | None = None, start: bool = True, size_limit: int = 5_000_000,
                 offer_starttls: bool = True) -> None:
            def check() -> str | None:
                home = self.home()
                server = _outbox.MailServer(security, issuer=self.ca, size_limit=size_limit,
                                            offer_starttls=offer_starttls)
                if start:
                    server.start()
                relay = via(server) if via else None
                try:
                    setup(server)
                    settings = dict(smtp or {})
                    port = settings.pop("port", None) or getattr(relay, "port", None)
                    self.configure(home, server, port=port, **settings)
                    package = self.package(home)
                    home.cli("send", package.id)
                    result = home.cli("outbox", "run", "--once")
                    problem = self.one_line(result, code, home)
                    listed = json.loads(home.cli("outbox", "list", "--json").stdout)
                    state = listed[0]["state"]
                    if problem:
                        return problem
                    return None if state == want_state else f"state {state}, wanted {want_state}"
                finally:
                    if relay is not None:
                        relay.close()
                    server.stop()
            self.record("mail", name, check)

        case("server down (offline)", "retry_wait", start=False)
        case("451 at DATA (greylisting)", "retry_wait", setup=lambda s: s.handler.responses.append("451 4.7.1 later"))
        case("421 at DATA", "retry_wait", setup=lambda s: s.handler.responses.append("421 4.3.2 shutting down"))
        case("554 at DATA (refused)", "failed", setup=lambda s: s.handler.responses.append("554 5.7.1 refused"))
        case("552 at DATA", "failed", setup=lambda s: s.handler.responses.append("552 5.3.4 too big"))
        case("wrong password", "blocked", setup=lambda s: setattr(s.accounts, "password", "other"))
        case("untrusted certificate", "blocked", setup=lambda s: None,
             smtp={"ca_file": ""})
        case("no STARTTLS offered (a plain-text server)", "blocked", security="starttls", offer_starttls=False)
        case("connection cut mid-message", "retry_wait",
             via=lambda s: _outbox.CuttingProxy(s.port, 60_000))
        case("drop after the last byte", "retry_wait", setup=lambda s: setattr(s.handler, "drop_after_data", 1))
        case("stalled mid-upload (stall limit 2 s)", "retry_wait",
             via=lambda s: _outbox.ThrottlingProxy(s.port, after=300_000, rate=0), smtp={"stall_timeout_s": 2.0},
             size_limit=20_000_000)
        case("SIZE limit under the mail: split in two", "sent", code=0, size_limit=500_000)
        case("SIZE limit under the video alone: the USB route", "failed", size_limit=250_000)
        case("ca_file missing", "blocked", smtp={"ca_file": "/nonexistent/ca.pem"})
        case("wrong port (nothing listens)", "retry_wait", smtp={"port": 1})
        case("implicit TLS against a STARTTLS port", "blocked", security="starttls", smtp={"security": "tls"})
        case("delivered", "sent", code=0)

    # -- 4. a full disk -------------------------------------------------------------------------

    def full_disk(self) -> None:
        if os.geteuid() != 0:
            self.record("full-disk", "mount a small tmpfs", lambda: "not root: cannot mount")
            return
        commands = [
            ("send (mail larger than the room)", ("send", "{big}"), 1),
            ("package", ("package", "{take}", "--consent", "{consent}"), 1),
            ("record", ("record", "--camera", "demo", "--mic", "demo", "--seconds", "10"), 1),
            ("outbox list", ("outbox", "list", "--json"), 0),
            ("outbox run", ("outbox", "run", "--once"), "{run}"),
            ("outbox retry", ("outbox", "retry", "{small}"), (0, 1)),
            ("outbox export (onto the same disk)", ("outbox", "export", "{small}", "--to", "{inside}"), "{run}"),
            ("recover", ("recover", "--json"), (0, 1)),
            ("preflight", ("preflight", "--camera", "none-such", "--mic", "none"), 1),
        ]
        for leave in (6_000_000, 0):
            for name, args, code in commands:
                self.record("full-disk", f"{name}, {leave // 1_000_000} MB free",
                            lambda args=args, code=code, leave=leave: self._full_disk_case(args, code, leave))

    def _full_disk_case(self, args: tuple[str, ...], code: int | tuple[int, ...] | str, leave: int) -> str | None:
        if code == "{run}":  # 6 MB is room enough to deliver or export the small package; 0 is not
            code = 0 if leave else 1
        mount = self._folder(f"disk-{self._count + 1}")
        if procs.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], timeout=30).returncode:
            return "mount failed"
        try:
            home = self.home(mount)
            server = self.server()
            try:
                self.configure(home, server)
                small = self.package(home)
                big = self.package(home, video_bytes=9_000_000)
                take = self.take(home)
                consent = self.consent(home)
                home.cli("send", small.id)
                disk = faultkit.SmallDisk(mount, home.path)
                disk.fill(leave=leave)
                values = {"big": big.id, "small": small.id, "take": take, "consent": str(consent),
                          "inside": str(home.path / "export")}
                result = home.cli(*[part.format(**values) for part in args])
                problem = self.one_line(result, code, home)  # type: ignore[arg-type]
                if problem:
                    return problem
                disk.unfill()
                listed = json.loads(home.cli("outbox", "list", "--json").stdout)
                if small.id not in [item["package"] for item in listed]:
                    return "the queued package was lost"
                return None
            finally:
                server.stop()
        finally:
            procs.run(["umount", "-l", str(mount)], timeout=30)

    # -- 5. damaged files -----------------------------------------------------------------------

    def damaged(self) -> None:
        def db_case(name: str, damage: Callable[[Path], None], command: tuple[str, ...]) -> None:
            def check() -> str | None:
                home = self.home()
                self.configure(home, None)
                package = self.package(home)
                home.cli("send", package.id)
                db = home.path / "outbox" / "outbox.sqlite3"
                damage(db)
                before = db.read_bytes()
                problem = self.one_line(home.cli(*command), 2, home, must_say="damaged")
                if problem:
                    return problem
                kept = list(db.parent.glob("outbox.sqlite3.damaged-*[0-9]"))  # not its -wal / -shm
                if not kept or kept[0].read_bytes() != before:
                    return "the damaged database was not kept as it was"
                listed = json.loads(home.cli("outbox", "list", "--json").stdout)
                return None if [i["package"] for i in listed] == [package.id] else f"outbox now {listed}"
            self.record("damaged", name, check)

        def random_bytes(db: Path) -> None:
            db.write_bytes(os.urandom(40_000))

        def truncated(db: Path) -> None:
            db.write_bytes(db.read_bytes()[:5000])

        def text(db: Path) -> None:
            db.write_text("not a database\n" * 100, encoding="utf-8")

        def zeroed_page(db: Path) -> None:
            data = bytearray(db.read_bytes())
            data[4096:8192] = b"\0" * 4096
            db.write_bytes(bytes(data))

        for how in (random_bytes, truncated, text, zeroed_page):
            for command in (("outbox", "list"), ("outbox", "run", "--once"), ("send", "IVY2026-x")):
                db_case(f"outbox.sqlite3 {how.__name__.replace('_', ' ')}: {' '.join(command[:2])}", how, command)

        def eml_case(name: str, damage: Callable[[Path, object], None], want: str) -> None:
            def check() -> str | None:
                home = self.home()
                server = self.server()
                try:
                    self.configure(home, server)
                    package = self.package(home)
                    home.cli("send", package.id)
                    [eml] = (home.path / "outbox" / "mail").glob("*.eml")
                    built = eml.read_bytes()
                    damage(eml, package)
                    home.cli("outbox", "run", "--once")
                    state = json.loads(home.cli("outbox", "list", "--json").stdout)[0]["state"]
                    if state != want:
                        return f"state {state}, wanted {want}"
                    for received in server.handler.seen:
                        parsed = email.message_from_bytes(received)
                        if len(received) < len(built) - 100 or not parsed.is_multipart():
                            return "damaged bytes reached the server"
                    if want == "failed" and server.handler.seen:
                        return "something reached the server"
                    return None
                finally:
                    server.stop()
            self.record("damaged", name, check)

        eml_case(".eml truncated to half", lambda p, _: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), "sent")
        eml_case(".eml one byte edited", lambda p, _: p.write_bytes(p.read_bytes().replace(b"IVY", b"IVX", 1)), "sent")
        eml_case(".eml deleted", lambda p, _: p.unlink(), "sent")
        eml_case(".eml emptied", lambda p, _: p.write_bytes(b""), "sent")
        eml_case(".eml truncated, package gone",
                 lambda p, pkg: (p.write_bytes(p.read_bytes()[:1000]), shutil.rmtree(pkg.root)), "failed")
        eml_case(".eml edited, package file changed",
                 lambda p, pkg: (p.write_bytes(p.read_bytes()[:-10]),
                                 next(f for f in pkg.content_dir.iterdir() if f.suffix == ".pdf").write_bytes(b"x")),
                 "failed")

        def folder_case(name: str, prepare: Callable[[Home], None], command: tuple[str, ...], code: int) -> None:
            def check() -> str | None:
                home = self.home()
                prepare(home)
                return self.one_line(home.cli(*command), code, must_say="IVY_KIOSK_HOME")
            self.record("damaged", name, check)

        def make_file(home: Home) -> None:
            shutil.rmtree(home.path)
            home.path.write_text("a file", encoding="utf-8")

        for command in (("send", "IVY2026-x"), ("outbox", "list"), ("outbox", "run", "--once"), ("recover",),
                        ("record", "--camera", "demo", "--mic", "none"), ("package", "x", "--consent", "c.json")):
            folder_case(f"data folder is a file: {' '.join(command[:2])}", make_file, command, 2)

        def outbox_file(home: Home) -> None:
            (home.path / "outbox").write_text("a file", encoding="utf-8")

        folder_case("outbox folder is a file: send", outbox_file, ("send", "IVY2026-x"), 2)
        if os.geteuid() == 0:
            for command in (("send", "{package}"), ("outbox", "run", "--once"), ("recover",),
                            ("outbox", "retry", "{package}"), ("outbox", "list")):
                self.record("damaged", f"read-only data folder: {' '.join(command[:2])}",
                            lambda command=command: self._read_only_case(command))
        for name, text in (("take.json a list", "[1]"), ("take.json not JSON", "{"),
                           ("take.json duration 'long'", '{"id": "t", "state": "done", "duration_s": "long"}'),
                           ("take.json empty", "")):
            def take_check(text: str = text) -> str | None:
                home = self.home()
                folder = home.path / "takes" / "20261127-000000-aaaa"
                folder.mkdir(parents=True)
                (folder / "take.json").write_text(text, encoding="utf-8")
                problem = self.one_line(home.cli("package", str(folder), "--consent", str(self.consent(home))), 2)
                return problem or self.one_line(home.cli("recover", "--json"), 0)
            self.record("damaged", name, take_check)

    def _read_only_case(self, command: tuple[str, ...]) -> str | None:
        mount = self._folder(f"ro-{self._count + 1}")
        if procs.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)], timeout=30).returncode:
            return "mount failed"
        try:
            home = self.home(mount)
            self.configure(home, None)
            package = self.package(home)
            home.cli("send", package.id)
            procs.run(["mount", "-o", "remount,ro", str(mount)], timeout=30)
            result = home.cli(*[part.format(package=package.id) for part in command])
            if command[:2] == ("outbox", "list"):
                return self.one_line(result, 0)
            return self.one_line(result, 2, must_say="read-only")
        finally:
            procs.run(["umount", "-l", str(mount)], timeout=30)

    # -- report ---------------------------------------------------------------------------------

    def summary(self) -> dict[str, dict[str, int]]:
        groups: dict[str, dict[str, int]] = {}
        for result in self.results:
            entry = groups.setdefault(result.group, {"cases": 0, "clean": 0})
            entry["cases"] += 1
            entry["clean"] += result.ok
        return groups


def main() -> int:
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    for name in ("mail.log", "aiosmtpd"):  # the test server's own notices
        logging.getLogger(name).setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write every result to this file")
    parser.add_argument("--only", choices=["bad-input", "kill-9", "mail", "full-disk", "damaged"])
    args = parser.parse_args()
    audit = Audit(args.only)
    try:
        for group in (audit.bad_inputs, audit.kills, audit.mail_faults, audit.full_disk, audit.damaged):
            group()
    finally:
        shutil.rmtree(audit.tmp, ignore_errors=True)
    summary = audit.summary()
    print()
    for group, counts in summary.items():
        print(f"{group:<10} {counts['clean']}/{counts['cases']} clean")
    total = sum(c["cases"] for c in summary.values())
    clean = sum(c["clean"] for c in summary.values())
    print(f"{'all':<10} {clean}/{total} clean")
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "results": [vars(r) for r in audit.results]},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if clean == total else 1


if __name__ == "__main__":
    sys.exit(main())
