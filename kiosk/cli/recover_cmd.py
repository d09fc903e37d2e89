"""``ivy-kiosk recover [--json]``: salvage takes (and outbox items) left by a crash."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("recover", help="salvage takes and outbox items left by a crash")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk.cli.output import emit, fail
    from kiosk.outbox import recover_outbox
    from kiosk.recording.recover import recover_all

    takes = recover_all()
    outbox = recover_outbox()
    failed = [t for t in takes if t["state"] == "failed"]
    lines = [f"{t['take']}: {t['state']} {t.get('duration_s') or ''}".strip() for t in takes] or ["沒有需要救回的錄影"]
    emit({"takes": takes, "outbox": outbox, "ok": not failed}, args.json, "\n".join(lines))
    if failed:
        return fail(f"{len(failed)} 段錄影無法救回（見 take.json 的 error）",
                    f"{len(failed)} take(s) could not be salvaged (see their take.json 'error')")
    return 0
