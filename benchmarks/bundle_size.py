"""Where the frozen app's size goes, and what it is compressed.

    .venv/bin/pyinstaller --noconfirm build.spec
    .venv/bin/python benchmarks/bundle_size.py [dist/ivy-kiosk] [--xz]

Sizes are of the files themselves (symbolic links count nothing), in MiB (2^20 bytes). ``--xz`` also
measures ``tar | xz -6`` of the whole folder (single-threaded, a few minutes: the download size).
"""

from __future__ import annotations

import argparse
import lzma
import platform
import tarfile
from collections import defaultdict
from pathlib import Path

MIB = 1 << 20
# First path part under _internal/ → the component it belongs to (anything else: "other").
COMPONENTS = {
    "imageio_ffmpeg": "ffmpeg program (imageio-ffmpeg)",
    "cv2": "OpenCV", "opencv_python_headless.libs": "OpenCV",
    "PySide6": "Qt (PySide6, incl. QtQuick/QtQml for the media plugin)", "shiboken6": "Qt (PySide6, incl. QtQuick/QtQml for the media plugin)",
    "numpy": "numpy (+ OpenBLAS)", "numpy.libs": "numpy (+ OpenBLAS)",
    "python3.11": "Python", "base_library.zip": "Python", "PYZ.pyz": "Python",
    "kiosk": "kiosk resources (fonts, translations, licences)",
    "cryptography": "cryptography (keyring, self-test TLS)",
    "PIL": "Pillow", "pillow.libs": "Pillow",
    "pypdfium2_raw": "pdfium (PDF preview, self-test)", "pypdfium2": "pdfium (PDF preview, self-test)",
    "fontTools": "fontTools (PDF font)",
}


def component(relative: Path) -> str:
    top = relative.parts[0]
    if top in COMPONENTS:
        return COMPONENTS[top]
    if top.startswith("libpython"):
        return "Python"
    if ".so" in top or top.endswith((".dll", ".dylib")):
        return "system libraries (X11, PulseAudio, PortAudio, glib, OpenSSL …)"
    return "launcher with every Python module (PYZ), metadata, other"


def breakdown(app: Path) -> dict[str, int]:
    internal = app / "_internal" if (app / "_internal").is_dir() else app
    sizes: dict[str, int] = defaultdict(int)
    for path in app.rglob("*"):
        if path.is_file() and not path.is_symlink():
            inside = path.relative_to(internal) if path.is_relative_to(internal) else Path(path.name)
            sizes[component(inside)] += path.stat().st_size
    return dict(sizes)


class _Counter:
    """A write-only file that only counts the bytes written to it."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: bytes) -> int:
        self.bytes += len(data)
        return len(data)

    def flush(self) -> None:
        pass


def xz_size(app: Path) -> int:
    counter = _Counter()
    with lzma.open(counter, "wb", preset=6) as packed, tarfile.open(fileobj=packed, mode="w|") as archive:  # type: ignore[arg-type]
        archive.add(app, arcname=app.name)
    return counter.bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", nargs="?", type=Path, default=Path("dist/ivy-kiosk"))
    parser.add_argument("--xz", action="store_true", help="also measure tar | xz -6 (slow)")
    args = parser.parse_args()
    sizes = breakdown(args.app)
    total = sum(sizes.values())
    print("| part | MiB |\n|---|---|")
    for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"| {name} | {size / MIB:.1f} |")
    print(f"| **total** ({sum(1 for p in args.app.rglob('*') if p.is_file())} files) | **{total / MIB:.1f}** |")
    if args.xz:
        print(f"\ntar | xz -6 (single thread): {xz_size(args.app) / MIB:.1f} MiB")
    print(f"\nmeasured on {platform.system()} {platform.machine()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
