"""One received mail, parsed defensively: headers, text, links and checked attachments.

Nothing in a received mail is trusted. The raw size is capped before parsing, the MIME tree is
walked without recursion with a cap on depth and on the number of parts, each attachment's size is
checked before it is decoded, and every attachment name goes through
:func:`kiosk.inbox.names.check_attachment_name`. Anything over a limit refuses the whole mail
(:class:`~kiosk.inbox.problems.Refused`), with the reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from functools import cached_property
from html.parser import HTMLParser

from kiosk.inbox.names import check_attachment_name
from kiosk.inbox.problems import Problem, Refused, refuse

_MB = 1_000_000
_MAX_TEXT_CHARS = 200_000  # a mail's own text; a longer text is cut (it is read for links and contacts only)
_MAX_HEADER_CHARS = 2_000
_URL = re.compile(r"https?://[^\s<>\"'（）「」，。]+", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """Caps on what one received mail may hold. A kiosk mail is at most ~25 MB; a county mailing a
    phone clip directly may send more, so the caps leave room, but never unbounded."""

    max_mail_bytes: int = 64 * _MB
    max_attachment_bytes: int = 48 * _MB
    max_parts: int = 64
    max_depth: int = 6


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Attachment:
    name: str  # checked: safe as one file name
    content_type: str
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return "." + self.name.rsplit(".", 1)[-1].lower() if "." in self.name else ""


@dataclass(frozen=True)
class ParsedMail:
    message_id: str
    subject: str
    sender: str  # the address
    sender_name: str
    received_at: str | None  # ISO 8601: the receiving server's time (top Received header), else Date
    headers: dict[str, str]  # the X-IVY-* headers, by lower-case name
    text: str  # the plain text (or the text of the HTML) of the mail itself
    links: list[str]
    attachments: list[Attachment]
    notes: list[Problem]  # harmless things left out (an unnamed inline picture …)
    refusal: Problem | None = None  # set when the mail's parts break a rule: nothing of it is used


def too_large(size: int, limits: Limits) -> Problem:
    return Problem("mail_too_large",
                   f"這封信有 {size / _MB:.1f} MB，超過上限 {limits.max_mail_bytes / _MB:.0f} MB，未收取",
                   f"the mail is {size / _MB:.1f} MB, over the {limits.max_mail_bytes / _MB:.0f} MB limit: not collected")


def parse_mail(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ParsedMail:
    """``data`` parsed. When its parts break a limit or rule, ``refusal`` says which and it has no
    attachments; ``Refused`` only when not even its headers can be read."""
    if len(data) > limits.max_mail_bytes:
        raise Refused(too_large(len(data), limits))
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except RecursionError:
        raise _too_deep(limits) from None
    except Exception as exc:  # the stdlib parser is lenient; anything it still cannot take is refused
        raise refuse("mail_unreadable", f"無法解讀這封信（{type(exc).__name__}）",
                     f"the mail cannot be read ({type(exc).__name__})") from None
    assert isinstance(message, EmailMessage)
    walker = _Walker(limits)
    refusal = None
    try:
        walker.walk(message)
    except Refused as refused:
        refusal, walker.attachments = refused.problem, []
    return ParsedMail(
        message_id=_header(message, "Message-ID"),
        subject=" ".join(_header(message, "Subject").split()),
        sender=parseaddr(_header(message, "From"))[1],
        sender_name=parseaddr(_header(message, "From"))[0],
        received_at=_arrival(message),
        headers={name.lower(): _header(message, name) for name in set(message.keys())
                 if name.lower().startswith("x-ivy-")},
        text=walker.text[:_MAX_TEXT_CHARS],
        links=_links(walker.text, walker.hrefs),
        attachments=walker.attachments,
        notes=walker.notes,
        refusal=refusal,
    )


def _too_deep(limits: Limits) -> Exception:
    return refuse("mail_nested", f"這封信的附件層層套疊超過 {limits.max_depth} 層，未收取",
                  f"the mail's parts are nested more than {limits.max_depth} deep: not collected")


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # a header the parser kept but cannot decode
        return ""
    return str(value or "").strip()[:_MAX_HEADER_CHARS]


def _arrival(message: Message) -> str | None:
    """When the mail reached the organiser's server: the newest (first) Received header's date."""
    candidates = []
    try:
        received = message.get_all("Received") or []
    except Exception:
        received = []
    if received:
        candidates.append(str(received[0]).rsplit(";", 1)[-1])
    candidates.append(_header(message, "Date"))
    for text in candidates:
        try:
            stamp = parsedate_to_datetime(text.strip())
        except (TypeError, ValueError, IndexError):
            continue
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=dt.UTC)
        return stamp.isoformat(timespec="seconds")
    return None


class _HrefCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for key, value in attrs if key == "href" and value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


class _Walker:
    """The MIME tree, depth-first without recursion, within the limits."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.attachments: list[Attachment] = []
        self.notes: list[Problem] = []
        self.texts: list[str] = []
        self.hrefs: list[str] = []
        self._names: set[str] = set()

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def walk(self, message: Message) -> None:
        stack: list[tuple[Message, int]] = [(message, 0)]
        parts = 0
        while stack:
            part, depth = stack.pop()
            parts += 1
            if parts > self.limits.max_parts:
                raise refuse("mail_parts", f"這封信有超過 {self.limits.max_parts} 個部分，未收取",
                             f"the mail has more than {self.limits.max_parts} parts: not collected")
            if depth > self.limits.max_depth:
                raise _too_deep(self.limits)
            if part.is_multipart():
                children = part.get_payload()
                if isinstance(children, list):
                    stack.extend((child, depth + 1) for child in reversed(children) if isinstance(child, Message))
                continue
            self._leaf(part)

    def _leaf(self, part: Message) -> None:
        try:
            name = part.get_filename()
        except Exception:
            name = ""
        content_type = part.get_content_type()
        if not name and content_type in ("text/plain", "text/html"):
            self._text(part, content_type)
            return
        if not name:
            if part.get_content_disposition() == "attachment" or not content_type.startswith("text/"):
                self.notes.append(Problem("unnamed_part", f"略過一個沒有檔名的附件（{content_type}）",
                                          f"an attachment without a name ({content_type}) was left out"))
            return
        checked = check_attachment_name(name)
        encoded = part.get_payload()
        encoded_size = len(encoded) if isinstance(encoded, str | bytes) else 0
        if encoded_size * 3 // 4 > self.limits.max_attachment_bytes:  # checked before decoding
            raise self._too_big(checked, encoded_size * 3 // 4)
        data = part.get_payload(decode=True)
        data = data if isinstance(data, bytes) else b""
        if len(data) > self.limits.max_attachment_bytes:
            raise self._too_big(checked, len(data))
        if checked in self._names:
            raise refuse("name_twice", f"兩個附件同名：「{checked}」", f"two attachments are both named {checked!r}")
        self._names.add(checked)
        self.attachments.append(Attachment(checked, content_type, data))

    def _too_big(self, name: str, size: int) -> Exception:
        cap = self.limits.max_attachment_bytes / _MB
        return refuse("attachment_too_large", f"附件「{name}」有 {size / _MB:.1f} MB，超過上限 {cap:.0f} MB，未收取",
                      f"the attachment {name!r} is {size / _MB:.1f} MB, over the {cap:.0f} MB limit: not collected")

    def _text(self, part: Message, content_type: str) -> None:
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            return
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload[: _MAX_TEXT_CHARS * 4].decode(charset, errors="replace")
        except LookupError:  # an unknown charset name
            text = payload[: _MAX_TEXT_CHARS * 4].decode("utf-8", errors="replace")
        if content_type == "text/html":
            collector = _HrefCollector()
            collector.feed(text)
            self.hrefs.extend(collector.hrefs)
            text = "".join(collector.text)
        self.texts.append(text.replace("\r\n", "\n"))


def _links(text: str, hrefs: list[str]) -> list[str]:
    found: list[str] = []
    for url in [*_URL.findall(text), *hrefs]:
        url = url.rstrip(".,;:!?)]}")
        if url.lower().startswith(("http://", "https://")) and url not in found and len(url) <= 2000:
            found.append(url)
    return found
