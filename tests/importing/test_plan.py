"""What an import is asked to make of a clip: the span, the framing, and every refusal (before any work)."""

from __future__ import annotations

import dataclasses

import import_clips as clips
import pytest

from kiosk.errors import BadInput
from kiosk.importing import on_source_frame, plan_import
from kiosk.importing.picture import frame_for
from kiosk.importing.probe import probe_clip


def _refused(*args, **kwargs) -> str:
    with pytest.raises(BadInput) as caught:
        plan_import(*args, **kwargs)
    return caught.value.en


def test_span_defaults_to_as_much_as_fits_up_to_15_s(clip) -> None:
    info = probe_clip(clip(clips.VFR_PHONE))  # 12 s long
    assert plan_import(info).seconds == pytest.approx(12.0)
    assert plan_import(info, 1.5).seconds == pytest.approx(10.5)
    assert plan_import(info, 0.5, 11.25).frames == round(11.25 * 30)


def test_spans_the_organiser_would_not_take(clip) -> None:
    info = probe_clip(clip(clips.VFR_PHONE))
    assert "outside the clip" in _refused(info, 3.0, 10)
    assert "Only 9.5 s of the clip remain" in _refused(info, 2.5)
    assert "10 to 15 s" in _refused(info, 0, 9.5)
    assert "10 to 15 s" in _refused(info, 0, 15.5)
    assert "negative" in _refused(info, -1, 10)


def test_a_clip_shorter_than_10_s(clip) -> None:
    assert "too short" in _refused(probe_clip(clip(clips.SHORT)))


def test_portrait_is_refused_unless_filled_and_never_stretched(clip) -> None:
    info = probe_clip(clip(clips.PORTRAIT_50))
    reason = _refused(info)
    assert "portrait" in reason and "landscape" in reason and "--fill" in reason
    plan = plan_import(info, fill=True)
    assert (plan.frame.picture_width, plan.frame.picture_height) == (608, 1080)  # 9:16 kept in a 16:9 frame
    assert plan.frame.has_bars


def test_a_clip_below_1080p_is_never_enlarged(clip) -> None:
    assert "never enlarged" in _refused(probe_clip(clip(clips.SMALL)))
    # A small portrait clip with a fill would be enlarged just the same: 720×1280 fits 608×1080, is shrunk.
    assert plan_import(probe_clip(clip(clips.CODED_PORTRAIT)), fill=True).frame.picture_height == 1080


def test_dolby_vision_without_a_compatible_picture_is_refused(clip) -> None:
    info = probe_clip(clip(clips.PRORES_24))
    video = dataclasses.replace(info.video, dolby_vision=(5, 0), color_transfer="")
    assert "profile 5" in _refused(dataclasses.replace(info, video=video))


def test_start_lands_on_a_frame_of_a_constant_rate_clip(clip) -> None:
    prores = probe_clip(clip(clips.PRORES_24))
    assert on_source_frame(prores, 0.3) == pytest.approx(7 / 24)  # 0.2917: the nearest 24 fps frame
    assert plan_import(prores, 0.3, 10).start_s == pytest.approx(7 / 24)
    vfr = probe_clip(clip(clips.VFR_PHONE))
    assert on_source_frame(vfr, 1.01) == 1.01  # no grid to land on: where asked


def test_frames_keep_their_shape(clip) -> None:
    info = probe_clip(clip(clips.HLG_4K))
    frame = frame_for(info)
    assert (frame.picture_width, frame.picture_height) == (1920, 1080) and not frame.has_bars
    small = frame_for(info, 192, 108)
    assert (small.picture_width, small.picture_height) == (192, 108)
