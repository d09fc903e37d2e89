"""Each kind of clip imported, and the take checked from its own files as a recorded take would be."""

from __future__ import annotations

import math

import cv2
import import_clips as clips
import numpy as np
import pytest
from import_helpers import CONVERSIONS, TEST_SETTINGS, frame_at
from PIL import Image

from kiosk.importing.probe import probe_clip
from kiosk.recording import avsync
from kiosk.recording.media import mp4_is_faststart
from kiosk.recording.take import TakeState, list_takes

WITH_SOUND = [name for name, job in CONVERSIONS.items() if job.recipe.sound]
LANDSCAPE = [name for name, job in CONVERSIONS.items() if not job.fill]


@pytest.mark.parametrize("name", list(CONVERSIONS))
def test_take_is_1080p30_h264_aac_bt709_of_the_asked_length(imported, name: str) -> None:
    job = CONVERSIONS[name]
    take = imported(name)
    assert take.state is TakeState.DONE and take.dir.parent.name == "takes"
    assert take.id in {listed.id for listed in list_takes(take.dir.parent)}
    made = probe_clip(take.video_path)
    video = made.video
    assert (made.width, made.height, made.rotation) == (1920, 1080, 0)
    assert (video.codec, video.pix_fmt, video.color_range) == ("h264", "yuv420p", "tv")
    assert (video.color_space, video.color_primaries, video.color_transfer) == ("bt709", "bt709", "bt709")
    assert video.nominal_fps == 30 and not made.vfr
    assert len(made.frame_times) == take.meta["frames"] == round(job.seconds * 30)
    assert made.duration_s == pytest.approx(job.seconds, abs=0.1)
    assert mp4_is_faststart(take.video_path)
    if job.recipe.sound:
        sound = made.audio_track
        assert sound is not None and (sound.codec, sound.sample_rate, sound.layout) == ("aac", 48000, "stereo")
        assert len(made.audio) == 1 and not made.other_tracks  # only the one track, nothing else
    else:
        assert made.audio == () and not take.has_audio
    # The recorder's cap, whatever the clip's own bit rate was: 5 Mbit/s of video, plus at most one
    # buffer (2 × the rate) drawn down over the take, plus the sound and a few % of MP4 boxes.
    rate = TEST_SETTINGS.maxrate_kbps
    cap_kbit = rate * job.seconds + 2 * rate + TEST_SETTINGS.audio_kbps * job.seconds
    assert take.video_path.stat().st_size < cap_kbit * 1000 / 8 * 1.03


@pytest.mark.parametrize("name", WITH_SOUND)
def test_the_clip_sync_is_kept(imported, name: str) -> None:
    offsets = avsync.measure(imported(name).video_path).offsets_ms
    assert len(offsets) >= 9  # a flash/beep pair every second of the 10 s take
    assert all(abs(offset) <= 20 for offset in offsets), offsets


@pytest.mark.parametrize("name", list(CONVERSIONS))
def test_the_span_is_cut_frame_accurately(imported, name: str) -> None:
    take = imported(name)
    start = take.meta["source_start_s"]
    flashes = avsync.flash_times(take.video_path, 30)
    # The clip flashes at every whole second from 1 s: in the take at (k - start), to the nearest frame.
    expected = [k - start for k in range(1, 20) if 0 < k - start < CONVERSIONS[name].seconds - 1 / 30]
    assert len(flashes) == len(expected)
    assert all(abs(found - wanted) <= 0.5 / 30 + 0.5 / CONVERSIONS[name].recipe.fps + 1e-6
               for found, wanted in zip(flashes, expected, strict=True)), (flashes, expected)


@pytest.mark.parametrize("name", list(CONVERSIONS))
def test_three_stills_chosen_from_the_span_like_a_recorded_take(imported, name: str) -> None:
    take = imported(name)
    assert len(take.still_paths) == 3
    for path in take.still_paths:
        with Image.open(path) as image:
            assert image.format == "JPEG" and image.size == (1920, 1080)
            assert tuple(round(float(v)) for v in image.info["dpi"]) == (300, 300)
    times = {entry["file"]: entry["t_s"] for entry in take.meta["candidates"]}
    assert sorted(times.values()) == [k + 0.5 for k in range(10)]  # one each second, at the half second
    thirds = sorted(int(times[name] // (take.duration_s / 3)) for name in take.meta["still_sources"])
    assert thirds == [0, 1, 2]


def _region(picture: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    height, width = picture.shape[:2]
    return picture[int(y0 * height) : int(y1 * height), int(x0 * width) : int(x1 * width)]


def _patch_levels(picture: np.ndarray) -> list[float]:
    return [float(_region(picture, x + 0.02, 0.83, x + 0.06, 0.9).mean()) for x in clips.PATCH_X]


@pytest.mark.parametrize("name", LANDSCAPE)
def test_the_picture_is_upright(imported, name: str) -> None:
    picture = frame_at(imported(name).video_path, 0.5)
    marker = clips.MARKER
    assert _region(picture, 0.01, 0.01, marker - 0.01, marker - 0.01).mean() < 40  # black corner top-left
    for corner in ((1 - marker, 0), (0, 1 - marker), (1 - marker, 1 - marker)):
        x, y = corner
        assert _region(picture, x + 0.01, y + 0.01, x + marker - 0.01, y + marker - 0.01).mean() > 40


@pytest.mark.parametrize("name", ["prores", "mute"])
def test_sdr_levels_are_kept(imported, name: str) -> None:
    levels = _patch_levels(frame_at(imported(name).video_path, 0.5))
    assert levels == pytest.approx([float(level) for level in clips.PATCH_LEVELS], abs=6)


def test_pq_is_tone_mapped_to_sdr(imported) -> None:
    """PQ code values are absolute light: the 75 % patch is ~1000 cd/m², far above SDR white, so it
    is mapped near the top of the SDR range, and the 25 % patch (~5 cd/m²) lower than its code value.
    Shown untouched (no tone mapping) the patches would keep their code values."""
    dark, middle, bright = _patch_levels(frame_at(imported("pq").video_path, 0.5))
    assert bright > 235 and dark < 56 and 135 < middle < 165


def test_hlg_looks_like_the_sdr_picture_it_was_filmed_as(imported, clip) -> None:
    """HLG is made to look right on an SDR screen: after tone mapping the picture is close to the same
    scene rendered straight to BT.709 (here: the same test pattern, made again in SDR)."""
    take_picture = frame_at(imported("hlg").video_path, 0.5).astype(np.int16)
    start = imported("hlg").meta["source_start_s"]
    sdr_clip = clip(clips.Clip("sdr-reference", size=(1920, 1080), fps=30, seconds=2.0, sound=False))
    reference = frame_at(sdr_clip, start + 0.5).astype(np.int16)
    assert np.abs(take_picture - reference).mean() < 14
    dark, middle, bright = _patch_levels(take_picture.astype(np.uint8))
    assert dark < middle < bright and bright > 170


def test_extra_tracks_are_ignored_and_the_stereo_track_used(imported) -> None:
    take = imported("hlg")
    assert take.meta["source_info"]["ignored_tracks"] == ["audio apple_apac", "timecode"]
    assert take.meta["source_info"]["hdr"] == "hlg" and take.meta["source_info"]["width"] == 3840
    beeps = avsync.beep_times(take.video_path)
    assert len(beeps) >= 9  # the spatial-audio track holds a steady tone: it would show no beeps


def test_portrait_fill_has_blurred_sides_and_an_unstretched_picture(imported) -> None:
    picture = frame_at(imported("fill").video_path, 0.5)
    grey = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
    left = (1920 - 608) // 2  # the 1080×1920 clip shown 608×1080 in the middle
    sides = np.hstack([grey[:, 20 : left - 20], grey[:, left + 608 + 20 : -20]])
    centre = grey[:, left + 20 : left + 588]
    assert sides.mean() > 30  # filled with the picture, not black bars
    assert cv2.Laplacian(sides, cv2.CV_64F).var() < cv2.Laplacian(centre, cv2.CV_64F).var() / 8  # blurred
    # The black marker (an eighth of the clip's width and height) keeps its 9:16 shape and its corner.
    dark_columns = np.nonzero(grey[10:120, left - 10 : left + 200].mean(axis=0) < 40)[0]
    dark_rows = np.nonzero(grey[0:400, left + 10 : left + 60].mean(axis=1) < 40)[0]
    width, height = len(dark_columns), len(dark_rows)
    assert math.isclose(width / height, 9 / 16, rel_tol=0.08), (width, height)
    assert abs(width - 608 / 8) <= 4 and dark_columns[0] <= 12


def test_source_facts_and_span_are_recorded(imported) -> None:
    take = imported("pq")
    facts = take.meta["source_info"]
    assert {key: facts[key] for key in ("width", "height", "rotation", "hdr", "vfr", "codec")} == {
        "width": 1920, "height": 1080, "rotation": 90, "hdr": "pq", "vfr": False, "codec": "hevc"}
    assert take.meta["source"].endswith(".mp4") and take.meta["fill"] is False
    assert take.meta["source_start_s"] == pytest.approx(0.4, abs=0.5 / 25)  # on the clip's 25 fps grid
    assert take.meta["stop_reason"] == "imported" and take.meta["encoder"] == "libx264"


def test_a_whole_clip_converted_to_a_plain_mp4_for_the_organiser(clip, tmp_path) -> None:
    """``convert_clip``: the import's conversion without a take (the montage's normalising step)."""
    from kiosk.importing import convert_clip

    folder = tmp_path / "剪輯 cache"
    folder.mkdir()
    out = convert_clip(probe_clip(clip(clips.VFR_PHONE)), folder / "新竹縣.mp4", TEST_SETTINGS)
    made = probe_clip(out)
    assert (made.width, made.height, made.video.codec, made.video.nominal_fps) == (1920, 1080, "h264", 30)
    assert made.duration_s == pytest.approx(12.0, abs=0.1) and made.audio_track is not None
    assert sorted(p.name for p in folder.iterdir()) == ["新竹縣.mp4"]  # nothing else left behind
    offsets = avsync.measure(out).offsets_ms
    assert len(offsets) >= 10 and all(abs(o) <= 20 for o in offsets)
