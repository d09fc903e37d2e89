"""One preflight line: what was checked, how it went, and what to do about it, in both languages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.errors import KioskError, operator_language

Status = Literal["ok", "warn", "fail"]
OK: Status = "ok"
WARN: Status = "warn"
FAIL: Status = "fail"

# The operator's name for each line (zh, en), in the order the screen and the CLI show them.
TITLES: dict[str, tuple[str, str]] = {
    "camera": ("攝影機", "Camera"),
    "camera_resolution": ("畫面尺寸", "Picture size"),
    "camera_fps": ("影格率", "Frame rate"),
    "microphone": ("麥克風", "Microphone"),
    "disk": ("磁碟空間", "Free disk space"),
    "encoder": ("編碼速度", "Encoder speed"),
    "account": ("寄件帳號", "Sending account"),
    "clock": ("系統時間", "Clock"),
    "fonts": ("中文字型", "Chinese fonts"),
    "data_folder": ("資料夾", "Data folder"),
    "config": ("設定檔", "Settings file"),
}


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail_zh: str
    detail_en: str
    fix_zh: str = ""
    fix_en: str = ""
    data: dict[str, Any] = field(default_factory=dict)  # what was measured (fps, factor, bytes …)

    @property
    def ok(self) -> bool:
        """A warning does not stop the event; only a failure does."""
        return self.status != FAIL

    @property
    def title_zh(self) -> str:
        return TITLES.get(self.name, (self.name, self.name))[0]

    @property
    def title_en(self) -> str:
        return TITLES.get(self.name, (self.name, self.name))[1]

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_zh

    def detail(self, language: str) -> str:
        return self.detail_en if language == "en" else self.detail_zh

    def fix(self, language: str) -> str:
        return self.fix_en if language == "en" else self.fix_zh

    def to_json(self, language: str | None = None) -> dict[str, Any]:
        language = language or operator_language()
        return {
            "name": self.name,
            "ok": self.ok,
            "status": self.status,
            "title": self.title(language),
            "detail": self.detail(language),
            "detail_zh": self.detail_zh,
            "detail_en": self.detail_en,
            "fix": self.fix(language),
            "fix_zh": self.fix_zh,
            "fix_en": self.fix_en,
            "data": self.data,
        }


def passed(name: str, zh: str, en: str, **data: Any) -> CheckResult:
    return CheckResult(name, OK, zh, en, data=data)


def warned(name: str, detail: tuple[str, str], fix: tuple[str, str] = ("", ""), **data: Any) -> CheckResult:
    return CheckResult(name, WARN, detail[0], detail[1], fix[0], fix[1], data=data)


def failed(name: str, detail: tuple[str, str], fix: tuple[str, str] = ("", ""), **data: Any) -> CheckResult:
    return CheckResult(name, FAIL, detail[0], detail[1], fix[0], fix[1], data=data)


def failed_from(name: str, error: KioskError, fix: tuple[str, str] = ("", ""), **data: Any) -> CheckResult:
    """A check that could not even start: the error's own words, and the fix for this line."""
    return failed(name, (error.zh, error.en), fix, **data)


@dataclass(frozen=True)
class PreflightReport:
    checks: list[CheckResult]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failures(self) -> list[CheckResult]:
        return [check for check in self.checks if not check.ok]

    @property
    def warnings(self) -> list[CheckResult]:
        return [check for check in self.checks if check.status == WARN]

    def exit_code(self) -> int:
        """SPEC §4: 0 when nothing failed (warnings allowed), 1 when a check failed."""
        return 0 if self.ok else 1

    def to_json(self, language: str | None = None) -> dict[str, Any]:
        return {"ok": self.ok, "checks": [check.to_json(language) for check in self.checks]}
