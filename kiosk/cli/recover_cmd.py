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
    from kiosk.recording.recover import PENDING, recover_all

    takes = recover_all()  # waits (bounded) for encoders a crashed app left finishing
    outbox = recover_outbox()
    failed = [t for t in takes if t["state"] == "failed"]
    pending = [t for t in takes if t["state"] == PENDING]
    lines = [f"{t['take']}: {t['state']} {t.get('duration_s') or ''}".strip() for t in takes] or ["沒有需要救回的錄影"]
    emit({"takes": takes, "outbox": outbox, "ok": not failed and not pending}, args.json, "\n".join(lines))
    if failed:
        return fail(f"{len(failed)} 段錄影無法救回（見 take.json 的 error）",
                    f"{len(failed)} take(s) could not be salvaged (see their take.json 'error')")
    if pending:
        retry = max(t["retry_after_s"] for t in pending)
        return fail(f"{len(pending)} 段錄影的編碼器仍在寫檔：請於 {retry:g} 秒後再執行 ivy-kiosk recover",
                    f"{len(pending)} take(s) still being finished by their encoders: run ivy-kiosk recover "
                    f"again in {retry:g} s")
    return 0
