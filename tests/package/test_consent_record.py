"""The consent record: field validation and the consent file (SPEC §4)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.errors import BadInput
from kiosk.package import NOTICE_VERSION, Consent, Contact, load_consent_file
from kiosk.package.consent import check_email, check_phone


@pytest.mark.parametrize("phone", [
    "07-3438100", "(02)2345-6789#123", "0912-345-678", "0912345678", "02 2345 6789", "+886 7 343 8100",
    "+886-912-345-678", "(037)323456", "049-2345678", "04-2345-6789", "082-312345",
    "0836-22345", "07-3438100 ext. 12", "(02)2345-6789轉123",
])
def test_taiwan_phone_numbers_are_accepted(phone: str) -> None:
    assert check_phone(phone) == phone.strip()


@pytest.mark.parametrize("phone", [
    "3438100",  # no area code
    "07-343810",  # one digit short
    "02-234-5678",  # Taipei numbers have 8 digits
    "0912-345-67",  # mobile one digit short
    "0912-345-678#12",  # mobiles have no extension
    "(07)0438100",  # a subscriber number never starts with 0
    "(09)12345678",  # 09 is not an area code
    "07-3438100#",  # an extension marker with no extension
    "phone",
    "０７－３４３８１００",  # full-width digits are not accepted (retype them)
])
def test_wrong_phone_numbers_are_refused_naming_the_field(phone: str) -> None:
    with pytest.raises(BadInput) as caught:
        check_phone(phone)
    assert "'phone'" in caught.value.en and "聯絡電話" in caught.value.zh


@pytest.mark.parametrize("email", ["ceo@vtaiwan.org", "wang.xm+ivy@kcg.gov.tw", "a_b@mail.example.com.tw"])
def test_good_email_addresses(email: str) -> None:
    assert check_email(email) == email


@pytest.mark.parametrize("email", ["wang", "wang@", "@vtaiwan.org", "wang@vtaiwan", "wang@@vtaiwan.org",
                                   "wang xm@vtaiwan.org", "wang..xm@vtaiwan.org", "wang@-vtaiwan.org", "王@vtaiwan.org"])
def test_bad_email_addresses(email: str) -> None:
    with pytest.raises(BadInput, match="'email'"):
        check_email(email)


def _consent(contact: dict, **changes) -> Consent:
    contact = Contact(**{**contact, **changes.pop("contact_changes", {})})
    values = {"county": "高雄市", "contact": contact, "authorised": True, "signed_by": "王小明", **changes}
    return Consent(**values)


def test_a_complete_consent_validates_and_trims(contact: dict) -> None:
    consent = _consent(contact, contact_changes={"name": "  王小明 "}).validated()
    assert consent.contact.name == "王小明"
    assert consent.notice_version == NOTICE_VERSION
    assert consent.signed_at[:4].isdigit() and ("+" in consent.signed_at[10:] or "-" in consent.signed_at[10:])


@pytest.mark.parametrize(("changes", "field"), [
    ({"authorised": False}, "authorised"),
    ({"county": "火星市"}, "county"),
    ({"contact_changes": {"name": "  "}}, "name"),
    ({"contact_changes": {"organisation": ""}}, "organisation"),
    ({"contact_changes": {"title": "x" * 81}}, "title"),
    ({"contact_changes": {"phone": "12345"}}, "phone"),
    ({"contact_changes": {"email": "nobody"}}, "email"),
    ({"signed_by": ""}, "signed_by"),
    ({"signed_at": "yesterday"}, "signed_at"),
    ({"signed_at": "2026-11-27T16:42:00"}, "signed_at"),  # no UTC offset
    ({"notice_version": "old"}, "notice_version"),
    ({"signature_png": b"not a png"}, "signature_png"),
])
def test_each_bad_field_is_named(contact: dict, changes: dict, field: str) -> None:
    with pytest.raises(BadInput) as caught:
        _consent(contact, **changes).validated()
    assert f"'{field}'" in caught.value.en


def test_consent_file_with_signature(consent_file, contact: dict) -> None:
    consent = load_consent_file(consent_file())
    assert consent.county == "高雄市"
    assert consent.contact == Contact(**contact)
    assert consent.signature_png is not None and consent.signature_png.startswith(b"\x89PNG")


def test_consent_file_without_signature_and_with_a_given_time(consent_file) -> None:
    consent = load_consent_file(consent_file(signature_png=..., signed_at="2026-11-27T16:42:00+08:00"))
    assert consent.signature_png is None
    assert consent.signed_at == "2026-11-27T16:42:00+08:00"


@pytest.mark.parametrize(("content", "expected"), [
    (b'{"county": "\xe9\xab\x98\xe9\x9b\x84\xe5\xb8\x82", "contact": {"name"', "not complete UTF-8 JSON"),
    (b"county = 'x'", "not complete UTF-8 JSON"),
    (b"\xff\xfe\x00", "not complete UTF-8 JSON"),
    (b"[1, 2]", "must hold a JSON object"),
    (b'{"county": "\xe9\xab\x98\xe9\x9b\x84\xe5\xb8\x82", "authorised": true, "signed_by": "x"}', "'contact'"),
])
def test_truncated_or_foreign_consent_files(consent_dir: Path, content: bytes, expected: str) -> None:
    path = consent_dir / "壞掉 broken.json"
    path.write_bytes(content)
    with pytest.raises(BadInput, match=expected):
        load_consent_file(path)


def test_missing_consent_file_and_missing_signature_file(consent_dir: Path, consent_file) -> None:
    with pytest.raises(BadInput, match="cannot read the consent file"):
        load_consent_file(consent_dir / "沒有 none.json")
    with pytest.raises(BadInput, match="'signature_png' cannot be read"):
        load_consent_file(consent_file(signature_png="不存在.png"))


def test_authorised_must_be_exactly_true(consent_file) -> None:
    for value in ("yes", 1, ...):
        with pytest.raises(BadInput, match="'authorised'"):
            load_consent_file(consent_file(authorised=value))


def test_consent_file_may_carry_a_utf8_bom(consent_dir: Path, contact: dict) -> None:
    data = {"county": "連江縣", "contact": contact, "authorised": True, "signed_by": "王小明"}
    path = consent_dir / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(data, ensure_ascii=False).encode("utf-8"))
    assert load_consent_file(path).county == "連江縣"
