"""Photos from a phone or a camera: checked, turned upright, tagged 300 dpi, re-encoded only where needed,
and added to any finished take (imported or recorded here)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pillow_heif
import pytest
from PIL import Image

from kiosk.errors import BadInput
from kiosk.importing import add_photos, inspect_photo
from kiosk.importing.photos import write_photo
from kiosk.package.checks import check_photos
from kiosk.recording.take import Take

ORIENTATION = 0x0112


def _picture(size: tuple[int, int]) -> Image.Image:
    """A picture whose top-left third is yellow, so turning it shows."""
    image = Image.new("RGB", size, (30, 110, 70))
    image.paste((240, 200, 40), (0, 0, size[0] // 3, size[1] // 3))
    return image


def _save(image: Image.Image, path: Path, **options: object) -> Path:
    image.save(path, **options)
    return path


def _top_left_is_yellow(path: Path) -> bool:
    with Image.open(path) as image:
        red, green, blue = image.convert("RGB").getpixel((5, 5))
    return red > 200 and green > 160 and blue < 100


def test_an_upright_camera_jpeg_keeps_its_picture_bytes(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x011A], exif[0x011B], exif[0x0128] = 72.0, 72.0, 2  # a camera's usual "72 dpi"
    source = _save(_picture((2400, 1600)), tmp_path / "DSC_0001.JPG", format="JPEG", quality=90, exif=exif)
    photo = inspect_photo(source)
    assert (photo.kind, photo.width, photo.height, photo.reencode) == ("JPEG", 2400, 1600, False)
    target = tmp_path / "out.jpg"
    write_photo(photo, target)
    original, written = source.read_bytes(), target.read_bytes()
    assert written[-(len(original) - 20):] == original[20:]  # every byte after the JFIF header is the same
    with Image.open(target) as image:
        assert image.format == "JPEG" and tuple(round(float(v)) for v in image.info["dpi"]) == (300, 300)


def test_a_jpeg_without_jfif_gets_one(tmp_path: Path) -> None:
    out = io.BytesIO()
    _picture((1600, 900)).save(out, "JPEG", quality=85)
    data = out.getvalue()
    app0_length = int.from_bytes(data[4:6], "big")
    bare = data[:2] + data[4 + app0_length :]  # the JFIF segment removed, as some cameras write them
    source = tmp_path / "bare.jpg"
    source.write_bytes(bare)
    write_photo(inspect_photo(source), tmp_path / "out.jpg")
    written = (tmp_path / "out.jpg").read_bytes()
    assert written[2:4] == b"\xff\xe0" and written[20:] == bare[2:]
    with Image.open(tmp_path / "out.jpg") as image:
        assert tuple(round(float(v)) for v in image.info["dpi"]) == (300, 300)


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    # Stored turned a quarter clockwise... and tagged "turn 90° clockwise to view" (orientation 6):
    stored = _picture((1600, 2400)).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    source = _save(stored, tmp_path / "turned.jpg", format="JPEG", exif=exif)
    photo = inspect_photo(source)
    assert (photo.width, photo.height, photo.reencode) == (1600, 2400, True)
    write_photo(photo, tmp_path / "upright.jpg")
    with Image.open(tmp_path / "upright.jpg") as image:
        assert image.size == (1600, 2400) and image.getexif().get(ORIENTATION, 1) == 1
    assert _top_left_is_yellow(tmp_path / "upright.jpg")


def test_heic_and_png_become_jpeg(tmp_path: Path) -> None:
    pillow_heif.register_heif_opener()
    heic = _save(_picture((2016, 1512)), tmp_path / "IMG_0042.HEIC", format="HEIF", quality=80)
    rgba = _picture((1920, 1080)).convert("RGBA")
    rgba.putalpha(200)
    png = _save(rgba, tmp_path / "screen.png", format="PNG")
    for source, kind in ((heic, "HEIC"), (png, "PNG")):
        photo = inspect_photo(source)
        assert photo.kind == kind and photo.reencode
        target = tmp_path / f"{source.stem}.jpg"
        write_photo(photo, target)
        with Image.open(target) as image:
            assert image.format == "JPEG" and image.mode == "RGB" and image.size == (photo.width, photo.height)
        assert _top_left_is_yellow(target)


def test_iphone_multi_picture_jpeg_becomes_a_plain_one(tmp_path: Path) -> None:
    source = tmp_path / "IMG_0043.JPG"
    _picture((2000, 1500)).save(source, "MPO", save_all=True, append_images=[_picture((640, 480))])
    with Image.open(source) as image:
        assert image.format == "MPO"
    photo = inspect_photo(source)
    assert photo.reencode and photo.kind == "JPEG"
    write_photo(photo, tmp_path / "plain.jpg")
    assert check_photos([tmp_path / "plain.jpg"] * 3).ok


def test_photos_that_cannot_be_used(tmp_path: Path) -> None:
    reasons = {}
    for name, make in {
        "small.jpg": lambda p: _save(_picture((1024, 768)), p, format="JPEG"),
        "portrait.jpg": lambda p: _save(_picture((1080, 1920)), p, format="JPEG"),  # 1080 wide < 1280
        "notes.jpg": lambda p: p.write_text("not a picture", encoding="utf-8"),
        "anim.gif": lambda p: _save(_picture((1600, 900)), p, format="GIF"),
    }.items():
        make(tmp_path / name)
        with pytest.raises(BadInput) as caught:
            inspect_photo(tmp_path / name)
        reasons[name] = caught.value.en
    assert "too small" in reasons["small.jpg"] and "1024×768" in reasons["small.jpg"]
    assert "too small" in reasons["portrait.jpg"]
    assert "cannot be read" in reasons["notes.jpg"]
    assert "GIF is not supported" in reasons["anim.gif"]


def _recorded_take(kiosk_home: Path) -> Take:
    """A take as the recorder leaves it: three stills from its candidates."""
    take = Take.create(camera={"spec": "demo", "description": "demo"}, mic=None, seconds_requested=12)
    stills, candidates = [], []
    for slot in range(3):
        name = f"cand-{slot * 4 + 0.5:06.2f}.jpg"
        _save(Image.fromarray(np.full((1080, 1920, 3), 60 + slot * 40, np.uint8)), take.dir / "candidates" / name,
              format="JPEG", dpi=(300, 300))
        (take.dir / "stills" / f"still-{slot + 1}.jpg").write_bytes((take.dir / "candidates" / name).read_bytes())
        stills.append(f"still-{slot + 1}.jpg")
        candidates.append({"file": name, "t_s": slot * 4 + 0.5, "sharpness": 10.0, "flat": False})
    take.update(state="done", video="take.mp4", stills=stills, still_sources=[c["file"] for c in candidates],
                candidates=candidates, duration_s=12.0)
    return take


def test_photos_join_a_recorded_take_and_pass_the_package_check(kiosk_home: Path, tmp_path: Path) -> None:
    take = _recorded_take(kiosk_home)
    camera = _save(_picture((3000, 2000)), tmp_path / "DSC_0100.JPG", format="JPEG", quality=92)
    stills = add_photos(take, [camera])
    assert stills == ["still-1.jpg", "still-2.jpg", "still-3.jpg", "photo-01.jpg"]
    take = Take.load(take.dir)
    assert [p.name for p in take.still_paths] == stills and all(p.is_file() for p in take.still_paths)
    assert take.meta["candidates"][-1]["photo"] == "DSC_0100.JPG"  # swappable in Review like any candidate
    assert (take.dir / "candidates" / "photo-01.jpg").is_file()
    assert check_photos(take.still_paths).ok


def test_photos_replace_the_stills_keeping_at_least_three(imported, own_copy, tmp_path: Path) -> None:
    take = own_copy(imported("prores"))
    before = take.meta["stills"]
    photos = [_save(_picture((1920, 1280)), tmp_path / f"p{n}.jpg", format="JPEG") for n in range(2)]
    stills = add_photos(take, photos, replace=True)
    assert stills == ["photo-01.jpg", "photo-02.jpg", before[0]]
    assert Take.load(take.dir).meta["still_sources"][:2] == ["photo-01.jpg", "photo-02.jpg"]
    assert check_photos(Take.load(take.dir).still_paths).ok


def test_no_photo_is_written_when_one_of_them_is_refused(imported, own_copy, tmp_path: Path) -> None:
    take = own_copy(imported("prores"))
    good = _save(_picture((1920, 1280)), tmp_path / "good.jpg", format="JPEG")
    small = _save(_picture((640, 480)), tmp_path / "small.jpg", format="JPEG")
    with pytest.raises(BadInput):
        add_photos(take, [good, small])
    assert Take.load(take.dir).meta["stills"] == take.meta["stills"]
    assert not list((take.dir / "candidates").glob("photo-*"))


def test_photos_are_refused_for_a_take_still_being_recorded(kiosk_home: Path, tmp_path: Path) -> None:
    take = Take.create(camera={"spec": "demo"}, mic=None)
    photo = _save(_picture((1920, 1280)), tmp_path / "p.jpg", format="JPEG")
    with pytest.raises(BadInput, match="finished take"):
        add_photos(take, [photo])
