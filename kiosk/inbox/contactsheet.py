"""One image of every photo received, a row per county with its name: the contact sheet.

Drawn with Pillow in the bundled font, so the county names look the same on every machine.
Photos are decoded at reduced size (JPEG draft mode), turned upright by their EXIF orientation,
and fitted into equal cells; a photo that cannot be opened here (HEIC without a decoder, a
damaged file) gets a labelled empty cell instead, so nothing silently goes missing.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from kiosk import paths
from kiosk.errors import KioskError
from kiosk.fsutil import write_bytes_atomic
from kiosk.inbox.table import CountyRow, RowState

CELL_W, CELL_H = 400, 225
LABEL_W = 300
GAP = 16
PER_ROW = 4
TITLE_H = 110
_BACKGROUND, _INK, _MUTED, _CELL = (247, 246, 242), (20, 30, 45), (110, 115, 125), (226, 224, 218)
_STATE_WORDS = {RowState.COMPLETE: "完整 complete", RowState.UNVERIFIED: "未驗證 unverified",
                RowState.INCOMPLETE: "不完整 incomplete", RowState.INVALID: "無效 invalid", RowState.MISSING: ""}


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    name = "fonts/NotoSansTC-Bold.otf" if bold else "fonts/NotoSansTC-Regular.otf"
    return ImageFont.truetype(str(paths.resource(name)), size)


def _thumbnail(path: Path) -> Image.Image | None:
    try:
        with Image.open(path) as image:
            image.draft("RGB", (CELL_W * 2, CELL_H * 2))
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    upright.thumbnail((CELL_W, CELL_H))
    return upright


def _rows_with_photos(rows: list[CountyRow]) -> list[CountyRow]:
    return [row for row in rows if row.photos]


def render(rows: list[CountyRow], title: str) -> Image.Image:
    """The sheet for ``rows`` (counties without photos are left out)."""
    shown = _rows_with_photos(rows)
    lines = [max(1, -(-len(row.photos) // PER_ROW)) for row in shown]
    width = LABEL_W + PER_ROW * (CELL_W + GAP) + GAP
    height = TITLE_H + sum(n * (CELL_H + GAP) + GAP for n in lines) + GAP
    sheet = Image.new("RGB", (width, max(height, TITLE_H + CELL_H)), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP * 2, 30), title, font=_font(True, 44), fill=_INK)
    small, name_font, state_font = _font(False, 18), _font(True, 40), _font(False, 22)
    top = TITLE_H
    for row, count in zip(shown, lines, strict=True):
        draw.line([(GAP, top), (width - GAP, top)], fill=_CELL, width=2)
        draw.text((GAP * 2, top + GAP + 10), row.county, font=name_font, fill=_INK)
        draw.text((GAP * 2, top + GAP + 70), _STATE_WORDS[row.state], font=state_font, fill=_MUTED)
        for number, photo in enumerate(row.photos):
            x = LABEL_W + (number % PER_ROW) * (CELL_W + GAP)
            y = top + GAP + (number // PER_ROW) * (CELL_H + GAP)
            draw.rectangle([x, y, x + CELL_W, y + CELL_H], fill=_CELL)
            thumb = _thumbnail(photo)
            if thumb is None:
                draw.text((x + 12, y + CELL_H // 2 - 10), f"無法預覽 cannot preview: {photo.name}"[:44], font=small, fill=_INK)
            else:
                sheet.paste(thumb, (x + (CELL_W - thumb.width) // 2, y + (CELL_H - thumb.height) // 2))
        top += count * (CELL_H + GAP) + GAP
    return sheet


def write_contact_sheet(rows: list[CountyRow], target: Path) -> Path:
    """The sheet as a JPEG (or PNG, by ``target``'s suffix), written atomically."""
    import io

    kind = "PNG" if target.suffix.lower() == ".png" else "JPEG"
    sheet = render(rows, "IVY 2026 照片一覽 Photos received")
    buffer = io.BytesIO()
    sheet.save(buffer, kind, **({"quality": 88} if kind == "JPEG" else {}))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, buffer.getvalue())
    except OSError as exc:
        raise KioskError(f"無法寫入照片一覽 {target}（{exc.strerror}）", f"cannot write the contact sheet {target} ({exc.strerror})") from None
    return target
