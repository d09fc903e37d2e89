"""Lays the kiosk out at one screen size and scale factor, in its own process (QT_SCALE_FACTOR is read
when the QApplication starts), and prints what an operator would trip over, as JSON.

    QT_SCALE_FACTOR=2 python tests/ui/layout_probe.py 1920 1080 [take-dir]
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402
from ui_fakes import FakeClock, FakeStudio  # noqa: E402
from ui_inspect import clipped_texts, looks_blank, outside, small_controls, unnamed_controls  # noqa: E402

from kiosk.recording.take import Take  # noqa: E402
from kiosk.ui.app import create_kiosk  # noqa: E402


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def showing_pictures(window, name: str) -> bool:
    if name == "live":
        return bool(window.live.preview.frames_shown)
    return window.review.take is None or bool(window.review.video.frames_shown)


def main() -> None:
    faulthandler.dump_traceback_later(60, exit=True)  # a hang shows where, instead of a silent timeout
    width, height = int(sys.argv[1]), int(sys.argv[2])
    take = Take.load(Path(sys.argv[3])) if len(sys.argv) > 3 else None
    scale = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    logical = (round(width / scale), round(height / scale))
    clock = FakeClock()
    studio = FakeStudio(clock, media=None)
    window = create_kiosk(demo=True, windowed=True, clock=clock, opener=lambda c, m, s: studio,
                          language="zh-TW", with_outbox=True)
    app = QApplication.instance()
    window.resize(*logical)
    window.show()
    settle(app)
    report: dict = {"logical": logical, "ratio": window.devicePixelRatioF(), "pages": {}}
    for language in ("zh-TW", "en"):
        if window.context.languages.language != language:
            window.toggle_language()
        for name in ("live", "review"):
            window._show(name)
            if name == "review" and take is not None:
                window.review.show_take(take)
            deadline = time.monotonic() + 20
            # live: a camera picture; review: the take really playing (clearing a source that is still
            # loading races Qt's FFmpeg back-end, which can crash or hang)
            while not showing_pictures(window, name) and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.005)
            settle(app)
            image = window.grab().toImage()
            if os.environ.get("LAYOUT_PROBE_SAVE"):  # for a person to look at
                image.save(str(Path(os.environ["LAYOUT_PROBE_SAVE"]) / f"{name}-{language}-{width}x{height}.png"))
            report["pages"][f"{name}/{language}"] = {
                "size": [window.width(), window.height()],
                "grab": [image.width(), image.height()],
                "blank": looks_blank(image),
                "small": small_controls(window),
                "unnamed": unnamed_controls(window),
                "clipped": clipped_texts(window),
                "outside": outside(window),
            }
    window.review.video.release()
    window.exit_unlocked = True
    window.close()
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
