"""A picture of the consent PDF's first page, for the Consent screen's preview.

PySide6-Essentials/Addons 6.12 on PyPI ship no QtPdf module, so the page is rendered with PDFium
(``pypdfium2``). Without it, the screen shows the PDF's text instead (``pdf.blocks_text``).
"""

from __future__ import annotations

import io

from kiosk.config import Settings
from kiosk.package.consent import Consent
from kiosk.package.pdf import DocumentInfo, blocks_text, consent_pdf, document_blocks


def renderer_available() -> bool:
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return False
    return True


def render_first_page_png(pdf: bytes, width_px: int) -> bytes | None:
    """Page 1 of ``pdf`` as a PNG ``width_px`` wide; None when no PDF renderer is installed."""
    if not renderer_available():
        return None
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def preview_info(settings: Settings) -> DocumentInfo:
    """What a preview shows before the package exists: no id, no take, hashes still to come."""
    from kiosk.package.consent import now_iso

    return DocumentInfo(None, now_iso(), None, None, settings.delivery.retention_days)


def consent_preview(consent: Consent, settings: Settings, width_px: int) -> tuple[bytes | None, str]:
    """(PNG of page 1 or None, the document's text). Works on an unvalidated consent too."""
    info = preview_info(settings)
    text = blocks_text(document_blocks(consent, info))
    if not renderer_available():
        return None, text
    return render_first_page_png(consent_pdf(consent, info), width_px), text
