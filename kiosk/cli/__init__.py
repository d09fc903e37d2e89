"""``ivy-kiosk``: the kiosk window, or one sub-command (SPEC §4).

Each sub-command lives in its own module here with ``register(subparsers)``, listed in ``COMMANDS``;
the module sets ``func`` on its parser. Exit codes: 0 ok, 1 the thing checked or attempted failed, 2 bad input or
usage - always with a one-line reason on stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import sys

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
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


def _guard_streams() -> None:
    # The windowed Windows build has no console: print() would fail on None.
    import io
    import os

    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115, PTH123
    if sys.stderr is None:
        sys.stderr = io.TextIOWrapper(open(os.devnull, "wb"), encoding="utf-8")  # noqa: SIM115, PTH123
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    _guard_streams()
    args = build_parser().parse_args(argv)
    try:
        if args.command is None:
            from kiosk.ui.app import run_app

            return run_app(demo=args.demo, windowed=args.windowed)
        return int(args.func(args) or 0)
    except KioskError as exc:
        print(exc.message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中斷" if operator_language() != "en" else "interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for the operator: one line, and the details in the log
        _log_unexpected(exc)
        zh = f"意外錯誤：{type(exc).__name__}: {exc}（詳情已寫入 logs/cli.log）"
        en = f"unexpected error: {type(exc).__name__}: {exc} (details in logs/cli.log)"
        print(en if operator_language() == "en" else zh, file=sys.stderr)
        return 1


def _log_unexpected(exc: BaseException) -> None:
    import logging

    from kiosk import paths

    try:
        handler = logging.FileHandler(paths.data_dir("logs") / "cli.log", encoding="utf-8")
    except OSError:
        return
    logger = logging.getLogger("kiosk.cli")
    logger.addHandler(handler)
    logger.error("unexpected error", exc_info=exc)
    handler.close()
