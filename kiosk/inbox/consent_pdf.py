"""What a received consent PDF says: the package ID, the county and each media file's SHA-256.

The kiosk writes these as real text (``kiosk/package/pdf.py``), so they are read back with PDFium
(``pypdfium2``, already a dependency for the consent preview). A received PDF is hostile input
like everything else: its size was capped by the mail limits, and its page count is capped here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.inbox.problems import refuse
from kiosk.package import naming

MAX_PAGES = 12
_ID = naming.PACKAGE_ID_PATTERN.pattern.strip("^$")
_PACKAGE = re.compile(rf"Package ID ({_ID})")
_COUNTY = re.compile(r"^縣市 County (\S+)$", re.MULTILINE)
_FILE = re.compile(r"^(?P<name>\S.*?) \((?P<role>video|photo), (?P<bytes>[\d,]+) bytes\)\s*\n\s*SHA-256 (?P<sha>[0-9a-f]{64})\s*$",
                   re.MULTILINE)


@dataclass(frozen=True)
class ConsentFacts:
    package_id: str | None
    county: str | None
    hashes: dict[str, str] = field(default_factory=dict)  # media file name → SHA-256
    sizes: dict[str, int] = field(default_factory=dict)


def pdf_text(data: bytes) -> str:
    """The text of every page, lines separated by ``\\n``; ``Refused`` when it is not a readable PDF."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # PdfiumError and friends: anything PDFium cannot open
        raise refuse("pdf_unreadable", "授權同意書不是可讀取的 PDF", "the consent form is not a readable PDF") from None
    try:
        if len(document) > MAX_PAGES:
            raise refuse("pdf_pages", f"授權同意書超過 {MAX_PAGES} 頁，不是本程式產生的", f"the consent form has more than {MAX_PAGES} pages: not the kiosk's")
        pages = []
        for index in range(len(document)):
            page = document[index]
            text_page = page.get_textpage()
            pages.append(text_page.get_text_bounded())
            text_page.close()
            page.close()
    finally:
        document.close()
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


def read_consent(data: bytes) -> ConsentFacts:
    text = pdf_text(data)
    package = _PACKAGE.search(text)
    county = _COUNTY.search(text)
    hashes, sizes = {}, {}
    for match in _FILE.finditer(text):
        hashes[match.group("name").strip()] = match.group("sha")
        sizes[match.group("name").strip()] = int(match.group("bytes").replace(",", ""))
    return ConsentFacts(package.group(1) if package else None, county.group(1) if county else None, hashes, sizes)
