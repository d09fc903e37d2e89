"""The frame grid under steady, jittery, gappy and bursty arrivals."""

import random

import pytest

from kiosk.recording.grid import FrameGrid

FPS = 30.0


def feed(grid: FrameGrid, times: list[float]) -> int:
    """Returns how many slots were written (previous-picture fills included)."""
    written = 0
    for t in times:
        placement = grid.place(t)
        written += placement.fill_with_previous + int(placement.write)
    return written


def test_steady_camera_fills_every_slot_once():
    grid = FrameGrid(FPS, max_slots=450)
    written = feed(grid, [100.0 + n / FPS for n in range(450)])
    assert written == 450 and grid.full
    assert grid.duplicated == 0 and grid.collapsed == 0
    assert grid.video_start() == pytest.approx(100.0, abs=1e-9)


def test_jitter_within_a_frame_is_absorbed_and_start_is_the_median():
    rng = random.Random(1)
    # arrivals late by 2–12 ms (USB and scheduling), never early
    times = [50.0 + n / FPS + rng.uniform(0.002, 0.012) for n in range(300)]
    grid = FrameGrid(FPS, max_slots=300)
    assert feed(grid, times) == 300
    assert grid.duplicated == 0 and grid.collapsed == 0
    assert grid.video_start() == pytest.approx(50.007, abs=0.002)


def test_lost_frames_are_filled_with_the_previous_picture_and_counted():
    times = [n / FPS for n in range(100) if n not in (40, 41, 42)]
    grid = FrameGrid(FPS, max_slots=100)
    assert feed(grid, times) == 100
    assert grid.duplicated == 3


def test_a_burst_after_a_stall_keeps_later_frames_on_time():
    # frames 10..14 arrive together at frame 14's time (a driver stall), then steady again
    times = [n / FPS for n in range(10)] + [14 / FPS + i * 0.001 for i in range(5)] + [n / FPS for n in range(15, 60)]
    grid = FrameGrid(FPS, max_slots=60)
    assert feed(grid, times) == 60
    assert grid.duplicated + grid.collapsed > 0  # the stall shows in the counts
    assert grid.next_slot == 60


def test_a_slow_camera_at_25_fps_shows_as_duplicates():
    grid = FrameGrid(FPS, max_slots=300)
    feed(grid, [n / 25.0 for n in range(250)])
    assert 298 <= grid.next_slot <= 300
    assert grid.duplicated == pytest.approx(50, abs=2)


def test_grid_stops_at_its_length():
    grid = FrameGrid(FPS, max_slots=30)
    feed(grid, [n / FPS for n in range(40)])
    assert grid.full and grid.next_slot == 30
    assert grid.duration_s == pytest.approx(1.0)
