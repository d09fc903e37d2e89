"""The window at the screens it will meet: 1366×768 and 1920×1080, at scale factors 1 and 2 (and 1.5,
the common Windows setting on 1080p laptops). Each case runs in its own process because the scale
factor is fixed when the QApplication starts."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from kiosk import procs

PROBE = Path(__file__).with_name("layout_probe.py")

# (physical width, height, QT_SCALE_FACTOR): the logical size is physical / scale.
CASES = [
    (1366, 768, "1"),
    (1920, 1080, "1"),
    (2732, 1536, "2"),  # a 1366×768 layout drawn at device pixel ratio 2
    (1920, 1080, "2"),  # 960×540 logical: the smallest the kiosk lays out for
    (1920, 1080, "1.5"),  # 1280×720 logical
]


@pytest.mark.parametrize(("width", "height", "scale"), CASES, ids=[f"{w}x{h}@{s}" for w, h, s in CASES])
def test_layout_fits_with_big_named_controls_and_no_clipped_text(width, height, scale, make_take, kiosk_home):
    take = make_take(kept=True)
    env = dict(os.environ, QT_SCALE_FACTOR=scale, QT_QPA_PLATFORM="offscreen", IVY_KIOSK_HOME=str(kiosk_home))
    result = procs.run([sys.executable, str(PROBE), str(width), str(height), str(take.dir)], timeout=120, env=env)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    report = json.loads(result.stdout.decode().strip().splitlines()[-1])
    logical = [round(width / float(scale)), round(height / float(scale))]
    assert report["logical"] == logical
    assert report["ratio"] == pytest.approx(float(scale))
    assert set(report["pages"]) == {"live/zh-TW", "review/zh-TW", "live/en", "review/en"}
    for name, page in report["pages"].items():
        assert page["size"] == logical, name  # the window was not forced larger than the screen
        assert page["grab"] == [round(logical[0] * float(scale)), round(logical[1] * float(scale))], name
        assert not page["blank"], name
        assert page["small"] == [], name
        assert page["unnamed"] == [], name
        assert page["clipped"] == [], name
        assert page["outside"] == [], name
