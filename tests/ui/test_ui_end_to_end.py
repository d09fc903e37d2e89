"""The whole flow with the real recorder on the demo source: count-in → take → auto-stop at 15 s →
review → keep. The one GUI test that takes real time (about 20 s)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.recording.media import probe_media
from kiosk.recording.take import Take
from kiosk.ui.app import create_kiosk
from kiosk.ui.take_controller import StudioPhase


@pytest.mark.slow
def test_demo_take_from_count_in_to_kept(qtbot):
    window = create_kiosk(demo=True, windowed=True, language="en", with_outbox=False, start_screen="live")
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    takes = window.context.takes
    try:
        qtbot.waitUntil(lambda: takes.studio is not None, timeout=15000)
        assert window.demo_badge.isVisible()
        qtbot.waitUntil(lambda: window.live.preview.frames_shown > 5, timeout=5000)

        qtbot.keyClick(window, Qt.Key.Key_Space)
        assert takes.state is StudioPhase.COUNT_IN
        qtbot.waitUntil(lambda: takes.state is StudioPhase.RECORDING, timeout=6000)
        shown_at_start = window.live.preview.frames_shown
        qtbot.waitUntil(lambda: window.current_name == "review", timeout=40000)
        assert window.live.preview.frames_shown - shown_at_start > 30  # the preview kept going

        take = Take.load(window.review.take.dir)
        assert take.state == "done"
        assert take.stop_reason == "time_limit"  # the recorder stopped itself at 15 s
        assert take.duration_s == pytest.approx(15.0, abs=0.2)
        assert not take.is_short
        info = probe_media(take.video_path)
        assert (info.width, info.height) == (1920, 1080)
        assert info.has_audio
        assert len(take.still_paths) == 3 and all(p.is_file() for p in take.still_paths)
        qtbot.waitUntil(lambda: window.review.video.frames_shown > 0, timeout=10000)

        qtbot.keyClick(window, Qt.Key.Key_K)
        assert Take.load(take.dir).kept is True
        assert window.review.take_list.count() == 1
    finally:
        window.review.video.release()
        window.context.languages.uninstall()
        window.exit_unlocked = True
        window.close()
        window.deleteLater()
