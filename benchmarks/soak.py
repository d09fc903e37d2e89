"""Soak (issue 10 item 10): many consecutive takes in one GUI process, its memory sampled after each.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/soak.py [--takes 100] [--json soak.json]
        [--seconds 10.5] [--keep-every 2] [--send-every 10] [--watch full|start] [--no-mail]
        [--tracemalloc] [--smaps] [--default-allocator]

The real window and its flow, driven as an operator drives them (tests/ui/ui_hands.py: controls found
by their accessible names, real key presses and clicks) on the demo camera and microphone, with the
real recorder, checks, package builder and outbox:

* the day starts on Preflight: 「Continue to the camera」;
* each take: Space, the 3-2-1 count-in, Space again once ``--seconds`` have gone by (10.5 s: just
  after "you can stop"; under 10 s the stop is confirmed with Enter, as the operator must), then on
  Review the take plays with sound (to its end with ``--watch full``), then K (keep) every
  ``--keep-every`` takes, else R (retake);
* every ``--send-every`` takes: Keep, 「Send this take」, the consent form typed, ticked and signed,
  「Confirm consent」, the checklist, 「Send to Volunteering Taiwan」, and the outbox delivers it to a
  loopback mail server (TLS + AUTH) in a child process (``--no-mail``: no account, it waits queued);
* after each take, back on Live and idle: the process's RSS (psutil), Python's own allocations
  (tracemalloc, with ``--tracemalloc``) and the native mappings (/proc/self/smaps, ``--smaps``, Linux).

Reported: RSS after start, after the warm-up, at the end; growth per take after the warm-up (least
squares; SPEC target ≤ 0.2 MB/take); the peak (the kernel's high-water mark, and the highest 100 ms
sample with what the kiosk was doing then; target ≤ 350 MB); frames dropped per take (a loaded
machine drops frames: the load average is printed beside them). Where the memory went: the biggest
tracemalloc and smaps differences between the end of the warm-up and the end.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import ctypes
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "ui")]

import psutil  # noqa: E402 - after the path set-up, so the script runs from a checkout
from PySide6.QtCore import QObject, Qt, QTimer  # noqa: E402
from ui_hands import click, fill_consent, pause, press, wait_until  # noqa: E402

from kiosk import config, memory, paths, procs  # noqa: E402
from kiosk.recording.take import Take  # noqa: E402
from kiosk.ui import app as kiosk_app  # noqa: E402
from kiosk.ui.take_controller import StudioPhase  # noqa: E402

MB = 1024 * 1024
PASSWORD_ENV = "IVY_SOAK_SMTP_PASSWORD"
SOAK_USER = "soak@soak.invalid"
CONTACT = {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科員",
           "phone": "07-3438100", "email": "volunteer@example.org"}
WAIT_S = 90  # ceilings for a loaded machine, never measured times


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--takes", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=None, help="takes left out of the growth (default: 10, "
                        "or a third of a shorter run)")
    parser.add_argument("--seconds", type=float, default=10.5, help="how long each take runs before Space")
    parser.add_argument("--keep-every", type=int, default=2)
    parser.add_argument("--send-every", type=int, default=10)
    parser.add_argument("--watch", choices=("full", "start"), default="full",
                        help="play each take to its end on Review, or only until its first frames")
    parser.add_argument("--no-mail", action="store_true", help="no sending account: packages wait queued")
    parser.add_argument("--tracemalloc", action="store_true", help="trace Python allocations (slower)")
    parser.add_argument("--smaps", action="store_true", help="native mappings by name (Linux)")
    parser.add_argument("--default-allocator", action="store_true",
                        help="leave glibc's malloc as it is (kiosk/memory.py off): the 'before' of the memory fix")
    parser.add_argument("--json", type=Path, help="write every sample here")
    parser.add_argument("--mail-server", type=Path, help=argparse.SUPPRESS)  # the child process's role
    return parser.parse_args(argv)


# --- the mail server, in its own process (what it receives must not count as the kiosk's memory) ------------


def serve_mail(workdir: Path) -> int:
    """Child: a loopback TLS + AUTH server; prints its port and CA file, counts and drops what it gets,
    and ends when its stdin closes (the soak ended, or died)."""
    from kiosk.selftest import LoopbackMailServer

    with LoopbackMailServer(workdir, os.environ[PASSWORD_ENV]) as server:
        print(json.dumps({"port": server.port, "ca_file": str(server.ca_file)}), flush=True)
        stop = threading.Event()
        threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
        received = 0
        while not stop.wait(0.5):
            received += len(server.messages)
            server.messages.clear()
    return 0


@contextlib.contextmanager
def mail_server(workdir: Path) -> Iterator[dict[str, Any]]:
    child = procs.spawn([sys.executable, str(Path(__file__).resolve()), "--mail-server", str(workdir)],
                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, log_path=workdir / "mail-server.log")
    try:
        assert child.stdout is not None
        yield json.loads(child.stdout.readline() or "{}")
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=10)
        except Exception:
            child.kill()


def prepare_home(root: Path, server: dict[str, Any] | None) -> None:

    settings = config.Settings()
    for key, value in CONTACT.items():
        setattr(settings.contact, key, value)
    if server:
        smtp = settings.delivery.smtp
        smtp.host, smtp.port, smtp.security = "127.0.0.1", int(server["port"]), "tls"
        smtp.username, smtp.password_env, smtp.ca_file = SOAK_USER, PASSWORD_ENV, server["ca_file"]
        smtp.from_ = SOAK_USER
        settings.delivery.to = "organiser@soak.invalid"
    config.save(settings, paths.config_path())


# --- measuring -------------------------------------------------------------------------------------------


def smaps_by_name() -> dict[str, int]:
    """Resident bytes per mapping name ("[anon]" for nameless ones); empty where /proc is not there."""
    totals: collections.Counter[str] = collections.Counter()
    name = "[anon]"
    try:
        with Path("/proc/self/smaps").open(encoding="utf-8", errors="replace") as smaps:
            for line in smaps:
                head = line.split(None, 1)[0]
                if "-" in head and not head.endswith(":"):  # a mapping's first line
                    parts = line.split(None, 5)
                    name = parts[5].strip() if len(parts) > 5 else "[anon]"
                elif head == "Rss:":
                    totals[name] += int(line.split()[1]) * 1024
    except OSError:
        return {}
    return dict(totals) | malloc_counters()


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def malloc_counters() -> dict[str, int]:
    """glibc's own count of what malloc holds: in use, free inside its heaps (a trim's reach), and
    in blocks of their own (mmap) — telling a block kept from a heap fragmented. Empty elsewhere."""
    try:
        mallinfo2 = ctypes.CDLL("libc.so.6").mallinfo2
    except (OSError, AttributeError):
        return {}
    mallinfo2.restype = _Mallinfo2
    info = mallinfo2()
    return {"(malloc) in use in its heaps": info.uordblks, "(malloc) free in its heaps": info.fordblks,
            "(malloc) blocks of their own (mmap)": info.hblkhd}


def peak_rss() -> int:
    """The kernel's high-water mark of this process's RSS (bytes)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@dataclass
class Sample:
    take: int
    rss_mb: float
    python_mb: float | None  # tracemalloc's current total
    duration_s: float
    dropped_frames: int
    kept: bool
    sent: bool
    stop_to_review_s: float
    load_1min: float
    threads: int
    qobjects: int
    cpu_s: float = 0.0  # CPU seconds of the kiosk and its finished child processes (ffmpeg) in this take


@dataclass
class Run:
    samples: list[Sample] = field(default_factory=list)
    start_rss_mb: float = 0.0
    peak_sampled_mb: float = 0.0
    peak_doing: str = ""
    peak_hwm_mb: float = 0.0
    peak_by_phase: dict[str, float] = field(default_factory=dict)  # the highest 100 ms sample in each
    delivered: int = 0
    queued: int = 0
    unexpected_errors: int = 0


class Sampler:
    """RSS every 100 ms, with what the kiosk was doing then (the peak's cause)."""

    def __init__(self, run: Run, outbox: Any) -> None:
        self.process = psutil.Process()
        self.run = run
        self.outbox = outbox
        self.doing = "start"
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.sample)
        self.timer.start()

    def rss_mb(self) -> float:
        return self.process.memory_info().rss / MB

    def sample(self) -> None:
        rss = self.rss_mb()
        doing = self.doing + (" + sending a mail" if self.outbox.busy else "")
        peaks = self.run.peak_by_phase
        peaks[doing] = round(max(rss, peaks.get(doing, 0.0)), 1)
        if rss > self.run.peak_sampled_mb:
            self.run.peak_sampled_mb, self.run.peak_doing = rss, doing


# --- the operator ----------------------------------------------------------------------------------------


class Operator:
    def __init__(self, window: Any, args: argparse.Namespace, sampler: Sampler) -> None:
        self.window = window
        self.args = args
        self.sampler = sampler
        self.ended = 0
        window.review.video.ended.connect(self._on_ended)

    def _on_ended(self) -> None:
        self.ended += 1

    def doing(self, what: str) -> None:
        self.sampler.doing = what

    def start_day(self) -> None:
        window = self.window
        self.doing("preflight")
        wait_until(lambda: window.preflight.report is not None, WAIT_S, "the preflight report")
        click(window, "Continue to the camera")
        wait_until(lambda: window.context.takes.studio is not None and window.live.preview.frames_shown > 5,
                   WAIT_S, "the demo camera on Live")

    def record(self) -> tuple[Any, float]:
        """Space, the count-in, ``--seconds`` of take, Space (Enter to confirm a short one): on Review."""


        window, takes = self.window, self.window.context.takes
        before = window.review.take.dir if window.review.take is not None else None
        wait_until(lambda: window.current_name == "live" and takes.studio is not None and not takes.busy,
                   WAIT_S, "Live, ready to record")
        self.doing("count-in")
        press(window, Qt.Key.Key_Space)
        wait_until(lambda: takes.state is StudioPhase.RECORDING, WAIT_S, "the take to start")
        self.doing("recording")
        wait_until(lambda: takes.elapsed_s() >= self.args.seconds, WAIT_S + self.args.seconds, "the take's length")
        press(window, Qt.Key.Key_Space)
        if takes.state is StudioPhase.RECORDING:  # a short take: the operator confirms the stop
            wait_until(lambda: window.live.confirm.asking, 5, "the stop question")
            press(window, Qt.Key.Key_Return)
        stopped = time.monotonic()
        self.doing("finishing")
        wait_until(lambda: window.current_name == "review" and window.review.take is not None
                   and window.review.take.dir != before, WAIT_S, "the take on Review")
        return window.review.take, time.monotonic() - stopped

    def watch(self) -> None:
        video = self.window.review.video
        self.doing("review")
        ended = self.ended
        wait_until(lambda: video.frames_shown > 0 and not video.loading, WAIT_S, "the first frames on Review")
        if self.args.watch == "full":
            wait_until(lambda: self.ended > ended, WAIT_S + self.args.seconds, "the take played to its end")

    def send(self) -> None:
        """Keep, 「Send this take」, the consent form, the checklist, 「Send to Volunteering Taiwan」."""

        window, flow = self.window, self.window.context.flow
        press(window, Qt.Key.Key_K)
        self.doing("consent")
        click(window, "Send this take")
        wait_until(lambda: window.current_name == "consent", 10, "the consent form")
        fill_consent(window)
        self.doing("checks")
        wait_until(lambda: window.current_name == "send" and window.send.can_send(), WAIT_S, "the checklist")
        queued_before = flow.last_queued
        self.doing("package")
        click(window, "Send to Volunteering Taiwan")
        wait_until(lambda: flow.last_queued != queued_before and not flow.busy, WAIT_S, "the package queued")
        wait_until(lambda: window.current_name == "outbox", 10, "the outbox screen")
        self.doing("outbox")
        click(window, "Screen: Live")

    def one_take(self, number: int) -> Sample:


        take, stop_to_review = self.record()
        self.watch()
        sent = self.args.send_every > 0 and number % self.args.send_every == 0
        kept = sent or (self.args.keep_every > 0 and number % self.args.keep_every == 0)
        if sent:
            self.send()
        elif kept:
            press(self.window, Qt.Key.Key_K)
            click(self.window, "Record another take")
        else:
            press(self.window, Qt.Key.Key_R)
        self.doing("idle")
        wait_until(lambda: self.window.current_name == "live", 10, "back on Live")
        pause(500)  # the player let go, the preview repainted: then the sample
        fresh = Take.load(take.dir)
        python = tracemalloc.get_traced_memory()[0] / MB if tracemalloc.is_tracing() else None
        return Sample(number, round(self.sampler.rss_mb(), 2), None if python is None else round(python, 2),
                      float(fresh.duration_s or 0), int(fresh.meta.get("dropped_frames") or 0), kept, sent,
                      round(stop_to_review, 2), round(os.getloadavg()[0], 2), threading.active_count(),
                      len(self.window.findChildren(QObject)))


# --- where the memory went -------------------------------------------------------------------------------


def top_python_growth(before: tracemalloc.Snapshot, after: tracemalloc.Snapshot, count: int = 15) -> list[str]:
    lines = []
    for stat in after.compare_to(before, "lineno")[:count]:
        frame = stat.traceback[0]
        lines.append(f"{stat.size_diff / 1024:+9.1f} KB {stat.count_diff:+7d} blocks  {frame.filename}:{frame.lineno}")
    return lines


def top_native_growth(before: dict[str, int], after: dict[str, int], count: int = 12) -> list[str]:
    names = set(before) | set(after)
    diffs = sorted(((after.get(n, 0) - before.get(n, 0), n) for n in names), reverse=True)
    return [f"{d / MB:+8.2f} MB  {n}" for d, n in diffs[:count] if d]


def object_growth(before: collections.Counter[str], after: collections.Counter[str], count: int = 12) -> list[str]:
    diffs = sorted(((after[n] - before.get(n, 0), n) for n in after), reverse=True)
    return [f"{d:+7d}  {n}" for d, n in diffs[:count] if d > 0]


def python_objects() -> collections.Counter[str]:
    gc.collect()
    return collections.Counter(type(o).__qualname__ for o in gc.get_objects())


def cpu_seconds() -> float:
    """user + sys of this process and of the children it has waited for (the encoders)."""
    times = psutil.Process().cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def growth_per_take(samples: list[Sample]) -> float:
    if len(samples) < 2:
        return 0.0
    slope, _ = statistics.linear_regression([s.take for s in samples], [s.rss_mb for s in samples])
    return slope


def summarise(run: Run, warmup: int) -> list[str]:
    after = [s for s in run.samples if s.take > warmup]
    growth = growth_per_take(after)
    dropped = [s.dropped_frames for s in run.samples]
    loads = [s.load_1min for s in run.samples]
    lines = [
        f"takes {len(run.samples)} (warm-up {warmup}), kept {sum(s.kept for s in run.samples)}, "
        f"packages queued {run.queued}, delivered {run.delivered}, unexpected errors {run.unexpected_errors}",
        f"RSS: start {run.start_rss_mb:.1f} MB, after warm-up {after[0].rss_mb if after else 0:.1f} MB, "
        f"end {run.samples[-1].rss_mb if run.samples else 0:.1f} MB",
        f"growth after warm-up: {growth:+.3f} MB/take (least squares over {len(after)} takes; target ≤ 0.2)",
        f"peak: {run.peak_hwm_mb:.1f} MB high-water mark, {run.peak_sampled_mb:.1f} MB sampled while "
        f"'{run.peak_doing}' (target ≤ 350)",
        f"frames dropped per take: median {statistics.median(dropped) if dropped else 0:g}, max "
        f"{max(dropped, default=0)}, total {sum(dropped)}; load (1 min) {min(loads, default=0):.1f}–"
        f"{max(loads, default=0):.1f}",
        f"CPU per take (kiosk + encoders, user+sys): median "
        f"{statistics.median([s.cpu_s for s in run.samples]) if run.samples else 0:.1f} s",
        "peak by phase (MB): " + ", ".join(f"{doing} {mb:.0f}" for doing, mb in run.peak_by_phase.items()),
    ]
    return lines


# --- the run ---------------------------------------------------------------------------------------------


def soak(args: argparse.Namespace, home: Path) -> tuple[Run, list[str]]:


    run = Run()
    diagnosis: list[str] = []
    kiosk_app.setup_logging()
    window_holder: list[Any] = []

    class CountingWindow:  # the excepthook's view of the window: count what it reports
        def report_unexpected_error(self) -> None:
            run.unexpected_errors += 1
            window_holder[0].report_unexpected_error()

    previous_hook = kiosk_app.install_excepthook(lambda: CountingWindow() if window_holder else None)
    window = kiosk_app.create_kiosk(demo=True, windowed=True)
    window_holder.append(window)
    kiosk_app.start_recovery(window)
    window.show_kiosk()
    window.activateWindow()
    sampler = Sampler(run, window.context.outbox)
    operator = Operator(window, args, sampler)
    delivered: set[str] = set()
    window.context.outbox.delivered.connect(delivered.add)
    warmup = args.warmup if args.warmup is not None else min(10, args.takes // 3)
    before_snapshot: tracemalloc.Snapshot | None = None
    before_smaps: dict[str, int] = {}
    before_objects: collections.Counter[str] = collections.Counter()
    try:
        operator.start_day()
        run.start_rss_mb = sampler.rss_mb()
        if warmup == 0:  # the differences then say what the day's first takes add to a fresh start
            before_objects, before_smaps, before_snapshot = baseline(args)
        for number in range(1, args.takes + 1):
            cpu_before = cpu_seconds()
            sample = operator.one_take(number)
            sample.cpu_s = round(cpu_seconds() - cpu_before, 1)
            run.samples.append(sample)
            print(f"take {number:3d}: RSS {sample.rss_mb:7.1f} MB  py {sample.python_mb or 0:6.1f} MB  "
                  f"{sample.duration_s:5.2f} s  dropped {sample.dropped_frames:3d}  "
                  f"{'sent' if sample.sent else 'kept' if sample.kept else 'retake'}  "
                  f"stop→review {sample.stop_to_review_s:.2f} s  load {sample.load_1min:.1f}  "
                  f"threads {sample.threads}  QObjects {sample.qobjects}  CPU {sample.cpu_s:.1f} s", flush=True)
            if number == warmup:
                before_objects, before_smaps, before_snapshot = baseline(args)
        operator.doing("outbox draining")
        run.queued = len({s.package for s in window.context.outbox.statuses})
        if not args.no_mail:

            with contextlib.suppress(TimeoutError):
                wait_until(lambda: len(delivered) >= run.queued, WAIT_S * 2, "every package delivered")
        run.delivered = len(delivered)
        run.peak_hwm_mb = peak_rss() / MB
        after_objects = python_objects()
        since = "the start" if warmup == 0 else "the warm-up"
        diagnosis += [f"Python objects, growth since {since}:", *object_growth(before_objects, after_objects)]
        if args.smaps and before_smaps:
            diagnosis += [f"native mappings (RSS) and glibc's malloc counters, growth since {since}:",
                          *top_native_growth(before_smaps, smaps_by_name())]
        if before_snapshot is not None:
            diagnosis += [f"Python allocations (tracemalloc), growth since {since}:",
                          *top_python_growth(before_snapshot, tracemalloc.take_snapshot())]
        diagnosis.append(f"QObjects under the window: {len(window.findChildren(QObject))}")
    finally:
        sampler.timer.stop()
        sys.excepthook = previous_hook
        window.exit_unlocked = True
        window.close()
        window.shutdown()
    return run, diagnosis


def baseline(args: argparse.Namespace) -> tuple[collections.Counter[str], dict[str, int], tracemalloc.Snapshot | None]:
    """What the end of the run is compared with: objects by type, native mappings, Python's allocations."""
    return (python_objects(), smaps_by_name() if args.smaps else {},
            tracemalloc.take_snapshot() if tracemalloc.is_tracing() else None)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.mail_server is not None:
        return serve_mail(args.mail_server)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("IVY_KIOSK_LANG", "en")
    if args.tracemalloc:
        tracemalloc.start(1)
    if args.default_allocator:
        memory.keep_frames_off_the_heap = lambda: False  # type: ignore[assignment]  # before the window
    with tempfile.TemporaryDirectory(prefix="ivy-soak-") as tmp:
        home = Path(tmp) / "浸泡 soak home"
        home.mkdir()
        os.environ["IVY_KIOSK_HOME"] = str(home)
        os.environ[PASSWORD_ENV] = "soak-" + os.urandom(6).hex()
        started = time.monotonic()
        with contextlib.ExitStack() as stack:
            server = None if args.no_mail else stack.enter_context(mail_server(Path(tmp)))
            prepare_home(home, server)
            run, diagnosis = soak(args, home)
        warmup = args.warmup if args.warmup is not None else min(10, args.takes // 3)
        print(f"\nsoak: {args.takes} takes of {args.seconds:g} s in {(time.monotonic() - started) / 60:.1f} min, "
              f"{time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores")
        for line in summarise(run, warmup) + diagnosis:
            print(line)
        if args.json is not None:
            args.json.write_text(json.dumps({"args": {k: str(v) for k, v in vars(args).items()},
                                             "run": asdict(run)}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
