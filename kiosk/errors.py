"""Errors that reach the operator: a message in both languages and the CLI exit code."""

from __future__ import annotations

from kiosk.language import EN, current


def operator_language() -> str:
    """The operator's language (``kiosk.language``): the GUI's choice, else ``IVY_KIOSK_LANG``, else zh-TW."""
    return current()


class KioskError(Exception):
    """Something the operator must hear about, said in words they can act on.

    ``exit_code`` follows SPEC §4: 1 when the thing checked or attempted failed, 2 for bad input.
    """

    exit_code = 1

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, language: str | None = None) -> str:
        return self.en if (language or current()) == EN else self.zh

    def __str__(self) -> str:
        return self.message()


class BadInput(KioskError):
    """The operator (or a script) asked for something that cannot be done as asked."""

    exit_code = 2


class SourceError(KioskError):
    """A camera or microphone could not be opened or stopped delivering."""


class RecordingError(KioskError):
    """The encoder or the file system failed during a take."""
