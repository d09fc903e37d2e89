"""A clip's facts read with the bundled ffmpeg: real clips of each kind, and the refusals."""

from __future__ import annotations

from pathlib import Path

import import_clips as clips
import pytest

from kiosk.errors import BadInput
from kiosk.importing.probe import parse_probe, probe_clip

SPEC_KEYS = {"width", "height", "rotation", "hdr", "vfr", "fps", "codec", "duration_s"}


def test_iphone_hlg_4k_with_spatial_audio_and_timecode(clip) -> None:
    info = probe_clip(clip(clips.HLG_4K))
    assert (info.width, info.height, info.rotation) == (3840, 2160, 0)
    assert info.hdr == "hlg" and info.video.codec == "hevc" and info.video.pix_fmt == "yuv420p10le"
    assert info.is_4k and not info.portrait and not info.vfr
    assert info.fps == pytest.approx(30, abs=0.01)
    assert info.duration_s == pytest.approx(10.4, abs=0.05)
    # The spatial-audio track comes first but cannot be decoded: the stereo track after it is used.
    assert [track.codec for track in info.audio] == ["apple_apac", "aac"]
    assert info.audio_track is info.audio[1]
    assert info.ignored_tracks == ["audio apple_apac", "timecode"]
    assert info.badges() == ["4K", "HDR HLG", "extra track ignored"]
    facts = info.source_info()
    assert facts.keys() >= SPEC_KEYS
    assert {key: facts[key] for key in ("width", "height", "rotation", "hdr", "vfr", "codec")} == {
        "width": 3840, "height": 2160, "rotation": 0, "hdr": "hlg", "vfr": False, "codec": "hevc"}


def test_display_matrix_rotation_gives_the_size_as_shown(clip) -> None:
    info = probe_clip(clip(clips.PQ_ROTATED))
    assert (info.video.coded_width, info.video.coded_height) == (1080, 1920)
    assert (info.width, info.height, info.rotation) == (1920, 1080, 90)
    assert info.hdr == "pq" and not info.portrait
    assert info.fps == pytest.approx(25, abs=0.01)


def test_portrait_as_shown_whichever_way_it_is_stored(clip) -> None:
    stored_landscape = probe_clip(clip(clips.PORTRAIT_50))
    assert (stored_landscape.video.coded_width, stored_landscape.video.coded_height) == (1920, 1080)
    assert (stored_landscape.width, stored_landscape.height, stored_landscape.rotation) == (1080, 1920, 270)
    coded_portrait = probe_clip(clip(clips.CODED_PORTRAIT))
    for info in (stored_landscape, coded_portrait):
        assert info.portrait and "portrait" in info.badges()


def test_variable_frame_rate_is_measured_from_the_packet_times(clip) -> None:
    vfr = probe_clip(clip(clips.VFR_PHONE))
    assert vfr.vfr and "VFR" in vfr.badges()
    assert vfr.fps == pytest.approx(30, abs=0.2)
    for constant in (clips.PRORES_24, clips.MUTE_60):
        assert not probe_clip(clip(constant)).vfr


def test_prores_camera_clip_and_a_clip_without_sound(clip) -> None:
    prores = probe_clip(clip(clips.PRORES_24))
    assert prores.video.codec == "prores" and prores.fps == pytest.approx(24, abs=0.01)
    assert prores.audio_track is not None and prores.audio_track.codec == "pcm_s16le"
    mute = probe_clip(clip(clips.MUTE_60))
    assert mute.audio == () and mute.audio_track is None and "no sound" in mute.badges()
    assert mute.fps == pytest.approx(60, abs=0.01)


# --- ffmpeg's own words, for what no clip here can easily be made with ---------------------------

IPHONE_DOLBY_VISION = """Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'IMG_0042.MOV':
  Metadata:
    creation_time   : 2026-11-20T09:30:12.000000Z
  Duration: 00:00:21.37, start: 0.000000, bitrate: 25103 kb/s
  Stream #0:0[0x1](und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67), 3840x2160, 24846 kb/s, 29.98 fps, 30 tbr, 600 tbn (default)
    Metadata:
      creation_time   : 2026-11-20T09:30:12.000000Z
    Side data:
      DOVI configuration record: version: 1.0, profile: 8, level: 6, rpu flag: 1, el flag: 0, bl flag: 1, compatibility id: 4, compression: 0
      Display Matrix: rotation of -90.00 degrees
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp, 170 kb/s (default)
  Stream #0:2[0x3](und): Data: none (mebx / 0x7862656D), 0 kb/s (default)
  Stream #0:3[0x4](und): Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 320x240, 90k tbr, 90k tbn (attached pic)
Output #0, framecrc, to 'pipe:':
  Stream #0:0: Video: hevc (Main 10), yuv420p10le, 3840x2160, q=2-31
"""

ANAMORPHIC_HDV = """Input #0, mpegts, from 'camcorder.m2t':
  Duration: 00:00:12.01, start: 1.400000, bitrate: 25000 kb/s
  Stream #0:0[0x810]: Video: mpeg2video (Main), yuv420p(tv, top first), 1440x1080 [SAR 4:3 DAR 16:9], 25 fps, 25 tbr, 90k tbn
  Stream #0:1[0x814]: Audio: mp2, 48000 Hz, stereo, fltp, 384 kb/s
"""


def test_dolby_vision_iphone_description() -> None:
    info = parse_probe(Path("IMG_0042.MOV"), IPHONE_DOLBY_VISION, "")
    assert info.video.dolby_vision == (8, 4) and info.hdr == "hlg"  # profile 8.4: an HLG picture
    assert (info.width, info.height, info.rotation) == (2160, 3840, 270)  # held upright: portrait
    assert info.video.index == 0  # the cover picture is not the video
    assert info.ignored_tracks == ["metadata", "extra video"]
    assert info.creation_time is not None and info.creation_time.year == 2026
    assert info.fps == pytest.approx(29.98) and info.duration_s == pytest.approx(21.37)


def test_anamorphic_pixels_are_shown_wide() -> None:
    info = parse_probe(Path("camcorder.m2t"), ANAMORPHIC_HDV, "")
    assert (info.width, info.height) == (1920, 1080)
    assert info.video.color_range == "tv" and info.video.color_space == ""  # untagged
    assert info.audio_track is not None and info.audio_track.codec == "mp2"


# --- refusals ------------------------------------------------------------------------------------

def _refusal(path: Path) -> str:
    with pytest.raises(BadInput) as caught:
        probe_clip(path)
    assert caught.value.exit_code == 2
    return caught.value.en


def test_refuses_what_is_not_a_video(tmp_path: Path) -> None:
    text = tmp_path / "notes.mp4"
    text.write_text("these are not moving pictures\n", encoding="utf-8")
    assert "Not a video file" in _refusal(text)
    assert "not found" in _refusal(tmp_path / "missing.mov")
    assert "Not a file" in _refusal(tmp_path)


def test_refuses_a_still_picture_and_a_sound_file(tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    sound = tmp_path / "voice memo.m4a"
    for target, source in ((photo, ["-f", "lavfi", "-i", "testsrc2=size=640x360", "-frames:v", "1"]),
                           (sound, ["-f", "lavfi", "-i", "sine=d=11", "-c:a", "aac"])):
        clips.render_file(target, source)
    assert "still picture" in _refusal(photo)
    assert "no video stream" in _refusal(sound)


def test_refuses_a_damaged_clip(tmp_path: Path, clip) -> None:
    whole = clip(clips.VFR_PHONE).read_bytes()
    assert whole.find(b"moov") > whole.find(b"mdat")  # the index is at the end, as phones write it
    cut = tmp_path / "cut short.mp4"
    cut.write_bytes(whole[: len(whole) // 2])  # a copy interrupted half-way: no index
    assert "damaged" in _refusal(cut)


def test_decoder_list_knows_what_this_ffmpeg_decodes() -> None:
    from kiosk.importing.probe import decodable_codecs

    codecs = decodable_codecs()
    assert {"h264", "hevc", "prores", "aac", "pcm_s16le"} <= codecs
    assert "apple_apac" not in codecs
