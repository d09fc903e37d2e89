"""``ivy-kiosk recover [--json]``: salvage takes (and outbox items) left by a crash."""

from __future__ import annotations

import argparse
import importlib.util


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("recover", help="salvage takes and outbox items left by a crash")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


def _recover_outbox() -> list[dict]:
    if importlib.util.find_spec("kiosk.outbox") is None:
        return []
    import kiosk.outbox

    recover = getattr(kiosk.outbox, "recover_outbox", None)
    return recover() if recover else []


def run(args: argparse.Namespace) -> int:
    from kiosk.cli import emit
    from kiosk.recording.recover import recover_all

    takes = recover_all()
    outbox = _recover_outbox()
    failed = [t for t in takes if t["state"] == "failed"]
    lines = [f"{t['take']}: {t['state']} {t.get('duration_s') or ''}".strip() for t in takes] or ["沒有需要救回的錄影"]
    emit({"takes": takes, "outbox": outbox, "ok": not failed}, args.json, "\n".join(lines))
    return 1 if failed else 0
