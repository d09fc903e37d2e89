"""The mail itself: headers, body, Chinese attachment names read back by independent parsers."""

from __future__ import annotations

import base64
import email
import hashlib
import re
import urllib.parse
from email import policy

import pytest

from kiosk import organiser
from kiosk.outbox import packages
from kiosk.outbox.message import addresses_for, build_mails, plan_parts

# flanker (2019) still imports cgi and imghdr.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _build(settings_factory, package, budget=18_000_000):
    view = packages.load(package.id)
    return view, build_mails(view, addresses_for(settings_factory, view), budget)


@pytest.fixture
def settings(ca_file):
    from kiosk.config import Settings, SmtpSettings

    s = Settings()
    s.delivery.smtp = SmtpSettings(host="smtp.example.org", username="kiosk@example.org", from_="kiosk@example.org")
    return s


def _raw_attachment_names(data: bytes) -> list[tuple[str, str]]:
    """A hand check that does not use any MIME library: find both name parameters in the raw
    headers and decode them by their own rules (RFC 2047 base64, RFC 2231 percent-encoding)."""
    text = data.decode("ascii")
    names = []
    for block in re.split(r"\r\n--=+\d+==", text):
        ctype = re.search(r'Content-Type: [\w/]+;\s+name="=\?utf-8\?b\?([A-Za-z0-9+/=]+)\?="', block)
        dispo = re.search(r"Content-Disposition: attachment;\s+filename\*=utf-8''([A-Za-z0-9%._~-]+)", block)
        if ctype and dispo:
            names.append((base64.b64decode(ctype.group(1)).decode("utf-8"),
                          urllib.parse.unquote(dispo.group(1), encoding="utf-8", errors="strict")))
    return names


def test_attachments_keep_their_chinese_names_and_bytes_in_three_parsers(settings, make_package) -> None:
    package = make_package()
    _, mails = _build(settings, package)
    data = mails[0].data

    from flanker import mime  # a MIME parser of its own (Mailgun's), not a wrapper of Python's email

    parsed = email.message_from_bytes(data, policy=policy.default)  # parser 1: Python's email package
    python_files = {part.get_filename(): part.get_content() for part in parsed.iter_attachments()}
    flanker_files = {part.detected_file_name: part.body for part in mime.from_string(data).walk()  # parser 2
                     if part.content_disposition[0] == "attachment"}
    assert python_files == package.files
    assert {name: bytes(body) if isinstance(body, bytes) else body for name, body in flanker_files.items()} \
        == package.files
    # Route 3: the raw headers decoded by hand; both parameters must carry the same Chinese name.
    raw = _raw_attachment_names(data)
    assert [rfc2047 for rfc2047, _ in raw] == list(package.files)
    assert all(rfc2047 == rfc2231 for rfc2047, rfc2231 in raw)


def test_headers_subject_and_ids(settings, make_package, contact) -> None:
    package = make_package()
    _, first = _build(settings, package)
    _, second = _build(settings, package)
    message = email.message_from_bytes(first[0].data, policy=policy.default)

    assert message["Subject"] == f"高雄市 IVY 2026 – {package.id}"
    assert message["To"] == organiser.RECIPIENT
    assert message["Cc"].addresses[0].addr_spec == contact["email"]
    assert message["Cc"].addresses[0].display_name == contact["name"]
    assert message["From"].addresses[0].display_name == "高雄市 IVY 2026"
    assert message["X-IVY-Package"] == package.id
    assert message["X-IVY-Part"] == "1/1"
    # Built twice (e.g. after a crash), the mail keeps its Message-ID: a duplicate is recognisable.
    assert message["Message-ID"] == first[0].message_id == second[0].message_id
    assert package.id in message["Message-ID"]


def test_body_lists_contact_files_with_hashes_and_the_authorisation(settings, make_package, contact) -> None:
    package = make_package()
    _, mails = _build(settings, package)
    body = email.message_from_bytes(mails[0].data, policy=policy.default).get_body(("plain",)).get_content()

    for value in contact.values():
        assert value in body
    assert "高雄市" in body
    for name, data in package.files.items():
        assert name in body
        assert hashlib.sha256(data).hexdigest() in body
        assert f"{len(data):,}" in body
    assert organiser.AUTHORISATION_ZH in body
    assert organiser.AUTHORISATION_EN in body
    assert body.index("聯絡人") < body.index("Contact person")  # Chinese first, then English


def test_mail_is_seven_bit_with_crlf_and_short_lines(settings, make_package) -> None:
    _, mails = _build(settings, make_package())
    data = mails[0].data
    assert max(data) < 128
    lines = data.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert max(len(line) for line in lines) <= 998


def test_over_budget_splits_into_numbered_mails_each_carrying_the_package_id(settings, make_package) -> None:
    package = make_package(video_bytes=150_000, photo_bytes=60_000)
    _view, mails = _build(settings, package, budget=200_000)

    assert len(mails) > 1
    attached: list[str] = []
    for number, mail in enumerate(mails, start=1):
        message = email.message_from_bytes(mail.data, policy=policy.default)
        assert message["Subject"] == f"高雄市 IVY 2026 ({number}/{len(mails)}) – {package.id}"
        assert message["X-IVY-Package"] == package.id
        assert message["X-IVY-Part"] == f"{number}/{len(mails)}"
        assert sum(len(p.get_content()) for p in message.iter_attachments()) <= 200_000
        attached.extend(p.get_filename() for p in message.iter_attachments())
    assert sorted(attached) == sorted(package.files)  # every file exactly once
    assert len({m.message_id for m in mails}) == len(mails)


def test_a_file_bigger_than_the_budget_travels_alone(settings, make_package) -> None:
    view = packages.load(make_package(video_bytes=500_000).id)
    groups = plan_parts(view.files, 100_000)
    assert [f.role for f in groups[0]] == ["video"]
    assert all(sum(f.size for f in group) <= 100_000 for group in groups[1:])


def test_a_changed_file_is_refused_not_mailed(settings, make_package) -> None:
    from kiosk.errors import KioskError

    package = make_package()
    video = next(package.content_dir.glob("*.mp4"))
    video.write_bytes(b"tampered" + video.read_bytes()[8:])
    with pytest.raises(KioskError, match="SHA-256"):
        packages.load(package.id)
