"""The consent PDF: every field, the authorisation (zh + en), the PDPA notice, the signature, the
time, the app and notice versions and the SHA-256 of each media file.

The document is first described as a list of blocks (plain data), then drawn with fpdf2 (pure
Python, no Qt). The same blocks give the Consent screen's text preview, so what the operator
reads is what the PDF says. Its text is real text in the bundled Noto Sans TC, so it can be
searched and copied (see ``pdf_font`` for how the font is embedded).
"""

from __future__ import annotations

import io
import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk import __version__, organiser
from kiosk.localtime import local_text
from kiosk.package import pdf_font, pdf_process
from kiosk.package.consent import Consent, Contact
from kiosk.package.notice import notice_items

log = logging.getLogger(__name__)

FAMILY = pdf_font.FAMILY
MARGIN_MM = 18
LABEL_WIDTH_MM = 56
SIGNATURE_WIDTH_MM = 70
_KEEP_WITH_HEADING_MM = 30
# Characters the page furniture uses besides the blocks' own text (page numbers).
_ALWAYS = "0123456789/ 第頁Page"


@dataclass(frozen=True)
class FileEntry:
    name: str
    role: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class Block:
    """One piece of the document. ``kind``: title, subtitle, heading, field, notice, para, note, signature, file."""

    kind: str
    text: str = ""
    label: str = ""
    image: bytes | None = None


@dataclass(frozen=True)
class DocumentInfo:
    """What the PDF records besides the consent itself."""

    package_id: str | None  # None for a preview before the package exists
    created_at: str
    take_id: str | None
    files: list[FileEntry] | None  # None: hashes not yet computed (preview)
    retention_days: int = 30
    app_version: str = __version__


def document_blocks(consent: Consent, info: DocumentInfo) -> list[Block]:
    name = organiser.deliverable_name(consent.county)
    contact = consent.contact
    blocks = [
        Block("title", f"{name} 授權同意書"),
        Block("subtitle", f"Authorisation and consent — {name} pledge video for {organiser.ORGANISER_EN}"),
        Block("field", info.package_id or "（預覽，尚未打包）(preview: not yet packaged)", "套件編號 Package ID"),
        Block("field", local_text(info.created_at), "建立時間 Created"),
        Block("field", info.take_id or "—", "錄影編號 Take"),
        Block("field", info.app_version, "程式版本 App version"),
        Block("field", consent.notice_version, "告知事項版本 Notice version"),
        Block("heading", "一、授權 Authorisation"),
        Block("para", f"「{organiser.AUTHORISATION_ZH}」"),
        Block("para", organiser.AUTHORISATION_EN),
        Block("heading", "二、聯絡資料 Contact"),
        Block("field", consent.county, "縣市 County"),
        Block("field", contact.name, "聯絡人 Name"),
        Block("field", contact.organisation, "服務單位 Organisation"),
        Block("field", contact.title, "職稱 Job title"),
        Block("field", contact.phone, "電話 Phone"),
        Block("field", contact.email, "電子郵件 E-mail"),
        Block("heading", "三、同意與簽名 Consent and signature"),
        Block("field", "是，已勾選同意 Yes, ticked" if consent.authorised else "否 No", "同意授權 Authorised"),
        Block("field", consent.signed_by, "簽署人 Signed by"),
        Block("field", local_text(consent.signed_at), "簽署時間 Signed at"),
        Block("signature", "" if consent.signature_png else "（無簽名圖檔）(no signature image)",
              "簽名 Signature", consent.signature_png),
        Block("heading", "四、檔案與 SHA-256 Files and SHA-256"),
        *_file_blocks(info.files),
        Block("heading", "五、個人資料蒐集告知事項 Personal data notice (PDPA art. 8)"),
    ]
    blocks += [Block("notice", f"{item.body_zh}\n{item.body_en}", f"{item.heading_zh}\n{item.heading_en}")
               for item in notice_items(info.retention_days)]
    blocks.append(Block("note", f"{organiser.ORGANISER_ZH} {organiser.HELP_PHONE} {organiser.HELP_EMAIL} "
                                f"{organiser.HELP_WEB}"))
    return blocks


def _file_blocks(files: list[FileEntry] | None) -> list[Block]:
    if files is None:
        return [Block("note", "檔案雜湊值於打包時計算 File hashes are computed when the package is built")]
    return [Block("file", f"SHA-256 {entry.sha256}", f"{entry.name} ({entry.role}, {entry.bytes:,} bytes)")
            for entry in files]


def blocks_text(blocks: list[Block]) -> str:
    """The document as plain text (the Consent screen's preview when no PDF renderer is present)."""
    lines = []
    for block in blocks:
        if block.kind == "heading":
            lines.append("")
        if block.label:
            lines.append(f"{block.label}: {block.text}".rstrip(": "))
        else:
            lines.append(block.text)
    return "\n".join(lines).strip()


def _all_text(blocks: list[Block]) -> str:
    return "".join(block.label + block.text for block in blocks) + _ALWAYS


def _bold_text(blocks: list[Block]) -> str:
    return "".join(block.label + (block.text if block.kind in _BOLD_TEXT else "") for block in blocks)


def _baseline(pick) -> str:
    """Characters every consent PDF uses (fixed wording, the 22 county names, ASCII): converted once."""
    sample = Consent("高雄市", Contact("", "", "", "", ""), True, "")
    fixed = pick(document_blocks(sample, DocumentInfo(None, "", None, None)))
    return fixed + "".join(organiser.COUNTIES) + "".join(map(chr, range(32, 127)))


def _printable(text: str, missing: frozenset[str]) -> str:
    """Characters the font lacks (rare names outside Big5) become ``[U+XXXX]`` instead of vanishing."""
    return "".join(f"[U+{ord(ch):04X}]" if ch in missing else ch for ch in text)


def render_pdf(blocks: list[Block], *, title: str) -> bytes:
    """Draw ``blocks`` on A4 pages and return the PDF."""
    missing = pdf_font.missing_characters(pdf_font.REGULAR, _all_text(blocks))
    blocks = [Block(b.kind, _printable(b.text, missing), _printable(b.label, missing), b.image) for b in blocks]
    bold_text = _bold_text(blocks)
    with tempfile.TemporaryDirectory(prefix="ivy-pdf-") as scratch:
        regular = Path(scratch) / "regular.ttf"
        regular.write_bytes(pdf_font.truetype_bytes(pdf_font.REGULAR, _all_text(blocks), _baseline(_all_text)))
        bold = regular  # a name outside the Bold subset (frequent characters only) stays regular
        if not pdf_font.missing_characters(pdf_font.BOLD, bold_text):
            bold = Path(scratch) / "bold.ttf"
            bold.write_bytes(pdf_font.truetype_bytes(pdf_font.BOLD, bold_text, _baseline(_bold_text)))
        return _draw(blocks, regular, bold, title)


def _draw(blocks: list[Block], regular: Path, bold: Path, title: str) -> bytes:
    from fpdf import FPDF

    class _Pdf(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.cell(0, 5, f"第 {self.page_no()}/{{nb}} 頁 Page {self.page_no()}/{{nb}}", align="C")

    pdf = _Pdf(format="A4", unit="mm")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.add_font(FAMILY, "", str(regular))
    pdf.add_font(FAMILY, "B", str(bold))
    pdf.set_title(title)
    pdf.set_author(organiser.ORGANISER_ZH)
    pdf.set_creator(f"IVY 2026 Pledge Kiosk {__version__}")
    pdf.set_lang("zh-TW")
    pdf.add_page()
    for block in blocks:
        _DRAW[block.kind](pdf, block)
    return bytes(pdf.output())


_WIDE = "\u2e80-\u2fff\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# A token is one Chinese character (a line may break after any), a run of spaces, or a Latin word.
_TOKEN = re.compile(rf"[{_WIDE}]|\s+|[^\s{_WIDE}]+")
_NO_BREAK_BEFORE = set("，。、；：！？）」』》〉】,.;:!?)")
_NO_BREAK_AFTER = set("（「『《〈【(")


def _tokens(text: str) -> list[str]:
    """Tokens with line-breaking rules applied: closing punctuation sticks to what precedes it,
    opening punctuation to what follows."""
    glued: list[str] = []
    for token in _TOKEN.findall(text):
        if glued and not token.isspace() and (token[0] in _NO_BREAK_BEFORE or glued[-1][-1] in _NO_BREAK_AFTER):
            glued[-1] += token
        else:
            glued.append(token)
    return glued


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Lines of ``text`` that fit ``width`` in the current font: Chinese breaks between characters,
    English at spaces (fpdf2's own wrapping does one or the other, not both)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            candidate = line + token
            if token.isspace() or pdf.get_string_width(candidate.rstrip()) <= width:
                line = candidate
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            for ch in token:  # a word wider than the line (a long hash) is split anywhere
                if line and pdf.get_string_width(line + ch) > width:
                    lines.append(line)
                    line = ""
                line += ch
        lines.append(line.rstrip())
    return lines


def _write_lines(pdf, lines: list[str], width: float, height: float, *, x: float, new_y: str) -> None:
    top = pdf.get_y()
    for number, line in enumerate(lines):
        pdf.set_xy(x, top + number * height)
        pdf.cell(width, height, line)
    if new_y == "NEXT":
        pdf.set_xy(MARGIN_MM, top + len(lines) * height)
    else:
        pdf.set_xy(x + width, top)


def _line(pdf, text: str, size: float, style: str = "", height: float = 6.0, gap: float = 0.0) -> None:
    pdf.set_font(FAMILY, style, size)
    width = pdf.w - 2 * MARGIN_MM
    lines = _wrap(pdf, text, width)
    if pdf.will_page_break(min(len(lines), 2) * height):
        pdf.add_page()
    for line in lines:  # one at a time, so a long paragraph may continue on the next page
        if pdf.will_page_break(height):
            pdf.add_page()
        _write_lines(pdf, [line], width, height, x=MARGIN_MM, new_y="NEXT")
    if gap:
        pdf.ln(gap)


def _labelled(pdf, label: str, text: str, size: float = 10, height: float = 5.6) -> None:
    """A label column and a value column that wraps; the row stays on one page."""
    value_width = pdf.w - 2 * MARGIN_MM - LABEL_WIDTH_MM
    pdf.set_font(FAMILY, "B", size)
    label_lines = _wrap(pdf, label, LABEL_WIDTH_MM - 3)
    pdf.set_font(FAMILY, "", size)
    value_lines = _wrap(pdf, text, value_width)
    rows = max(len(label_lines), len(value_lines))
    if pdf.will_page_break(rows * height):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", size)
    _write_lines(pdf, label_lines, LABEL_WIDTH_MM, height, x=MARGIN_MM, new_y="TOP")
    pdf.set_font(FAMILY, "", size)
    pdf.set_y(top)
    _write_lines(pdf, value_lines, value_width, height, x=MARGIN_MM + LABEL_WIDTH_MM, new_y="NEXT")
    pdf.set_y(top + rows * height + 1.2)


def _heading(pdf, block: Block) -> None:
    if pdf.will_page_break(_KEEP_WITH_HEADING_MM):  # never a heading alone at the foot of a page
        pdf.add_page()
    else:
        pdf.ln(2)
    _line(pdf, block.text, 12, "B", 7, 1)


def _file(pdf, block: Block) -> None:
    if pdf.will_page_break(11):
        pdf.add_page()
    _line(pdf, block.label, 9, "B", 5)
    _line(pdf, block.text, 8, "", 4.5, 1)


def _signature(pdf, block: Block) -> None:
    if block.image is None:
        _labelled(pdf, block.label, block.text)
        return
    image_height = 30.0
    if pdf.will_page_break(image_height + 4):
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_font(FAMILY, "B", 10)
    pdf.multi_cell(LABEL_WIDTH_MM, 5.6, block.label, align="L", new_x="RIGHT", new_y="TOP")
    pdf.image(io.BytesIO(block.image), x=MARGIN_MM + LABEL_WIDTH_MM, y=top, w=SIGNATURE_WIDTH_MM,
              h=image_height, keep_aspect_ratio=True)
    pdf.rect(MARGIN_MM + LABEL_WIDTH_MM, top, SIGNATURE_WIDTH_MM, image_height)
    pdf.set_xy(MARGIN_MM, top + image_height + 2)


_BOLD_TEXT = ("title", "heading")
_DRAW = {
    "title": lambda pdf, b: _line(pdf, b.text, 18, "B", 9),
    "subtitle": lambda pdf, b: _line(pdf, b.text, 10, "", 5.5, 3),
    "heading": lambda pdf, b: _heading(pdf, b),
    "field": lambda pdf, b: _labelled(pdf, b.label, b.text),
    "notice": lambda pdf, b: _labelled(pdf, b.label, b.text, size=9, height=4.8),
    "file": _file,
    "para": lambda pdf, b: _line(pdf, b.text, 10.5, "", 6, 1.5),
    "note": lambda pdf, b: _line(pdf, b.text, 8.5, "", 5, 1),
    "signature": _signature,
}


def consent_pdf(consent: Consent, info: DocumentInfo) -> bytes:
    """The consent PDF for ``consent`` (validated by the caller), drawn in a child process (see
    ``pdf_process``: fpdf2 and fontTools would stay in the kiosk window's memory all day)."""
    title = f"{organiser.deliverable_name(consent.county)} 授權同意書"
    return pdf_process.drawn_in_child(document_blocks(consent, info), title)
