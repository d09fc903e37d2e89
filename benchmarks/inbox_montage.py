"""The organiser's side at full size: collect + montage of 22 counties × 15 s, against ffmpeg alone.

    .venv/bin/python benchmarks/inbox_montage.py [--runs 2] [--counties 22] [--seconds 15] [--preset veryfast]

Set-up (not timed): 22 kiosk packages built by the real package builder from noisy 1080p30 clips
(testsrc2 + temporal noise, a tone at a different level per county, three photos each) and queued
in the real outbox, whose .eml files are the organiser's mailbox (a folder source).

Timed, for each run, from an empty DIR and an empty cache:
* ``collect``: the 22 mails parsed, checked, probed, placed and verified (PDF hashes, requirement checks);
* ``montage``: the film with the default settings (two-pass loudness, cached pieces, 2 jobs);
* ``ffmpeg alone``: ONE ffmpeg run of the same filter graph — the same trims, scaling, lower-thirds,
  cards, cross-fades, loudness second pass (given the values our first pass measured) and the same
  encoder settings — i.e. the floor for the render;
* ``rebuild``: the montage again after one county's span changed (only its pieces are redone).

CPU seconds are user+sys of this process and every child it waited for (psutil). The machine's load
average is printed before each run: wall times on a loaded machine say little, CPU seconds more.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk import organiser, procs
from kiosk.config import Settings
from kiosk.inbox import InboxFolder, collect
from kiosk.inbox.jobs import NEVER_CANCELLED
from kiosk.inbox.montage import (
    MontageBuilder,
    MontageSettings,
    Span,
    build_montage,
    graph,
    plan_for,
    planned_clips,
)
from kiosk.inbox.sources import FolderSource
from kiosk.outbox import Outbox
from kiosk.package import Consent, Contact, build_package
from kiosk.recording.take import Take

FFMPEG = [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
BASE_CLIPS = 3  # distinct pictures; the 22 clips are remuxes of them with their own sound level


def cpu_seconds() -> float:
    times = psutil.Process().cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def timed(action: Callable[[], object]) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    result = action()
    return time.perf_counter() - wall, cpu_seconds() - cpu, result


def _ffmpeg(*args: str) -> None:
    result = procs.run([*FFMPEG, *args], timeout=1800)
    if result.returncode != 0:
        raise SystemExit(result.stderr.decode("utf-8", "replace")[-1000:])


def make_clips(folder: Path, counties: list[str], seconds: float) -> dict[str, Path]:
    """Noisy 1080p30 H.264/AAC clips like the kiosk's (superfast, CRF 23, 5 Mbit/s cap)."""
    bases = []
    for number in range(BASE_CLIPS):
        base = folder / f"base-{number}.mp4"
        _ffmpeg("-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds},hue=h={number * 90},"
                "noise=alls=14:allf=t", "-c:v", "libx264", "-preset", "superfast", "-crf", "23", "-maxrate", "5M",
                "-bufsize", "10M", "-g", "60", "-pix_fmt", "yuv420p", "-an", str(base))
        bases.append(base)
    clips = {}
    for number, county in enumerate(counties):
        clip = folder / f"{number:02d}.mp4"
        level = -30 + (number * 7) % 24  # -30 … -7 dB: counties send very different levels
        _ffmpeg("-i", str(bases[number % BASE_CLIPS]), "-f", "lavfi", "-i",
                f"sine=frequency={300 + 20 * number}:sample_rate=48000:duration={seconds}",
                "-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.3:sample_rate=48000:duration={seconds}",
                "-filter_complex", f"[1:a][2:a]amix=inputs=2,volume={level + 18}dB,aformat=channel_layouts=stereo[a]",
                "-map", "0:v", "-map", "[a]", "-c:v", "copy", "-c:a", "aac", "-b:a", "128k",
                "-metadata", f"title={county}", "-movflags", "+faststart", str(clip))
        clips[county] = clip
    return clips


def make_mailbox(home: Path, clips: dict[str, Path], seconds: float) -> Path:
    """Each county's package built and queued by the kiosk itself; its .eml files are the mailbox."""
    from PIL import Image

    os.environ["IVY_KIOSK_HOME"] = str(home)
    settings = Settings()
    settings.delivery.smtp.from_ = "kiosk@example.org"
    for county, clip in clips.items():
        take = Take.create(camera={"spec": "benchmark"}, mic=None, seconds_requested=seconds)
        shutil.copyfile(clip, take.dir / "take.mp4")
        stills = []
        for number in (1, 2, 3):
            Image.effect_noise((1920, 1080), 40 + number).convert("RGB").save(
                take.dir / "stills" / f"still-{number}.jpg", "JPEG", quality=85, dpi=(300, 300))
            stills.append(f"still-{number}.jpg")
        take.update(state="done", video="take.mp4", stills=stills, candidates=[], duration_s=seconds, width=1920,
                    height=1080, fps=30.0, frames=int(seconds * 30), dropped_frames=0, has_audio=True, short=False,
                    stop_reason="time_limit", encoder="libx264")
        contact = Contact("王小明", f"{county}政府社會局", "科員", "07-3438100", "contact@example.org")
        short = "benchmark: a short clip" if seconds < organiser.TAKE_MIN_SECONDS else None  # --seconds below 10
        package = build_package(take, Consent(county, contact, True, contact.name), settings=settings,
                                override_reason=short)
        Outbox().enqueue(package.id, settings)
    return home / "outbox" / "mail"


def reference_args(folder: InboxFolder, settings: MontageSettings, out: Path) -> list[str]:
    """The film's whole filter graph in one ffmpeg run, built from the same pieces the montage uses
    (the loudness readings and the film gain are the ones the montage measured: ffmpeg alone gets
    them for free)."""
    clips = planned_clips(folder, plan_for(folder, settings=settings))
    readings, gain = MontageBuilder(folder, settings, lambda step: None, NEVER_CANCELLED, 1).sound(clips)
    fps, fade = settings.fps, settings.crossfade_frames
    cards = [graph.Card(graph.opening_lines(len(clips)), settings.card_frames),
             graph.Card(graph.closing_lines(), settings.card_frames)]
    inputs: list[str] = []
    video, audio = [], []
    for n, clip in enumerate(clips):
        inputs += ["-ss", f"{clip.start_frame / fps:.6f}", "-t", f"{clip.frames / fps:.6f}", "-i", str(clip.path)]
        video.append(f"[{n}:v]{clip.chain(settings)},trim=end_frame={clip.frames},setpts=PTS-STARTPTS[v{n}]")
        samples = clip.frames * settings.samples_per_frame
        audio.append(f"[{n}:a]{graph.second_pass(readings[n].as_dict(), settings)},"
                     f"{graph.exact_length(samples, settings)}[a{n}]")
    card_graph = []
    for label, card in zip(("open", "close"), cards, strict=True):
        size = f"{settings.width}x{settings.height}"
        card_graph.append(f"color=c=0x0B2E59:s={size}:r={fps}:d={card.frames / fps:.6f},{card.chain(settings)}[{label}v]")
        card_graph.append(f"anullsrc=r={settings.sample_rate}:cl=stereo,atrim=end_sample="
                          f"{card.frames * settings.samples_per_frame}[{label}a]")
    parts_v = ["[openv]", *(f"[v{n}]" for n in range(len(clips))), "[closev]"]
    parts_a = ["[opena]", *(f"[a{n}]" for n in range(len(clips))), "[closea]"]
    lengths = [cards[0].frames, *(clip.frames for clip in clips), cards[1].frames]
    chain, current_v, current_a, elapsed = [], parts_v[0], parts_a[0], lengths[0]
    for k in range(1, len(parts_v)):
        offset = (elapsed - fade) / fps
        chain.append(f"{current_v}{parts_v[k]}xfade=transition=fade:duration={settings.crossfade_s}:offset={offset:.6f}[xv{k}]")
        chain.append(f"{current_a}{parts_a[k]}acrossfade=ns={fade * settings.samples_per_frame}:c1=tri:c2=tri[xa{k}]")
        current_v, current_a, elapsed = f"[xv{k}]", f"[xa{k}]", elapsed + lengths[k] - fade
    chain.append(f"{current_a}volume={gain}dB[aout]")
    encoder = [arg for arg in graph.video_args(settings) if arg not in ("-an", "-f", "mpegts")]
    return [*inputs, "-filter_complex", ";".join(video + audio + card_graph + chain), "-map", current_v,
            "-map", "[aout]", *encoder, "-c:a", "aac", "-b:a", f"{settings.audio_kbps}k", "-movflags", "+faststart",
            str(out)]


def one_run(mailbox: Path, work: Path, settings: MontageSettings) -> dict[str, float]:
    target = work / "DIR"
    shutil.rmtree(target, ignore_errors=True)
    load = os.getloadavg()[0]
    collect_wall, collect_cpu, _ = timed(lambda: collect(FolderSource(mailbox), target))
    folder = InboxFolder.open(target)
    plan = plan_for(folder, settings=settings)
    montage_wall, montage_cpu, result = timed(lambda: build_montage(folder, work / "film.mp4", plan))
    reference = reference_args(folder, settings, work / "reference.mp4")
    ref_wall, ref_cpu, _ = timed(lambda: _ffmpeg(*reference))
    plan.spans[plan.order[len(plan.order) // 2]] = Span(1.0, None)
    rebuild_wall, rebuild_cpu, rebuilt = timed(lambda: build_montage(folder, work / "film.mp4", plan))
    return {"load": load, "collect_wall": collect_wall, "collect_cpu": collect_cpu, "montage_wall": montage_wall,
            "montage_cpu": montage_cpu, "ref_wall": ref_wall, "ref_cpu": ref_cpu, "rebuild_wall": rebuild_wall,
            "rebuild_cpu": rebuild_cpu, "duration": result.duration_s, "lufs": result.loudness_lufs,  # type: ignore[attr-defined]
            "rebuilt_pieces": rebuilt.pieces_built, "pieces": rebuilt.pieces_built + rebuilt.pieces_reused}  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--counties", type=int, default=22)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--preset", default=MontageSettings().preset)
    args = parser.parse_args()
    settings = dataclasses.replace(MontageSettings(), preset=args.preset)
    counties = list(organiser.COUNTIES[: args.counties])
    with tempfile.TemporaryDirectory(prefix="ivy-bench-inbox-") as tmp:
        work = Path(tmp)
        print(f"set-up: {len(counties)} packages × {args.seconds:g} s …", flush=True)
        mailbox = make_mailbox(work / "kiosk home", make_clips(work, counties, args.seconds), args.seconds)
        print(f"mailbox: {len(list(mailbox.glob('*.eml')))} mails, "
              f"{sum(p.stat().st_size for p in mailbox.glob('*.eml')) / 1e6:.0f} MB; preset {settings.preset}", flush=True)
        runs = []
        for number in range(1, args.runs + 1):
            run = one_run(mailbox, work, settings)
            runs.append(run)
            print(f"run {number}: load {run['load']:.2f}, collect {run['collect_wall']:.1f} s / {run['collect_cpu']:.1f} CPU s, "
                  f"montage {run['montage_wall']:.1f} s / {run['montage_cpu']:.1f} CPU s, ffmpeg alone "
                  f"{run['ref_wall']:.1f} s / {run['ref_cpu']:.1f} CPU s, rebuild {run['rebuild_wall']:.1f} s / "
                  f"{run['rebuild_cpu']:.1f} CPU s", flush=True)
    print()
    print("| run | load | collect s / CPU s | montage s / CPU s | ffmpeg alone s / CPU s | (collect+montage) ÷ alone, CPU | "
          "montage ÷ alone, CPU | wall ratio | one span changed s / CPU s | film s | LUFS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for number, r in enumerate(runs, 1):
        total_cpu = r["collect_cpu"] + r["montage_cpu"]
        print(f"| {number} | {r['load']:.2f} | {r['collect_wall']:.1f} / {r['collect_cpu']:.1f} | {r['montage_wall']:.1f} / "
              f"{r['montage_cpu']:.1f} | {r['ref_wall']:.1f} / {r['ref_cpu']:.1f} | {total_cpu / r['ref_cpu']:.2f}× | "
              f"{r['montage_cpu'] / r['ref_cpu']:.2f}× | {(r['collect_wall'] + r['montage_wall']) / r['ref_wall']:.2f}× | "
              f"{r['rebuild_wall']:.1f} / {r['rebuild_cpu']:.1f} ({r['rebuilt_pieces']} of {r['pieces']} pieces) | "
              f"{r['duration']:.1f} | {r['lufs']:.1f} |")
    ratios = [(r["collect_cpu"] + r["montage_cpu"]) / r["ref_cpu"] for r in runs]
    loads = ", ".join(f"{r['load']:.2f}" for r in runs)
    print()
    print(f"summary: (collect + montage) CPU ÷ ffmpeg alone = median {statistics.median(ratios):.2f}× "
          f"(runs: {', '.join(f'{x:.2f}' for x in ratios)}); goal ≤ 1.2×. Loads: "
          f"{loads} (wall times on a loaded machine are indicative only).")


if __name__ == "__main__":
    main()
