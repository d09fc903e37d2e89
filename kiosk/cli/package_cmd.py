"""``ivy-kiosk package TAKE --consent FILE [--json] [--override REASON]``

Builds the deliverable from a take. A take that fails a requirement check (too short, no sound,
too small, …) is not packaged unless ``--override`` gives a reason, which the manifest keeps:
exit 1, with the failing checks named on stderr (and in the JSON document with ``--json``).
"""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("package", help="build the deliverable (video, photos, consent PDF) from a take")
    parser.add_argument("take", metavar="TAKE", help="take id or take folder")
    parser.add_argument("--consent", required=True, metavar="FILE", help="consent record (UTF-8 JSON, SPEC §4)")
    parser.add_argument("--override", metavar="REASON", help="package despite failed checks; the reason is recorded")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kiosk import config, paths
    from kiosk.cli.output import emit
    from kiosk.errors import operator_language
    from kiosk.package import ChecksFailed, build_package, load_consent_file
    from kiosk.recording.take import find_take

    settings = config.load(paths.config_path())
    consent = load_consent_file(Path(args.consent))
    take = find_take(args.take)
    try:
        package = build_package(take, consent, settings=settings, override_reason=args.override)
    except ChecksFailed as failure:
        if args.json:
            emit({"package": None, "dir": None, "files": [], "bytes": 0,
                  "checks": [check.as_dict() for check in failure.checks]}, True, "")
        raise
    summary = package.summary()
    english = operator_language() == "en"
    overridden = summary["override"]
    human = (f"Package {package.id} built: {package.dir} ({package.total_bytes / 1e6:.1f} MB)" if english
             else f"套件已建立：{package.id}，{package.dir}（{package.total_bytes / 1e6:.1f} MB）")
    if package.reused:
        human = (f"This take was already packaged with the same consent: {package.id} ({package.dir}) is "
                 "used again, nothing new was built" if english
                 else f"這段錄影已用相同的同意書打包過：沿用 {package.id}（{package.dir}），沒有另建新的套件")
    if overridden:
        failed = ", ".join(overridden["failed_checks"])
        human += (f"; checks overridden: {failed}" if english else f"；已強制略過檢查：{failed}")
    others = [other for other in package.previous if other != package.id]
    if others:
        listed = ", ".join(others)
        human += (f". Note: this take was already packaged as {listed} too; send only the package you mean, "
                  "the organiser would receive each one sent" if english
                  else f"。注意：這段錄影也已打包為 {listed}；請只送出您要的那一個，送出的每一個主辦單位都會收到")
    emit(summary, args.json, human)
    return 0
