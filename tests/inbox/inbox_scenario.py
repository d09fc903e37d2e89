"""The organiser's mailbox in the tests: which county sent what, and how it went."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.package import naming

CLIP_SECONDS = 3.0


@dataclass(frozen=True)
class CountyClip:
    """A county's test clip: a flat colour (to find it in the film) and a tone at its own level."""

    county: str
    colour: tuple[int, int, int]
    level_db: float  # the tone's peak, dBFS: clips differ by 25 dB before the montage evens them out
    frequency: int
    phone: str


CLIPS = {
    "臺北市": CountyClip("臺北市", (220, 40, 40), -8.0, 440, "02-27208889"),
    "新北市": CountyClip("新北市", (40, 200, 60), -33.0, 660, "02-29603456"),
    "臺中市": CountyClip("臺中市", (230, 210, 40), -20.0, 550, "04-22289111"),
    "臺南市": CountyClip("臺南市", (200, 200, 200), -20.0, 500, "06-2991111"),
    "高雄市": CountyClip("高雄市", (40, 70, 220), -14.0, 880, "07-3368333"),
}
SPLIT, TWICE, TAMPERED = "高雄市", "臺中市", "臺南市"
TAMPERED_FILE = naming.photo_name(TAMPERED, 2)
COMPLETE = ("臺北市", "新北市", "臺中市", "高雄市")  # in the call's order
DIRECT, LINK_ONLY = "花蓮縣", "澎湖縣"
CLOUD_URL = "https://drive.google.com/drive/folders/1AbCdEfGhIjK"
IMAP_USER = "organiser@example.org"
IMAP_PASSWORD = "收件密碼 imap-secret"
TEST_FILM = {"preset": "ultrafast", "card_s": 2.0}  # quick to encode; the same graph as the real one
