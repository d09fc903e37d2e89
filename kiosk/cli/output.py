"""What every sub-command prints: one JSON document with ``--json``, else one human line; reasons on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

from kiosk.errors import operator_language


def emit(payload: Any, as_json: bool, human: str) -> None:
    """Print exactly one JSON document with ``--json``, else a human line."""
    if as_json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(human)


def fail(zh: str, en: str) -> int:
    """A one-line reason on stderr for a command that ends with exit 1."""
    print(en if operator_language() == "en" else zh, file=sys.stderr)
    return 1
