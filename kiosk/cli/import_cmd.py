"""``ivy-kiosk import CLIP [--start S] [--seconds N] [--photo FILE]... [--fill] [--json]``

A phone or camera clip (and photos) made into a take, as if recorded here (SPEC §4). Everything
that would be refused (not a video, too short, a span outside the clip, portrait without --fill,
a photo too small …) exits 2 with the reason before any conversion starts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import BadInput, operator_language

if TYPE_CHECKING:  # the import machinery is loaded only when the command runs
    from kiosk.importing import ImportProgress


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("import", help="make a phone/camera clip (and photos) into a take, as if recorded here")
    parser.add_argument("clip", help="the video file (MOV, MP4, …) from a phone or camera")
    parser.add_argument("--start", default="0", help="where the take starts, in seconds into the clip (default 0)")
    parser.add_argument("--seconds", default=None, help="the take's length, 10–15 (default: up to 15, as the clip allows)")
    parser.add_argument("--photo", action="append", default=[], metavar="FILE",
                        help="a photo (JPEG, PNG or HEIC) to add to the take's photos; may be repeated")
    parser.add_argument("--replace-stills", action="store_true",
                        help="the --photo files replace the stills taken from the clip (at least 3 are kept)")
    parser.add_argument("--fill", action="store_true",
                        help="fill the sides of a portrait (or narrow) clip with its own blurred picture")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


def parse_number(option: str, text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
        raise BadInput(f"{option} 必須是秒數（例如 12 或 12.5），收到 {text!r}",
                       f"{option} must be a number of seconds (e.g. 12 or 12.5), got {text!r}")
    return value


class _ProgressLine:
    """A one-line percentage on stderr when a person is watching (never in --json or a pipe)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._shown = -1

    def __call__(self, progress: ImportProgress) -> None:
        percent = int(progress.fraction * 100)
        if self.enabled and percent != self._shown:
            self._shown = percent
            label = "converting" if operator_language() == "en" else "轉換中"
            print(f"\r{label} {percent:3d}%", end="", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.enabled and self._shown >= 0:
            print(file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    start = parse_number("--start", args.start) or 0.0
    seconds = parse_number("--seconds", args.seconds)
    from kiosk import config, paths
    from kiosk.cli.output import emit
    from kiosk.importing import import_clip
    from kiosk.recording.recover import recover_all

    settings = config.load(paths.config_path())
    recover_all()  # a take or an import left by a crash is settled before anything new starts
    progress = _ProgressLine(enabled=not args.json and sys.stderr.isatty())
    try:
        take = import_clip(
            Path(args.clip).absolute(), settings.recording, start_s=start, seconds=seconds, fill=args.fill,
            photos=[Path(photo) for photo in args.photo], replace_stills=args.replace_stills, on_progress=progress,
        )
    finally:
        progress.close()
    summary = {**take.summary(), "source": take.meta["source"], "source_info": take.meta["source_info"],
               "source_start_s": take.meta["source_start_s"], "fill": take.meta["fill"]}
    photos = len(summary["stills"])
    if operator_language() == "en":
        human = (f"imported: {summary['video']} ({summary['duration_s']} s from {summary['source_start_s']} s of "
                 f"{Path(summary['source']).name}, {photos} photos)")
    else:
        human = (f"匯入完成：{summary['video']}（取自 {Path(summary['source']).name} 第 {summary['source_start_s']} 秒起 "
                 f"{summary['duration_s']} 秒，{photos} 張照片）")
    emit(summary, args.json, human)
    if not take.has_audio:
        note = ("note: the clip has no sound, so the take has none; the package's sound check will ask for an override"
                if operator_language() == "en" else "注意：這段影片沒有聲音，錄影也沒有聲音；打包時「聲音」檢查需要強制原因")
        print(note, file=sys.stderr)
    return 0
