"""Settings: one typed model with defaults, loaded from ``config.toml`` (SPEC §4).

A malformed file names the line; a wrong value names the key (and its line when it can be found);
unknown keys are not fatal: they are listed in ``Settings.unknown_keys`` and ``Settings.warnings``
so preflight can show them as a warning (a typo in a key name silently does nothing otherwise).
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import organiser
from kiosk.errors import BadInput
from kiosk.fsutil import write_bytes_atomic

SECURITY_MODES = ("tls", "starttls")  # implicit TLS or STARTTLS; never plain text
LANGUAGES = ("zh-TW", "en")
X264_PRESETS = (
    "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo",
)
MIC_NONE, MIC_DEFAULT = "none", "default"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_CHARS = re.compile(r"^[0-9+\-()#\s]*(?:(?:ext\.?|分機|轉)\s*[0-9]+)?$", re.IGNORECASE)
_PIN = re.compile(r"^[0-9]{4,8}$")


@dataclass
class EventSettings:
    county: str = "高雄市"


@dataclass
class ContactSettings:
    """Defaults for the consent form (the person Volunteering Taiwan calls back)."""

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
    timeout_s: float = 30.0  # for each command and reply
    stall_timeout_s: float = 60.0  # an upload that makes no progress this long ends (a slow one goes on)

    @property
    def configured(self) -> bool:
        """A host is the least an account needs; without one the outbox just keeps the packages."""
        return bool(self.host.strip())


@dataclass
class DeliverySettings:
    to: str = organiser.RECIPIENT
    max_mail_bytes: int = 18_000_000
    retention_days: int = 30  # local copies purged this long after a confirmed send; unsent: never
    smtp: SmtpSettings = field(default_factory=SmtpSettings)


@dataclass
class DeviceSettings:
    """Camera and microphone as the operator chose them: an index, a device name, a file or ``demo``."""

    camera: str = "0"
    mic: str = MIC_DEFAULT  # or "none": record without sound (the operator confirmed it)


@dataclass
class CueSettings:
    """Seconds into the take at which the cue line moves on (shot plan)."""

    turn_at_s: float = 5.0  # leading the pledge → turning to the crowd
    cheer_at_s: float = 9.0  # turning to the crowd → cheering


@dataclass
class KioskSettings:
    language: str = "zh-TW"
    pin: str = "2026"  # unlocks settings and exit


@dataclass
class RecordingSettings:
    encoder: str = "auto"  # "auto" probes hardware encoders; or "libx264", "h264_nvenc", …
    preset: str = "auto"  # "auto": superfast where it keeps 1.5× real time, else ultrafast (encoder.choose_preset)
    crf: int = 23
    maxrate_kbps: int = 5000
    audio_kbps: int = 128


_NOT_IN_FILE = {"toml": False}  # bookkeeping fields, never read from or written to config.toml


@dataclass
class Settings:
    event: EventSettings = field(default_factory=EventSettings)
    contact: ContactSettings = field(default_factory=ContactSettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    cues: CueSettings = field(default_factory=CueSettings)
    kiosk: KioskSettings = field(default_factory=KioskSettings)
    recording: RecordingSettings = field(default_factory=RecordingSettings)
    unknown_keys: list[str] = field(default_factory=list, compare=False, metadata=_NOT_IN_FILE)
    warnings: list[str] = field(default_factory=list, compare=False, metadata=_NOT_IN_FILE)


class ConfigValueError(BadInput):
    """A value that parses but cannot work. ``key`` is the dotted TOML key (``delivery.smtp.port``),
    so the settings screen can point at its field and ``parse`` can add the line number."""

    def __init__(self, key: str, problem_zh: str, problem_en: str, line: int | None = None) -> None:
        where_zh = f"config.toml 第 {line} 行" if line else "config.toml"
        where_en = f"config.toml line {line}" if line else "config.toml"
        super().__init__(f"{where_zh}：{problem_zh}", f"{where_en}: {problem_en}")
        self.key = key
        self.line = line
        self.problem_zh = problem_zh
        self.problem_en = problem_en

    def at_line(self, line: int | None) -> ConfigValueError:
        return ConfigValueError(self.key, self.problem_zh, self.problem_en, line)


def _in_file(f: dataclasses.Field) -> bool:
    return f.metadata.get("toml", True)


def _toml_key(f: dataclasses.Field) -> str:
    return f.name.rstrip("_")


_TYPE_ZH = {str: "文字", int: "整數", float: "數字", bool: "true 或 false"}
_TYPE_EN = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}


def _coerce(value: Any, expected: type, dotted: str) -> Any:
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is str and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # e.g. ``camera = 0`` or ``pin = 1234``
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise ConfigValueError(
            dotted,
            f"{dotted} 應為{_TYPE_ZH[expected]}，目前是 {value!r}",
            f"{dotted} must be {_TYPE_EN[expected]}, not {value!r}",
        )
    return value


def _fill(target: Any, data: dict, prefix: str, unknown: list[str]) -> None:
    fields = {_toml_key(f): f for f in dataclasses.fields(target) if _in_file(f)}
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        f = fields.get(key)
        if f is None:
            unknown.append(dotted)
            continue
        current = getattr(target, f.name)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigValueError(dotted, f"[{dotted}] 應為一個區段", f"[{dotted}] must be a table")
            _fill(current, value, dotted + ".", unknown)
        else:
            setattr(target, f.name, _coerce(value, type(current), dotted))


def is_valid_email(text: str) -> bool:
    return bool(_EMAIL.match(text.strip()))


def is_valid_phone(text: str) -> bool:
    """Taiwanese numbers as people write them: 07-3438100, (02) 2345 6789, 0912-345-678 #123, +886 …"""
    digits = sum(ch.isdigit() for ch in text)
    return 7 <= digits <= 20 and bool(_PHONE_CHARS.match(text.strip()))


def _require(ok: bool, key: str, zh: str, en: str) -> None:
    if not ok:
        raise ConfigValueError(key, zh, en)


def _validate_event_and_contact(settings: Settings) -> None:
    county, contact = settings.event.county, settings.contact
    _require(
        county in organiser.COUNTIES, "event.county",
        f"event.county「{county}」不是 22 縣市之一（例如：高雄市、臺北市）",
        f"event.county {county!r} is not one of the 22 counties and cities (e.g. 高雄市, 臺北市)",
    )
    _require(
        not contact.email or is_valid_email(contact.email), "contact.email",
        f"contact.email「{contact.email}」不是有效的電子郵件地址",
        f"contact.email {contact.email!r} is not a valid e-mail address",
    )
    _require(
        not contact.phone or is_valid_phone(contact.phone), "contact.phone",
        f"contact.phone「{contact.phone}」不是有效的電話號碼（例如 07-3438100）",
        f"contact.phone {contact.phone!r} is not a valid phone number (e.g. 07-3438100)",
    )


def _validate_delivery(delivery: DeliverySettings) -> None:
    smtp = delivery.smtp
    _require(
        is_valid_email(delivery.to), "delivery.to",
        f"delivery.to「{delivery.to}」不是有效的電子郵件地址（主辦單位：{organiser.RECIPIENT}）",
        f"delivery.to {delivery.to!r} is not a valid e-mail address (the organiser's: {organiser.RECIPIENT})",
    )
    _require(
        delivery.max_mail_bytes >= 1_000_000, "delivery.max_mail_bytes",
        "delivery.max_mail_bytes 太小（至少 1000000）", "delivery.max_mail_bytes is too small (at least 1000000)",
    )
    _require(
        1 <= delivery.retention_days <= 365, "delivery.retention_days",
        f"delivery.retention_days 必須介於 1–365 天，目前是 {delivery.retention_days}",
        f"delivery.retention_days must be 1–365 days, not {delivery.retention_days}",
    )
    _require(
        smtp.security in SECURITY_MODES, "delivery.smtp.security",
        f"delivery.smtp.security 只能是 \"tls\" 或 \"starttls\"（不允許明文），目前是 {smtp.security!r}",
        f"delivery.smtp.security must be \"tls\" or \"starttls\" (never plain text), not {smtp.security!r}",
    )
    _require(
        1 <= smtp.port <= 65535, "delivery.smtp.port",
        f"delivery.smtp.port 必須介於 1–65535（通常是 465 或 587），目前是 {smtp.port}",
        f"delivery.smtp.port must be 1–65535 (usually 465 or 587), not {smtp.port}",
    )
    _require(
        not smtp.from_ or is_valid_email(smtp.from_), "delivery.smtp.from",
        f"delivery.smtp.from「{smtp.from_}」不是有效的電子郵件地址",
        f"delivery.smtp.from {smtp.from_!r} is not a valid e-mail address",
    )
    _require(
        smtp.timeout_s > 0, "delivery.smtp.timeout_s",
        "delivery.smtp.timeout_s 必須大於 0", "delivery.smtp.timeout_s must be more than 0",
    )
    _require(
        smtp.stall_timeout_s > 0, "delivery.smtp.stall_timeout_s",
        "delivery.smtp.stall_timeout_s 必須大於 0", "delivery.smtp.stall_timeout_s must be more than 0",
    )


def _validate_operation(settings: Settings) -> None:
    cues, kiosk, devices = settings.cues, settings.kiosk, settings.devices
    _require(
        bool(devices.camera.strip()), "devices.camera",
        "devices.camera 不可空白（攝影機編號、名稱或 demo）", "devices.camera must not be empty (an index, a name or demo)",
    )
    _require(
        bool(devices.mic.strip()), "devices.mic",
        "devices.mic 不可空白（麥克風編號、名稱、default 或 none）",
        "devices.mic must not be empty (an index, a name, default or none)",
    )
    last = organiser.TAKE_MAX_SECONDS
    _require(
        0 < cues.turn_at_s < last, "cues.turn_at_s",
        f"cues.turn_at_s 必須介於 0–{last} 秒之間，目前是 {cues.turn_at_s:g}",
        f"cues.turn_at_s must be between 0 and {last} seconds, not {cues.turn_at_s:g}",
    )
    _require(
        cues.turn_at_s < cues.cheer_at_s < last, "cues.cheer_at_s",
        f"cues.cheer_at_s 必須在 cues.turn_at_s（{cues.turn_at_s:g}）之後、{last} 秒之前，目前是 {cues.cheer_at_s:g}",
        f"cues.cheer_at_s must come after cues.turn_at_s ({cues.turn_at_s:g}) and before {last} s, "
        f"not {cues.cheer_at_s:g}",
    )
    _require(
        kiosk.language in LANGUAGES, "kiosk.language",
        f"kiosk.language 只能是 \"zh-TW\" 或 \"en\"，目前是 {kiosk.language!r}",
        f"kiosk.language must be \"zh-TW\" or \"en\", not {kiosk.language!r}",
    )
    _require(
        bool(_PIN.match(kiosk.pin)), "kiosk.pin",
        "kiosk.pin 必須是 4–8 位數字", "kiosk.pin must be 4–8 digits",
    )


def _validate_recording(recording: RecordingSettings) -> None:
    _require(
        recording.preset in ("auto", *X264_PRESETS), "recording.preset",
        f"recording.preset 必須是 auto 或 {', '.join(X264_PRESETS)} 之一，目前是 {recording.preset!r}",
        f"recording.preset must be auto or one of {', '.join(X264_PRESETS)}, not {recording.preset!r}",
    )
    _require(
        0 <= recording.crf <= 51, "recording.crf",
        f"recording.crf 必須介於 0–51，目前是 {recording.crf}", f"recording.crf must be 0–51, not {recording.crf}",
    )
    _require(
        500 <= recording.maxrate_kbps <= 50_000, "recording.maxrate_kbps",
        f"recording.maxrate_kbps 必須介於 500–50000，目前是 {recording.maxrate_kbps}",
        f"recording.maxrate_kbps must be 500–50000, not {recording.maxrate_kbps}",
    )
    _require(
        32 <= recording.audio_kbps <= 512, "recording.audio_kbps",
        f"recording.audio_kbps 必須介於 32–512，目前是 {recording.audio_kbps}",
        f"recording.audio_kbps must be 32–512, not {recording.audio_kbps}",
    )


def validate(settings: Settings) -> None:
    """Values that parse but cannot work. Raises ``ConfigValueError`` (a ``BadInput``) naming the key."""
    _validate_event_and_contact(settings)
    _validate_delivery(settings.delivery)
    _validate_operation(settings)
    _validate_recording(settings.recording)


def line_of_key(text: str, dotted: str) -> int | None:
    """The line that sets ``dotted`` (e.g. ``delivery.smtp.port``) in TOML ``text``; best effort."""
    table = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line.startswith("["):
            table = line.strip("[]").strip().replace(" ", "")
            if table == dotted:
                return number
            continue
        name, equals, _ = line.partition("=")
        if not equals:
            continue
        key = ".".join(part.strip().strip('"').strip("'") for part in name.split("."))
        if (f"{table}.{key}" if table else key) == dotted:
            return number
    return None


def _decode_error(exc: tomllib.TOMLDecodeError) -> BadInput:
    where = re.search(r"line (\d+)", str(exc))
    line = where.group(1) if where else "?"
    return BadInput(
        f"config.toml 第 {line} 行格式錯誤：{exc}（請修正該行，或刪除設定檔以回復預設值）",
        f"config.toml line {line} is malformed: {exc} (fix that line, or delete the file to start from defaults)",
    )


def parse(text: str) -> Settings:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _decode_error(exc) from None
    settings = Settings()
    try:
        _fill(settings, data, "", settings.unknown_keys)
        validate(settings)
    except ConfigValueError as exc:
        raise exc.at_line(line_of_key(text, exc.key)) from None
    settings.warnings.extend(f"unknown key ignored: {key}" for key in settings.unknown_keys)
    return settings


def load(path: Path) -> Settings:
    """Settings from ``path``; defaults when the file does not exist yet."""
    if not path.exists():
        return Settings()
    try:
        text = path.read_text(encoding="utf-8-sig")  # Notepad may add a BOM
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(
            f"無法讀取設定檔 {path}：{exc}（設定檔必須是 UTF-8 文字檔）",
            f"cannot read the settings file {path}: {exc} (it must be a UTF-8 text file)",
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
        fields = [f for f in dataclasses.fields(obj) if _in_file(f)]
        scalars = [f for f in fields if not dataclasses.is_dataclass(getattr(obj, f.name))]
        nested = [f for f in fields if dataclasses.is_dataclass(getattr(obj, f.name))]
        lines.append(f"[{name}]")
        lines.extend(f"{_toml_key(f)} = {_toml_value(getattr(obj, f.name))}" for f in scalars)
        lines.append("")
        for f in nested:
            table(getattr(obj, f.name), f"{name}.{_toml_key(f)}")

    for f in dataclasses.fields(settings):
        if _in_file(f):
            table(getattr(settings, f.name), f.name)
    return "\n".join(lines)


def save(settings: Settings, path: Path) -> None:
    """Validate, then write atomically, so a crash never leaves a half-written settings file."""
    validate(settings)
    write_bytes_atomic(path, dumps(settings).encode("utf-8"))
