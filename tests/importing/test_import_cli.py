"""``ivy-kiosk import``: a clip and photos to a take that packages with every check green, and refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import import_clips as clips
import pytest
from import_helpers import write_consent, write_settings
from PIL import Image

from kiosk.cli import main
from kiosk.importing.staging import STAGING_DIR
from kiosk.recording.take import list_takes

RECORD_KEYS = {"take", "dir", "video", "stills", "duration_s", "width", "height", "fps", "frames",
               "dropped_frames", "has_audio", "encoder", "preset"}


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=300, check=False)


def _photo(path: Path, size: tuple[int, int], **save: object) -> Path:
    image = Image.new("RGB", size, (30, 110, 70))
    image.paste((240, 200, 40), (0, 0, size[0] // 3, size[1] // 3))
    image.save(path, **save)
    return path


def test_import_then_package_with_every_check_green(clip, cli_env, kiosk_home: Path, tmp_path: Path) -> None:
    """The whole path a county takes with a phone clip and the photographer's photos, default settings."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    photos = tmp_path / "相機 photos"
    photos.mkdir()
    heic = _photo(photos / "IMG_0001.HEIC", (2016, 1512), format="HEIF", quality=70)
    camera = _photo(photos / "DSC 0002.JPG", (2400, 1600), format="JPEG", quality=90)
    result = _cli(cli_env, "import", str(clip(clips.VFR_PHONE)), "--start", "1", "--seconds", "11",
                  "--photo", str(heic), "--photo", str(camera), "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc.keys() >= RECORD_KEYS | {"source", "source_info"}
    assert (doc["width"], doc["height"], doc["fps"], doc["frames"]) == (1920, 1080, 30, 330)
    assert doc["duration_s"] == pytest.approx(11.0) and doc["has_audio"] is True
    assert doc["encoder"] == "libx264" and doc["preset"] in ("superfast", "ultrafast")  # the recorder's choice
    assert doc["source"] == str(clip(clips.VFR_PHONE).absolute())
    assert doc["source_info"]["vfr"] is True and doc["source_info"]["codec"] == "h264"
    assert len(doc["stills"]) == 5  # three from the clip, then the two photos
    assert [Path(p).name for p in doc["stills"][3:]] == ["photo-01.jpg", "photo-02.jpg"]

    packaged = _cli(cli_env, "package", doc["take"], "--consent", str(write_consent(tmp_path)), "--json")
    assert packaged.returncode == 0, packaged.stderr
    checks = json.loads(packaged.stdout)["checks"]
    assert [c["name"] for c in checks if not c["ok"]] == [], checks
    assert {c["name"] for c in checks} >= {"video_resolution", "video_format", "duration", "audio", "photos", "names"}


def test_no_sound_clip_imports_with_a_warning(clip, cli_env, kiosk_home: Path) -> None:
    write_settings(kiosk_home, encoder="libx264", preset="ultrafast")
    result = _cli({**cli_env, "IVY_KIOSK_LANG": "en"}, "import", str(clip(clips.MUTE_60)), "--seconds", "10")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("imported: ") and "no sound" in result.stderr
    (take,) = list_takes()
    assert not take.has_audio and take.duration_s == pytest.approx(10.0)


def _refusal(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture
def nothing_left(kiosk_home: Path):
    yield
    assert list_takes() == []
    staging = kiosk_home / STAGING_DIR
    assert not staging.exists() or not any(staging.iterdir())


def test_bad_input_exits_2_with_the_reason(clip, tmp_path: Path, capsys, nothing_left) -> None:
    text = tmp_path / "readme.mov"
    text.write_text("no pictures here", encoding="utf-8")
    sound = tmp_path / "memo.m4a"
    clips.render_file(sound, ["-f", "lavfi", "-i", "sine=d=11", "-c:a", "aac"])
    small_photo = _photo(tmp_path / "thumb.png", (800, 600), format="PNG")
    phone = str(clip(clips.VFR_PHONE))
    cases = {
        "Not a video file": [str(text)],
        "no video stream": [str(sound)],
        "too short": [str(clip(clips.SHORT))],
        "outside the clip": [phone, "--start", "5", "--seconds", "10"],
        "portrait": [str(clip(clips.PORTRAIT_50))],
        "photo is too small": [phone, "--photo", str(small_photo)],
        "Photo file not found": [phone, "--photo", str(tmp_path / "gone.jpg")],
        "File not found": [str(tmp_path / "gone.mov")],
        "Not a file": [str(tmp_path)],
        "10 to 15 s": [phone, "--seconds", "16"],
        "must be a number": [phone, "--start", "soon"],
        "never enlarged": [str(clip(clips.SMALL))],
    }
    for expected, args in cases.items():
        assert expected in _refusal(["import", *args], capsys), expected


def test_reasons_in_traditional_chinese_by_default(clip, capsys, monkeypatch, nothing_left) -> None:
    monkeypatch.setenv("IVY_KIOSK_LANG", "zh-TW")
    assert "直式影片" in _refusal(["import", str(clip(clips.CODED_PORTRAIT))], capsys)
    assert "影片太短" in _refusal(["import", str(clip(clips.SHORT))], capsys)
