"""The consent PDF: real, extractable text in the embedded bundled font, every field present."""

from __future__ import annotations

import io
import re
import time

import pypdf
import pypdfium2
import pytest

from kiosk import __version__, organiser
from kiosk.localtime import local_text
from kiosk.package import NOTICE_VERSION, Consent, Contact
from kiosk.package.notice import notice_items
from kiosk.package.pdf import DocumentInfo, FileEntry, consent_pdf

SHA = "0123456789abcdef" * 4
FILES = [FileEntry("臺東縣 IVY 2026.mp4", "video", 9_123_456, SHA),
         *(FileEntry(f"臺東縣 IVY 2026-{n}.jpg", "photo", 512_000 + n, SHA[::-1]) for n in (1, 2, 3))]


def _consent(signature: bytes, **contact_changes: str) -> Consent:
    contact = {"name": "林志玲", "organisation": "臺東縣政府社會處", "title": "約聘人員",
               "phone": "(089)320112#25", "email": "lin@taitung.example.gov.tw", **contact_changes}
    return Consent("臺東縣", Contact(**contact), True, contact["name"], "2026-11-27T16:42:00+08:00",
                   signature_png=signature).validated()


def _pypdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _squeeze(text: str) -> str:
    """Text without the line breaks and spaces that wrapping inserts."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def pdf(signature: bytes) -> bytes:
    info = DocumentInfo("IVY2026-20261127-164200-a1b2c3", "2026-11-27T16:45:00+08:00", "20261127-164000-ab12", FILES)
    return consent_pdf(_consent(signature), info)


def test_every_field_is_extractable_text(pdf: bytes) -> None:
    lines = _pypdf_text(pdf).splitlines()
    for expected in [
        "臺東縣 IVY 2026 授權同意書",
        "套件編號 Package ID IVY2026-20261127-164200-a1b2c3",
        f"建立時間 Created {local_text('2026-11-27T16:45:00+08:00')}",
        "錄影編號 Take 20261127-164000-ab12",
        f"程式版本 App version {__version__}",
        f"告知事項版本 Notice version {NOTICE_VERSION}",
        "縣市 County 臺東縣",
        "聯絡人 Name 林志玲",
        "服務單位 Organisation 臺東縣政府社會處",
        "職稱 Job title 約聘人員",
        "電話 Phone (089)320112#25",
        "電子郵件 E-mail lin@taitung.example.gov.tw",
        "同意授權 Authorised 是，已勾選同意 Yes, ticked",
        "簽署人 Signed by 林志玲",
        f"簽署時間 Signed at {local_text('2026-11-27T16:42:00+08:00')}",
        "臺東縣 IVY 2026.mp4 (video, 9,123,456 bytes)",
        f"SHA-256 {SHA}",
        f"SHA-256 {SHA[::-1]}",
    ]:
        assert expected in lines, expected


def test_authorisation_and_notice_are_there_in_both_languages(pdf: bytes) -> None:
    text = _squeeze(_pypdf_text(pdf))
    assert _squeeze(f"「{organiser.AUTHORISATION_ZH}」") in text
    assert _squeeze(organiser.AUTHORISATION_EN) in text
    for item in notice_items():
        for part in (item.heading_zh, item.heading_en, item.body_zh, item.body_en):
            assert _squeeze(part) in text, part


def test_a_second_reader_extracts_the_same_words(pdf: bytes) -> None:
    document = pypdfium2.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert "聯絡人 Name" in text and "林志玲" in text and SHA in text


def test_the_bundled_font_is_embedded_and_the_signature_drawn(pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts, images = set(), 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, "the font program must be embedded"
            assert font["/Encoding"] == "/Identity-H"
            fonts.add(str(font["/BaseFont"]))
        images += len(page.images)
    assert any("NotoSansTC" in name for name in fonts), fonts
    assert images == 1  # the drawn signature


def test_a_character_outside_the_font_is_shown_by_its_code(signature: bytes) -> None:
    rare = consent_pdf(_consent(signature, name="王堃"), DocumentInfo(None, "2026-11-27T16:45:00+08:00", None, None))
    text = _pypdf_text(rare)
    assert "聯絡人 Name 王[U+5803]" in text
    assert "檔案雜湊值於打包時計算" in text  # a preview: hashes come with the package


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="the process's time zone can be changed only where tzset exists")
def test_times_are_shown_in_the_local_zone_with_its_offset(signature: bytes, monkeypatch) -> None:
    """A consent signed_at stored in UTC (by another program) reads as the event's local time."""
    monkeypatch.setenv("TZ", "Asia/Taipei")
    time.tzset()
    try:
        consent = Consent("臺東縣", _consent(signature).contact, True, "林志玲", "2026-11-27T08:42:00+00:00",
                          signature_png=signature).validated()
        info = DocumentInfo("IVY2026-20261127-164200-a1b2c3", "2026-11-27T16:45:00+08:00", None, None)
        lines = _pypdf_text(consent_pdf(consent, info)).splitlines()
    finally:
        monkeypatch.undo()
        time.tzset()
    assert "簽署時間 Signed at 2026-11-27 16:42:00 (UTC+08:00)" in lines
    assert "建立時間 Created 2026-11-27 16:45:00 (UTC+08:00)" in lines


def test_the_pdf_is_drawn_in_a_child_so_the_kiosk_never_holds_fpdf(signature: bytes, tmp_path) -> None:
    """fpdf2 and fontTools' glyph conversion stay out of the process that asks (the kiosk window's
    memory over a day: benchmarks/soak.py); checked in a fresh interpreter that builds one PDF."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "sig.png").write_bytes(signature)
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from kiosk.package.consent import Consent, Contact\n"
        "from kiosk.package.pdf import DocumentInfo, consent_pdf\n"
        "contact = Contact('林志玲', '臺東縣政府社會處', '約聘人員', '(089)320112#25', 'lin@taitung.example.gov.tw')\n"
        "consent = Consent('臺東縣', contact, True, '林志玲', '2026-11-27T16:42:00+08:00',\n"
        f"                  signature_png=Path({str(tmp_path / 'sig.png')!r}).read_bytes()).validated()\n"
        "pdf = consent_pdf(consent, DocumentInfo(None, '2026-11-27T16:45:00+08:00', None, None))\n"
        "print(json.dumps({'pdf': pdf[:5].decode(), 'fpdf': 'fpdf' in sys.modules}))\n")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True,
                         env={**os.environ, "PYTHONPATH": str(root), "IVY_KIOSK_HOME": str(tmp_path / "home")})

    assert json.loads(out.stdout) == {"pdf": "%PDF-", "fpdf": False}


def test_a_worker_that_dies_is_told_in_both_languages(signature: bytes, monkeypatch) -> None:
    import sys

    from kiosk import procs
    from kiosk.errors import KioskError

    monkeypatch.setattr(procs, "own_command", lambda: [sys.executable, "-c", "import sys; sys.exit('font gone')"])
    info = DocumentInfo(None, "2026-11-27T16:45:00+08:00", None, None)

    with pytest.raises(KioskError) as refused:
        consent_pdf(_consent(signature), info)

    assert "could not make the consent PDF (font gone)" in refused.value.en
    assert "無法產生授權同意書 PDF" in refused.value.zh


def test_a_drawing_the_worker_refused_comes_back_in_its_own_words(signature: bytes, monkeypatch) -> None:
    import sys

    from kiosk import procs
    from kiosk.errors import KioskError

    refuse = ("import json, sys, pathlib; pathlib.Path(sys.argv[2], 'error.json').write_text("
              "json.dumps({'zh': '字型缺字', 'en': 'a glyph is missing'}), encoding='utf-8'); sys.exit(2)")
    monkeypatch.setattr(procs, "own_command", lambda: [sys.executable, "-c", refuse])

    with pytest.raises(KioskError) as refused:
        consent_pdf(_consent(signature), DocumentInfo(None, "2026-11-27T16:45:00+08:00", None, None))

    assert (refused.value.zh, refused.value.en) == ("字型缺字", "a glyph is missing")
