"""Takes made by hand, as the recorder would leave them, for packaging (and outbox) tests.

``make_take(...)`` builds a take folder under ``<data>/takes/`` (see kiosk/recording/take.py):
``take.json`` (state "done"), ``take.mp4`` (H.264/AAC from ffmpeg's ``testsrc2`` and ``sine``) and
``stills/still-N.jpg`` (1920×1080 JPEG tagged 300 dpi). Media are generated once per test session
with the bundled ffmpeg and copied into each test's data directory. Variants (short, silent, no
sound, small picture, portrait …) are derived from the main clip cheaply.

``consent_file(...)`` writes a SPEC §4 consent file in a folder with Chinese characters and a space.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw

from kiosk import procs
from kiosk.recording.take import Take

SECONDS = 12
_FFMPEG = ["-hide_banner", "-nostdin", "-loglevel", "error", "-y"]
_H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-b:v", "3M", "-maxrate", "3M", "-bufsize", "6M",
         "-pix_fmt", "yuv420p", "-g", "60"]
_AAC = ["-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2"]

CONTACT = {
    "name": "王小明",
    "organisation": "高雄市政府社會局",
    "title": "科長",
    "phone": "07-3438100",
    "email": "wang.xm@example.org",
}


def _ffmpeg(*args: str) -> None:
    result = procs.run([procs.ffmpeg_exe(), *_FFMPEG, *args], timeout=180)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-500:]


def _lavfi_clip(target: Path, *, seconds: float, size: str, audio: str | None, rate: int = 30) -> None:
    inputs = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if audio == "sine":
        inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    elif audio == "silent":
        inputs += ["-f", "lavfi", "-i", f"anullsrc=r=48000:cl=stereo:d={seconds}"]
    audio_args = [*_AAC, "-shortest"] if audio else ["-an"]
    _ffmpeg(*inputs, *_H264, *audio_args, "-movflags", "+faststart", str(target))


class MediaCache:
    """Video variants made on first use and kept for the whole session."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def video(self, variant: str) -> Path:
        target = self.folder / f"{variant}.mp4"
        if target.is_file():
            return target
        if variant == "main":
            _lavfi_clip(target, seconds=SECONDS, size="1920x1080", audio="sine")
        elif variant == "short":  # 8 s: under the 10 s minimum
            _ffmpeg("-i", str(self.video("main")), "-t", "8", "-c", "copy", "-movflags", "+faststart", str(target))
        elif variant == "mute":  # no sound track at all
            _ffmpeg("-i", str(self.video("main")), "-an", "-c:v", "copy", "-movflags", "+faststart", str(target))
        elif variant == "silent":  # the main picture with a sound track of digital silence
            _ffmpeg("-i", str(self.video("main")), "-f", "lavfi", "-i", f"anullsrc=r=48000:cl=stereo:d={SECONDS}",
                    "-map", "0:v", "-map", "1:a", "-c:v", "copy", *_AAC, "-shortest", "-movflags", "+faststart",
                    str(target))
        elif variant == "small":  # 1280×720: under the 1920×1080 minimum (5 fps: quick to make)
            _lavfi_clip(target, seconds=SECONDS, size="1280x720", audio="sine", rate=5)
        elif variant == "portrait":
            _lavfi_clip(target, seconds=SECONDS, size="1080x1920", audio="sine", rate=5)
        else:
            raise ValueError(variant)
        return target


@pytest.fixture
def contact() -> dict[str, str]:
    """The contact fields every consent here uses (a fresh copy)."""
    return dict(CONTACT)


def make_photo(path: Path, *, size: tuple[int, int] = (1920, 1080), dpi: int | None = 300, label: str = "") -> None:
    image = Image.new("RGB", size, (40, 90, 60))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 60):
        draw.line([(x, 0), (x + size[1] // 2, size[1])], fill=(200, 180, 60), width=6)
    draw.rectangle([40, 40, 400, 160], fill=(250, 250, 250))
    draw.text((60, 80), f"IVY 2026 {label}", fill=(0, 0, 0))
    options: dict[str, Any] = {"quality": 90}
    if dpi:
        options["dpi"] = (dpi, dpi)
    image.save(path, "JPEG", **options)


@pytest.fixture(scope="session")
def media_cache(tmp_path_factory: pytest.TempPathFactory) -> MediaCache:
    return MediaCache(tmp_path_factory.mktemp("媒體 cache"))


TakeFactory = Callable[..., Take]


@pytest.fixture
def make_take(media_cache: MediaCache) -> TakeFactory:
    """``make_take(video="main", photos=3, photo_size=(1920, 1080), photo_dpi=300, state="done", **meta)``."""

    def factory(video: str = "main", *, photos: int = 3, photo_size: tuple[int, int] = (1920, 1080),
                photo_dpi: int | None = 300, state: str = "done", **meta: Any) -> Take:
        source = media_cache.video(video)
        from kiosk.recording.media import probe_media

        info = probe_media(source)
        take = Take.create(camera={"spec": "demo", "description": "test clip"}, mic=None, seconds_requested=SECONDS)
        shutil.copyfile(source, take.dir / "take.mp4")
        stills = []
        for number in range(1, photos + 1):
            name = f"still-{number}.jpg"
            make_photo(take.dir / "stills" / name, size=photo_size, dpi=photo_dpi, label=str(number))
            stills.append(name)
        take.update(
            state=state, video="take.mp4", stills=stills, candidates=[], duration_s=round(info.duration_s, 3),
            width=info.width, height=info.height, fps=info.fps, frames=round(info.duration_s * 30),
            dropped_frames=0, has_audio=info.has_audio, short=info.duration_s < 10, stop_reason="time_limit",
            encoder="libx264", **meta,
        )
        return take

    return factory


def signature_png() -> bytes:
    image = Image.new("RGBA", (600, 200), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(20, 150), (200, 40), (380, 160), (580, 50)], fill=(0, 0, 0, 255), width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def signature() -> bytes:
    """A drawn signature as PNG bytes."""
    return signature_png()


@pytest.fixture
def consent_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "同意書 files"
    folder.mkdir()
    return folder


@pytest.fixture
def consent_file(consent_dir: Path) -> Callable[..., Path]:
    """``consent_file(**overrides)``: a valid consent file (with a drawn signature) unless overridden.
    A value of ``...`` removes the key; ``contact`` overrides merge into the default contact."""

    def factory(name: str = "同意書 consent.json", **overrides: Any) -> Path:
        (consent_dir / "簽名 signature.png").write_bytes(signature_png())
        data: dict[str, Any] = {
            "county": "高雄市",
            "contact": dict(CONTACT),
            "authorised": True,
            "signed_by": "王小明",
            "signature_png": "簽名 signature.png",
        }
        contact_overrides = overrides.pop("contact", {})
        data["contact"].update(contact_overrides)
        data.update(overrides)
        data = {key: value for key, value in data.items() if value is not ...}
        data["contact"] = {key: value for key, value in data["contact"].items() if value is not ...}
        path = consent_dir / name
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return factory
