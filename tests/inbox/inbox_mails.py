"""Mails that did not come from a well-behaved kiosk: tampered in transit, hostile, or sent by hand.

Kiosk-looking hostile mails are built with the kiosk's own mail builder (``build_mails``) over
files that lie, so everything but the lie is exactly what a kiosk sends. Hand-written ones are raw
MIME text, because the stdlib would refuse to write some of these names at all.
"""

from __future__ import annotations

import base64
import hashlib
from email import message_from_bytes, policy
from email.generator import BytesGenerator
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path

from kiosk.outbox.message import Addresses, build_mails
from kiosk.outbox.packages import PackageFile, PackageView
from kiosk.package import naming

CRLF_POLICY = policy.compat32.clone(linesep="\r\n")
CONTACT = {"name": "測試者", "organisation": "某單位", "title": "科員", "phone": "02-23456789", "email": "t@example.org"}


def tamper_attachment(data: bytes, name: str) -> bytes:
    """The mail with one base64 line of attachment ``name`` overwritten: the file changed on the way."""
    message = message_from_bytes(data, policy=policy.compat32)
    for part in message.walk():
        if part.get_filename() and _decoded_filename(part) == name:
            lines = part.get_payload().split("\r\n") if "\r\n" in part.get_payload() else part.get_payload().split("\n")
            lines[len(lines) // 2] = "A" * len(lines[len(lines) // 2])
            part.set_payload("\r\n".join(lines))
            break
    else:
        raise AssertionError(f"no attachment {name!r}")
    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=CRLF_POLICY).flatten(message)
    return out.getvalue()


def _decoded_filename(part) -> str:
    return message_from_bytes(part.as_bytes(), policy=policy.default).get_filename()


def kiosk_lookalike(folder: Path, county: str, files: dict[str, bytes], package_id: str) -> bytes:
    """A mail built by the kiosk's own builder for files named as the kiosk names them."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    roles = ["video", *["photo"] * (len(files) - 2), "consent"]
    for (name, data), role in zip(files.items(), roles, strict=True):
        (folder / name).write_bytes(data)
        entries.append(PackageFile(folder / name, name, role, len(data), hashlib.sha256(data).hexdigest()))
    view = PackageView(package_id, folder, folder, county, CONTACT, entries)
    [mail] = build_mails(view, Addresses("kiosk@example.org", "ingo.se@vtaiwan.org", "", ""), 50_000_000)
    return mail.data


def fake_video_mail(folder: Path, county: str, package_id: str, jpeg: bytes) -> bytes:
    """A kiosk-format mail whose "mp4" is not a video (its hashes all agree)."""
    names = naming.expected_names(county, 1)
    return kiosk_lookalike(folder, county, {names[0]: b"\x00\x00\x00\x18ftypisom" + b"not a video" * 500,
                                            names[1]: jpeg, names[2]: b"%PDF-1.7\n%fake\n"}, package_id)


def raw_mail(subject: str, attachments: list[tuple[str, str, bytes]], *, headers: dict[str, str] | None = None,
             text: str = "hello", sender: str = "Someone <someone@example.org>") -> bytes:
    """A multipart/mixed mail written by hand: ``attachments`` are (filename* value, content type, data)."""
    boundary = "=====boundary-ivy====="
    lines = [f"From: {sender}", "To: ingo.se@vtaiwan.org", f"Subject: {_encoded(subject)}",
             "Date: Thu, 26 Nov 2026 10:00:00 +0800", "Message-ID: <hand-made-" +
             hashlib.sha256(subject.encode() + b"".join(a[2] for a in attachments)).hexdigest()[:16] + "@example.org>",
             "MIME-Version: 1.0"]
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    lines += [f'Content-Type: multipart/mixed; boundary="{boundary}"', "", f"--{boundary}",
              "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
              base64.encodebytes(text.encode()).decode().strip()]
    for filename_param, content_type, data in attachments:
        lines += [f"--{boundary}", f"Content-Type: {content_type}", "Content-Transfer-Encoding: base64",
                  f"Content-Disposition: attachment; {filename_param}", "",
                  base64.encodebytes(data).decode().strip()]
    lines += [f"--{boundary}--", ""]
    return "\r\n".join(lines).encode("ascii")


def _encoded(text: str) -> str:
    return "=?utf-8?b?" + base64.b64encode(text.encode()).decode() + "?=" if not text.isascii() else text


def rfc2231(name: str) -> str:
    """``filename*=utf-8''…`` with every byte percent-encoded (NUL and slashes included)."""
    return "filename*=utf-8''" + "".join(f"%{byte:02X}" for byte in name.encode("utf-8"))


def nested_mail(depth: int) -> bytes:
    """A mail whose parts are multipart/mixed inside multipart/mixed, ``depth`` times."""
    head = ["From: x@example.org", "To: ingo.se@vtaiwan.org", "Subject: nested", "MIME-Version: 1.0"]
    body: list[str] = []
    for level in range(depth):
        body += [f'Content-Type: multipart/mixed; boundary="b{level}"', "", f"--b{level}"]
    body += ["Content-Type: text/plain", "", "deep"]
    for level in reversed(range(depth)):
        body += [f"--b{level}--"]
    return "\r\n".join(head + body + [""]).encode("ascii")


def direct_mail(subject: str, sender: str, text: str, attachments: list[tuple[str, bytes, str]]) -> bytes:
    """A mail a county writes by hand in its own mail program (no kiosk): ``(name, data, mime type)``."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "ingo.se@vtaiwan.org"
    message["Subject"] = subject
    message["Date"] = "Fri, 27 Nov 2026 09:30:00 +0800"
    message["Message-ID"] = f"<direct-{hashlib.sha256(subject.encode()).hexdigest()[:16]}@example.gov.tw>"
    message.set_content(text)
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes(policy=policy.default.clone(linesep="\r\n"))
