"""Rebuild resources/fonts/ from Debian's fonts-noto-cjk (SIL OFL 1.1).

Takes the Traditional Chinese face out of the Noto Sans CJK collection and keeps the characters a
Taiwanese form can contain: ASCII and Latin-1, punctuation, Bopomofo, full-width forms and every
ideograph in Big5 (Bold: the frequent level-1 ones only, for headings). Run: python tools/subset_font.py (needs fonttools; apt-get install fonts-noto-cjk).
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto")
TARGET = Path(__file__).resolve().parent.parent / "resources" / "fonts"
TC_INDEX = 3  # Noto Sans CJK TC inside the .ttc


def _in_big5(cp: int, common_only: bool) -> bool:
    try:
        code = chr(cp).encode("big5")
    except UnicodeEncodeError:
        return False
    # Big5 level 1 (0xA440–0xC67E) holds the 5,401 frequent characters: enough for headings.
    return not common_only or 0xA440 <= int.from_bytes(code, "big") <= 0xC67E


def wanted_codepoints(common_only: bool) -> set[int]:
    points = set(range(0x20, 0x7F)) | set(range(0xA0, 0x180))
    for lo, hi in ((0x2000, 0x206F), (0x2100, 0x215F), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
                   (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F), (0x3100, 0x312F), (0xFF00, 0xFFEF)):
        points |= set(range(lo, hi + 1))
    points |= {cp for cp in range(0x4E00, 0xA000) if _in_big5(cp, common_only)}
    for extra in "臺峯裏綫":
        points.add(ord(extra))
    return points


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for weight in ("Regular", "Bold"):
        font = TTCollection(SOURCE / f"NotoSansCJK-{weight}.ttc").fonts[TC_INDEX]
        options = subset.Options()
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.layout_features = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        # Regular renders every name a form may hold; Bold only headings and buttons.
        subsetter.populate(unicodes=wanted_codepoints(common_only=weight == "Bold"))
        subsetter.subset(font)
        out = TARGET / f"NotoSansTC-{weight}.otf"
        font.save(out)
        print(out, out.stat().st_size)


if __name__ == "__main__":
    main()
