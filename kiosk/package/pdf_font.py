"""The bundled Noto Sans TC, prepared for embedding in a PDF whose text every reader can extract.

The bundled fonts are CFF-flavoured OpenType. fpdf2 embeds such a font as a CIDFontType0 with its
own code-to-CID CMap, which pdfium and poppler read correctly but pypdf does not: it extracts the
text with a space after every glyph. So we build a small TrueType font from the glyphs a document
needs, converting their cubic outlines to quadratics (fontTools' cu2qu, within 1 font unit:
invisible), and fpdf2 embeds it as CIDFontType2 with Identity-H and a ToUnicode map, the form
every PDF reader handles.

Converting costs about 0.7 ms a glyph, so the converted font is kept (in memory and under
``<data>/cache/pdf-fonts``) and only grows when a document brings a character it lacks: after the
first package, a consent PDF costs no conversion at all.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from kiosk import paths
from kiosk.fsutil import private_dir, write_bytes_atomic

REGULAR = "fonts/NotoSansTC-Regular.otf"
BOLD = "fonts/NotoSansTC-Bold.otf"
FAMILY = "NotoSansTC"
_CACHE_FORMAT = 1
_MAX_ERROR_UNITS = 1.0  # cubic → quadratic tolerance, in font units (1000 per em)
_lock = threading.Lock()
_CONTROL = frozenset("\n\t\r")


@dataclass(frozen=True)
class ConvertedFont:
    characters: frozenset[str]
    data: bytes


_converted: dict[str, ConvertedFont] = {}  # by cache key: the font's digest


@lru_cache(maxsize=4)
def _source_digest(relative: str) -> str:
    return hashlib.sha256(paths.resource(relative).read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=4)
def covered_characters(relative: str) -> frozenset[str]:
    """Every character the bundled font ``relative`` has a glyph for."""
    with TTFont(paths.resource(relative), lazy=True) as font:
        return frozenset(chr(code) for code in font.getBestCmap())


def _cache_key(relative: str) -> str:
    return f"{Path(relative).stem}-{_source_digest(relative)}-v{_CACHE_FORMAT}"


def _cached(key: str) -> ConvertedFont | None:
    converted = _converted.get(key) or _load_cache(key)
    if converted is not None:
        _converted[key] = converted
    return converted


def missing_characters(relative: str, text: str) -> frozenset[str]:
    """Characters of ``text`` that bundled font ``relative`` has no glyph for (line breaks aside)."""
    characters = frozenset(text) - _CONTROL
    with _lock:
        cached = _cached(_cache_key(relative))
    if cached is not None:
        characters -= cached.characters  # usually all of them: no need to read the big font's cmap
    return characters - covered_characters(relative) if characters else frozenset()


def truetype_bytes(relative: str, text: str, baseline: str = "") -> bytes:
    """A TrueType font with at least the glyphs of ``text`` (and ``baseline``) from ``relative``."""
    key = _cache_key(relative)
    wanted = frozenset(text) - _CONTROL
    with _lock:
        cached = _cached(key)
        if cached is None or not wanted <= cached.characters:
            wanted &= covered_characters(relative)
        if cached is not None and wanted <= cached.characters:
            return cached.data
        characters = wanted | (frozenset(baseline) & covered_characters(relative))
        if cached is not None:
            characters |= cached.characters
        converted = ConvertedFont(characters, _build(relative, characters))
        _converted[key] = converted
        _save_cache(key, converted)
        return converted.data


def _cache_path(key: str) -> Path:
    return paths.data_dir("cache") / "pdf-fonts" / f"{key}.ttf"


def _load_cache(key: str) -> ConvertedFont | None:
    try:
        data = _cache_path(key).read_bytes()
        with TTFont(BytesIO(data)) as font:
            return ConvertedFont(frozenset(chr(code) for code in font.getBestCmap()), data)
    except Exception:  # missing or damaged: a cache is never worth failing for
        return None


def _save_cache(key: str, converted: ConvertedFont) -> None:
    path = _cache_path(key)
    try:
        private_dir(path.parent)
        write_bytes_atomic(path, converted.data)
    except OSError:
        pass  # another process may hold it open (Windows); the next build converts again


def _build(relative: str, characters: frozenset[str]) -> bytes:
    source = TTFont(paths.resource(relative), lazy=True)
    try:
        cmap = source.getBestCmap()
        codes = sorted(ord(ch) for ch in characters if ord(ch) in cmap)
        names = [".notdef", *sorted({cmap[code] for code in codes} - {".notdef"})]
        glyph_set = source.getGlyphSet()
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            # PostScript outlines run counter-clockwise, TrueType clockwise: reverse while converting.
            glyph_set[name].draw(Cu2QuPen(pen, _MAX_ERROR_UNITS, reverse_direction=True))
            glyphs[name] = pen.glyph()
        builder = FontBuilder(source["head"].unitsPerEm, isTTF=True)
        builder.setupGlyphOrder(names)
        builder.setupCharacterMap({code: cmap[code] for code in codes})
        builder.setupGlyf(glyphs)
        metrics = source["hmtx"]
        builder.setupHorizontalMetrics({name: (metrics[name][0], getattr(glyphs[name], "xMin", 0)) for name in names})
        hhea, os2 = source["hhea"], source["OS/2"]
        builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent)
        style = "Bold" if "Bold" in relative else "Regular"
        builder.setupNameTable({"familyName": FAMILY, "styleName": style,
                                "psName": f"{FAMILY}-{style}"})
        builder.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                         sTypoLineGap=os2.sTypoLineGap, usWinAscent=os2.usWinAscent,
                         usWinDescent=os2.usWinDescent, sxHeight=getattr(os2, "sxHeight", 500),
                         sCapHeight=getattr(os2, "sCapHeight", 700), usWeightClass=os2.usWeightClass,
                         fsType=os2.fsType)
        builder.setupPost()
        out = BytesIO()
        builder.save(out)
        return out.getvalue()
    finally:
        source.close()
