"""``ivy-kiosk inbox collect|report|accept|montage``: the organiser's side (SPEC §4, §7).

* ``collect SOURCE --to DIR`` — a folder of .eml files, an mbox file or ``imaps://user@host/INBOX``
  (password from ``--password-env VAR`` or the OS keyring; ``--ca-file`` adds a CA to trust);
* ``report DIR`` — the 22-county table, and the contact sheet of all photos;
* ``accept DIR SUBMISSION`` — an unverified submission, checked by hand, may go into the film;
* ``montage DIR --out FILE.mp4`` — the film (``--order``, ``--span``, ``--target-seconds``).

Exit codes: 0 done (a refused or tampered mail is a finding in the table, not a failure of the
command); 1 the attempt failed (mailbox unreachable, nothing to cut, ffmpeg failed); 2 bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.output import emit
from kiosk.errors import operator_language

if TYPE_CHECKING:
    from kiosk.inbox import CountyRow, InboxFolder, Step

DEFAULT_PASSWORD_ENV = "IVY_IMAP_PASSWORD"
CONTACT_SHEET = "contact-sheet.jpg"
_STATE_ZH = {"complete": "完整", "incomplete": "不完整", "invalid": "無效", "unverified": "未驗證", "missing": "未收到",
             "duplicate": "重複"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("inbox", help="organiser: collect the counties' mails, report, cut the film")
    actions = parser.add_subparsers(dest="inbox_action", required=True, parser_class=type(parser))

    collect = actions.add_parser("collect", help="unpack received mails into one verified submission per county")
    collect.add_argument("source", metavar="SOURCE", help="a folder of .eml files, an mbox file, or imaps://user@host/INBOX")
    collect.add_argument("--to", required=True, type=Path, metavar="DIR", help="the folder the submissions go to")
    collect.add_argument("--password-env", default=DEFAULT_PASSWORD_ENV, metavar="VAR",
                         help=f"IMAP: read the password from this variable (default {DEFAULT_PASSWORD_ENV}); else the keyring")
    collect.add_argument("--ca-file", type=Path, metavar="FILE", help="IMAP: an extra CA certificate to trust")
    collect.add_argument("--json", action="store_true", help="print one JSON document")
    collect.set_defaults(func=run_collect)

    report = actions.add_parser("report", help="the 22-county delivery table and the photos' contact sheet")
    report.add_argument("dir", type=Path, metavar="DIR")
    report.add_argument("--contact-sheet", type=Path, metavar="FILE",
                        help=f"where the contact sheet goes (default DIR/{CONTACT_SHEET})")
    report.add_argument("--no-contact-sheet", action="store_true", help="do not write the contact sheet")
    report.add_argument("--json", action="store_true", help="print one JSON document")
    report.set_defaults(func=run_report)

    accept = actions.add_parser("accept", help="let an unverified submission (checked by hand) into the film")
    accept.add_argument("dir", type=Path, metavar="DIR")
    accept.add_argument("submission", metavar="SUBMISSION", help="its id (see inbox report)")
    accept.add_argument("--clip", metavar="NAME", help="which of its videos to use")
    accept.add_argument("--undo", action="store_true", help="take the acceptance back")
    accept.add_argument("--json", action="store_true", help="print one JSON document")
    accept.set_defaults(func=run_accept)

    montage = actions.add_parser("montage", help="one film of every usable clip, with captions and even loudness")
    montage.add_argument("dir", type=Path, metavar="DIR")
    montage.add_argument("--out", required=True, type=Path, metavar="FILE.mp4")
    montage.add_argument("--order", metavar="COUNTY,…", help="the counties in this order (default: the 22 names' order)")
    montage.add_argument("--span", action="append", default=[], metavar="COUNTY=IN-OUT",
                         help="use seconds IN to OUT of a county's clip (repeatable), e.g. 高雄市=1.5-13")
    montage.add_argument("--target-seconds", type=float, metavar="N", help="share N seconds evenly between the clips")
    montage.add_argument("--preset", default=None, metavar="X264", help="x264 preset (default veryfast)")
    montage.add_argument("--json", action="store_true", help="print one JSON document")
    montage.set_defaults(func=run_montage)


def _english() -> bool:
    return operator_language() == "en"


def _state_word(state: str) -> str:
    return state if _english() else f"{_STATE_ZH.get(state, state)}"


def _table_lines(rows: list[CountyRow]) -> list[str]:
    lines = []
    for row in rows:
        when = (row.delivered_at or "")[:16].replace("T", " ")
        contact = f"{row.contact.name} {row.contact.phone}".strip() if row.contact else ""
        first = row.problems[0].message() if row.problems and row.state.value != "complete" else ""
        cells = [row.county, _state_word(row.state.value), when, contact, first]
        lines.append("  ".join(cell for cell in cells if cell))
    return lines


def _progress_printer(enabled: bool) -> Any:
    """Progress on stderr for a person at a terminal; nothing for scripts."""
    from kiosk.inbox import jobs

    if not enabled or not sys.stderr.isatty():
        return jobs.no_progress

    def show(step: Step) -> None:
        text = step.en if _english() else step.zh
        percent = f" {step.fraction * 100:3.0f}%" if step.total else ""
        print(f"\r{text[:60]:<60}{percent}", end="", file=sys.stderr, flush=True)

    return show


def _end_progress(printer: Any) -> None:
    from kiosk.inbox import jobs

    if printer is not jobs.no_progress:
        print(file=sys.stderr)


def run_collect(args: argparse.Namespace) -> int:
    from kiosk.inbox import InboxFolder, collect, open_source, report_document

    source = open_source(args.source, password_env=args.password_env, ca_file=args.ca_file)
    printer = _progress_printer(not args.json)
    try:
        result = collect(source, args.to, progress=printer)
    finally:
        _end_progress(printer)
    folder = InboxFolder.open(args.to)
    document = {**report_document(folder), "collect": result.as_dict()}
    if _english():
        head = f"{result.seen} mails read: {result.new} new, {result.already} already collected, into {folder.root}"
    else:
        head = f"讀取 {result.seen} 封信：新收 {result.new} 封、先前已收 {result.already} 封，存到 {folder.root}"
    emit(document, args.json, "\n".join([head, *_table_lines(_rows(folder))]))
    return 0


def _rows(folder: InboxFolder) -> list[CountyRow]:
    from kiosk.inbox import county_table

    return county_table(folder)


def run_report(args: argparse.Namespace) -> int:
    from kiosk.inbox import InboxFolder, report_document
    from kiosk.inbox.contactsheet import write_contact_sheet
    from kiosk.inbox.table import settle

    folder = InboxFolder.open(args.dir)
    settle(folder)
    document = report_document(folder)
    sheet = None
    if not args.no_contact_sheet:
        sheet = write_contact_sheet(_rows(folder), args.contact_sheet or folder.root / CONTACT_SHEET)
    document["contact_sheet"] = str(sheet) if sheet else None
    lines = _table_lines(_rows(folder))
    if sheet:
        lines.append(f"Contact sheet: {sheet}" if _english() else f"照片一覽：{sheet}")
    emit(document, args.json, "\n".join(lines))
    return 0


def run_accept(args: argparse.Namespace) -> int:
    from kiosk.inbox import InboxFolder, accept

    folder = InboxFolder.open(args.dir)
    result = accept(folder, args.submission, clip=args.clip, accepted=not args.undo)
    if _english():
        human = f"{result.county}: {result.id} {'accepted' if result.accepted else 'no longer accepted'}"
    else:
        human = f"{result.county}：{result.id} {'已接受' if result.accepted else '已取消接受'}"
    emit(result.as_dict(), args.json, human)
    return 0


def _plan(folder: InboxFolder, args: argparse.Namespace) -> Any:
    from dataclasses import replace

    from kiosk.errors import BadInput
    from kiosk.inbox.montage import MontageSettings, Span, plan_for

    settings = MontageSettings() if args.preset is None else replace(MontageSettings(), preset=args.preset)
    plan = plan_for(folder, settings=settings, target_s=args.target_seconds)
    if args.order:
        plan = plan.reordered([name.strip() for name in args.order.replace("，", ",").split(",") if name.strip()])
    for item in args.span:
        county, separator, span = item.partition("=")
        if not separator or county.strip() not in plan.order:
            raise BadInput(f"--span 須寫成 縣市=開始-結束，且該縣市要在影片中：{item}",
                           f"--span is COUNTY=IN-OUT for a county in the film: {item!r}")
        plan.spans[county.strip()] = Span.parse(span)
    return plan


def run_montage(args: argparse.Namespace) -> int:
    from kiosk.inbox import InboxFolder
    from kiosk.inbox.montage import build_montage

    folder = InboxFolder.open(args.dir)
    plan = _plan(folder, args)
    printer = _progress_printer(not args.json)
    try:
        result = build_montage(folder, args.out, plan, progress=printer)
    finally:
        _end_progress(printer)
    document = result.as_dict()
    counties = "、".join(result.counties)
    if _english():
        human = (f"Film {'up to date' if result.up_to_date else 'written'}: {result.video} ({result.duration_s:.1f} s, "
                 f"{len(result.counties)} counties, {result.loudness_lufs:.1f} LUFS)")
    else:
        human = (f"影片{'已是最新' if result.up_to_date else '完成'}：{result.video}（{result.duration_s:.1f} 秒，"
                 f"{len(result.counties)} 縣市：{counties}，{result.loudness_lufs:.1f} LUFS）")
    emit(document, args.json, human)
    return 0
