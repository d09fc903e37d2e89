"""The consent PDF drawn in a child process: the kiosk's own program, started for this one job.

fpdf2 and fontTools are ~40 MB of modules, and converting glyphs takes ~20 MB more; a process that
once imports them keeps all of it. In the kiosk window, whose memory a day of takes is measured by
(``benchmarks/soak.py``), the first package lifted the RSS for the rest of the day. A child hands
everything back when it ends, for about half a second of start-up per PDF; the converted font is
shared through its cache on disk (``pdf_font``).

The request and the PDF travel as files in a private temporary folder (the consent holds personal
data), not through pipes: a windowed Windows build has no usable standard streams.
"""

from __future__ import annotations

import base64
import json
import logging
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk import procs
from kiosk.errors import KioskError
from kiosk.fsutil import write_bytes_atomic

if TYPE_CHECKING:
    from kiosk.package.pdf import Block

log = logging.getLogger(__name__)

WORKER_TIMEOUT_S = 180.0  # a first build converts a few thousand glyphs: seconds, more on a loaded laptop
_REQUEST, _PDF, _ERROR = "request.json", "consent.pdf", "error.json"
_EXIT_REFUSED = 2  # the drawing said why (``error.json``): the operator's words travel back


def drawn_in_child(blocks: list[Block], title: str) -> bytes:
    """``pdf.render_pdf(blocks, title=title)``, run in a child process of the kiosk's own program."""
    with tempfile.TemporaryDirectory(prefix="ivy-consent-pdf-") as scratch:  # 0700: personal data
        folder = Path(scratch)
        write_bytes_atomic(folder / _REQUEST, json.dumps(_request(blocks, title), ensure_ascii=False).encode("utf-8"))
        command = [*procs.own_command(), procs.PDF_WORKER_FLAG, str(folder)]
        try:
            result = procs.run(command, timeout=WORKER_TIMEOUT_S)
        except OSError as exc:
            raise _could_not(f"{type(exc).__name__}: {exc}") from exc
        except subprocess.TimeoutExpired as exc:  # run() has killed it
            raise _could_not(f"no PDF after {WORKER_TIMEOUT_S:.0f} s") from exc
        if result.returncode == _EXIT_REFUSED and (folder / _ERROR).is_file():
            words = json.loads((folder / _ERROR).read_text(encoding="utf-8"))
            raise KioskError(str(words["zh"]), str(words["en"]))
        pdf = folder / _PDF
        if result.returncode != 0 or not pdf.is_file():
            detail = result.stderr.decode("utf-8", "replace").strip()
            log.error("the consent PDF worker ended with %s:\n%s", result.returncode, detail)
            raise _could_not(detail.splitlines()[-1] if detail else f"exit code {result.returncode}")
        return pdf.read_bytes()


def serve(argv: list[str]) -> int:
    """The child's side (``ivy-kiosk --consent-pdf-worker FOLDER``): draw the request in FOLDER."""
    from kiosk.package.pdf import render_pdf  # here, not above: pdf.py imports this module

    folder = Path(argv[0])
    blocks, title = _blocks_of(json.loads((folder / _REQUEST).read_text(encoding="utf-8")))
    try:
        data = render_pdf(blocks, title=title)
    except KioskError as exc:
        write_bytes_atomic(folder / _ERROR, json.dumps({"zh": exc.zh, "en": exc.en}, ensure_ascii=False).encode("utf-8"))
        return _EXIT_REFUSED
    write_bytes_atomic(folder / _PDF, data)
    return 0


def _request(blocks: list[Block], title: str) -> dict[str, Any]:
    return {"title": title, "blocks": [
        {"kind": b.kind, "text": b.text, "label": b.label,
         "image": base64.b64encode(b.image).decode("ascii") if b.image is not None else None}
        for b in blocks]}


def _blocks_of(request: dict[str, Any]) -> tuple[list[Block], str]:
    from kiosk.package.pdf import Block

    blocks = [Block(b["kind"], b["text"], b["label"], base64.b64decode(b["image"]) if b["image"] is not None else None)
              for b in request["blocks"]]
    return blocks, str(request["title"])


def _could_not(detail: str) -> KioskError:
    return KioskError(f"無法產生授權同意書 PDF（{detail}）；請再試一次，若仍失敗請重新安裝本程式",
                      f"could not make the consent PDF ({detail}); try again, and reinstall the app if it "
                      "keeps failing")
