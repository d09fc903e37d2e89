"""Recording benchmark (SPEC §3), on the built-in demo source. Not a test: run it and write down the numbers.

    .venv/bin/python benchmarks/recording.py [--seconds 15] [--runs 3]

For each run: frames lost of 450, A/V offset measured from the finished file (flash vs beep),
stop → verified MP4, start → first live frame, CPU of the whole recording (this process and its
encoders) against ffmpeg alone encoding the same frames and sound with the same settings, peak
memory of the app process, and the encoder's headroom (how much faster than real time it is alone).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import config, procs
from kiosk.capture.demo import DemoFrameSource, demo_samples
from kiosk.recording import encoder as enc
from kiosk.recording.avsync import measure
from kiosk.recording.recorder import FPS
from kiosk.recording.studio import Studio


class PeakMemory:
    """Samples this process's resident memory every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, me.memory_info().rss)
            time.sleep(0.02)


def cpu_seconds() -> float:
    """CPU time of this process plus its finished (waited-for) children."""
    t = psutil.Process().cpu_times()
    return t.user + t.system + t.children_user + t.children_system


SYNTHETIC_SOURCE_THREADS = ("camera-capture", "audio-source")


def source_cpu_seconds() -> float:
    """CPU of the threads that render the demo scene and tone: work a real camera and sound card
    do in their own hardware and drivers, so it is reported apart."""
    ids = {t.native_id for t in threading.enumerate() if t.name in SYNTHETIC_SOURCE_THREADS}
    return sum(t.user_time + t.system_time for t in psutil.Process().threads() if t.id in ids)


def record_once(seconds: int, settings: config.Settings) -> dict:
    opened = time.perf_counter()
    studio = Studio.open("demo", "demo", settings)
    first_frame_s = time.perf_counter() - opened
    try:
        with PeakMemory() as memory:
            cpu_before, source_before = cpu_seconds(), source_cpu_seconds()
            recorder = studio.record(max_seconds=seconds)
            take = recorder.result()
            cpu, source_cpu = cpu_seconds() - cpu_before, source_cpu_seconds() - source_before
    finally:
        studio.close()
    offset = measure(take.video_path)
    meta = take.meta
    return {
        "take": take.id, "frames": meta["frames"], "dropped": meta["dropped_frames"],
        "av_median_ms": offset.median_ms, "av_spread_ms": offset.spread_ms,
        "stop_to_mp4_s": meta["timings"]["stop_to_mp4_s"], "first_frame_s": first_frame_s,
        "cpu_s": cpu, "source_cpu_s": source_cpu, "peak_rss_mb": memory.peak / 2**20, "mp4_mb": take.video_path.stat().st_size / 1e6,
        "encoder": f"{meta['encoder']} {meta.get('preset', '')}",
    }


def baseline(seconds: int, settings: config.Settings, workdir: Path) -> dict:
    """ffmpeg alone: the same demo frames (as I420, as the recorder pipes them) and the same sound."""
    import cv2

    frames = workdir / "frames.yuv"
    source = DemoFrameSource(lambda: 0.0)
    source.open()
    with frames.open("wb") as fh:
        for n in range(seconds * FPS):
            fh.write(cv2.cvtColor(source.render(n), cv2.COLOR_BGR2YUV_I420).tobytes())
    sound = workdir / "sound.f32"
    demo_samples(0, seconds * enc.AUDIO_RATE).astype("<f4").tofile(sound)
    encoder = enc.choose_encoder(settings.recording)
    video_args = enc.encode_args(workdir / "v.mkv", enc.VideoFormat(1920, 1080, FPS), encoder, settings.recording)
    audio_args = enc.audio_encode_args(workdir / "a.mka", settings.recording)
    video_args[video_args.index("pipe:")] = str(frames)
    audio_args[audio_args.index("pipe:")] = str(sound)
    cpu, wall = 0.0, 0.0
    for args in (video_args, audio_args):
        before = cpu_seconds()
        started = time.perf_counter()
        result = procs.run(args, timeout=600)
        if result.returncode != 0:
            raise SystemExit(result.stderr.decode()[-500:])
        wall += time.perf_counter() - started
        cpu += cpu_seconds() - before
    return {"cpu_s": cpu, "wall_s": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", default="auto", help="x264 preset (default: auto, as the app)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ivy-bench-") as tmp:
        os.environ["IVY_KIOSK_HOME"] = str(Path(tmp) / "home")
        settings = config.Settings()
        settings.recording.preset = args.preset
        runs = [record_once(args.seconds, settings) for _ in range(args.runs)]
        base = baseline(args.seconds, settings, Path(tmp))
    print(f"machine: {platform.platform()}, {psutil.cpu_count()} cores, Python {platform.python_version()}, "
          f"ffmpeg {Path(procs.ffmpeg_exe()).name}, encoder {runs[0]['encoder']} (preset setting {args.preset})")
    print(f"{'run':>3} {'frames':>6} {'lost':>4} {'A/V med ms':>10} {'spread ms':>9} {'stop→mp4 s':>10} "
          f"{'1st frame s':>11} {'CPU s':>6} {'×ffmpeg':>7} {'src CPU s':>9} {'×ffmpeg w/o src':>15} "
          f"{'peak MB':>7} {'mp4 MB':>6}")
    for i, r in enumerate(runs, 1):
        print(f"{i:>3} {r['frames']:>6} {r['dropped']:>4} {r['av_median_ms']:>10.2f} {r['av_spread_ms']:>9.2f} "
              f"{r['stop_to_mp4_s']:>10.3f} {r['first_frame_s']:>11.3f} {r['cpu_s']:>6.2f} "
              f"{r['cpu_s'] / base['cpu_s']:>7.2f} {r['source_cpu_s']:>9.2f} "
              f"{(r['cpu_s'] - r['source_cpu_s']) / base['cpu_s']:>15.2f} {r['peak_rss_mb']:>7.0f} {r['mp4_mb']:>6.2f}")
    ratio = statistics.median(r["cpu_s"] / base["cpu_s"] for r in runs)
    print(f"ffmpeg alone, same frames and settings: CPU {base['cpu_s']:.2f} s, wall {base['wall_s']:.2f} s "
          f"→ encoder headroom {args.seconds / base['wall_s']:.2f}× real time")
    without_source = statistics.median((r["cpu_s"] - r["source_cpu_s"]) / base["cpu_s"] for r in runs)
    print(f"median CPU ratio (whole recording / ffmpeg alone): {ratio:.2f}×; without the synthetic source's "
          f"own rendering: {without_source:.2f}×  (target ≤ 1.2×)")


if __name__ == "__main__":
    main()
