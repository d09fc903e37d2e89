"""What the fault defences cost: CPU seconds of the checks added for issue 10.

* the SHA-256 check of a mail file before each attempt (an 18 MB mail, the largest the budget allows);
* opening the outbox database with its integrity check (``PRAGMA quick_check``), 200 rows;
* tightening the data folder's permissions at a command's start (50 takes of 20 files, 20 packages);
* ``ivy-kiosk outbox list`` as a whole (a child process: interpreter start included);
* the upload in 16 KB pieces (the stall watchdog's unit) against 64 KB ones: the sending thread's
  CPU for an 8 MB mail over TLS to aiosmtpd on 127.0.0.1 (the outbox tests' own server).

CPU seconds (user + sys) are the measure: the machine is shared. Run::

    .venv/bin/python benchmarks/fault_checks.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(name: str, work: Callable[[], object], repeat: int) -> None:
    cpu, wall = [], []
    for _ in range(repeat):
        started_cpu, started = _cpu(), time.perf_counter()
        work()
        cpu.append(_cpu() - started_cpu)
        wall.append(time.perf_counter() - started)
    print(f"{name:<58} CPU {statistics.median(cpu) * 1000:7.1f} ms (median of {repeat}), "
          f"wall {statistics.median(wall) * 1000:7.1f} ms")


def upload_pieces(repeat: int) -> None:
    import time as clock
    import warnings

    import trustme

    sys.path.insert(0, str(ROOT / "tests" / "faults"))
    import faultkit

    from kiosk.outbox import transport

    warnings.filterwarnings("ignore")
    fixtures = faultkit.outbox_fixtures
    ca = trustme.CA()
    ca_file = Path(tempfile.mkdtemp()) / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = fixtures.MailServer("tls", issuer=ca, size_limit=20_000_000).start()
    smtp = fixtures.settings_for(server, ca_file).delivery.smtp
    body = b"".join(os.urandom(38).hex().encode() + b"\r\n" for _ in range(105_000))  # 8.2 MB, 7-bit lines
    data = b"From: kiosk@example.org\r\nTo: x@example.org\r\nSubject: bench\r\n\r\n" + body
    envelope = transport.Envelope("kiosk@example.org", ["x@example.org"])
    try:
        for piece in (16 * 1024, 64 * 1024):
            transport._PIECE = piece
            cpu = []
            for _ in range(repeat):
                sender = transport.SmtpTransport(smtp, fixtures.PASSWORD)
                started = clock.thread_time()
                sender.send(envelope, data)
                cpu.append(clock.thread_time() - started)
            print(f"{'upload of an 8.2 MB mail in ' + str(piece // 1024) + ' KB pieces (sending thread)':<58} "
                  f"CPU {statistics.median(cpu) * 1000:7.1f} ms (median of {repeat})")
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="ivy-fault-bench-")) / "資料 home"
    home.mkdir()
    os.environ["IVY_KIOSK_HOME"] = str(home)

    from kiosk import procs
    from kiosk.fsutil import make_private
    from kiosk.outbox.service import Outbox
    from kiosk.outbox.store import NewMail, OutboxStore

    outbox = Outbox()
    mail = outbox.mail_dir / "big.eml"
    mail.write_bytes(os.urandom(18_000_000))
    recorded = hashlib.sha256(mail.read_bytes()).hexdigest()
    rows = [NewMail(f"IVY2026-20261127-0000{n:02d}-aaaaaa", 1, 1, f"<{n}@x>", f"{n}.eml", 100, recorded, ("a.mp4",),
                    "", "高雄市") for n in range(200)]
    outbox.store.insert(rows[:1], time.time())
    for row in rows[1:]:
        outbox.store.insert([row], time.time())

    def verify() -> None:
        assert hashlib.sha256(mail.read_bytes()).hexdigest() == recorded

    for take in range(50):
        folder = home / "takes" / f"20261127-1000{take:02d}-abcd" / "candidates"
        folder.mkdir(parents=True)
        for n in range(20):
            (folder / f"cand-{n:02d}.jpg").write_bytes(b"x")
    for package in range(20):
        folder = home / "packages" / f"IVY2026-{package}" / "高雄市 IVY 2026"
        folder.mkdir(parents=True)
        for n in range(6):
            (folder / f"{n}.jpg").write_bytes(b"x")

    def loosen_then_tighten() -> None:
        for path in home.rglob("*"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        make_private(home)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"load average {os.getloadavg()[0]:.2f} (2 cores)")
    measure("SHA-256 check of an 18 MB mail file before an attempt", verify, args.repeat)
    measure("open the outbox database (quick_check, 200 rows)", lambda: OutboxStore(outbox.store.path), args.repeat)
    measure("make_private: 50 takes + 20 packages (1,180 files), all loose", loosen_then_tighten, args.repeat)
    measure("make_private: the same, already private (every start)", lambda: make_private(home), args.repeat)
    measure("ivy-kiosk outbox list (a child process, 200 rows)",
            lambda: procs.run([sys.executable, "-m", "kiosk", "outbox", "list"], timeout=60, env=env), args.repeat)
    upload_pieces(args.repeat)


if __name__ == "__main__":
    main()
