"""The deliverable's file names, as the call asks: 「高雄市 IVY 2026」 and its numbered photos."""

from __future__ import annotations

import datetime as dt
import re
import secrets

from kiosk import organiser

MANIFEST = "manifest.json"
SIGNATURE_FILE = "signature.png"  # beside the deliverable folder: kept as evidence, not sent
PACKAGE_ID_PATTERN = re.compile(r"^IVY2026-\d{8}-\d{6}-[0-9a-f]{6}$")
# Characters Windows forbids in file names; a county name never has them, but a check is cheap.
_FORBIDDEN = set('<>:"/\\|?*')


def new_package_id(now: dt.datetime | None = None) -> str:
    """ASCII, sortable by time and unique: ``IVY2026-20261127-164200-a1b2c3``."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"IVY2026-{stamp}-{secrets.token_hex(3)}"


def video_name(county: str) -> str:
    return f"{organiser.deliverable_name(county)}.mp4"


def photo_name(county: str, number: int) -> str:
    return f"{organiser.deliverable_name(county)}-{number}.jpg"


def consent_name(county: str) -> str:
    return f"{organiser.deliverable_name(county)} 授權同意書.pdf"


def expected_names(county: str, photo_count: int) -> list[str]:
    """Every file of the deliverable, in manifest order: video, photos, consent PDF."""
    return [video_name(county), *(photo_name(county, n) for n in range(1, photo_count + 1)), consent_name(county)]


def is_portable_name(name: str) -> bool:
    """Safe on Windows, macOS and Linux file systems and in a mail attachment."""
    return bool(name) and not (_FORBIDDEN & set(name)) and name == name.strip() and not name.endswith(".")
