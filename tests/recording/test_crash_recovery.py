"""Crashes and power cuts at any moment of a take, and ``recover`` run at once afterwards.

The kills are real (SIGKILL of the recording process group, and of its encoders, which run in their
own sessions so that a crash of the app alone lets them finish their files); the recordings, the
encoders and the salvage use the real ffmpeg.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from kiosk import procs
from kiosk.capture.demo import DemoFrameSource
from kiosk.config import RecordingSettings
from kiosk.recording import encoder as enc
from kiosk.recording import processes, recover
from kiosk.recording.media import decode_errors, probe_media
from kiosk.recording.tail import FrameTail, index_offset, read_tail
from kiosk.recording.take import (
    INTERMEDIATE_AUDIO_RAW,
    INTERMEDIATE_TAIL,
    INTERMEDIATE_VIDEO,
    STILLS_DIR,
    TAKE_JSON,
    VIDEO_FILE,
    Take,
    list_takes,
)

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="kills a POSIX process group; Windows has no killpg")


def kiosk(args: list[str], env: dict, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def wait_for(condition, what: str, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.01)
    pytest.fail(f"never happened: {what}")


def the_take(home: Path) -> Path | None:
    found = list((home / "takes").glob("*/take.json")) if (home / "takes").is_dir() else []
    return found[0].parent if found else None


def frames_piped(home: Path) -> int:
    """How far the take has got: frames handed to the encoder, read from its frame tail on disk."""
    take_dir = the_take(home)
    tail = read_tail(take_dir / INTERMEDIATE_TAIL) if take_dir else None
    return tail.end if tail else 0


def finishing(home: Path) -> bool:
    take_dir = the_take(home)
    if take_dir is None:
        return False
    try:
        return "frames_recorded" in json.loads((take_dir / TAKE_JSON).read_text(encoding="utf-8"))
    except ValueError:  # being replaced at this very moment
        return False


def start_recording(env: dict, seconds: int = 10) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kiosk", "record", "--camera", "demo", "--mic", "demo",
                             "--seconds", str(seconds)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def power_cut(child: subprocess.Popen) -> None:
    """The app, its group and its encoders (in their own sessions) all die at once."""
    import psutil

    encoders = psutil.Process(child.pid).children(recursive=True)
    os.killpg(child.pid, signal.SIGKILL)
    for proc in encoders:
        proc.kill()
    child.wait()


def recover_now(env: dict) -> dict:
    result = kiosk(["recover", "--json"], env)
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def assert_salvaged_take(take_dir: Path, at_least_s: float) -> dict:
    take = json.loads((take_dir / TAKE_JSON).read_text(encoding="utf-8"))
    assert take["state"] == "salvaged"
    video = take_dir / take["video"]
    info = probe_media(video)
    assert info.duration_s >= at_least_s - 0.001 and take["duration_s"] >= at_least_s - 0.001
    assert info.has_audio and (info.width, info.height) == (1920, 1080)
    assert decode_errors(video) == ""
    assert not (take_dir / INTERMEDIATE_VIDEO).exists() and not (take_dir / INTERMEDIATE_TAIL).exists()
    return take


@posix_only
@pytest.mark.parametrize("after_s", [0.0, 0.1, 0.25])
def test_a_power_cut_while_finishing_keeps_the_whole_take(cli_env, kiosk_home, after_s):
    """A 10 s take killed with its encoders after it stopped comes back as 10 s, not "short"."""
    child = start_recording(cli_env)
    wait_for(lambda: finishing(kiosk_home), "the take reached its end")
    time.sleep(after_s)
    power_cut(child)
    report = recover_now(cli_env)
    take_dir = the_take(kiosk_home)
    assert take_dir is not None
    if report["takes"] == []:  # the kill came after the take was done: nothing was interrupted
        assert json.loads((take_dir / TAKE_JSON).read_text(encoding="utf-8"))["state"] == "done"
        return
    assert [t["state"] for t in report["takes"]] == ["salvaged"] and report["ok"] is True
    take = assert_salvaged_take(take_dir, at_least_s=10.0)
    assert take["short"] is False and take["frames"] >= 300
    assert len(take["stills"]) == 3


@posix_only
@pytest.mark.parametrize("frames", [30, 150])
def test_a_power_cut_mid_take_keeps_every_frame_the_encoder_was_given(cli_env, kiosk_home, frames):
    """At 1 s in (where salvage used to fail outright) and half-way: nothing piped is lost."""
    child = start_recording(cli_env, seconds=15)
    wait_for(lambda: frames_piped(kiosk_home) >= frames, f"{frames} frames recorded")
    power_cut(child)
    reached = frames_piped(kiosk_home)
    report = recover_now(cli_env)
    assert [t["state"] for t in report["takes"]] == ["salvaged"], report
    take = assert_salvaged_take(the_take(kiosk_home), at_least_s=reached / 30)
    assert take["frames"] == reached


@posix_only
def test_recover_right_after_the_app_alone_is_killed_waits_for_its_encoders(cli_env, kiosk_home):
    """The encoders outlive the app and finish their files: recover waits for them, never "nothing to do"."""
    child = start_recording(cli_env, seconds=15)
    wait_for(lambda: frames_piped(kiosk_home) >= 90, "3 s recorded")
    os.killpg(child.pid, signal.SIGKILL)  # the app only: its encoders run in their own sessions
    child.wait()
    reached = frames_piped(kiosk_home)
    report = recover_now(cli_env)
    assert [t["state"] for t in report["takes"]] == ["salvaged"], report
    take = assert_salvaged_take(the_take(kiosk_home), at_least_s=reached / 30)
    assert not any(processes.is_running(e) for e in take["encoders"])
    assert recover_now(cli_env)["takes"] == []  # nothing salvaged twice


def test_a_take_whose_encoders_outlast_the_wait_is_reported_pending(kiosk_home):
    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # stands in for an encoder
    try:
        take = Take.create()
        take.update(encoders=[processes.identity(busy.pid)])
        [report] = recover.recover_all(wait_s=0.2)
        assert report["state"] == "pending" and report["take"] == take.id and report["retry_after_s"] > 0
        assert report.keys() >= {"take", "dir", "state", "duration_s", "error"}
        assert Take.load(take.dir).state == "recording"  # untouched while its encoder works
    finally:
        busy.kill()
        busy.wait()
    [report] = recover.recover_all(wait_s=0.2)
    assert report["state"] == "failed"  # the stand-in wrote no video: now it is judged, not pending


def test_an_id_taken_over_by_another_program_is_not_our_encoder():
    me = processes.identity(os.getpid())
    assert processes.is_running(me)
    assert not processes.is_running({**me, "started": me["started"] - 3600})
    assert not processes.is_running({"pid": "x"})


# --- the pieces the salvage is made of -------------------------------------------------------

def demo_i420(count: int) -> list[bytes]:
    import cv2

    scene = DemoFrameSource(lambda: 0.0)
    scene.open()
    return [cv2.cvtColor(scene.render(n), cv2.COLOR_BGR2YUV_I420).tobytes() for n in range(count)]


def test_the_frame_tail_keeps_the_last_frames_and_never_a_torn_one(tmp_path):
    frames = [np.full(1920 * 1080 * 3 // 2, n, np.uint8) for n in range(10)]
    tail = FrameTail(tmp_path / "tail.yuv", 1920, 1080, slots=4)
    for n, frame in enumerate(frames):
        tail.put(n, frame)
    tail.close()
    held = read_tail(tmp_path / "tail.yuv")
    assert held is not None and held.end == 10 and sorted(held.indices) == [6, 7, 8, 9]
    assert [f[0] for f in held.frames(6, 10)] == [6, 7, 8, 9]
    assert [f[0] for f in held.frames(4, 7)] == [6, 6, 6]  # gone: the next frame held stands in
    with (tmp_path / "tail.yuv").open("r+b") as fh:  # a kill in the middle of rewriting slot 1 (frame 9)
        fh.seek(index_offset(1))
        fh.write((-1).to_bytes(8, "little", signed=True))
    assert sorted(read_tail(tmp_path / "tail.yuv").indices) == [6, 7, 8]


def test_the_clean_start_of_a_stream_with_b_frames():
    listing = "#tb 0: 1/1000\n" + "".join(
        f"0, {dts}, {pts}, 33, 1000, 0x0\n" for dts, pts in [(0, 0), (33, 133), (67, 67), (100, 33), (133, 100),
                                                             (167, 267), (200, 200)])
    # frames 0 and 4, then 2, 1, 3 (clean after five), then 8 and 6 without 5 and 7
    assert recover._clean_prefix(listing) == 5
    assert recover._clean_prefix("#tb 0: 1/1000\n0, 0, 0, 33, 10, 0x0\n0, 33, 133, 33, 10, 0x0\n") == 1
    assert recover._clean_prefix("") == 0


def test_an_encoder_killed_with_frames_in_flight_is_completed_from_the_tail(kiosk_home):
    """The real x264 holds frames when it dies; salvage takes them from the tail and joins the halves."""
    take = Take.create()
    settings = RecordingSettings(encoder="libx264", preset="superfast")
    take.update(encoder="libx264", preset="superfast", fps=30, width=1920, height=1080, has_audio=True)
    frames = demo_i420(60)
    proc = procs.spawn(enc.encode_args(take.dir / INTERMEDIATE_VIDEO, enc.VideoFormat(1920, 1080, 30), "libx264",
                                       settings), stdin=subprocess.PIPE)
    tail = FrameTail(take.dir / INTERMEDIATE_TAIL, 1920, 1080)
    for n in range(75):
        tail.put(n, np.frombuffer(frames[n % 60], np.uint8))
        proc.stdin.write(frames[n % 60])
    proc.stdin.flush()
    proc.kill()  # with its look-ahead and frame threads still full
    proc.wait()
    tail.close()
    written = recover._copy_clean_start(take)
    assert 0 < written < 75  # the encoder really had frames in flight
    (take.dir / INTERMEDIATE_AUDIO_RAW).write_bytes(np.zeros(48_000 * 3, "<f4").tobytes())
    report = recover.salvage(take)
    assert report["state"] == "salvaged", report
    info = probe_media(take.dir / VIDEO_FILE)
    assert info.duration_s == pytest.approx(2.5, abs=0.04) and info.has_audio
    assert Take.load(take.dir).meta["frames"] == 75
    assert decode_errors(take.dir / VIDEO_FILE) == ""


# --- a damaged take.json --------------------------------------------------------------------

def make_finished_take(take: Take, seconds: float = 10.0) -> None:
    result = procs.run([procs.ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size=1920x1080:rate=30:duration={seconds}", "-f", "lavfi", "-i",
                        f"sine=frequency=440:sample_rate=48000:duration={seconds}", "-c:v", "libx264",
                        "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
                        str(take.dir / VIDEO_FILE)], timeout=120)
    assert result.returncode == 0, result.stderr
    for n in range(1, 4):
        procs.run([procs.ffmpeg_exe(), "-v", "error", "-y", "-ss", str(n * 2), "-i", str(take.dir / VIDEO_FILE),
                   "-frames:v", "1", str(take.dir / STILLS_DIR / f"still-{n}.jpg")], timeout=60)


def test_a_damaged_record_beside_a_finished_video_is_rebuilt_and_kept_aside(cli_env):
    take = Take.create()
    make_finished_take(take)
    (take.dir / TAKE_JSON).write_text('{"id": "x", "state": "done", "duration_s": "long"}', encoding="utf-8")
    assert list_takes() == []  # unreadable as it stands
    report = recover_now(cli_env)
    assert [(t["take"], t["state"]) for t in report["takes"]] == [(take.id, "salvaged")]
    [aside] = take.dir.glob("take.json.damaged-*")
    assert aside.read_text(encoding="utf-8") == '{"id": "x", "state": "done", "duration_s": "long"}'
    [rebuilt] = list_takes()
    assert rebuilt.id == take.id and rebuilt.state.has_video and rebuilt.kept is None
    assert rebuilt.duration_s == pytest.approx(10.0, abs=0.1) and rebuilt.has_audio
    assert [p.name for p in rebuilt.still_paths] == ["still-1.jpg", "still-2.jpg", "still-3.jpg"]
    assert rebuilt.meta["rebuilt_from"] == aside.name


def test_a_damaged_record_of_an_interrupted_take_is_salvaged_from_its_intermediates(kiosk_home):
    take = Take.create()
    frames = demo_i420(45)
    tail = FrameTail(take.dir / INTERMEDIATE_TAIL, 1920, 1080)
    for n, frame in enumerate(frames):
        tail.put(n, np.frombuffer(frame, np.uint8))
    tail.close()
    (take.dir / INTERMEDIATE_AUDIO_RAW).write_bytes(np.zeros(48_000 * 2, "<f4").tobytes())
    (take.dir / TAKE_JSON).write_text("{not json", encoding="utf-8")
    [report] = recover.recover_all()
    assert report["state"] == "salvaged" and report["duration_s"] == pytest.approx(1.5)
    assert len(list(take.dir.glob("take.json.damaged-*"))) == 1
    assert Take.load(take.dir).video_path.is_file()


def test_a_damaged_record_with_nothing_readable_is_kept_aside_and_reported(kiosk_home):
    take = Take.create()
    (take.dir / TAKE_JSON).write_text("[1, 2, 3]", encoding="utf-8")
    [report] = recover.recover_all()
    assert report["state"] == "failed" and "damaged" in report["error"]
    assert len(list(take.dir.glob("take.json.damaged-*"))) == 1
    assert Take.load(take.dir).state == "failed"
    assert recover.recover_all() == []  # reported once, not rebuilt at every start


def test_recover_on_the_command_line_says_pending_and_when_to_retry(cli_env):
    busy = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # an encoder still at work
    try:
        take = Take.create()
        take.update(encoders=[processes.identity(busy.pid)])
        result = kiosk(["recover", "--json"], cli_env)
    finally:
        busy.kill()
        busy.wait()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "again in" in result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] is False and [t["state"] for t in report["takes"]] == ["pending"]


def test_intermediates_left_beside_a_finished_take_are_cleaned_up(kiosk_home):
    take = Take.create()
    take.update(state="done", video=VIDEO_FILE, duration_s=10.0)
    (take.dir / INTERMEDIATE_TAIL).write_bytes(b"x" * 1000)  # killed between "done" and the clean-up
    (take.dir / INTERMEDIATE_AUDIO_RAW).write_bytes(b"x")
    assert recover.recover_all() == []
    assert not (take.dir / INTERMEDIATE_TAIL).exists() and not (take.dir / INTERMEDIATE_AUDIO_RAW).exists()
    assert Take.load(take.dir).state == "done"


def test_a_seam_that_does_not_decode_is_caught(tmp_path):
    broken = tmp_path / "broken.mkv"
    broken.write_bytes(b"\x1a\x45\xdf\xa3" + b"\x00" * 5000)  # a Matroska magic and nothing readable
    assert recover._seam_errors(broken, 30) != ""
