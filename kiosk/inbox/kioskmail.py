"""Reading a mail the kiosk's outbox sent (see ``kiosk/outbox/message.py``).

A kiosk mail carries the package ID in its ``X-IVY-Package`` header and in its subject
(「高雄市 IVY 2026 (1/2) – IVY2026-…」), its part in ``X-IVY-Part``, and in its text the whole
package's file list: every file's name, size and SHA-256 and which mail carries it — the manifest
as it travels. A mail that claims to be a kiosk mail but breaks any of that is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk import organiser
from kiosk.inbox.mailparse import ParsedMail
from kiosk.inbox.names import check_attachment_name
from kiosk.inbox.problems import refuse
from kiosk.outbox.message import PACKAGE_HEADER, PART_HEADER
from kiosk.package import naming

MAX_PARTS = 20
MAX_FILES = 24
_ID = naming.PACKAGE_ID_PATTERN.pattern.strip("^$")
_SUBJECT = re.compile(rf"(?P<name>\S+) IVY 2026(?: \((?P<part>\d+)/(?P<parts>\d+)\))? – (?P<id>{_ID})")
_PART = re.compile(r"^(\d{1,3})/(\d{1,3})$")
_FILE = re.compile(
    r"^\s+\d+\. (?P<name>.+?) — [\d.]+ MB \((?P<bytes>[\d,]+) bytes\)[ \t]*\r?\n"
    r"\s+SHA-256 (?P<sha>[0-9a-f]{64}) \((?:(?P<here>attached to this mail)|in mail (?P<part>\d+)/(?P<parts>\d+))\)",
    re.MULTILINE,
)
_CONTACT = {"name": "Contact person", "organisation": "Organisation", "title": "Job title", "phone": "Phone",
            "email": "E-mail"}


@dataclass(frozen=True)
class ListedFile:
    name: str
    role: str  # video | photo | consent (from the kiosk's naming)
    bytes: int
    sha256: str
    part: int  # the mail that carries it

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "role": self.role, "bytes": self.bytes, "sha256": self.sha256, "part": self.part}


@dataclass(frozen=True)
class KioskMail:
    package_id: str
    county: str
    part: int
    parts: int
    files: list[ListedFile]  # the whole package, from this mail's text
    contact: dict[str, str]  # as the mail's text gives it

    def carried(self) -> list[ListedFile]:
        return [entry for entry in self.files if entry.part == self.part]


def claims_kiosk(mail: ParsedMail) -> bool:
    """The mail says it comes from the kiosk: the package header, or a kiosk subject."""
    return PACKAGE_HEADER.lower() in mail.headers or bool(_SUBJECT.search(mail.subject))


def claimed_county(mail: ParsedMail) -> str | None:
    """The county a kiosk-looking mail names in its subject, if it is one of the 22."""
    found = _SUBJECT.search(mail.subject)
    return found.group("name") if found and found.group("name") in organiser.COUNTIES else None


def claimed_package(mail: ParsedMail) -> str | None:
    value = mail.headers.get(PACKAGE_HEADER.lower(), "")
    return value if naming.PACKAGE_ID_PATTERN.match(value) else None


def read_kiosk_mail(mail: ParsedMail) -> KioskMail:
    """The package facts of a kiosk mail, every one checked; ``Refused`` when any is wrong."""
    subject = _SUBJECT.search(mail.subject)
    if subject is None:
        raise refuse("kiosk_subject", "信件主旨不是「○○市 IVY 2026 – 素材包編號」的格式",
                     "the subject is not of the form '○○市 IVY 2026 – package ID'")
    county = subject.group("name")
    if county not in organiser.COUNTIES:
        raise refuse("county_unknown", f"「{county}」不是 22 縣市之一", f"{county!r} is not one of the 22 counties and cities")
    package_id = mail.headers.get(PACKAGE_HEADER.lower(), subject.group("id"))
    if not naming.PACKAGE_ID_PATTERN.match(package_id) or package_id != subject.group("id"):
        raise refuse("package_id", "信件的素材包編號不正確或前後不一致",
                     "the mail's package ID is malformed or differs between header and subject")
    part, parts = _part(mail, subject)
    files = _listed_files(mail.text, county, part, parts)
    contact = {key: _line_value(mail.text, label) for key, label in _CONTACT.items()}
    return KioskMail(package_id, county, part, parts, files, contact)


def _part(mail: ParsedMail, subject: re.Match[str]) -> tuple[int, int]:
    header = mail.headers.get(PART_HEADER.lower())
    found = _PART.match(header) if header else None
    if header and not found:
        raise refuse("part", f"信件的分封編號不正確：{header[:20]}", f"the mail's part number is malformed: {header[:20]!r}")
    part, parts = (int(found.group(1)), int(found.group(2))) if found else (1, 1)
    if subject.group("part") and (int(subject.group("part")), int(subject.group("parts"))) != (part, parts):
        raise refuse("part", "主旨與信頭的分封編號不一致", "the part number differs between the subject and the header")
    if not 1 <= part <= parts <= MAX_PARTS:
        raise refuse("part", f"分封編號 {part}/{parts} 不合理", f"the part number {part}/{parts} makes no sense")
    return part, parts


def _role(county: str, name: str, photo_count: int) -> str:
    if name == naming.video_name(county):
        return "video"
    if name == naming.consent_name(county):
        return "consent"
    if name in {naming.photo_name(county, n) for n in range(1, photo_count + 1)}:
        return "photo"
    raise refuse("kiosk_names", f"檔案清單中的「{name[:60]}」不是本程式的檔名",
                 f"the file list names {name[:60]!r}, which is not one of the kiosk's file names")


def _listed_files(text: str, county: str, part: int, parts: int) -> list[ListedFile]:
    found = list(_FILE.finditer(text))
    if not found or len(found) > MAX_FILES:
        raise refuse("file_list", "信件內文沒有可讀的檔案清單（名稱、大小、SHA-256）",
                     "the mail's text has no readable file list (names, sizes, SHA-256)")
    names = [check_attachment_name(match.group("name")) for match in found]
    expected = naming.expected_names(county, len(names) - 2)
    if names != expected:
        raise refuse("kiosk_names", f"檔案清單不是本程式的檔名：應為 {'、'.join(expected)}",
                     f"the file list does not follow the kiosk's names: expected {expected}")
    files = []
    for name, match in zip(names, found, strict=True):
        carrier = part if match.group("here") else int(match.group("part"))
        if (not match.group("here") and int(match.group("parts")) != parts) or not 1 <= carrier <= parts:
            raise refuse("file_list", "檔案清單的分封編號不一致", "the file list's mail numbers do not agree")
        files.append(ListedFile(name, _role(county, name, len(names) - 2), int(match.group("bytes").replace(",", "")),
                                match.group("sha"), carrier))
    return files


def _line_value(text: str, label: str) -> str:
    found = re.search(rf"^{re.escape(label)}: (.{{0,120}})$", text, re.MULTILINE)
    return found.group(1).strip() if found else ""
