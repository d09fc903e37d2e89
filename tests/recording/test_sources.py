"""Capture sources: demo camera and mic, the audio ring, file sources, SRC parsing."""

import queue
from pathlib import Path

import numpy as np
import pytest

from kiosk import procs
from kiosk.capture.audio import AudioRing
from kiosk.capture.clock import MONOTONIC, SharedEpoch
from kiosk.capture.demo import BEEP_S, DemoFrameSource, demo_samples
from kiosk.capture.files import FileFrameSource, decode_audio
from kiosk.capture.sources import open_camera_source, open_mic_source, open_sources
from kiosk.capture.video import Frame, QueueSink
from kiosk.errors import BadInput
from kiosk.recording.recorder import QUEUE_BYTES


def test_demo_camera_is_1080p30_with_a_white_frame_each_whole_second_from_one():
    source = DemoFrameSource(lambda: 0.0)
    mode = source.open()
    assert (mode.width, mode.height, mode.fps) == (1920, 1080, 30.0)
    assert source.render(0).mean() < 200  # t = 0 is not a flash
    for n in (30, 60, 90):
        assert source.render(n).min() == 255
    a, b = source.render(31), source.render(32)
    assert a.shape == (1080, 1920, 3) and a.mean() < 200
    assert np.abs(a.astype(int) - b.astype(int)).mean() > 1  # moving content and noise


def test_demo_mic_beeps_40ms_at_each_whole_second_over_a_quiet_bed():
    one_second = demo_samples(0, 48_000)
    assert np.abs(one_second).max() < 0.05  # only the noise bed before t = 1 s
    second = demo_samples(48_000, 48_000)
    loud = np.nonzero(np.abs(second) > 0.2)[0]
    assert loud[0] < 48  # within 1 ms of t = 1 s
    assert (loud[-1] - loud[0]) / 48_000 == pytest.approx(BEEP_S, abs=0.002)


def test_audio_ring_places_samples_on_the_clock_by_the_earliest_arrival():
    ring = AudioRing(rate=48_000, seconds=1.0)
    for k in range(10):  # 10 ms blocks; arrivals late by 0..3 ms
        ring.push(np.full(480, k, dtype=np.float32), arrival_t=10.0 + (k + 1) * 0.01 + (k % 4) * 0.001)
    assert ring.anchor() == pytest.approx(10.0, abs=1e-9)
    assert ring.index_at(10.05) == 2400
    assert list(ring.read(475, 485)) == [0] * 5 + [1] * 5


def test_audio_ring_wraps_and_forgets_what_is_too_old():
    ring = AudioRing(rate=1000, seconds=1.0)
    for k in range(25):
        ring.push(np.full(100, k, dtype=np.float32), arrival_t=k * 0.1)
    assert ring.total == 2500
    assert ring.read(2390, 2410).tolist() == [23] * 10 + [24] * 10
    assert ring.read(0, 10).tolist() == [0] * 10  # gone: silence, not garbage
    level = ring.level(0.1)
    assert level.peak == 24 and level.clipped


def make_clip(path: Path, seconds: float = 2.0) -> Path:
    result = procs.run([procs.ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                        f"testsrc2=size=1920x1080:rate=30:duration={seconds}", "-f", "lavfi", "-i",
                        f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                        "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest", str(path)],
                       timeout=60)
    assert result.returncode == 0, result.stderr
    return path


class VirtualClock:
    """Time passes only by sleeping: the reader is never late, so no frame is skipped."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def sleep_until(self, deadline: float) -> None:
        self.t = max(self.t, deadline)


def test_a_video_file_plays_as_a_finite_live_camera(tmp_path):
    clip = make_clip(tmp_path / "片段 clip.mp4", 1.0)
    clock = VirtualClock()
    epoch = SharedEpoch(clock)
    source = FileFrameSource(clip, epoch.t0, clock)
    mode = source.open()
    frames = []
    while (image := source.grab()) is not None:
        frames.append(image)
    source.close()
    assert (mode.width, mode.height) == (1920, 1080) and source.finite
    assert len(frames) == 30 and frames[0].shape == (1620, 1920)  # I420, the encoder's own format
    assert clock.t == pytest.approx(0.1 + 29 / 30)  # paced on the clock: frame n at t0 + n/30
    picture = Frame(frames[15], 0.0, 15)
    assert picture.is_i420 and picture.size == (1920, 1080) and picture.image.shape == (1080, 1920, 3)


def test_a_clip_larger_than_1080p_is_scaled_down_by_the_decoder(tmp_path):
    clip = tmp_path / "大 clip.mp4"
    result = procs.run([procs.ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi", "-i",
                        "testsrc2=size=2560x1440:rate=30:duration=0.5", "-c:v", "libx264", "-preset", "ultrafast",
                        str(clip)], timeout=60)
    assert result.returncode == 0
    source = FileFrameSource(clip, SharedEpoch(VirtualClock()).t0, VirtualClock())
    mode = source.open()
    first = source.grab()
    source.close()
    assert (mode.width, mode.height) == (1920, 1080) and first.shape == (1620, 1920)


def test_a_frame_converts_between_bgr_and_i420_once():
    bgr = DemoFrameSource(lambda: 0.0)
    bgr.open()
    image = bgr.render(31)
    frame = Frame(image, 1.0, 0)
    assert not frame.is_i420 and frame.image is image and frame.size == (1920, 1080)
    assert frame.i420.shape == (1620, 1920) and frame.i420 is frame.i420  # converted once, then kept
    back = Frame(frame.i420, 1.0, 0).image
    assert np.abs(back.astype(int) - image.astype(int)).mean() < 4  # the same picture, up to 4:2:0 rounding


def test_the_recording_queue_is_bounded_in_bytes_so_bgr_frames_fill_it_twice_as_fast():
    """A stalled encoder lets the queue fill: 64 MB is 10 BGR 1080p frames or 21 in I420, never 124 MB."""
    budget = QUEUE_BYTES
    for picture, fits in ((np.zeros((1080, 1920, 3), np.uint8), 10), (np.zeros((1620, 1920), np.uint8), 21)):
        sink = QueueSink(budget)
        for seq in range(30):
            sink.offer(Frame(picture, t=seq / 30, seq=seq))
        assert sink.dropped == 30 - fits
        assert [sink.get(timeout=0).seq for _ in range(fits)] == list(range(fits))  # in order, the first kept
        with pytest.raises(queue.Empty):
            sink.get(timeout=0)
        sink.offer(Frame(picture, t=1.0, seq=30))  # taking frames out gave their room back
        assert sink.get(timeout=0).seq == 30 and sink.dropped == 30 - fits


def test_a_frame_larger_than_the_whole_budget_still_goes_through_alone():
    sink = QueueSink(1024)
    big = np.zeros((1080, 1920, 3), np.uint8)
    sink.offer(Frame(big, t=0.0, seq=0))
    sink.offer(Frame(big, t=0.1, seq=1))
    assert sink.dropped == 1 and sink.get(timeout=0).seq == 0


def test_the_sound_of_a_video_file_decodes_at_48k(tmp_path):
    clip = make_clip(tmp_path / "片段.mp4", 1.0)
    samples = decode_audio(clip)
    assert len(samples) == pytest.approx(48_000, abs=1100)
    assert 0.1 < np.abs(samples).max() <= 1.0


def test_paired_demo_sources_share_their_epoch():
    pair = open_sources("demo", "demo")
    assert pair.camera._epoch_t0 == pair.mic._epoch_t0  # one SharedEpoch.t0 bound method
    assert pair.camera._epoch_t0() == pair.mic._epoch_t0()


@pytest.mark.parametrize("spec", ["no such file.mp4", "C:\\clips\\missing.mp4", "./absent/clip.mov"])
def test_a_missing_file_is_bad_input(spec):
    with pytest.raises(BadInput, match="File not found"):
        open_camera_source(spec, SharedEpoch(MONOTONIC))
    with pytest.raises(BadInput, match="File not found"):
        open_mic_source(spec, SharedEpoch(MONOTONIC))


def test_mic_none_means_no_microphone():
    assert open_mic_source("none", SharedEpoch(MONOTONIC)) is None
