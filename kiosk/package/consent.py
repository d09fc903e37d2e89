"""The consent record: who authorised the material, for which county, when, and with which notice.

The same validation serves the GUI form (field by field, as the operator types) and the CLI's
consent file (SPEC §4), so a record that passes one passes the other. Every error is a
``BadInput`` that names the field.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import organiser
from kiosk.errors import BadInput
from kiosk.package.notice import NOTICE_VERSION

CONTACT_FIELDS = ("name", "organisation", "title", "phone", "email")
FIELD_NAMES_ZH = {
    "county": "縣市", "name": "聯絡人姓名", "organisation": "服務單位", "title": "職稱", "phone": "聯絡電話",
    "email": "電子郵件", "authorised": "同意授權", "signed_by": "簽署人", "signed_at": "簽署時間",
    "notice_version": "告知事項版本", "signature_png": "簽名圖檔",
}
MAX_TEXT_CHARS = 80
MAX_SIGNATURE_BYTES = 2_000_000

# Taiwan area codes with the number of subscriber digits each takes (longest prefix wins).
_AREA_CODES: dict[str, tuple[int, ...]] = {
    "02": (8,), "03": (7,), "037": (6,), "04": (7, 8), "049": (7,), "05": (7,), "06": (7,), "07": (7,),
    "08": (7,), "089": (6,), "082": (6,), "0826": (5,), "0836": (5,),
}
_EXTENSION = re.compile(r"\s*(?:#|＃|ext\.?|x|轉|分機)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PARENTHESISED_AREA = re.compile(r"^\((0\d{1,3})\)")
_SEPARATORS = re.compile(r"[\s\-]")
_EMAIL = re.compile(
    r"^(?=.{3,254}$)(?=[^@]{1,64}@)"
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def _bad(field_name: str, zh_problem: str, en_problem: str) -> BadInput:
    return BadInput(f"同意書欄位「{FIELD_NAMES_ZH.get(field_name, field_name)}」{zh_problem}",
                    f"consent field '{field_name}' {en_problem}")


def check_text(field_name: str, value: Any) -> str:
    """A required one-line text field, trimmed; BadInput when empty, too long or not text."""
    if value is not None and not isinstance(value, str):
        raise _bad(field_name, "必須是文字", "must be text")
    if not value or not value.strip():
        raise _bad(field_name, "未填寫，請填入", "is empty: fill it in")
    text = value.strip()
    if len(text) > MAX_TEXT_CHARS or "\n" in text:
        raise _bad(field_name, f"太長（最多 {MAX_TEXT_CHARS} 字、一行）", f"is too long (one line, at most {MAX_TEXT_CHARS} characters)")
    return text


def check_county(value: Any) -> str:
    if value not in organiser.COUNTIES:
        raise _bad("county", f"「{value}」不是 22 縣市之一（例如 高雄市）",
                   f"{value!r} is not one of the 22 counties and cities (e.g. 高雄市)")
    return value


def check_phone(value: Any) -> str:
    """A Taiwan landline with its area code (optional extension) or a mobile number.

    Accepted forms include ``07-3438100``, ``(02)2345-6789#123``, ``0912-345-678``, ``+886 7 343 8100``.
    """
    text = check_text("phone", value)
    if not _phone_digits_ok(text):
        raise _bad("phone", f"「{text}」不是有效的臺灣電話（市話含區碼，如 07-3438100、(02)2345-6789#123；手機如 0912-345-678）",
                   f"{text!r} is not a valid Taiwan telephone number (a landline with its area code, e.g. "
                   "07-3438100 or (02)2345-6789#123, or a mobile, e.g. 0912-345-678)")
    return text


def _phone_digits_ok(text: str) -> bool:
    extension = _EXTENSION.search(text)
    number = text[: extension.start()] if extension else text
    number = number.strip()
    if number.startswith("+886"):
        number = "0" + number[4:].lstrip(" -").lstrip("(").replace(")", "", 1)
    bracketed = _PARENTHESISED_AREA.match(number)
    if bracketed and bracketed.group(1) not in _AREA_CODES:
        return False
    digits = _SEPARATORS.sub("", number.replace("(", "", 1).replace(")", "", 1) if bracketed else number)
    if not digits.isdigit() or not digits.isascii():
        return False
    if digits.startswith("09"):
        return extension is None and len(digits) == 10
    area = next((code for code in sorted(_AREA_CODES, key=len, reverse=True) if digits.startswith(code)), None)
    if area is None or (bracketed and bracketed.group(1) != area):
        return False
    subscriber = digits[len(area):]
    return len(subscriber) in _AREA_CODES[area] and subscriber[0] not in "01"


def check_email(value: Any) -> str:
    text = check_text("email", value)
    if not _EMAIL.match(text):
        raise _bad("email", f"「{text}」不是有效的電子郵件地址（例如 name@example.org）",
                   f"{text!r} is not a valid e-mail address (e.g. name@example.org)")
    return text


def check_signature_png(data: bytes) -> bytes:
    """A PNG image of reasonable size (the drawn signature)."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_SIGNATURE_BYTES:
        raise _bad("signature_png", "檔案太大（最多 2 MB）", "is too large (at most 2 MB)")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            if image.format != "PNG":
                raise _bad("signature_png", "必須是 PNG 圖檔", "must be a PNG image")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _bad("signature_png", "不是可讀取的 PNG 圖檔", "is not a readable PNG image") from None
    return data


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def check_timestamp(value: Any) -> str:
    try:
        stamp = dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        stamp = None
    if stamp is None or stamp.tzinfo is None:
        raise _bad("signed_at", "須為含時區的 ISO 8601 時間（例如 2026-11-27T16:42:00+08:00）",
                   "must be an ISO 8601 time with its UTC offset (e.g. 2026-11-27T16:42:00+08:00)")
    return value


@dataclass(frozen=True)
class Contact:
    name: str
    organisation: str
    title: str
    phone: str
    email: str

    def as_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in CONTACT_FIELDS}


@dataclass(frozen=True)
class Consent:
    """One signed authorisation. ``signature_png`` holds the drawn signature's PNG bytes (or None)."""

    county: str
    contact: Contact
    authorised: bool
    signed_by: str
    signed_at: str = field(default_factory=now_iso)
    notice_version: str = NOTICE_VERSION
    signature_png: bytes | None = field(default=None, repr=False)

    def validated(self) -> Consent:
        """This consent with every field checked and trimmed; BadInput naming the first bad field."""
        if self.authorised is not True:
            raise _bad("authorised", "未勾選：必須同意授權才能送出", "is not true: the authorisation must be given")
        if self.notice_version != NOTICE_VERSION:
            raise _bad("notice_version", f"「{self.notice_version}」不是目前的告知事項版本 {NOTICE_VERSION}",
                       f"{self.notice_version!r} is not the current notice version {NOTICE_VERSION}")
        contact = Contact(
            name=check_text("name", self.contact.name),
            organisation=check_text("organisation", self.contact.organisation),
            title=check_text("title", self.contact.title),
            phone=check_phone(self.contact.phone),
            email=check_email(self.contact.email),
        )
        return Consent(
            county=check_county(self.county),
            contact=contact,
            authorised=True,
            signed_by=check_text("signed_by", self.signed_by),
            signed_at=check_timestamp(self.signed_at),
            notice_version=self.notice_version,
            signature_png=check_signature_png(self.signature_png) if self.signature_png is not None else None,
        )

    def as_manifest(self, signature_file: str | None) -> dict[str, Any]:
        """The ``consent`` section of manifest.json."""
        return {
            "county": self.county,
            "contact": self.contact.as_dict(),
            "authorised": self.authorised,
            "signed_by": self.signed_by,
            "signed_at": self.signed_at,
            "notice_version": self.notice_version,
            "authorisation_text": {"zh": organiser.AUTHORISATION_ZH, "en": organiser.AUTHORISATION_EN},
            "signature_file": signature_file,
        }


def consent_from_dict(data: Any, base_dir: Path) -> Consent:
    """A validated Consent from the SPEC §4 JSON document; ``signature_png`` is relative to ``base_dir``."""
    if not isinstance(data, dict):
        raise BadInput("同意書檔案必須是 JSON 物件", "the consent file must hold a JSON object")
    contact = data.get("contact")
    if not isinstance(contact, dict):
        raise _bad("contact", "缺少聯絡人資料（contact）", "is missing: give contact {name, organisation, title, phone, email}")
    if "authorised" not in data:
        raise _bad("authorised", "缺少：必須為 true", "is missing: it must be true")
    if "county" not in data:
        raise _bad("county", "缺少", "is missing")
    # Untyped JSON values go in as they are: validated() names the field that is missing or wrong.
    return Consent(
        county=data["county"],
        contact=Contact(**{name: contact.get(name) for name in CONTACT_FIELDS}),  # type: ignore[arg-type]
        authorised=data["authorised"],
        signed_by=data.get("signed_by"),  # type: ignore[arg-type]
        signed_at=data.get("signed_at") or now_iso(),
        notice_version=data.get("notice_version") or NOTICE_VERSION,
        signature_png=_read_signature(data.get("signature_png"), base_dir),
    ).validated()


def _read_signature(ref: Any, base_dir: Path) -> bytes | None:
    if ref in (None, ""):
        return None
    if not isinstance(ref, str):
        raise _bad("signature_png", "須為 PNG 檔案路徑", "must be the path of a PNG file")
    path = Path(ref) if Path(ref).is_absolute() else base_dir / ref
    try:
        return path.read_bytes()
    except OSError:
        raise _bad("signature_png", f"找不到或無法讀取：{path}", f"cannot be read: {path}") from None


def load_consent_file(path: Path) -> Consent:
    """Read and validate a consent file (UTF-8 JSON, SPEC §4). BadInput names the problem or the field."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        raise BadInput(f"找不到或無法讀取同意書檔案：{path}", f"cannot read the consent file: {path}") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInput(f"同意書檔案不是完整的 UTF-8 JSON（{exc}）：{path}",
                       f"the consent file is not complete UTF-8 JSON ({exc}): {path}") from None
    return consent_from_dict(data, Path(path).resolve().parent)
