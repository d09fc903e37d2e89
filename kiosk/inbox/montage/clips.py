"""The one way a county's clip enters the montage: :func:`prepare_clip`.

A kiosk package's video was verified against its mail and its consent PDF and is already the
kiosk's 1920×1080 30 fps H.264/AAC: it is used as it is. A clip mailed without the kiosk (an
accepted ``unverified`` submission) must first be made into such a clip by the import
conversion of issue 12 (``kiosk/importing/``): :func:`normalise_unverified_clip` is where that
conversion is connected. Until it is, such a clip cannot go into the film, and the montage says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.fsutil import sha256_file
from kiosk.inbox.store import InboxFolder
from kiosk.inbox.table import CountyRow


@dataclass(frozen=True)
class PreparedClip:
    county: str
    path: Path
    sha256: str
    duration_s: float
    has_audio: bool


class IntegrationPending(KioskError):
    """The import conversion (issue 12) is not connected to the organiser's side yet."""


def normalise_unverified_clip(source: Path, work_dir: Path) -> Path:
    """INTEGRATION POINT — connect the import conversion of issue 12 here, then remove this error.

    Given a phone or camera clip as a county mailed it, return a 1920×1080 30 fps H.264/AAC MP4
    made by ``kiosk/importing/`` (rotation, HDR tone-mapping, VFR, portrait refused unless a fill
    is chosen), written under ``work_dir`` and cached there by the source's SHA-256. Do not write a
    second conversion here.
    """
    raise IntegrationPending(
        f"「{source.name}」不是用本程式寄來的，須先經「匯入影片」的轉換才能剪進影片；這項轉換尚未接上主辦單位端",
        f"{source.name!r} was not sent with the kiosk and must first go through the import conversion "
        "(issue 12), which is not yet connected to the organiser's side",
    )


def prepare_clip(folder: InboxFolder, row: CountyRow) -> PreparedClip:
    """The clip of ``row`` ready for the montage (see the module doc)."""
    from kiosk.recording.media import probe_media

    if not row.usable or row.clip is None or row.submission is None:
        raise KioskError(f"{row.county} 沒有可用的影片", f"{row.county} has no usable clip")
    submission = folder.index.submissions[row.submission]
    if submission.kind == "kiosk":
        path = row.clip
        sha256 = next(entry.sha256 for entry in submission.listed if entry.role == "video")
    else:
        path = normalise_unverified_clip(row.clip, folder.cache_dir("normalised"))
        sha256 = sha256_file(path)
    info = probe_media(path)
    return PreparedClip(row.county, path, sha256, info.duration_s, info.has_audio)
