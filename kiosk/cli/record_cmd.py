"""``ivy-kiosk record --camera SRC --mic SRC [--seconds N] [--json]``"""

from __future__ import annotations

import argparse
import signal
import threading

from kiosk.errors import BadInput
from kiosk.organiser import TAKE_MAX_SECONDS, TAKE_MIN_SECONDS


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("record", help="record one take (10–15 s) from a camera and a microphone")
    parser.add_argument("--camera", required=True, help="device index, device name, video file, or demo")
    parser.add_argument("--mic", required=True, help="device index or name, WAV/video file, demo, or none")
    parser.add_argument("--seconds", default=str(TAKE_MAX_SECONDS), help="10–15 (default 15)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.set_defaults(func=run)


def parse_seconds(text: str) -> int:
    try:
        seconds = int(text)
    except ValueError:
        seconds = -1
    if not TAKE_MIN_SECONDS <= seconds <= TAKE_MAX_SECONDS:
        raise BadInput(
            f"--seconds 必須是 {TAKE_MIN_SECONDS} 到 {TAKE_MAX_SECONDS} 的整數（主辦單位要求約 10–15 秒），收到 {text!r}",
            f"--seconds must be a whole number from {TAKE_MIN_SECONDS} to {TAKE_MAX_SECONDS} "
            f"(the organiser asks for 10–15 s), got {text!r}",
        )
    return seconds


def run(args: argparse.Namespace) -> int:
    seconds = parse_seconds(args.seconds)
    from kiosk import config, paths
    from kiosk.cli.output import emit, fail
    from kiosk.recording.recover import recover_all
    from kiosk.recording.studio import Studio

    settings = config.load(paths.config_path())
    recover_all()  # a take left by a crash is salvaged before anything new starts
    with Studio.open(args.camera, args.mic, settings) as studio:
        recorder = studio.record(max_seconds=seconds)
        interrupted = threading.Event()

        def stop_on_signal(_signum: int, _frame: object) -> None:
            interrupted.set()
            recorder.request_stop("interrupted")

        previous = signal.signal(signal.SIGINT, stop_on_signal)
        try:
            take = recorder.result()
        finally:
            signal.signal(signal.SIGINT, previous)
    summary = take.summary()
    human = (
        f"錄影完成：{summary['video']}（{summary['duration_s']} 秒，{summary['frames']} 格，"
        f"遺失 {summary['dropped_frames']} 格）"
        if take.state == "done"
        else f"錄影失敗：{take.meta.get('error')}"
    )
    emit(summary, args.json, human)
    if take.state != "done":
        return fail(f"錄影失敗：{take.meta.get('error')}", f"the take failed: {take.meta.get('error')}")
    reason = take.meta.get("stop_reason")
    if interrupted.is_set() or reason not in ("time_limit", "source_ended"):
        return fail(f"錄影提早結束（{reason}），已保留 {summary['duration_s']} 秒",
                    f"the take ended early ({reason}); {summary['duration_s']} s kept")
    return 0
