"""``ivy-kiosk send PACKAGE [--json]``: what the one button does — put the package in the outbox.

Returns once every mail of the package is on disk and recorded; delivery happens later (the app's
sender, or ``ivy-kiosk outbox run``), whenever the network is there. Sending the same package
twice queues it once.
"""

from __future__ import annotations

import argparse

from kiosk.cli.output import emit
from kiosk.errors import operator_language


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("send", help="put a package in the outbox (delivered when online)")
    parser.add_argument("package", help="package id, or the package folder")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk import config, paths
    from kiosk.outbox.service import open_outbox
    from kiosk.outbox.status import STATE_WORDS

    settings = config.load(paths.config_path())
    outbox = open_outbox()
    outbox.recover(settings)
    status = outbox.enqueue(args.package, settings)
    mails = len(status.parts)
    words_zh, words_en = STATE_WORDS[status.state]
    if operator_language() == "en":
        human = (f"in the outbox: {status.package} ({mails} mail{'s' if mails > 1 else ''}, {words_en}); "
                 "it is sent by itself whenever the network is there")
    else:
        human = f"已放入寄件匣：{status.package}（{mails} 封信，{words_zh}），有網路時會自動寄出"
    emit(status.to_json(), args.json, human)
    return 0
