"""``ivy-kiosk self-test [--report FILE]``: record → package → deliver to a loopback mail server, then the
Qt side offscreen: the kiosk window, its fonts and translations, the take played back."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("self-test", help="prove this installation works: record, package, deliver (loopback), window, playback")
    parser.add_argument("--report", type=Path, help="also write the JSON report to this file")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.cli.output import emit, fail
    from kiosk.fsutil import write_json_atomic
    from kiosk.selftest import run_self_test

    report = run_self_test()
    payload = report.as_json()
    if args.report:
        write_json_atomic(args.report, payload)
    lines = [f"{'✔' if c['ok'] else '✘'} {c['name']}: {c['detail']}" for c in report.checks]
    emit(payload, args.json, "\n".join(lines))
    if not report.ok:
        failed = ", ".join(c["name"] for c in report.checks if not c["ok"])
        return fail(f"自我測試未通過：{failed}", f"self-test failed: {failed}")
    return 0
