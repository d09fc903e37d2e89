"""``ivy-kiosk self-test``: the whole chain (record → package → TLS delivery) and the Qt side (window,
fonts, translations, playback through the Review player) as the frozen app runs it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk import paths, procs
from kiosk.ui import selftest_qt

ALL_CHECKS = ["ffmpeg", "licences", "record", "av_sync", "package", "pdf_text", "deliver",
              "qt", "window", "fonts", "translations", "stills", "playback"]

# Runs the Qt checks alone in a fresh process (a QApplication of its own, as in the frozen app),
# optionally with Qt's plugin folders narrowed to one that holds only the platform plugins.
QT_CHECKS_SCRIPT = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
if sys.argv[3]:
    QCoreApplication.setLibraryPaths([sys.argv[3]])
from kiosk.selftest import Report
from kiosk.ui.selftest_qt import run_qt_checks
report = Report()
run_qt_checks(report, Path(sys.argv[1]), float(sys.argv[2]))
print(json.dumps(report.as_json()))
"""


def test_self_test_records_packages_delivers_and_plays_back(cli_env, tmp_path, kiosk_home):
    report_file = tmp_path / "報告 report.json"
    result = subprocess.run([sys.executable, "-m", "kiosk", "self-test", "--report", str(report_file)],
                            env=cli_env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""  # Qt's and FFmpeg's chatter goes into the report, not on the console
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == ALL_CHECKS
    assert all(c["ok"] for c in report["checks"])
    details = {c["name"]: c["detail"] for c in report["checks"]}
    assert "with sound to the end" in details["playback"]
    assert "FFmpeg" in details["playback"]  # the back-end that played it, as Qt names it
    assert "NotoSansTC-Regular.otf" in details["fonts"]
    assert details["stills"].startswith("3 1920×1080 JPEG stills decoded")
    assert "Pledge Kiosk" in details["translations"]
    assert any("Using Qt multimedia" in line for line in report["qt_messages"])
    assert not any(kiosk_home.iterdir())  # the operator's data directory is never touched


def run_qt_checks_alone(cli_env, video: Path, seconds: float, plugin_dir: Path | None = None) -> dict:
    result = subprocess.run([sys.executable, "-c", QT_CHECKS_SCRIPT, str(video), str(seconds),
                             str(plugin_dir or "")], env=cli_env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def short_clip(tmp_path_factory) -> Path:
    clip = tmp_path_factory.mktemp("clip") / "兩秒 clip.mp4"
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                        "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-shortest", str(clip)], timeout=60)
    assert result.returncode == 0, result.stderr
    return clip


def test_without_the_media_plugin_window_and_playback_fail_naming_qt_s_message(cli_env, tmp_path, short_clip):
    """What the first frozen build did: no Qt Multimedia back-end. The report says so by name."""
    from PySide6.QtCore import QLibraryInfo

    platforms_only = tmp_path / "plugins"
    real_plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    shutil.copytree(real_plugins / "platforms", platforms_only / "platforms")  # a copy: no symlinks on Windows
    report = run_qt_checks_alone(cli_env, short_clip, 2.0, platforms_only)
    checks = {c["name"]: c for c in report["checks"]}
    assert report["ok"] is False
    assert not checks["window"]["ok"] and "No QtMultimedia backends" in checks["window"]["detail"]
    assert not checks["playback"]["ok"] and "Failed to initialize QMediaPlayer" in checks["playback"]["detail"]
    assert checks["fonts"]["ok"] and checks["translations"]["ok"]  # the rest of the window still checked


def test_playback_of_a_file_that_is_no_video_fails(cli_env, tmp_path, short_clip):
    broken = tmp_path / "壞 take.mp4"
    broken.write_bytes(b"not a video at all" * 1000)
    report = run_qt_checks_alone(cli_env, broken, 10.0)
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["window"]["ok"], checks["window"]
    assert not checks["playback"]["ok"]
    assert "the player failed" in checks["playback"]["detail"]


def test_playback_of_a_good_clip_passes_and_a_wrong_length_does_not(cli_env, short_clip):
    good = {c["name"]: c for c in run_qt_checks_alone(cli_env, short_clip, 2.0)["checks"]}["playback"]
    assert good["ok"], good
    wrong = {c["name"]: c for c in run_qt_checks_alone(cli_env, short_clip, 10.0)["checks"]}["playback"]
    assert not wrong["ok"] and "the take is 10.00 s" in wrong["detail"]


def test_a_fatal_qt_message_fails_the_check_it_appears_in():
    with selftest_qt.QtMessages() as messages:
        quiet = messages.guarded(lambda: (qWarning("an ordinary warning"), "fine")[1])
        assert quiet() == "fine"
        noisy = messages.guarded(lambda: (qWarning("No QtMultimedia backends found."), "fine")[1])
        with pytest.raises(RuntimeError, match="No QtMultimedia backends"):
            noisy()
    assert "default: an ordinary warning" in messages.unique()


@pytest.fixture
def chinese_window(qapp):
    window = QWidget()
    window.setWindowTitle("IVY 2026 宣誓錄影站")
    layout = QVBoxLayout(window)
    for text in ("送出給台灣志願服務國際交流協會", "錄影"):
        layout.addWidget(QLabel(text))
    previous = qapp.font()
    yield window
    qapp.setFont(previous)
    window.deleteLater()


def test_fonts_check_needs_the_bundled_font_itself(qapp, chinese_window):
    families = {QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(p)))[0]
                for p in paths.resource("fonts").glob("*.otf")}
    qapp.setFont(QFont(families.pop()))
    assert "NotoSansTC-Bold.otf" in selftest_qt._check_fonts(chinese_window)
    qapp.setFont(QFont("DejaVu Sans"))  # whatever the system has: not the bundled file
    with pytest.raises(RuntimeError, match="not a bundled font"):
        selftest_qt._check_fonts(chinese_window)


def test_translations_check_fails_when_the_language_does_not_change(qapp, chinese_window):
    chinese_window.context = SimpleNamespace(languages=SimpleNamespace(switch=lambda language: None))
    with pytest.raises(RuntimeError, match="not translated"):
        selftest_qt._check_translations(chinese_window)


@pytest.mark.qt_log_ignore("JPEG")  # Qt's JPEG reader says what is wrong with the broken file
def test_stills_check_decodes_jpeg_and_names_a_file_it_cannot_read(qapp, tmp_path):
    import cv2
    import numpy as np

    still = tmp_path / "靜照 still.jpg"
    assert cv2.imwrite(str(still), np.full((1080, 1920, 3), 90, np.uint8))
    assert selftest_qt._decode_stills([still]) == "1 1920×1080 JPEG stills decoded"
    broken = tmp_path / "壞 still.jpg"
    broken.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(RuntimeError, match=r"壞 still\.jpg"):
        selftest_qt._decode_stills([still, broken])
