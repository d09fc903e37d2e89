"""Import benchmark (issue 12): a phone clip made into a 15 s take, against ffmpeg alone. Not a test.

    .venv/bin/python benchmarks/import_clip.py [--runs 3] [--preset auto|superfast|ultrafast] [--only 4k|1080p]

Two clips are made once with the bundled ffmpeg (kept in benchmarks/out/, git-ignored) from the
import tests' recipes: 20 s of 4K HLG HEVC Main 10 at 30 fps with an Apple spatial-audio track
and a timecode track (what a recent iPhone writes), and 20 s of a 1080p30 H.264 Android clip with
variable frame rate. Each is imported from 2.5 s for 15 s with ``kiosk.importing.import_clip``
(probe, conversion, stills, verification, staging and the move into place: everything the CLI or the
Import screen waits for) and then converted by ffmpeg alone with the same command without the
stills output (``conversion_args(candidates=False)``).

Reported per run: wall time, CPU seconds (this process and every child: user + system), the ratio
to ffmpeg alone (goal ≤ 1.2×), wall / span (goal ≤ 2×), peak resident memory of the app process and
of the ffmpeg child, the A/V offset read back from the take, and the load average before the run.
Runs alternate (import, ffmpeg alone, import, …) so a change of load touches both alike.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "importing"))  # the clip recipes the import tests use

import import_clips as clips  # noqa: E402
from recording import PeakMemory, cpu_seconds  # noqa: E402  (benchmarks/recording.py)

from kiosk import procs  # noqa: E402
from kiosk.config import RecordingSettings  # noqa: E402
from kiosk.importing import import_clip, plan_import, probe_clip  # noqa: E402
from kiosk.importing.convert import conversion_args  # noqa: E402
from kiosk.recording import encoder as enc  # noqa: E402
from kiosk.recording.avsync import measure  # noqa: E402

START_S, SPAN_S = 2.5, 15.0
CLIPS = {
    "4k": dataclasses.replace(clips.HLG_4K, name="bench-iphone-hlg-4k", seconds=20.0),
    "1080p": dataclasses.replace(clips.VFR_PHONE, name="bench-android-1080p", seconds=20.0),
}
LABELS = {"4k": "4K HLG HEVC 10-bit, 30 fps, spatial audio + timecode", "1080p": "1080p H.264 VFR ~30 fps"}


class TreeMemory(PeakMemory):
    """The recording benchmark's sampler of this process's peak memory, plus the largest child's."""

    def __init__(self) -> None:
        super().__init__()
        self.child_peak = 0

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, me.memory_info().rss)
            for child in me.children(recursive=True):
                try:
                    self.child_peak = max(self.child_peak, child.memory_info().rss)
                except psutil.Error:
                    continue
            time.sleep(0.02)


def import_once(clip: Path, settings: RecordingSettings) -> dict:
    load = os.getloadavg()[0]
    with TreeMemory() as memory:
        cpu_before, started = cpu_seconds(), time.perf_counter()
        take = import_clip(clip, settings, start_s=START_S, seconds=SPAN_S)
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    offset = measure(take.video_path)
    return {"wall_s": wall, "cpu_s": cpu, "app_mb": memory.peak / 2**20, "ffmpeg_mb": memory.child_peak / 2**20,
            "av_ms": offset.median_ms, "av_spread_ms": offset.spread_ms, "load": load,
            "mp4_mb": take.video_path.stat().st_size / 1e6, "preset": take.meta.get("preset"),
            "encoder": take.meta.get("encoder")}


def ffmpeg_alone(clip: Path, settings: RecordingSettings, workdir: Path) -> dict:
    """The same conversion, as one ffmpeg command a person could type: no probe, no stills."""
    plan = plan_import(probe_clip(clip), START_S, SPAN_S)
    encoder = enc.choose_encoder(settings)
    args = conversion_args(plan, workdir / "alone.mp4", workdir / "alone-progress.txt", settings, encoder,
                           candidates=False)
    load = os.getloadavg()[0]
    with TreeMemory() as memory:
        cpu_before, started = cpu_seconds(), time.perf_counter()
        proc = procs.spawn(args, log_path=workdir / "alone.log")
        proc.wait()
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_before
    if proc.returncode != 0:
        raise SystemExit((workdir / "alone.log").read_text(encoding="utf-8", errors="replace")[-800:])
    return {"wall_s": wall, "cpu_s": cpu, "ffmpeg_mb": memory.child_peak / 2**20, "load": load}


def machine() -> str:
    return (f"{platform.platform()}, {psutil.cpu_count()} cores, Python {platform.python_version()}, "
            f"ffmpeg {Path(procs.ffmpeg_exe()).name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", default="auto", help="x264 preset (default: auto, as the app)")
    parser.add_argument("--only", choices=sorted(CLIPS), help="one of the clips only")
    args = parser.parse_args()
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    names = [args.only] if args.only else list(CLIPS)
    print(f"machine: {machine()}; load before making clips {os.getloadavg()}", flush=True)
    made = {name: clips.make_clip(CLIPS[name], out) for name in names}
    results: dict[str, tuple[list[dict], list[dict]]] = {}
    with tempfile.TemporaryDirectory(prefix="ivy-import-bench-") as tmp:
        os.environ["IVY_KIOSK_HOME"] = str(Path(tmp) / "資料 home")
        settings = RecordingSettings(preset=args.preset)
        enc.choose_preset(settings)  # the one-time speed probe of "auto" is not part of any import
        for name in names:
            ours, alone = [], []
            for run in range(args.runs):
                ours.append(import_once(made[name], settings))
                alone.append(ffmpeg_alone(made[name], settings, Path(tmp)))
                print(f"{name} run {run + 1}: import {ours[-1]['wall_s']:.1f} s wall {ours[-1]['cpu_s']:.1f} CPU s; "
                      f"ffmpeg alone {alone[-1]['wall_s']:.1f} s wall {alone[-1]['cpu_s']:.1f} CPU s", flush=True)
            results[name] = (ours, alone)
    report(results, args.preset)


def report(results: dict[str, tuple[list[dict], list[dict]]], preset_setting: str) -> None:
    print()
    print(f"machine: {machine()}; {time.strftime('%Y-%m-%d %H:%M')}; preset setting {preset_setting}; "
          f"span {SPAN_S:g} s from {START_S:g} s")
    print()
    print("| clip | run | load | import wall s | wall / span | import CPU s | ffmpeg alone CPU s | × ffmpeg alone "
          "| ffmpeg alone wall s | app peak MB | ffmpeg peak MB | A/V ms (spread) | MP4 MB | encoder |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, (ours, alone) in results.items():
        for run, (mine, base) in enumerate(zip(ours, alone, strict=True), 1):
            print(f"| {name} | {run} | {mine['load']:.1f} / {base['load']:.1f} | {mine['wall_s']:.1f} | "
                  f"{mine['wall_s'] / SPAN_S:.2f} | {mine['cpu_s']:.1f} | {base['cpu_s']:.1f} | "
                  f"{mine['cpu_s'] / base['cpu_s']:.3f} | {base['wall_s']:.1f} | {mine['app_mb']:.0f} | "
                  f"{mine['ffmpeg_mb']:.0f} | {mine['av_ms']:+.1f} ({mine['av_spread_ms']:.1f}) | "
                  f"{mine['mp4_mb']:.1f} | {mine['encoder']} {mine['preset'] or ''} |")
    print()
    for name, (ours, alone) in results.items():
        ratio = statistics.median(m["cpu_s"] / b["cpu_s"] for m, b in zip(ours, alone, strict=True))
        pooled = sum(m["cpu_s"] for m in ours) / sum(b["cpu_s"] for b in alone)
        wall = statistics.median(m["wall_s"] for m in ours)
        print(f"{name} ({LABELS[name]}): CPU × ffmpeg alone median {ratio:.3f} (all runs pooled {pooled:.3f}; goal ≤ 1.2), "
              f"wall median {wall:.1f} s = {wall / SPAN_S:.2f} × the span (goal ≤ 2), "
              f"app peak {max(m['app_mb'] for m in ours):.0f} MB, ffmpeg peak {max(m['ffmpeg_mb'] for m in ours):.0f} MB")
    print("Wall times are only comparable on a quiet machine: see the load column (1-minute load average, "
          "import / ffmpeg alone).")


if __name__ == "__main__":
    main()
