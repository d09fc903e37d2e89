"""Where one recording's CPU goes, stage by stage, against ffmpeg alone doing the same work (SPEC §3, issue 14).

    .venv/bin/python benchmarks/frame_path.py [--seconds 12] [--runs 3] [--sources demo,clip,camera]
                                              [--preset auto|superfast|ultrafast] [--clip FILE]

Three sources, each through the real Studio → Camera → Recorder path:
- ``demo``: the built-in demo camera and mic (its own rendering is work a real camera does in hardware,
  so the ratio is also shown without it);
- ``clip``: a 1080p30 H.264/AAC clip with sensor-like noise, played as camera and mic (``--camera clip.mp4``);
- ``camera``: the same picture as an MJPG clip, decoded in-process by OpenCV (``cv2.imdecode`` of each
  JPEG packet, as OpenCV's webcam back-ends deliver MJPG), through a source double on the real Camera
  code; its sound played as the mic.

Per stage, CPU seconds of one recording (the interval from ``Studio.record`` to the finished take):
in-app stages are timed with per-thread CPU clocks around the functions that do them (exclusive of
nested stages); the child processes (decoder, video and audio encoders, mux and probes) are read with
psutil. "Python overhead" is the app process's CPU that no stage accounts for (queues, the loops, the
GIL). The baseline is ffmpeg alone decoding the same input and encoding it with the same encoder,
preset, CRF, bit-rate cap and AAC settings, run back to back with each recording. Repeat ≥ 3 runs and
read the medians: the machine's load is printed at start and end.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import inspect
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import cv2
import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import config, procs
from kiosk.capture import Camera, Microphone
from kiosk.capture.audio import PacedAudioSource
from kiosk.capture.clock import MONOTONIC, SharedEpoch
from kiosk.capture.demo import DemoFrameSource, demo_samples
from kiosk.capture.files import decode_audio, looped_samples
from kiosk.capture.video import CameraMode
from kiosk.recording import encoder as enc
from kiosk.recording.studio import Studio

FPS = 30

# --- stage accounting -------------------------------------------------------------------------

STAGES = ["source delivery", "grid", "colour conversion", "pipe writes", "frame tail", "still candidates",
          "audio (in app)", "finishing (in app)", "Python overhead", "decoder process", "video encoder process",
          "audio encoder process", "mux, probes, other children"]


class StageClock:
    """Exclusive per-thread CPU time of wrapped functions, by stage name."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.active = False
        self._local = threading.local()

    def wrap(self, owner: object, name: str, stage: str) -> None:
        original = getattr(owner, name, None)
        if original is None:
            return  # this version of the code has no such step
        clock = self

        @functools.wraps(original)
        def timed(*args, **kwargs):
            stack = clock._stack()
            stack.append(0.0)
            started = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                spent = time.thread_time() - started
                nested = stack.pop()
                if stack:
                    stack[-1] += spent
                if clock.active:
                    clock.totals[stage] += spent - nested

        is_static = isinstance(inspect.getattr_static(owner, name), staticmethod)
        setattr(owner, name, staticmethod(timed) if is_static else timed)

    def wrap_callable(self, fn, stage: str):
        holder = type("Holder", (), {"fn": staticmethod(fn)})
        self.wrap(holder, "fn", stage)
        return holder.fn

    def _stack(self) -> list[float]:
        if not hasattr(self._local, "stack"):
            self._local.stack = []
        return self._local.stack


CLOCK = StageClock()


def instrument() -> None:
    """Wrap the frame path's steps (names of both the old and the new code; absent ones are skipped)."""
    from kiosk.capture import audio, demo, files, video
    from kiosk.recording import grid, recorder, stills

    try:
        from kiosk.recording import tail
    except ImportError:  # the code before the frame tail
        tail = None

    CLOCK.wrap(demo.DemoFrameSource, "grab", "source delivery")
    CLOCK.wrap(files.FileFrameSource, "grab", "source delivery")
    CLOCK.wrap(MjpegCameraSource, "grab", "source delivery")
    CLOCK.wrap(grid.FrameGrid, "place", "grid")
    for name in ("_to_i420", "_picture"):
        CLOCK.wrap(recorder.Recorder, name, "colour conversion")
    CLOCK.wrap(recorder.Recorder, "_write", "pipe writes")
    if tail is not None:
        CLOCK.wrap(tail.FrameTail, "put", "frame tail")
    CLOCK.wrap(stills.CandidateWriter, "offer", "still candidates")
    CLOCK.wrap(stills, "sharpness", "still candidates")
    CLOCK.wrap(stills, "save_jpeg", "still candidates")
    CLOCK.wrap(recorder.Recorder, "_flush_audio", "audio (in app)")
    CLOCK.wrap(recorder.Recorder, "_complete_audio", "audio (in app)")
    CLOCK.wrap(audio.Microphone, "_deliver", "audio (in app)")
    CLOCK.wrap(recorder.Recorder, "_finish", "finishing (in app)")
    original_start = PacedAudioSource.start

    def start(self, deliver):
        self._samples = CLOCK.wrap_callable(self._samples, "audio (in app)")
        return original_start(self, deliver)

    PacedAudioSource.start = start  # type: ignore[method-assign]
    del video


def child_role(cmdline: list[str]) -> str:
    text = " ".join(cmdline)
    if "pipe:1" in text and "-pix_fmt" in text:
        return "decoder process"
    if "pipe:" in text and "-vcodec" in text:
        return "video encoder process"
    if "pipe:" in text and "-acodec" in text:
        return "audio encoder process"
    return "mux, probes, other children"


class ChildCpu:
    """CPU of the recording's child processes, by role, without a sampling thread in the app: the
    encoders' exact usage from ``os.wait4`` as the recorder reaps them, long-lived children (the file
    decoder) read at the start and the end of the recording."""

    def __init__(self) -> None:
        self.reaped: dict[str, float] = defaultdict(float)
        self._alive_at_start: dict[int, tuple[str, float]] = {}
        self._alive_delta: dict[str, float] = defaultdict(float)

    @staticmethod
    def _alive() -> dict[int, tuple[str, float]]:
        found = {}
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                found[child.pid] = (child_role(child.cmdline()), times.user + times.system)
        return found

    def __enter__(self) -> ChildCpu:
        from kiosk.recording import recorder

        self._alive_at_start = self._alive()
        self._original_wait = recorder._wait

        def reap(proc) -> None:
            if proc is None or not hasattr(os, "wait4") or proc.returncode is not None:
                return self._original_wait(proc)
            _pid, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            self.reaped[child_role([str(a) for a in proc.args])] += usage.ru_utime + usage.ru_stime
            return None

        recorder._wait = reap
        return self

    def __exit__(self, *exc: object) -> None:
        from kiosk.recording import recorder

        recorder._wait = self._original_wait
        for pid, (role, cpu) in self._alive().items():
            if pid in self._alive_at_start:
                self._alive_delta[role] += cpu - self._alive_at_start[pid][1]

    def by_role(self) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for source in (self.reaped, self._alive_delta):
            for role, cpu in source.items():
                out[role] += cpu
        return out


def process_cpu() -> tuple[float, float]:
    """(this process, its waited-for children) CPU seconds."""
    t = psutil.Process().cpu_times()
    return t.user + t.system, t.children_user + t.children_system


def alive_children_cpu() -> float:
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            times = child.cpu_times()
            total += times.user + times.system
    return total


# --- the camera-like source -------------------------------------------------------------------

class MjpegCameraSource:
    """An MJPG webcam double: JPEG packets read from a clip, decoded in-process by OpenCV (imdecode,
    as OpenCV's V4L2/DirectShow back-ends decode MJPG), paced at 30 fps on the shared clock."""

    finite = True

    def __init__(self, path: Path, epoch_t0) -> None:
        self.path = path
        self.description = f"mjpg:{path.name}"
        self._epoch_t0 = epoch_t0
        self._cap: cv2.VideoCapture | None = None
        self._next = 0

    def open(self) -> CameraMode:
        self._cap = cv2.VideoCapture(str(self.path), cv2.CAP_FFMPEG)
        self._cap.set(cv2.CAP_PROP_FORMAT, -1)  # the encoded packets, as a USB camera sends them
        return CameraMode(int(self._cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(self._cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                          30.0, "MJPG")

    def grab(self) -> np.ndarray | None:
        assert self._cap is not None
        ok, packet = self._cap.read()
        if not ok:
            return None
        MONOTONIC.sleep_until(self._epoch_t0() + self._next / FPS)
        self._next += 1
        return cv2.imdecode(packet, cv2.IMREAD_COLOR)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()


def open_camera_like(path: Path, settings: config.Settings) -> Studio:
    epoch = SharedEpoch(MONOTONIC)
    camera = Camera(MjpegCameraSource(path, epoch.t0))
    mic = Microphone(PacedAudioSource(f"file:{path.name}", looped_samples(decode_audio(path)), epoch.t0))
    camera.start()
    mic.start()
    camera.wait_first_frame(5)
    sources = {"camera": {"spec": str(path), "description": camera.source.description, "mode": vars(camera.mode)},
               "mic": {"spec": str(path), "description": "mjpg clip sound"}}
    return Studio(camera, mic, settings, sources)


# --- inputs and the baseline ------------------------------------------------------------------

def ffmpeg(*args: str, timeout: float = 900) -> None:
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-y", *args], timeout=timeout)
    if result.returncode != 0:
        raise SystemExit(result.stderr.decode()[-800:])


def make_inputs(workdir: Path, seconds: int, given_clip: Path | None) -> dict[str, Path]:
    """A noisy 1080p30 H.264/AAC clip (or ``--clip``) and its MJPG twin (a webcam's stream)."""
    length = seconds + 2
    clip, mjpg = given_clip or workdir / "clip.mp4", workdir / "camera-mjpg.avi"
    if given_clip is None:
        ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={length}",
               "-f", "lavfi", "-i", f"sine=frequency=523:sample_rate=48000:duration={length}",
               "-vf", "noise=alls=8:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
               "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k", "-shortest", str(clip))
    ffmpeg("-t", str(length), "-i", str(clip), "-vf", "fps=30,scale=1920:1080", "-c:v", "mjpeg", "-q:v", "4", "-pix_fmt", "yuvj422p", "-c:a", "pcm_s16le", str(mjpg))
    frames, sound = workdir / "demo.yuv", workdir / "demo.f32"
    scene = DemoFrameSource(lambda: 0.0)
    scene.open()
    with frames.open("wb") as fh:
        for n in range(seconds * FPS):
            fh.write(cv2.cvtColor(scene.render(n), cv2.COLOR_BGR2YUV_I420).tobytes())
    demo_samples(0, seconds * enc.AUDIO_RATE).astype("<f4").tofile(sound)
    return {"clip": clip, "camera": mjpg, "demo_frames": frames, "demo_sound": sound}


def output_options(settings: config.Settings, out: Path) -> list[str]:
    """The recorder's own encoder options (from encode_args), after its input."""
    encoder = enc.choose_encoder(settings.recording)
    args = enc.encode_args(out, enc.VideoFormat(1920, 1080, FPS), encoder, settings.recording)
    return args[args.index("pipe:") + 1 : args.index(str(out))]


def audio_options(settings: config.Settings) -> list[str]:
    args = enc.audio_encode_args(Path("a.mka"), settings.recording)
    return args[args.index("pipe:") + 1 : args.index("a.mka")]


def baseline(source: str, inputs: dict[str, Path], seconds: int, settings: config.Settings, workdir: Path) -> float:
    """ffmpeg alone, the same work: decode the input, encode picture and sound with the same settings."""
    before = process_cpu()[1]
    if source == "demo":  # the demo frames as the recorder pipes them (I420), and the same sound
        ffmpeg("-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1920x1080", "-framerate", str(FPS),
               "-i", str(inputs["demo_frames"]), *output_options(settings, workdir / "base-v.mkv"),
               str(workdir / "base-v.mkv"))
        ffmpeg("-f", "f32le", "-ar", str(enc.AUDIO_RATE), "-ac", "1", "-i", str(inputs["demo_sound"]),
               *audio_options(settings), str(workdir / "base-a.mka"))
    else:
        out = workdir / "base.mkv"
        ffmpeg("-t", str(seconds), "-i", str(inputs[source]), "-map", "0:v:0", "-map", "0:a:0",
               "-vf", f"fps={FPS}", *output_options(settings, out), *audio_options(settings), str(out))
    return process_cpu()[1] - before


# --- one recording ----------------------------------------------------------------------------

def open_studio(source: str, inputs: dict[str, Path], settings: config.Settings) -> Studio:
    if source == "demo":
        return Studio.open("demo", "demo", settings)
    if source == "clip":
        return Studio.open(str(inputs["clip"]), str(inputs["clip"]), settings)
    return open_camera_like(inputs["camera"], settings)


def record_once(source: str, inputs: dict[str, Path], seconds: int, settings: config.Settings) -> dict:
    studio = open_studio(source, inputs, settings)
    try:
        CLOCK.totals.clear()
        with ChildCpu() as children:
            app_before, waited_before = process_cpu()
            alive_before = alive_children_cpu()
            CLOCK.active = True
            take = studio.record(max_seconds=seconds).result()
            CLOCK.active = False
            app_after, waited_after = process_cpu()
            alive_after = alive_children_cpu()
    finally:
        CLOCK.active = False
        studio.close()
    app = app_after - app_before
    children_total = (waited_after - waited_before) + (alive_after - alive_before)
    stages = dict(CLOCK.totals)
    stages["Python overhead"] = app - sum(stages.values())
    roles = children.by_role()
    sampled = sum(v for k, v in roles.items() if k != "mux, probes, other children")
    stages.update({k: v for k, v in roles.items() if k != "mux, probes, other children"})
    stages["mux, probes, other children"] = max(0.0, children_total - sampled)
    meta = take.meta
    return {"stages": stages, "total": app + children_total, "app": app, "frames": meta.get("frames"),
            "lost": meta.get("dropped_frames"), "encoder": f"{meta.get('encoder')} {meta.get('preset')}",
            "synthetic": stages.get("source delivery", 0.0) if source == "demo" else 0.0}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sources", default="demo,clip,camera")
    parser.add_argument("--preset", default="auto", help="x264 preset (default: auto, as the app)")
    parser.add_argument("--clip", type=Path, help="a 1080p clip with sound (≥ seconds + 1 long) to play as camera "
                        "and mic instead of the generated one; its MJPG twin is made from it")
    args = parser.parse_args()
    sources = args.sources.split(",")
    print(f"load average at start: {load()} (2 cores: above ~1.5 the numbers are taken under load)", flush=True)
    instrument()
    started_load = load()
    results: dict[str, list[dict]] = defaultdict(list)
    baselines: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="ivy-frame-") as tmp:
        workdir = Path(tmp)
        os.environ["IVY_KIOSK_HOME"] = str(workdir / "home")
        settings = config.Settings()
        settings.recording.preset = args.preset
        inputs = make_inputs(workdir, args.seconds, args.clip.resolve() if args.clip else None)
        enc.choose_preset(settings.recording)  # settled (and cached) before anything is measured
        for run in range(args.runs):
            for source in sources:
                try:
                    recorded = record_once(source, inputs, args.seconds, settings)
                except Exception as exc:  # e.g. a source that gives no picture on a machine this busy
                    print(f"run {run + 1} {source:>6}: FAILED ({exc})", flush=True)
                    continue
                if recorded["frames"] != args.seconds * FPS:
                    print(f"run {run + 1} {source:>6}: left out, only {recorded['frames']} frames "
                          f"(the source fell behind real time: is the machine busy?)", flush=True)
                    continue
                results[source].append(recorded)
                baselines[source].append(baseline(source, inputs, args.seconds, settings, workdir))
                r = results[source][-1]
                print(f"run {run + 1} {source:>6}: {r['total']:6.2f} CPU s vs ffmpeg alone {baselines[source][-1]:6.2f}"
                      f" → {r['total'] / baselines[source][-1]:.2f}×, {r['frames']} frames, {r['lost']} lost",
                      flush=True)
    sources = [s for s in sources if results[s]]
    if not sources:
        raise SystemExit("no run completed")
    print()
    print(f"machine: {platform.platform()}, {psutil.cpu_count()} cores, Python {platform.python_version()}, "
          f"ffmpeg {Path(procs.ffmpeg_exe()).name}, encoder {results[sources[0]][0]['encoder']} "
          f"(preset setting {args.preset}); load average at start {started_load}, at end {load()}")
    print(f"{args.seconds} s recordings, {args.runs} runs each; CPU seconds per recording, medians:")
    print(f"{'stage':<30}" + "".join(f"{s:>10}" for s in sources))
    for stage in STAGES:
        print(f"{stage:<30}" + "".join(
            f"{statistics.median(r['stages'].get(stage, 0.0) for r in results[s]):>10.2f}" for s in sources))
    print(f"{'whole recording':<30}" + "".join(f"{statistics.median(r['total'] for r in results[s]):>10.2f}"
                                               for s in sources))
    print(f"{'ffmpeg alone, same work':<30}" + "".join(f"{statistics.median(baselines[s]):>10.2f}" for s in sources))
    print("summary (target ≤ 1.2× for clip and camera; frames lost target 0):")
    for s in sources:
        ratios = [r["total"] / b for r, b in zip(results[s], baselines[s], strict=True)]
        line = (f"  {s:>6}: CPU ratio median {statistics.median(ratios):.2f}× "
                f"(runs {', '.join(f'{x:.2f}' for x in ratios)}), lost {[r['lost'] for r in results[s]]}")
        if s == "demo":
            without = [(r["total"] - r["synthetic"]) / b for r, b in zip(results[s], baselines[s], strict=True)]
            line += f"; without the demo's own rendering {statistics.median(without):.2f}×"
        print(line)


if __name__ == "__main__":
    main()
