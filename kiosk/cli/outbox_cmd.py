"""``ivy-kiosk outbox list|run|retry|export``: see and drive the outbox from the command line (SPEC §4).

Exit codes: 0 done; 1 something attempted was not delivered (the reason on stderr); 2 bad input.
``outbox run`` without ``--once`` keeps going — sleeping until the next due time — until nothing
waits any more; Ctrl+C stops it cleanly (an interrupted mail is put back, due at once).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.output import emit
from kiosk.errors import operator_language

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.outbox import Outbox, PackageStatus, PassReport


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("outbox", help="list, deliver, retry or export outbox packages")
    actions = parser.add_subparsers(dest="outbox_action", required=True, parser_class=type(parser))

    listing = actions.add_parser("list", help="every package and where it stands")
    listing.add_argument("--json", action="store_true", help="print one JSON document")
    listing.set_defaults(func=run_list)

    runner = actions.add_parser("run", help="deliver what is due")
    runner.add_argument("--once", action="store_true", help="one pass, then exit")
    runner.add_argument("--json", action="store_true", help="print one JSON document")
    runner.set_defaults(func=run_deliver)

    retry = actions.add_parser("retry", help="try a package again now (also lifts a pause)")
    retry.add_argument("package")
    retry.add_argument("--json", action="store_true", help="print one JSON document")
    retry.set_defaults(func=run_retry)

    export = actions.add_parser("export", help="copy a package and its mails to a folder or USB drive")
    export.add_argument("package")
    export.add_argument("--to", required=True, type=Path, metavar="DIR", help="destination folder")
    export.add_argument("--json", action="store_true", help="print one JSON document")
    export.set_defaults(func=run_export)


def _english() -> bool:
    return operator_language() == "en"


def _open() -> tuple[Outbox, Settings]:
    # Imported here: ``ivy-kiosk --help`` must not load the outbox.
    from kiosk import config, paths
    from kiosk.outbox.service import open_outbox

    settings = config.load(paths.config_path())
    outbox = open_outbox()
    outbox.recover(settings)
    return outbox, settings


def _print_statuses(statuses: list[PackageStatus], as_json: bool) -> None:
    if as_json:
        print(json.dumps([s.to_json() for s in statuses], ensure_ascii=False, indent=2))
        return
    if not statuses:
        print("the outbox is empty" if _english() else "寄件匣是空的")
    for status in statuses:
        print(status.line())


def run_list(args: argparse.Namespace) -> int:
    """Looking only: nothing is written (works on a full disk, a read-only folder, beside the app)."""
    from kiosk.outbox.service import open_outbox

    _print_statuses(open_outbox(read_only=True).statuses(), args.json)
    return 0


def run_deliver(args: argparse.Namespace) -> int:
    from kiosk.outbox import Runner

    outbox, _ = _open()
    runner = Runner(outbox)
    interrupted = False
    try:
        report = runner.run_once() if args.once else runner.run_until_idle()
    except KeyboardInterrupt:
        interrupted, report = True, None
    statuses = outbox.statuses()
    _print_statuses(statuses, args.json)
    if interrupted:
        waiting = [s for s in statuses if s.unsent]
        if waiting:
            print(f"stopped by Ctrl+C; {len(waiting)} package(s) still waiting" if _english()
                  else f"已依 Ctrl+C 停止；尚有 {len(waiting)} 件待寄", file=sys.stderr)
            return 1
        return 0
    assert report is not None  # set unless interrupted
    if report.busy:
        print("another sender (the kiosk app or another ivy-kiosk outbox run) is delivering right now"
              if _english() else "另一個寄件程序（機台程式或另一個 outbox run）正在寄送中", file=sys.stderr)
        return 0
    return _verdict(report, statuses)


def _verdict(report: PassReport, statuses: list[PackageStatus]) -> int:
    """0 when everything attempted was delivered; else 1 and the first problem in one line."""
    attempted = {a.package_id for a in report.attempts}
    unsent = [s for s in statuses if s.package in attempted and s.unsent]
    if unsent:
        print(f"{unsent[0].package}: {unsent[0].last_error() or unsent[0].state}", file=sys.stderr)
        return 1
    if report.paused is not None and any(s.unsent for s in statuses):
        print(report.paused.en if _english() else report.paused.zh, file=sys.stderr)
        return 1
    return 0


def run_retry(args: argparse.Namespace) -> int:
    outbox, settings = _open()
    status = outbox.retry(args.package, settings)
    human = (f"{status.package}: due now; the app or ivy-kiosk outbox run sends it" if _english()
             else f"{status.package}：已排定立即重試，由機台程式或 ivy-kiosk outbox run 寄出")
    emit(status.to_json(), args.json, human)
    return 0


def run_export(args: argparse.Namespace) -> int:
    outbox, _ = _open()
    target = outbox.export(args.package, args.to)
    emit({"package": args.package, "dir": str(target)}, args.json,
         f"exported to {target}" if _english() else f"已匯出到 {target}")
    return 0
