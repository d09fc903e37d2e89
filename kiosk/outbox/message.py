"""Building the mail(s) for a package — once, to bytes that are stored as ``.eml`` and sent as-is.

* To the organiser (``delivery.to``), Cc the contact person, Reply-To the contact person.
* Subject 「高雄市 IVY 2026 – <package id>」; split mails 「高雄市 IVY 2026 (1/2) – <package id>」.
* A plain-text body, Chinese first then English: contact details, every file with size and
  SHA-256 (and which mail carries it), and the organiser's authorisation statement.
* Attachments under the call's names. Chinese names are given twice, because mail programs read
  different parameters: ``name="=?utf-8?b?…?="`` on Content-Type (RFC 2047, what Outlook reads)
  and ``filename*=utf-8''…`` on Content-Disposition (RFC 2231, the standard).
* A stable ``Message-ID`` per package and part, plus ``X-IVY-Package`` / ``X-IVY-Part`` headers:
  SMTP cannot be exactly-once, so a duplicate must be recognisable.
* CRLF line ends and only 7-bit content (base64), so any server takes it unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from email import policy
from email.generator import BytesGenerator
from email.header import Header, decode_header, make_header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, formatdate, parseaddr
from pathlib import Path

from kiosk import __version__, organiser
from kiosk.config import Settings
from kiosk.errors import BadInput
from kiosk.outbox.packages import PackageFile, PackageView

PACKAGE_HEADER = "X-IVY-Package"
PART_HEADER = "X-IVY-Part"
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_MIME_TYPES = {
    ".mp4": ("video", "mp4"), ".mov": ("video", "quicktime"), ".jpg": ("image", "jpeg"),
    ".jpeg": ("image", "jpeg"), ".png": ("image", "png"), ".pdf": ("application", "pdf"),
}
_SMTP_POLICY = policy.compat32.clone(linesep="\r\n")


@dataclass(frozen=True)
class Addresses:
    sender: str
    to: str
    cc: str  # the contact person's own address ("" when there is none)
    cc_name: str


@dataclass(frozen=True)
class BuiltMail:
    package_id: str
    part: int
    parts: int
    message_id: str
    data: bytes
    files: tuple[str, ...] = ()  # the package files it carries, in order

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def eml_name(self) -> str:
        return eml_name(self.package_id, self.part, self.parts)


def eml_name(package_id: str, part: int, parts: int) -> str:
    return f"{safe_id(package_id)}-{part}-of-{parts}.eml"


def safe_id(package_id: str) -> str:
    """The package id restricted to what is safe in a file name and a Message-ID."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", package_id)


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text or ""))


def check_address(value: str, key: str) -> str:
    value = (value or "").strip()
    if not is_email(value):
        raise BadInput(
            f"設定的 {key}「{value}」不是有效的電子郵件地址（只接受英數字地址）：請到「設定 → 寄件帳號」更正",
            f"settings: {key} {value!r} is not a valid e-mail address (plain ASCII addresses only): fix it "
            "in Settings → Sending account",
        )
    return value


def sender_address(settings: Settings) -> str:
    """The From address: ``delivery.smtp.from``, else the login name when it is an address."""
    smtp = settings.delivery.smtp
    candidate = smtp.from_ or (smtp.username if is_email(smtp.username) else "")
    return check_address(candidate, "delivery.smtp.from")


def configured_sender(settings: Settings) -> str | None:
    """The sending account's address when the settings give a valid one, else None."""
    smtp = settings.delivery.smtp
    candidate = (smtp.from_ or (smtp.username if is_email(smtp.username) else "")).strip()
    return candidate if is_email(candidate) else None


def addresses_for(settings: Settings, view: PackageView) -> Addresses:
    """Organiser as To; the contact person from the consent form (else from settings) as Cc.

    From is the sending account; when none is set up yet (queued at the venue before the account
    was entered) the contact person's own address stands in, and the runner re-stamps From once
    the account exists (:func:`restamp_sender`).
    """
    contact_email = view.contact.get("email") or settings.contact.email
    contact_name = view.contact.get("name") or settings.contact.name
    sender = configured_sender(settings) or (contact_email if is_email(contact_email) else "")
    return Addresses(
        sender=check_address(sender, "delivery.smtp.from"),
        to=check_address(settings.delivery.to, "delivery.to"),
        cc=contact_email if is_email(contact_email) else "",
        cc_name=contact_name,
    )


def message_id(package_id: str, part: int, parts: int, sender: str) -> str:
    domain = sender.rsplit("@", 1)[-1] if "@" in sender else "ivy-kiosk.invalid"
    return f"<{safe_id(package_id)}.{part}of{parts}@{domain}>"


def plan_parts(files: list[PackageFile], budget: int) -> list[list[PackageFile]]:
    """Files in order, packed into mails of at most ``budget`` raw bytes; a bigger file goes alone."""
    groups: list[list[PackageFile]] = []
    current: list[PackageFile] = []
    used = 0
    for entry in files:
        if current and used + entry.size > budget:
            groups.append(current)
            current, used = [], 0
        current.append(entry)
        used += entry.size
    if current:
        groups.append(current)
    return groups


def subject(county: str, package_id: str, part: int, parts: int) -> str:
    numbering = f" ({part}/{parts})" if parts > 1 else ""
    return f"{organiser.deliverable_name(county)}{numbering} – {package_id}"


def _size_words(size: int) -> tuple[str, str]:
    mb = f"{size / 1_000_000:.1f} MB"
    return f"{mb}（{size:,} 位元組）", f"{mb} ({size:,} bytes)"


def body_text(view: PackageView, groups: list[list[PackageFile]], part: int) -> str:
    """Chinese, then English: who sends it, what is in it, and the authorisation."""
    parts = len(groups)
    where = {f.name: n for n, group in enumerate(groups, start=1) for f in group}
    contact = view.contact
    pledge = organiser.pledge_line(view.county)
    zh_files, en_files = [], []
    for number, entry in enumerate(view.files, start=1):
        size_zh, size_en = _size_words(entry.size)
        here = where[entry.name] == part
        zh_note = "本封附件" if here else f"在第 {where[entry.name]}/{parts} 封"
        en_note = "attached to this mail" if here else f"in mail {where[entry.name]}/{parts}"
        zh_files.append(f"  {number}. {entry.name} — {size_zh}\n     SHA-256 {entry.sha256}（{zh_note}）")
        en_files.append(f"  {number}. {entry.name} — {size_en}\n     SHA-256 {entry.sha256} ({en_note})")
    numbering_zh = f"（共 {parts} 封，這是第 {part} 封）" if parts > 1 else ""
    numbering_en = f" (mail {part} of {parts})" if parts > 1 else ""
    zh = [
        f"{organiser.ORGANISER_ZH} 您好：",
        "",
        f"附上「{pledge}」宣示活動的影片與照片{numbering_zh}。",
        "",
        f"聯絡人：{contact['name']}",
        f"單位：{contact['organisation']}",
        f"職稱：{contact['title']}",
        f"電話：{contact['phone']}",
        f"電子郵件：{contact['email']}",
        f"縣市：{view.county}",
        f"素材包編號：{view.id}",
        "",
        "檔案：",
        *zh_files,
        "",
        f"授權聲明：{organiser.AUTHORISATION_ZH}。",
        "",
        "（本信由 IVY 2026 宣示錄影程式寄出；若收到重複的信，可用素材包編號辨識。）",
    ]
    en = [
        f"Dear {organiser.ORGANISER_EN},",
        "",
        f"Attached are the video and photos of the pledge \u201c{pledge}\u201d{numbering_en}.",
        "",
        f"Contact person: {contact['name']}",
        f"Organisation: {contact['organisation']}",
        f"Job title: {contact['title']}",
        f"Phone: {contact['phone']}",
        f"E-mail: {contact['email']}",
        f"County/city: {view.county}",
        f"Package ID: {view.id}",
        "",
        "Files:",
        *en_files,
        "",
        f"Authorisation: {organiser.AUTHORISATION_EN}",
        "",
        "(Sent by the IVY 2026 pledge kiosk. If this mail arrives twice, the package ID identifies it.)",
    ]
    return "\n".join([*zh, "", "-" * 40, "", *en, ""])


def _attachment(entry: PackageFile, token: str) -> MIMEBase:
    """The attachment's headers, with ``token`` standing in for its base64 body (see ``_render``)."""
    maintype, subtype = _MIME_TYPES.get(entry.path.suffix.lower(), ("application", "octet-stream"))
    encoded_name = Header(entry.name, "utf-8").encode()
    part = MIMEBase(maintype, subtype, name=encoded_name)
    part.set_payload(token)
    part["Content-Transfer-Encoding"] = "base64"
    part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", entry.name))
    return part


def _base64_lines(path: Path) -> bytes:
    """RFC 2045 base64: 76-character lines, CRLF line ends."""
    return base64.encodebytes(path.read_bytes()).replace(b"\n", b"\r\n").rstrip(b"\r\n")


def _render(message: MIMEMultipart, bodies: dict[str, Path]) -> bytes:
    """Serialise the mail, then put each attachment's base64 in place of its token.

    The email package's generator walks a payload line by line in Python (about 0.7 s for a
    10 MB video); the tokens keep it to the headers and the text, and the attachments are
    encoded in C.
    """
    buffer = io.BytesIO()
    BytesGenerator(buffer, mangle_from_=False, policy=_SMTP_POLICY).flatten(message)
    data = buffer.getvalue()
    for token, path in bodies.items():
        data = data.replace(token.encode("ascii"), _base64_lines(path), 1)
    return data


def build_one(view: PackageView, addresses: Addresses, groups: list[list[PackageFile]], part: int,
              *, keep_message_id: str | None = None) -> BuiltMail:
    """Mail ``part`` of the package; ``keep_message_id`` when building a queued mail again (its
    Message-ID is what makes a duplicate recognisable, so it never changes)."""
    parts = len(groups)
    mid = keep_message_id or message_id(view.id, part, parts, addresses.sender)
    message = MIMEMultipart("mixed")
    message["From"] = formataddr((organiser.deliverable_name(view.county), addresses.sender), charset="utf-8")
    message["To"] = addresses.to
    if addresses.cc:
        message["Cc"] = formataddr((addresses.cc_name, addresses.cc), charset="utf-8")
        message["Reply-To"] = addresses.cc
    message["Subject"] = Header(subject(view.county, view.id, part, parts), "utf-8")  # type: ignore[assignment]
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = mid
    message[PACKAGE_HEADER] = view.id
    message[PART_HEADER] = f"{part}/{parts}"
    message["X-Mailer"] = f"ivy-kiosk {__version__}"
    message.attach(MIMEText(body_text(view, groups, part), "plain", "utf-8"))
    bodies = {f"IVY-ATTACHMENT-{secrets.token_hex(16)}": entry.path for entry in groups[part - 1]}
    for token, entry in zip(bodies, groups[part - 1], strict=True):
        message.attach(_attachment(entry, token))
    return BuiltMail(view.id, part, parts, mid, _render(message, bodies), tuple(f.name for f in groups[part - 1]))


def build_mails(view: PackageView, addresses: Addresses, budget: int) -> list[BuiltMail]:
    """Every mail of the package, split so each carries at most ``budget`` raw attachment bytes."""
    groups = plan_parts(view.files, budget)
    return [build_one(view, addresses, groups, n) for n in range(1, len(groups) + 1)]


def groups_as_built(files: list[PackageFile], names: list[list[str]]) -> list[list[PackageFile]] | None:
    """The package's files grouped as recorded when its mails were built; None when they no longer
    match (a file renamed or gone)."""
    by_name = {f.name: f for f in files}
    if any(name not in by_name for group in names for name in group):
        return None
    return [[by_name[name] for name in group] for group in names]


def restamp_sender(data: bytes, sender: str) -> bytes:
    """The same mail with only its From address replaced (display name kept): everything else —
    Message-ID, body, attachments — stays byte for byte as it was built."""
    head, separator, body = data.partition(b"\r\n\r\n")
    fields: list[list[bytes]] = []  # each header with its folded continuation lines
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1].append(line)
        else:
            fields.append([line])
    out = []
    for field in fields:
        if field[0].lower().startswith(b"from:"):
            value = b" ".join(part.strip() for part in field)[5:].decode("ascii", "replace")
            display = str(make_header(decode_header(parseaddr(value)[0] or "")))
            field = [b"From: " + formataddr((display, sender), charset="utf-8").encode("ascii")]
        out.extend(field)
    return b"\r\n".join(out) + separator + body


def budget_for_server_limit(size_limit: int) -> int:
    """Raw attachment bytes that fit a server's SIZE limit: base64 adds 4/3 plus line ends, and the
    body and headers need room."""
    return max(0, int((size_limit - 64_000) / 1.37))
