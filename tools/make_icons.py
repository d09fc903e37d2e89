"""Render the app icon from resources/brand/ivy-kiosk-icon.svg into the files the builds use:

- ``ivy-kiosk.png`` (256 px): the window icon at run time,
- ``ivy-kiosk.ico`` (16–256 px): the Windows launchers, the installer and its shortcut,
- ``ivy-kiosk.icns`` (16–1024 px): the macOS .app.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icons.py``. The same SVG and the same
Qt and Pillow give the same bytes; the outputs are small and committed, so a build needs neither.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

BRAND = Path(__file__).resolve().parent.parent / "resources" / "brand"
SOURCE = BRAND / "ivy-kiosk-icon.svg"
MASTER_PX = 1024
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]
WINDOW_ICON_PX = 256


def render(svg: Path, size: int) -> Image.Image:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(data.data())).convert("RGBA")


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    master = render(SOURCE, MASTER_PX)
    window_icon = master.resize((WINDOW_ICON_PX, WINDOW_ICON_PX), Image.Resampling.LANCZOS)
    window_icon.save(BRAND / "ivy-kiosk.png", optimize=True)
    master.save(BRAND / "ivy-kiosk.ico", sizes=ICO_SIZES)
    master.save(BRAND / "ivy-kiosk.icns")
    for name in ("ivy-kiosk.png", "ivy-kiosk.ico", "ivy-kiosk.icns"):
        print(BRAND / name, (BRAND / name).stat().st_size)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
