"""Photos from a phone or a photographer's camera, added to a take (imported or recorded here).

The organiser asks for photos of at least 1280×720 (or 300 dpi); the package checks want JPEG files
tagged 300 dpi. So each photo is checked first (all of them before any is written), then:

- a JPEG that is already upright keeps every byte of its picture: only its JFIF header is set (or
  added) to 300 dpi, so a camera's 24 MP photo is never recompressed;
- a HEIC (via pillow-heif) or PNG photo, a JPEG whose EXIF orientation says "turn me" (its pixels are
  turned and the tag cleared, so every viewer and checker sees the same picture), an MPO (an
  iPhone's multi-picture JPEG, which readers report as MPO, not JPEG) or a CMYK JPEG is re-encoded
  once, at the stills' quality, keeping its EXIF and colour profile.

Photos join the take as candidates (``candidates/photo-NN.jpg``, so Review can swap them into any
slot) and as stills (``stills/photo-NN.jpg``): after the ones already chosen, or in their place.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import BadInput
from kiosk.fsutil import write_bytes_atomic
from kiosk.organiser import PHOTO_DPI, PHOTO_MIN_COUNT, PHOTO_MIN_HEIGHT, PHOTO_MIN_WIDTH
from kiosk.recording.stills import JPEG_QUALITY
from kiosk.recording.take import CANDIDATES_DIR, STILLS_DIR, Take

PHOTO_PREFIX = "photo-"
_ORIENTATION = 0x0112
_TURNED = (5, 6, 7, 8)  # EXIF orientations that swap width and height
_ACCEPTED = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "HEIF": "HEIC"}


@dataclass(frozen=True)
class Photo:
    """A photo that passed the checks, and what it needs to become a deliverable JPEG."""

    source: Path
    kind: str  # JPEG, PNG or HEIC
    width: int  # upright
    height: int
    reencode: bool
    reason: str  # why it is re-encoded, or "" (for the log and the JSON)


def _open_image(path: Path):  # -> PIL.Image.Image (Pillow is imported lazily: the CLI starts fast)
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    return Image.open(path)


def inspect_photo(path: Path) -> Photo:
    """Check one photo; BadInput (exit 2) with the reason when it cannot be used."""
    from PIL import UnidentifiedImageError

    if not path.is_file():
        raise BadInput(f"找不到照片檔：{path}", f"Photo file not found: {path}")
    try:
        with _open_image(path) as image:
            kind = _ACCEPTED.get(image.format or "")
            width, height = image.size
            orientation = image.getexif().get(_ORIENTATION, 1)
            mode = image.mode
            real_format = image.format
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise BadInput(f"無法讀取這張照片（不是 JPEG、PNG 或 HEIC？）：{path}",
                       f"The photo cannot be read (not a JPEG, PNG or HEIC?): {path} ({exc})") from None
    if kind is None:
        raise BadInput(f"照片格式 {real_format} 不支援（請用 JPEG、PNG 或 HEIC）：{path}",
                       f"Photo format {real_format} is not supported (use JPEG, PNG or HEIC): {path}")
    if orientation in _TURNED:
        width, height = height, width
    if width < PHOTO_MIN_WIDTH or height < PHOTO_MIN_HEIGHT:
        raise BadInput(
            f"照片太小：{path.name} 為 {width}×{height}，主辦單位要求至少 {PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT}",
            f"The photo is too small: {path.name} is {width}×{height}; the organiser needs at least "
            f"{PHOTO_MIN_WIDTH}×{PHOTO_MIN_HEIGHT}",
        )
    reason = _reencode_reason(kind, real_format or "", orientation, mode)
    return Photo(path, kind, width, height, bool(reason), reason)


def _reencode_reason(kind: str, real_format: str, orientation: int, mode: str) -> str:
    if kind != "JPEG":
        return f"{kind} to JPEG"
    if real_format == "MPO":
        return "multi-picture JPEG to plain JPEG"
    if orientation not in (0, 1):
        return f"EXIF orientation {orientation} applied"
    if mode not in ("RGB", "L"):
        return f"{mode} to RGB"
    return ""


def _jpeg_at_300_dpi(data: bytes) -> bytes:
    """The same JPEG with its JFIF density set to 300 dpi (the JFIF segment added if it has none)."""
    density = b"\x01" + struct.pack(">HH", PHOTO_DPI, PHOTO_DPI)
    if data[2:4] == b"\xff\xe0" and data[6:11] == b"JFIF\x00":
        return data[:13] + density + data[18:]
    jfif = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01" + density + b"\x00\x00"
    return data[:2] + jfif + data[2:]


def _reencoded(photo: Photo) -> bytes:
    from PIL import Image, ImageOps

    with _open_image(photo.source) as image:
        upright = ImageOps.exif_transpose(image)
        icc = image.info.get("icc_profile")
        exif = upright.getexif()
        exif.pop(_ORIENTATION, None)
        if upright.mode in ("RGBA", "LA", "P"):
            rgba = upright.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            upright = flat
        elif upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        options = {"quality": JPEG_QUALITY, "dpi": (PHOTO_DPI, PHOTO_DPI), "exif": exif.tobytes()}
        if icc:
            options["icc_profile"] = icc
        upright.save(out, "JPEG", **options)
    return out.getvalue()


def write_photo(photo: Photo, target: Path) -> None:
    """The photo as a 300 dpi JPEG at ``target`` (written to a temporary name, then renamed)."""
    data = _reencoded(photo) if photo.reencode else _jpeg_at_300_dpi(photo.source.read_bytes())
    write_bytes_atomic(target, data)


def _free_name(take: Take) -> str:
    used = {path.name for path in (take.dir / CANDIDATES_DIR).glob(f"{PHOTO_PREFIX}*")}
    number = 1
    while f"{PHOTO_PREFIX}{number:02d}.jpg" in used:
        number += 1
    return f"{PHOTO_PREFIX}{number:02d}.jpg"


def _link_or_copy(source: Path, target: Path) -> None:
    """The still is the candidate's file a second time: a hard link where the disk allows, so a 10 MB
    camera photo is stored once."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def install_photos(take: Take, photos: Sequence[Photo], *, replace: bool = False) -> list[str]:
    """Write checked ``photos`` into ``take`` and make them stills; returns the take's still names.

    ``replace``: the photos become the stills, topped up with the ones chosen before to keep at
    least three; otherwise they join the stills already chosen.
    """
    candidates = list(take.meta.get("candidates") or [])
    added = []
    for photo in photos:
        name = _free_name(take)
        write_photo(photo, take.dir / CANDIDATES_DIR / name)
        _link_or_copy(take.dir / CANDIDATES_DIR / name, take.dir / STILLS_DIR / name)
        candidates.append({"file": name, "t_s": None, "sharpness": None, "flat": False, "photo": photo.source.name,
                           "reencoded": photo.reason or None})
        added.append(name)
    stills = list(take.meta.get("stills") or [])
    sources = list(take.meta.get("still_sources") or [])
    sources += [""] * (len(stills) - len(sources))
    if replace:
        keep = max(0, PHOTO_MIN_COUNT - len(added))
        stills, sources = added + stills[:keep], added + sources[:keep]
    else:
        stills, sources = stills + added, sources + added
    take.update(candidates=candidates, stills=stills, still_sources=sources)
    return stills


def add_photos(take: Take, files: Sequence[Path], *, replace: bool = False) -> list[str]:
    """Review's "add photos": the photographer's photos joined to (or replacing) a finished take's stills."""
    if not take.state.has_video:
        raise BadInput(f"這段錄影尚未完成，不能加入照片：{take.id}",
                       f"Photos can be added only to a finished take: {take.id} is {take.state.value}")
    photos = [inspect_photo(path) for path in files]  # every photo checked before any is written
    return install_photos(take, photos, replace=replace)
