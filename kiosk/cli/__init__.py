"""``ivy-kiosk``: the kiosk window, or one sub-command (SPEC §4).

Each sub-command lives in its own module here with ``register(subparsers)``, listed in ``COMMANDS``;
the module sets ``func`` on its parser. Exit codes: 0 ok, 1 the thing checked or attempted failed, 2 bad input or
usage - always with a one-line reason on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys

from kiosk import procs
from kiosk.cli import (
    import_cmd,
    inbox_cmd,
    outbox_cmd,
    package_cmd,
    preflight_cmd,
    record_cmd,
    recover_cmd,
    selftest_cmd,
    send_cmd,
)
from kiosk.cli.output import emit, fail
from kiosk.errors import KioskError, operator_language

__all__ = ["COMMANDS", "build_parser", "emit", "fail", "main"]

# Order = order in ``--help``. Each module's register() is cheap: it imports its heavy core modules
# only when its command runs.
COMMANDS = (
    record_cmd, import_cmd, package_cmd, send_cmd, outbox_cmd, preflight_cmd, recover_cmd, selftest_cmd, inbox_cmd,
)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        zh = f"用法錯誤：{message}（請見 ivy-kiosk --help）"
        en = f"usage error: {message} (see ivy-kiosk --help)"
        print(en if operator_language() == "en" else zh, file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ivy-kiosk", description="IVY 2026 pledge kiosk")
    parser.add_argument("--demo", action="store_true", help="use the demo camera and microphone")
    parser.add_argument("--windowed", action="store_true", help="open in a window instead of full screen")
    parser.add_argument("--organiser", nargs="?", const="", default=None, metavar="DIR", type=str,
                        help="the organiser's window: collect the mails, the 22-county table, the film "
                             "(DIR: the folder to collect into, default <data>/inbox)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


def _guard_streams() -> bool:
    """True when there is no console (the windowed Windows build): print() would fail on None, and a
    line on stderr would reach nobody."""
    import io
    import os

    no_console = sys.stderr is None
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115, PTH123
    if sys.stderr is None:
        sys.stderr = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115, PTH123
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    return no_console


def _prepare_process() -> None:
    """Before any command: private files for this process and its children, quiet OpenCV, a log."""
    import os

    if hasattr(os, "umask"):
        os.umask(0o077)  # whatever else creates files (SQLite, ffmpeg) makes them 0600 / 0700 too
    # OpenCV prints "[ WARN ]" lines of its own (a missing camera index, a back-end probe) before
    # our one-line reason; it reads this only when it is first imported, which is after this.
    os.environ.setdefault("OPENCV_LOG_LEVEL", "OFF")


def _quiet_thread_errors() -> None:
    """An error in a background thread (a probe, a still writer) goes to the log, never as a
    traceback on the operator's screen; the command's own outcome says what failed."""
    import threading

    def log_it(hook: threading.ExceptHookArgs) -> None:
        if hook.exc_value is not None and not isinstance(hook.exc_value, SystemExit):
            name = hook.thread.name if hook.thread is not None else "?"
            logging.getLogger("kiosk.cli").error("error in thread %s", name, exc_info=hook.exc_value)

    threading.excepthook = log_it


def _tighten_data_folder() -> None:
    """Personal data left 0644 by an older version or a child process becomes 0600 (best effort)."""
    from kiosk import paths
    from kiosk.fsutil import make_private

    with contextlib.suppress(OSError):
        make_private(paths.data_home_path())


def main(argv: list[str] | None = None) -> int:
    no_console = _guard_streams()
    _prepare_process()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [procs.PDF_WORKER_FLAG]:  # a child the kiosk started for one consent PDF
        from kiosk.package import pdf_process

        return pdf_process.serve(argv[1:])
    args = build_parser().parse_args(argv)
    from kiosk import logs

    if args.command is not None:  # the window keeps its own log (kiosk.log) and its own hooks
        logs.setup(logs.CLI_LOG, logging.WARNING)
        _quiet_thread_errors()
    _tighten_data_folder()
    try:
        if args.organiser is not None:
            return _run_organiser(args)
        if args.command is None:
            from kiosk.instance import claim_window

            with claim_window():  # one kiosk window per data folder: a second one says so and ends
                from kiosk.ui.app import run_app

                return run_app(demo=args.demo, windowed=args.windowed)
        return int(args.func(args) or 0)
    except KioskError as exc:
        if no_console and args.command is None:  # a window that cannot open says why on screen
            from kiosk.ui.app import show_refusal

            show_refusal(exc)
        return _refuse(exc)
    except KeyboardInterrupt:
        print("已中斷" if operator_language() != "en" else "interrupted", file=sys.stderr)
        return 1
    except OSError as exc:
        from kiosk.errors import from_os_error

        known = from_os_error(exc)
        if known is not None:
            return _refuse(known)
        return _unexpected(exc)
    except Exception as exc:  # never a traceback for the operator: one line, and the details in the log
        return _unexpected(exc)


def _run_organiser(args: argparse.Namespace) -> int:
    """``--organiser [DIR]``: its own window, one per folder (it may run beside a kiosk window)."""
    from pathlib import Path

    if args.command is not None:
        build_parser().error("--organiser opens a window: it takes no sub-command")
    from kiosk.ui.app import run_organiser

    return run_organiser(Path(args.organiser) if args.organiser else None)


def _refuse(exc: KioskError) -> int:
    print(" ".join(exc.message().split("\n")), file=sys.stderr)
    return exc.exit_code


def _unexpected(exc: BaseException) -> int:
    _log_unexpected(exc)
    zh = f"意外錯誤：{type(exc).__name__}: {exc}（詳情已寫入 logs/cli.log）"
    en = f"unexpected error: {type(exc).__name__}: {exc} (details in logs/cli.log)"
    print(en if operator_language() == "en" else zh, file=sys.stderr)
    return 1


def _log_unexpected(exc: BaseException) -> None:
    from kiosk import logs

    logs.setup(logs.CLI_LOG, logging.WARNING)  # never raises; a line that cannot be written is dropped
    logging.getLogger("kiosk.cli").error("unexpected error", exc_info=exc)
