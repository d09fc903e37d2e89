"""Settings: one typed model with defaults, loaded from ``config.toml`` (SPEC §4).

Errors name the line (malformed TOML) or the key (a wrong value); unknown keys are kept as warnings.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import organiser
from kiosk.errors import BadInput


@dataclass
class EventSettings:
    county: str = "高雄市"


@dataclass
class ContactSettings:
    name: str = ""
    organisation: str = ""
    title: str = ""
    phone: str = ""
    email: str = ""


@dataclass
class SmtpSettings:
    host: str = ""
    port: int = 465
    security: str = "tls"  # "tls" (implicit) or "starttls"; never plain text
    username: str = ""
    password_env: str = ""
    ca_file: str = ""
    from_: str = ""  # the TOML key is ``from``
    timeout_s: float = 30.0


@dataclass
class DeliverySettings:
    to: str = organiser.RECIPIENT
    max_mail_bytes: int = 18_000_000
    retention_days: int = 30
    smtp: SmtpSettings = field(default_factory=SmtpSettings)


@dataclass
class DeviceSettings:
    camera: str = "0"
    mic: str = "default"


@dataclass
class CueSettings:
    """Seconds into the take at which the cue line moves on (shot plan)."""

    turn_at_s: float = 5.0
    cheer_at_s: float = 9.0


@dataclass
class KioskSettings:
    language: str = "zh-TW"
    pin: str = "2026"


@dataclass
class RecordingSettings:
    encoder: str = "auto"  # "auto" probes hardware encoders; or "libx264", "h264_nvenc", …
    preset: str = "veryfast"
    crf: int = 23
    maxrate_kbps: int = 5000
    audio_kbps: int = 128


@dataclass
class Settings:
    event: EventSettings = field(default_factory=EventSettings)
    contact: ContactSettings = field(default_factory=ContactSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    cues: CueSettings = field(default_factory=CueSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    recording: RecordingSettings = field(default_factory=RecordingSettings)
    warnings: list[str] = field(default_factory=list, compare=False)


def _toml_key(f: dataclasses.Field) -> str:
    return f.name.rstrip("_")


def _coerce(value: Any, expected: type, dotted: str) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is str and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # e.g. ``camera = 0`` or ``pin = 1234``
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise BadInput(
            f"config.toml 的 {dotted} 應為{_TYPE_ZH[expected]}，目前是 {value!r}",
            f"config.toml: {dotted} must be {_TYPE_EN[expected]}, not {value!r}",
        )
    return value


_TYPE_ZH = {str: "文字", int: "整數", float: "數字", bool: "true 或 false"}
_TYPE_EN = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _fill(target: Any, data: dict, prefix: str, warnings: list[str]) -> None:
    fields = {_toml_key(f): f for f in dataclasses.fields(target) if f.name != "warnings"}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        f = fields.get(key)
        if f is None:
            warnings.append(f"unknown key ignored: {dotted}")
            continue
        current = getattr(target, f.name)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise BadInput(f"config.toml 的 [{dotted}] 應為一個區段", f"config.toml: [{dotted}] must be a table")
            _fill(current, value, dotted + ".", warnings)
        else:
            setattr(target, f.name, _coerce(value, type(current), dotted))


def validate(settings: Settings) -> None:
    """Values that parse but cannot work; the message names the key."""
    smtp = settings.delivery.smtp
    if settings.event.county not in organiser.COUNTIES:
        raise BadInput(
            f"config.toml 的 event.county「{settings.event.county}」不是 22 縣市之一",
            f"config.toml: event.county {settings.event.county!r} is not one of the 22 counties and cities",
        )
    if smtp.security not in ("tls", "starttls"):
        raise BadInput(
            f"config.toml 的 delivery.smtp.security 只能是 \"tls\" 或 \"starttls\"（不允許明文），目前是 {smtp.security!r}",
            f"config.toml: delivery.smtp.security must be \"tls\" or \"starttls\" (never plain), not {smtp.security!r}",
        )
    if not 1 <= smtp.port <= 65535:
        raise BadInput(
            f"config.toml 的 delivery.smtp.port 必須介於 1–65535，目前是 {smtp.port}",
            f"config.toml: delivery.smtp.port must be 1–65535, not {smtp.port}",
        )
    if settings.delivery.max_mail_bytes < 1_000_000:
        raise BadInput(
            "config.toml 的 delivery.max_mail_bytes 太小（至少 1000000）",
            "config.toml: delivery.max_mail_bytes is too small (at least 1000000)",
        )
    if settings.kiosk.language not in ("zh-TW", "en"):
        raise BadInput(
            "config.toml 的 kiosk.language 只能是 \"zh-TW\" 或 \"en\"",
            "config.toml: kiosk.language must be \"zh-TW\" or \"en\"",
        )


def parse(text: str) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+)", str(exc))
        line = where.group(1) if where else "?"
        raise BadInput(
            f"config.toml 第 {line} 行格式錯誤：{exc}",
            f"config.toml line {line} is malformed: {exc}",
        ) from None
    settings = Settings()
    _fill(settings, data, "", settings.warnings)
    validate(settings)
    return settings


def load(path: Path) -> Settings:
    """Settings from ``path``; defaults when the file does not exist yet."""
    if not path.exists():
        return Settings()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"無法讀取設定檔 {path}：{exc}", f"cannot read the settings file {path}: {exc}"
        ) from None
    return parse(text)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a valid TOML basic string


def dumps(settings: Settings) -> str:
    lines: list[str] = []

    def table(obj: Any, name: str) -> None:
        scalars = [f for f in dataclasses.fields(obj) if not dataclasses.is_dataclass(getattr(obj, f.name))]
        nested = [f for f in dataclasses.fields(obj) if dataclasses.is_dataclass(getattr(obj, f.name))]
        lines.append(f"[{name}]")
        lines.extend(f"{_toml_key(f)} = {_toml_value(getattr(obj, f.name))}" for f in scalars)
        lines.append("")
        for f in nested:
            table(getattr(obj, f.name), f"{name}.{_toml_key(f)}")

    for f in dataclasses.fields(settings):
        if f.name != "warnings":
            table(getattr(settings, f.name), f.name)
    return "\n".join(lines)


def save(settings: Settings, path: Path) -> None:
    """Write atomically, so a crash never leaves a half-written settings file."""
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(dumps(settings))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
