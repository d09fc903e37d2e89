"""What the kiosk ships and under which licence: the facts the About / licences screen shows.

Qt-free. The licence texts are files under ``resources/licenses/``; the bundled Python libraries are
listed from their installed metadata (build.spec copies it into the frozen app, licence files and
all); the ffmpeg program's exact build is read from the binary itself, with where the exact
corresponding source of that build is published.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from kiosk import __version__, paths

log = logging.getLogger(__name__)

# Python distributions bundled in the frozen app and listed on the About screen (build.spec copies
# their metadata into the bundle, so importlib.metadata answers there too).
LISTED_DISTRIBUTIONS = ("PySide6-Essentials", "PySide6-Addons", "shiboken6", "opencv-python-headless", "numpy",
                        "imageio-ffmpeg", "ffmpeg-python", "Pillow", "sounddevice", "platformdirs", "keyring",
                        "fpdf2", "fonttools", "pypdfium2", "aiosmtpd", "trustme", "cryptography", "pillow-heif")

FFMPEG_GIT = "https://github.com/FFmpeg/FFmpeg"
FFMPEG_RELEASES = "https://ffmpeg.org/releases"
IMAGEIO_FFMPEG = "https://github.com/imageio/imageio-ffmpeg"
BTBN_BUILDS = "https://github.com/BtbN/FFmpeg-Builds"  # the Linux and Windows builds imageio-ffmpeg ships
EVERMEET = "https://evermeet.cx/ffmpeg/"  # the macOS (Intel) build
QT_SOURCES = "https://download.qt.io/official_releases/qt/"
PYSIDE_SOURCES = "https://code.qt.io/cgit/pyside/pyside-setup.git/"
_LICENCE_FILE = re.compile(r"licen[cs]e|copying|notice", re.IGNORECASE)


@dataclass(frozen=True)
class LicenceText:
    title: str
    text: str


@dataclass(frozen=True)
class Notice:
    """One bundled component: what it is, its version and licence, where its source is, the texts."""

    name: str
    version: str
    licence: str
    source: tuple[str, ...]
    texts: tuple[LicenceText, ...] = ()


@dataclass(frozen=True)
class FfmpegBuild:
    """The ffmpeg program as it describes itself (``ffmpeg -version``)."""

    version: str  # e.g. "n9.0.2-17-g2a571b6068-20260930" (git describe of FFmpeg, build date)
    configuration: str

    @property
    def licence(self) -> str:
        if "--enable-gpl" in self.configuration:
            return "GPL-3.0-or-later" if "--enable-version3" in self.configuration else "GPL-2.0-or-later"
        return "LGPL-3.0-or-later" if "--enable-version3" in self.configuration else "LGPL-2.1-or-later"

    @property
    def commit(self) -> str | None:
        found = re.search(r"-g([0-9a-f]{7,40})\b", self.version)
        return found.group(1) if found else None

    @property
    def release(self) -> str | None:
        found = re.match(r"n?(\d+(?:\.\d+)+)", self.version)
        return found.group(1) if found else None

    def source(self, wrapper_version: str) -> tuple[str, ...]:
        """Where the exact corresponding source of this build is published."""
        where = []
        if self.commit:
            where.append(f"FFmpeg source at the commit this was built from: {FFMPEG_GIT}/tree/{self.commit}")
        if self.release:
            where.append(f"FFmpeg {self.release} release source: {FFMPEG_RELEASES}/ffmpeg-{self.release}.tar.xz")
        if re.search(r"-\d{8}$", self.version):  # BtbN's naming: <describe>-<build date>
            where.append(f"The build scripts and the source of every library linked in: {BTBN_BUILDS} "
                         f"(the autobuild of {self.version[-8:]})")
        elif "tessus" in self.version:
            where.append(f"The build and its sources: {EVERMEET}")
        where.append(f"Which build imageio-ffmpeg {wrapper_version} downloaded, pinned with its checksum: "
                     f"{IMAGEIO_FFMPEG}/tree/v{wrapper_version}/tools")
        return tuple(where)


def parse_ffmpeg_version(output: str) -> FfmpegBuild:
    """``ffmpeg -version`` output → its version and configuration."""
    version = re.search(r"^ffmpeg version (\S+)", output, re.MULTILINE)
    configuration = re.search(r"^configuration: (.*)$", output, re.MULTILINE)
    return FfmpegBuild(version.group(1) if version else "unknown",
                       configuration.group(1).strip() if configuration else "")


def ffmpeg_build() -> FfmpegBuild:
    """The bundled ffmpeg program, asked for its version (a fraction of a second)."""
    from kiosk import procs

    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-version"], timeout=30)
    return parse_ffmpeg_version(result.stdout.decode("utf-8", "replace"))


def bundled_text(name: str, title: str | None = None) -> LicenceText:
    return LicenceText(title or name, paths.resource(f"licenses/{name}").read_text(encoding="utf-8"))


def notices(ffmpeg: FfmpegBuild | None = None) -> list[Notice]:
    """Every component the kiosk ships, the app itself first."""
    ffmpeg = ffmpeg or ffmpeg_build()
    gpl3 = bundled_text("GPL-3.txt", "GNU General Public License v3")
    listed = [_distribution_notice(name) for name in LISTED_DISTRIBUTIONS]
    return [
        Notice("IVY 2026 Pledge Kiosk", __version__, "MIT", ("This application.",)),
        Notice("FFmpeg (the ffmpeg program that records and converts)", ffmpeg.version, ffmpeg.licence,
               (*ffmpeg.source(_version("imageio-ffmpeg")), f"Configuration: {ffmpeg.configuration}"), (gpl3,)),
        Notice("Qt (through PySide6)", _version("PySide6-Essentials"), "LGPL-3.0-only",
               (f"Qt: {QT_SOURCES}", f"PySide6 and shiboken6: {PYSIDE_SOURCES}"),
               (bundled_text("LGPL-3.txt", "GNU Lesser General Public License v3"), gpl3)),
        Notice("FFmpeg libraries inside Qt Multimedia (playback)", f"as built for Qt {_version('PySide6-Addons')}",
               "LGPL-2.1-or-later",
               (f"FFmpeg release source: {FFMPEG_RELEASES}/", f"Qt's build of them: {QT_SOURCES}"),
               (bundled_text("LGPL-2.1.txt", "GNU Lesser General Public License v2.1"),)),
        Notice("Noto Sans TC (the bundled font)", _font_version("fonts/NotoSansTC-Regular.otf"), "OFL-1.1",
               ("https://github.com/notofonts/noto-cjk",),
               (bundled_text("NotoSansTC-OFL.txt", "SIL Open Font License 1.1"),)),
        Notice("Python", _python_version(), "PSF-2.0", ("https://docs.python.org/3/license.html",)),
        *(notice for notice in listed if notice is not None),
    ]


def _font_version(relative: str) -> str:
    """The version in the font's own name table (e.g. "Version 2.004")."""
    from fontTools.ttLib import TTFont

    with TTFont(paths.resource(relative), lazy=True) as font:
        return str(font["name"].getDebugName(5) or "unknown").split(";")[0]


def _python_version() -> str:
    import platform

    return platform.python_version()


@cache
def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"


def _distribution_notice(name: str) -> Notice | None:
    """A bundled Python library from its metadata: licence, home page and the licence files it ships."""
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        log.warning("licence notice: %s is not installed", name)
        return None
    meta = dist.metadata
    licence = _field(meta, "License-Expression") or _short(_field(meta, "License")) or _classifier_licence(meta)
    homepage = _source_url(meta)
    texts = []
    for file in dist.files or []:
        inside_metadata = file.parts[0].endswith(".dist-info")
        if inside_metadata and _LICENCE_FILE.search(str(file)) and not file.name.endswith((".py", ".pyc")):
            try:
                texts.append(LicenceText(f"{dist.name}: {'/'.join(file.parts[1:])}", file.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return Notice(dist.name, dist.version, licence or "see its licence files", (homepage,) if homepage else (),
                  tuple(texts))


def _source_url(meta: metadata.PackageMetadata) -> str:
    """The project's source or home page: a labelled Project-URL first (not its changelog)."""
    labelled = [tuple(part.strip() for part in url.split(",", 1)) for url in meta.get_all("Project-URL") or []
                if "," in url]
    for wanted in ("source", "repository", "code", "homepage", "home"):
        for label, url in labelled:
            if wanted in label.lower().replace(" ", ""):
                return url
    return _field(meta, "Home-page") or (labelled[0][1] if labelled else "")


def _field(meta: metadata.PackageMetadata, key: str) -> str | None:
    values = meta.get_all(key) or []
    return str(values[0]) if values else None


def _short(text: str | None) -> str:
    """A License field that is a name, not a whole licence text pasted in."""
    return text.strip() if text and len(text) < 80 and text.strip().upper() != "UNKNOWN" else ""


def _classifier_licence(meta: metadata.PackageMetadata) -> str:
    found = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    return ", ".join(found)
