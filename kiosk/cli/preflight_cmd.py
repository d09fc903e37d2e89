"""``ivy-kiosk preflight [--camera SRC --mic SRC] [--json]``: will this laptop do the job?

Exit 0 when no check failed (warnings allowed), 1 when one did, 2 when the settings file is
malformed or a value in it is wrong (bad input: the message names the line or the key).
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "preflight", help="check camera, microphone, disk, encoder speed, sending account, clock and fonts"
    )
    parser.add_argument("--camera", help="device index, device name, video file, or demo (default: from settings)")
    parser.add_argument("--mic", help="device index or name, WAV/video file, demo, or none (default: from settings)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


_MARKS = {"ok": "[ OK ]", "warn": "[WARN]", "fail": "[FAIL]"}


def human_report(report, language: str) -> str:  # report: kiosk.preflight.PreflightReport
    colon = ": " if language == "en" else "："
    lines = []
    for check in report.checks:
        lines.append(f"{_MARKS[check.status]} {check.title(language)}{colon}{check.detail(language)}")
        if check.status != "ok" and check.fix(language):
            lines.append(f"       → {check.fix(language)}")
    return "\n".join(lines)


def failure_line(report, language: str) -> str:
    """The one-line reason on stderr when a check failed."""
    if language == "en":
        names = ", ".join(check.title_en for check in report.failures)
        return f"preflight: {len(report.failures)} check(s) failed: {names}"
    names = "、".join(check.title_zh for check in report.failures)
    return f"預檢：{len(report.failures)} 項未通過：{names}"


def run(args: argparse.Namespace) -> int:
    from kiosk import config, paths
    from kiosk.cli.output import emit
    from kiosk.errors import BadInput, operator_language
    from kiosk.preflight import PreflightOptions, run_preflight

    try:
        config_file = paths.config_path()  # creates the data folder on first use
    except OSError as exc:
        raise BadInput(
            f"資料夾無法使用：{exc}（請檢查環境變數 IVY_KIOSK_HOME）",
            f"The data folder cannot be used: {exc} (check the IVY_KIOSK_HOME variable)",
        ) from None
    settings = config.load(config_file)  # malformed or wrong → BadInput → exit 2, naming it
    options = PreflightOptions.from_settings(settings, camera=args.camera, mic=args.mic)
    report = run_preflight(options)
    language = operator_language()
    emit(report.to_json(language), args.json, human_report(report, language))
    if not report.ok:
        print(failure_line(report, language), file=sys.stderr)
    return report.exit_code()
