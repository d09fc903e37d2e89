"""What is wrong with a received mail or submission, in words the organiser can act on (zh-TW + en).

A :class:`Problem` is data (it goes into JSON, the table and the organiser screen); :class:`Refused`
is the exception that carries one when a mail is refused as a whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError, operator_language


@dataclass(frozen=True)
class Problem:
    """``code`` is stable (tests and screens key on it); ``zh`` and ``en`` say it in words."""

    code: str
    zh: str
    en: str

    def message(self, language: str | None = None) -> str:
        return self.en if (language or operator_language()) == "en" else self.zh

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}

    @classmethod
    def from_dict(cls, data: Any) -> Problem:
        return cls(str(data["code"]), str(data["zh"]), str(data["en"]))


class Refused(KioskError):
    """A mail (or one of its attachments) that is not accepted; nothing of it is written."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.zh, problem.en)
        self.problem = problem


def refuse(code: str, zh: str, en: str) -> Refused:
    return Refused(Problem(code, zh, en))
