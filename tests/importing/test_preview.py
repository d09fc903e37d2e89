"""What an Import screen shows before converting: the preview is what the take will hold."""

from __future__ import annotations

from pathlib import Path

import cv2
import import_clips as clips
import numpy as np
import pytest

from kiosk.importing import CancelToken, ImportCancelled, preview_still, probe_clip, thumbnails, waveform
from kiosk.recording.take import CANDIDATES_DIR


def test_preview_still_matches_the_converted_take(imported) -> None:
    """Tone-mapped, scaled and framed like the conversion: the HLG preview at the first candidate's
    moment is that candidate (saved from the same graph during the import), up to JPEG noise."""
    take = imported("hlg")
    info = probe_clip(Path(take.meta["source"]))
    first = take.meta["candidates"][0]
    preview = preview_still(info, take.meta["source_start_s"] + first["t_s"])
    candidate = cv2.imread(str(take.dir / CANDIDATES_DIR / first["file"]))
    assert preview.shape == candidate.shape == (1080, 1920, 3)
    assert np.abs(preview.astype(np.int16) - candidate.astype(np.int16)).mean() < 3


def test_portrait_preview_shows_bars_or_the_fill(clip) -> None:
    info = probe_clip(clip(clips.PORTRAIT_50))
    barred = preview_still(info, 2.5, width=640, height=360)
    filled = preview_still(info, 2.5, width=640, height=360, fill=True)
    assert barred.shape == filled.shape == (360, 640, 3)
    sides = (slice(None), slice(0, 200))  # left of the 202 px wide picture in the middle
    assert barred[sides].max() < 30 and filled[sides].mean() > 30


def test_thumbnails_for_the_trim_bar(clip) -> None:
    info = probe_clip(clip(clips.PQ_ROTATED))
    times = [0.5, 3.0, 6.0, 9.5]
    pictures = thumbnails(info, times, width=160, height=90)
    assert len(pictures) == len(times) and all(p.shape == (90, 160, 3) for p in pictures)
    assert pictures[0][2:9, 2:17].mean() < 40  # upright: the black marker top-left, as in the take
    assert np.abs(pictures[0].astype(np.int16) - pictures[2].astype(np.int16)).mean() > 1  # the scene moves


def test_thumbnails_can_be_cancelled(clip) -> None:
    cancel = CancelToken()
    cancel.cancel()
    with pytest.raises(ImportCancelled):
        thumbnails(probe_clip(clip(clips.PQ_ROTATED)), [1.0, 2.0], cancel=cancel)


def test_waveform_shows_the_beeps(clip) -> None:
    info = probe_clip(clip(clips.PRORES_24))  # 10.4 s: a beep at every whole second from 1 s
    peaks = waveform(info, buckets=104)  # 0.1 s each
    assert peaks.shape == (104,)
    beeps = [round(k * 10) for k in range(1, 11)]
    assert all(peaks[i] > 0.3 for i in beeps)
    assert all(peaks[i] < 0.05 for i in range(104) if i not in beeps)
    assert waveform(probe_clip(clip(clips.MUTE_60))).size == 0
