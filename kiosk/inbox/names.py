"""Names that come from outside: attachment file names (hostile until checked) and county names.

An attachment name is used as a file name inside the target folder only after
:func:`check_attachment_name` accepted it: one plain name (no folder part, no drive, no device,
nothing a file system would change or hide), short enough for every file system. A name that
tries anything is refused with the reason, never "cleaned up" into something else.
"""

from __future__ import annotations

import re
import unicodedata

from kiosk import organiser
from kiosk.inbox.problems import refuse

MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240  # UTF-8: most file systems allow 255 bytes per name; leave room for a temp suffix
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
                    *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")}
_WINDOWS_FORBIDDEN = set('<>:"|?*')
_DRIVE = re.compile(r"^[A-Za-z]:")
# Unicode categories that are invisible or not characters at all (controls, bidi overrides, …).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# People write 台 for 臺 more often than not.
_VARIANTS = str.maketrans({"台": "臺"})
_OLD_NAMES = {"桃園縣": "桃園市"}  # before 2014


def _show(name: str) -> str:
    """The name as it can be shown in a message: invisible characters made visible, length capped."""
    shown = "".join(ch if unicodedata.category(ch) not in _INVISIBLE_CATEGORIES else f"\\u{ord(ch):04x}"
                    for ch in name)
    return shown if len(shown) <= 60 else shown[:57] + "…"


def check_attachment_name(name: str | None) -> str:
    """``name`` (NFC-normalised) when it is safe as one file name on Windows, macOS and Linux;
    ``Refused`` with the reason otherwise."""
    if name is None or not name.strip():
        raise refuse("name_missing", "附件沒有檔名", "an attachment has no file name")
    name = unicodedata.normalize("NFC", name)
    shown = _show(name)
    if any(unicodedata.category(ch) in _INVISIBLE_CATEGORIES for ch in name):
        raise refuse("name_control", f"附件檔名含有控制字元或隱形字元：「{shown}」",
                     f"the attachment name {shown!r} holds control or invisible characters")
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise refuse("name_too_long", f"附件檔名太長（{len(name)} 字）：「{shown}」",
                     f"the attachment name is too long ({len(name)} characters): {shown!r}")
    if "/" in name or "\\" in name or name in (".", ".."):
        raise refuse("name_path", f"附件檔名含有資料夾路徑（企圖寫到別處）：「{shown}」",
                     f"the attachment name {shown!r} holds a folder path (it tries to write elsewhere)")
    if _DRIVE.match(name):
        raise refuse("name_drive", f"附件檔名含有磁碟代號：「{shown}」",
                     f"the attachment name {shown!r} starts with a drive letter")
    if _WINDOWS_FORBIDDEN & set(name):
        raise refuse("name_forbidden", f"附件檔名含有 Windows 不允許的字元：「{shown}」",
                     f"the attachment name {shown!r} holds characters Windows does not allow")
    if name.startswith(".") or name != name.strip() or name.endswith("."):
        raise refuse("name_hidden", f"附件檔名以點或空白開頭或結尾：「{shown}」",
                     f"the attachment name {shown!r} starts or ends with a dot or a space")
    if name.split(".", 1)[0].rstrip().upper() in _WINDOWS_DEVICES:
        raise refuse("name_device", f"附件檔名是 Windows 的裝置名稱：「{shown}」",
                     f"the attachment name {shown!r} is a Windows device name")
    return name


def normalise_county_text(text: str) -> str:
    """``text`` with the common variant spellings of county names replaced by the call's own."""
    text = unicodedata.normalize("NFC", text).translate(_VARIANTS)
    for old, new in _OLD_NAMES.items():
        text = text.replace(old, new)
    return text


def counties_in(text: str) -> list[str]:
    """The counties (of the 22, in the call's order) whose name appears in ``text``."""
    text = normalise_county_text(text)
    return [county for county in organiser.COUNTIES if county in text]


def recognise_county(*texts: str) -> str | None:
    """The one county named by the first of ``texts`` that names exactly one; None if none does."""
    for text in texts:
        found = counties_in(text)
        if len(found) == 1:
            return found[0]
    return None
