"""Running the bundled ffmpeg for the montage: progress, cancelling, loudness readings, escaping.

Every run goes through :mod:`kiosk.procs`. A long run reports progress from ffmpeg's own
``-progress`` lines (on stdout) and is stopped within a fraction of a second of a cancel; its
stderr goes to the montage log, whose last lines become the message when a run fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk import procs
from kiosk.errors import KioskError
from kiosk.inbox.jobs import Cancelled, CancelToken

BASE = ["-hide_banner", "-nostdin", "-y"]
MEASURE_TIMEOUT_S = 600.0
_FRAME = re.compile(rb"^frame=(\d+)")
_OUT_TIME = re.compile(rb"^out_time_us=(\d+)")
_LOUDNORM_JSON = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}", re.DOTALL)
_EBUR128_I = re.compile(r"Integrated loudness:\s*\n\s*I:\s*(-?[\d.]+|-inf) LUFS")


def filter_value(text: str) -> str:
    """``text`` as one option value inside a filtergraph: escaped for the option parser, then for the
    graph parser (ffmpeg-filters "Notes on filtergraph escaping"). Paths with ``:`` (Windows
    drives), quotes, commas and brackets survive it."""
    level1 = text.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    return "".join("\\" + ch if ch in "\\'[],;" else ch for ch in level1)


def concat_line(path: Path) -> str:
    """One ``file`` line of an ffmpeg concat list (single quotes escaped the way the demuxer reads them)."""
    return "file '" + path.as_posix().replace("'", "'\\''") + "'"


def failure(log: Path, what_zh: str, what_en: str) -> KioskError:
    try:
        tail = " | ".join(log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:])
    except OSError:
        tail = ""
    return KioskError(f"影片剪輯失敗：{what_zh}（{tail[-300:]}）", f"the montage failed: {what_en} ({tail[-300:]})")


def run_with_progress(args: list[str], *, log: Path, cancel: CancelToken,
                      on_progress: Callable[[int, float], None] | None = None,
                      what: tuple[str, str] = ("ffmpeg", "ffmpeg")) -> None:
    """Run ffmpeg to the end; ``on_progress(frames, seconds)`` as it goes. Cancelled → ffmpeg is stopped."""
    process = procs.spawn([procs.ffmpeg_exe(), *BASE, "-progress", "pipe:1", "-nostats", *args],
                          log_path=log, stdout=subprocess.PIPE)
    watcher = threading.Thread(target=_stop_when_cancelled, args=(process, cancel), daemon=True)
    watcher.start()
    assert process.stdout is not None
    frames, seconds = 0, 0.0
    for line in process.stdout:
        if found := _FRAME.match(line):
            frames = int(found.group(1))
        elif found := _OUT_TIME.match(line):
            seconds = int(found.group(1)) / 1e6
        elif line.startswith(b"progress=") and on_progress is not None:
            on_progress(frames, seconds)
    code = process.wait()
    if cancel.cancelled:
        raise Cancelled()
    if code != 0:
        raise failure(log, *what)


def _stop_when_cancelled(process: subprocess.Popen, cancel: CancelToken) -> None:
    while process.poll() is None:
        if cancel.cancelled:
            process.terminate()  # the output is a temporary file: losing its trailer costs nothing
            return
        try:
            process.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue


@dataclass(frozen=True)
class Loudness:
    """loudnorm's first-pass reading of a span (EBU R128)."""

    integrated: float
    true_peak: float
    lra: float
    threshold: float
    offset: float

    @property
    def silent(self) -> bool:
        return self.integrated <= -60.0

    def as_dict(self) -> dict[str, float]:
        return dict(self.__dict__)


def _number(value: str) -> float:
    return -99.0 if "inf" in value else float(value)


def measure_loudness(inputs: list[str], audio_filter: str, *, target: float, true_peak: float, lra: float,
                     log: Path) -> Loudness:
    """Run loudnorm's measuring pass over the audio of ``inputs`` after ``audio_filter`` (may be "")."""
    measure = f"loudnorm=I={target}:TP={true_peak}:LRA={lra}:print_format=json"
    chain = f"{audio_filter},{measure}" if audio_filter else measure
    result = procs.run([procs.ffmpeg_exe(), *BASE, *inputs, "-vn", "-af", chain, "-f", "null", "-"],
                       timeout=MEASURE_TIMEOUT_S)
    text = result.stderr.decode("utf-8", errors="replace")
    found = _LOUDNORM_JSON.search(text)
    if result.returncode != 0 or found is None:
        log.write_text(text[-4000:], encoding="utf-8")
        raise failure(log, "無法量測音量", "the loudness could not be measured")
    data = json.loads(found.group(0))
    return Loudness(_number(data["input_i"]), _number(data["input_tp"]), _number(data["input_lra"]),
                    _number(data["input_thresh"]), _number(data["target_offset"]))


def integrated_loudness(path: Path, *, start_s: float = 0.0, seconds: float | None = None) -> float:
    """EBU R128 integrated loudness (LUFS) of ``path``'s audio, or of a span of it: ebur128's reading."""
    window = ["-ss", f"{start_s:.3f}"] + (["-t", f"{seconds:.3f}"] if seconds is not None else [])
    result = procs.run([procs.ffmpeg_exe(), *BASE, *window, "-i", str(path), "-vn", "-af", "ebur128",
                        "-f", "null", "-"], timeout=MEASURE_TIMEOUT_S)
    found = _EBUR128_I.search(result.stderr.decode("utf-8", errors="replace"))
    if result.returncode != 0 or found is None:
        raise KioskError(f"無法量測音量：{path.name}", f"could not measure the loudness of {path.name}")
    return _number(found.group(1))
