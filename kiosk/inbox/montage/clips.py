"""The one way a county's clip enters the montage: :func:`prepare_clip`.

A kiosk package's video was verified against its mail and its consent PDF and is already the
kiosk's 1920×1080 30 fps H.264/AAC: it is used as it is. A clip mailed without the kiosk (an
accepted ``unverified`` submission) must first be made into such a clip by the import
conversion (``kiosk/importing/``, the same picture, sound and encoder as importing a clip at the
kiosk): :func:`normalise_unverified_clip`. Only the clip's whole length is used; the montage's spans
cut it afterwards. A portrait phone clip gets the blurred-sides fill: the organiser accepted it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.cancel import CancelToken
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


def normalise_unverified_clip(source: Path, work_dir: Path, cancel: CancelToken | None = None) -> Path:
    """A phone or camera clip as a county mailed it, as a 1920×1080 30 fps H.264/AAC MP4 made by the
    import conversion (rotation, HDR tone-mapping, VFR to CFR), cached in ``work_dir`` by the
    source's SHA-256 so a rebuilt film converts it only once. BadInput when it cannot be used."""
    from kiosk.config import RecordingSettings
    from kiosk.importing import convert_clip, probe_clip

    cached = work_dir / f"{sha256_file(source)}.mp4"
    if cached.is_file():
        return cached
    info = probe_clip(source)
    work_dir.mkdir(parents=True, exist_ok=True)
    return convert_clip(info, cached, RecordingSettings(), fill=info.portrait, cancel=cancel)


def prepare_clip(folder: InboxFolder, row: CountyRow, cancel: CancelToken | None = None) -> PreparedClip:
    """The clip of ``row`` ready for the montage (see the module doc)."""
    from kiosk.recording.media import probe_media

    if not row.usable or row.clip is None or row.submission is None:
        raise KioskError(f"{row.county} 沒有可用的影片", f"{row.county} has no usable clip")
    submission = folder.index.submissions[row.submission]
    if submission.kind == "kiosk":
        path = row.clip
        sha256 = next(entry.sha256 for entry in submission.listed if entry.role == "video")
    else:
        path = normalise_unverified_clip(row.clip, folder.cache_dir("normalised"), cancel)
        sha256 = sha256_file(path)
    info = probe_media(path)
    return PreparedClip(row.county, path, sha256, info.duration_s, info.has_audio)
