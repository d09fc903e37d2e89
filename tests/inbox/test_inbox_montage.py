"""The film: format, length, order, captions, loudness measured from the file, caching, cancelling."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from inbox_scenario import CLIP_SECONDS, CLIPS, COMPLETE, DIRECT, TEST_FILM

from kiosk import paths, procs
from kiosk.errors import BadInput
from kiosk.inbox import Cancelled, CancelToken, InboxFolder, accept, county_table
from kiosk.inbox.montage import MontageSettings, Span, build_montage, plan_for
from kiosk.inbox.montage.ffmpeg import filter_value
from kiosk.inbox.montage.plan import MontagePlan, _shares, timeline
from kiosk.recording.media import probe_media

SETTINGS = MontageSettings(**TEST_FILM)


def _frame_count(video: Path) -> int:
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(video), "-map", "0:v:0",
                        "-f", "null", "-"], timeout=120)
    text = result.stderr.decode("utf-8", "replace")
    return int(text.rsplit("frame=", 1)[1].split()[0])


def _colour(video: Path, at_s: float, box: str = "200:200:100:100") -> tuple[int, int, int]:
    """The mean colour of a box of the frame at ``at_s`` (above the lower-third)."""
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-ss", f"{at_s:.3f}",
                        "-i", str(video), "-frames:v", "1", "-vf", f"crop={box}", "-f", "rawvideo", "-pix_fmt",
                        "rgb24", "-"], timeout=60)
    data = result.stdout
    pixels = len(data) // 3
    return tuple(round(sum(data[channel::3]) / pixels) for channel in range(3))  # type: ignore[return-value]


def _ebur128(video: Path, start_s: float = 0.0, seconds: float | None = None) -> float:
    """Integrated loudness read with ffmpeg's ebur128 filter (the core uses loudnorm: a second opinion)."""
    window = ["-ss", f"{start_s:.3f}"] + (["-t", f"{seconds:.3f}"] if seconds else [])
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", *window, "-i", str(video), "-vn",
                        "-af", "ebur128", "-f", "null", "-"], timeout=120)
    summary = result.stderr.decode("utf-8", "replace").rsplit("Integrated loudness:", 1)[1]
    return float(summary.split("I:", 1)[1].split("LUFS", 1)[0])


def _close(colour: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 24 for a, b in zip(colour, wanted, strict=True))


def test_the_film_is_full_hd_30_fps_h264_aac_and_as_long_as_its_parts(film) -> None:
    info = probe_media(film.video)
    assert (info.width, info.height, info.fps, info.video_codec, info.audio_codec) == (1920, 1080, 30.0, "h264", "aac")
    assert info.sample_rate == 48_000 and info.audio_channels == 2
    parts = 2 * SETTINGS.card_s + len(COMPLETE) * CLIP_SECONDS
    expected = parts - (len(COMPLETE) + 1) * SETTINGS.crossfade_s
    assert _frame_count(film.video) == round(expected * 30)
    assert abs(info.duration_s - expected) < 0.05
    assert film.result.duration_s == pytest.approx(expected, abs=0.01)


def test_the_counties_come_in_the_order_of_the_22_names(film) -> None:
    assert film.result.counties == list(COMPLETE)
    for clip in film.result.clips:
        middle = (clip.film_start_s + clip.film_end_s) / 2
        assert _close(_colour(film.video, middle), CLIPS[clip.county].colour), clip.county
    assert _close(_colour(film.video, 1.0), (11, 46, 89))  # the opening card


def test_each_clip_carries_its_county_name_in_a_lower_third(film) -> None:
    for clip in film.result.clips:
        middle = (clip.film_start_s + clip.film_end_s) / 2
        band = _colour(film.video, middle, "1920:150:0:820")
        assert not _close(band, CLIPS[clip.county].colour)  # the band covers the picture
        text = _colour(film.video, middle, "160:70:130:830")  # where the county name is written
        assert sum(text) > sum(band)  # white letters on the dark band


def test_loudness_is_even_whole_film_and_clip_by_clip(film) -> None:
    measured = [clip.measured_lufs for clip in film.result.clips]
    assert max(measured) - min(measured) > 20  # the counties sent very different levels
    assert _ebur128(film.video) == pytest.approx(-23.0, abs=1.0)
    assert film.result.loudness_lufs == pytest.approx(-23.0, abs=1.0)
    for clip in film.result.clips:  # away from the cross-fades
        inner = _ebur128(film.video, clip.film_start_s + 0.5, clip.film_end_s - clip.film_start_s - 1.0)
        assert inner == pytest.approx(-23.0, abs=2.0), clip.county


def test_only_what_changed_is_built_again(film, tmp_path) -> None:
    folder = InboxFolder.open(film.dir)
    out = tmp_path / "再剪 again.mp4"
    plan = plan_for(folder, settings=SETTINGS)
    plan.spans["新北市"] = Span(0.5, None)

    changed = build_montage(folder, out, plan)
    assert changed.pieces_built == 3  # 新北市's body and its two cross-fades; the rest came from the cache
    assert changed.duration_s == pytest.approx(film.result.duration_s - 0.5, abs=0.01)
    stamp = out.stat().st_mtime_ns

    again = build_montage(folder, out, plan)
    assert again.up_to_date and again.pieces_built == 0
    assert out.stat().st_mtime_ns == stamp


def test_a_target_length_is_shared_evenly(film, tmp_path) -> None:
    folder = InboxFolder.open(film.dir)
    result = build_montage(folder, tmp_path / "短版 short.mp4", plan_for(folder, settings=SETTINGS, target_s=10.0))
    assert result.duration_s == pytest.approx(10.0, abs=0.1)
    lengths = [clip.film_end_s - clip.film_start_s for clip in result.clips]
    assert max(lengths) - min(lengths) < 0.05
    assert probe_media(result.video).duration_s == pytest.approx(result.duration_s, abs=0.05)


def test_the_organiser_may_reorder(film, tmp_path) -> None:
    folder = InboxFolder.open(film.dir)
    order = ["高雄市", "臺北市", "新北市", "臺中市"]
    result = build_montage(folder, tmp_path / "換順序.mp4", plan_for(folder, settings=SETTINGS).reordered(order))
    assert result.counties == order
    for clip in result.clips:
        assert _close(_colour(result.video, (clip.film_start_s + clip.film_end_s) / 2), CLIPS[clip.county].colour)
    assert result.pieces_built <= len(order) + 1  # the clips' bodies were cached: only new cross-fades


def test_progress_reaches_the_end_and_cancelling_leaves_no_film(film, tmp_path) -> None:
    folder = InboxFolder.open(film.dir)
    shutil.rmtree(film.dir / ".inbox" / "cache")
    token = CancelToken()
    fractions: list[float] = []

    def progress(step) -> None:
        fractions.append(step.fraction)
        if len(fractions) == 2:
            token.cancel()

    out = tmp_path / "取消 cancelled.mp4"
    two = plan_for(folder, settings=SETTINGS).reordered(["臺北市", "高雄市"])  # a short film: quick to redo
    with pytest.raises(Cancelled):
        build_montage(folder, out, two, progress=progress, cancel=token)
    assert not out.exists()
    assert not [p for p in (film.dir / ".inbox" / "cache").rglob("*") if "partial" in p.name]

    fractions.clear()
    build_montage(folder, out, two, progress=lambda step: fractions.append(step.fraction))
    assert out.is_file()
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0, abs=0.05)


def test_an_accepted_clip_sent_without_the_kiosk_goes_through_the_import_conversion_once(film, tmp_path) -> None:
    folder = InboxFolder.open(film.dir)
    row = next(r for r in county_table(folder) if r.county == DIRECT)
    assert row.submission is not None and not row.usable
    accept(folder, row.submission)
    assert next(r for r in county_table(folder) if r.county == DIRECT).usable

    plan = MontagePlan([COMPLETE[0], DIRECT], settings=SETTINGS)
    out = tmp_path / "with the phone clip.mp4"
    build_montage(folder, out, plan)
    info = probe_media(out)
    assert (info.width, info.height, info.fps) == (1920, 1080, 30.0)
    phone_seconds = 2.0
    expected = 2 * SETTINGS.card_s + CLIP_SECONDS + phone_seconds - 3 * SETTINGS.crossfade_s
    assert _frame_count(out) == round(expected * 30)
    phone_middle = SETTINGS.card_s + CLIP_SECONDS - 2 * SETTINGS.crossfade_s + phone_seconds / 2
    assert _close(_colour(out, phone_middle), (250, 120, 0))  # the phone clip's own colour, in its place
    [converted] = list(folder.cache_dir("normalised").glob("*.mp4"))
    assert probe_media(converted).video_codec == "h264"

    made = converted.stat().st_mtime_ns
    build_montage(folder, tmp_path / "again.mp4", plan)
    assert converted.stat().st_mtime_ns == made  # converted once, reused


def test_a_county_without_a_usable_clip_cannot_be_ordered_in(film) -> None:
    with pytest.raises(BadInput):
        plan_for(InboxFolder.open(film.dir)).reordered(["臺南市", "臺北市"])


def test_spans_and_targets_that_cannot_work_are_bad_input() -> None:
    plan = MontagePlan(["臺北市", "新北市"], settings=SETTINGS)
    with pytest.raises(BadInput):
        timeline(replace(plan, spans={"臺北市": Span(1.0, 9.0)}), {"臺北市": 3.0, "新北市": 3.0})
    with pytest.raises(BadInput):
        timeline(replace(plan, target_s=4.0), {"臺北市": 3.0, "新北市": 3.0})
    with pytest.raises(BadInput):
        Span.parse("5-2")
    assert Span.parse("1.5-") == Span(1.5, None)


def test_a_short_clip_gives_its_unused_share_to_the_others() -> None:
    assert _shares(12.0, [2.0, 10.0, 10.0]) == [2.0, 5.0, 5.0]
    assert _shares(6.0, [10.0, 10.0, 10.0]) == [2.0, 2.0, 2.0]


def test_captions_survive_a_font_path_with_quotes_colons_commas_and_brackets(tmp_path) -> None:
    awkward = tmp_path / "it's a [font]: 字型, really"
    awkward.mkdir()
    font = awkward / "Noto.otf"
    shutil.copyfile(paths.resource("fonts/NotoSansTC-Bold.otf"), font)
    text = "臺北市: it's 100%, [ok]; yes"
    graph = f"drawtext=fontfile={filter_value(font.as_posix())}:text={filter_value(text)}:expansion=none:fontsize=40"
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-f", "lavfi", "-i",
                        "color=s=320x240:d=0.1", "-vf", graph, "-frames:v", "1", "-f", "null", "-"], timeout=60)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-500:]
