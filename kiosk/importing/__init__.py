"""Import a phone or camera clip (and photos) as a take, exactly like one recorded here (issue 12).

The API an Import screen (and the CLI, ``kiosk/cli/import_cmd.py``) drives; all of it Qt-free,
each call blocking, so a GUI runs them in a background job:

- ``probe_clip(path) -> ClipInfo``: the clip's facts; ``info.badges()`` (4K, HDR HLG/PQ, VFR,
  portrait, extra track ignored, no sound), ``info.source_info()``, ``info.duration_s`` …;
  BadInput with the reason for a file that is not a usable video.
- ``plan_import(info, start_s, seconds, fill=...) -> ImportPlan``: the same refusals the import
  makes (too short, span outside the clip, portrait without a fill, too small), before any work:
  a trim bar calls it as the operator drags; ``on_source_frame`` is where a start lands.
- ``thumbnails(info, times)``, ``waveform(info, buckets)``, ``preview_still(info, t, fill=...)``:
  the trim bar and the tone-mapped preview (``kiosk.importing.preview``).
- ``import_clip(path, settings.recording, start_s=, seconds=, fill=, photos=, replace_stills=,
  info=, on_progress=, cancel=) -> Take``: the conversion; ``on_progress(ImportProgress)`` is
  called from the worker's thread, ``CancelToken.cancel()`` from any thread stops it
  (``ImportCancelled``, nothing kept).
- ``convert_clip(info, out, settings.recording, plan=None, fill=...)``: the same conversion into a
  plain MP4 (no take, no stills; the whole clip by default) - for the organiser's montage, where a
  clip mailed without the kiosk is normalised (``kiosk.inbox.montage.clips.normalise_unverified_clip``).
- ``add_photos(take, files, replace=False)``: a photographer's photos into any finished take,
  recorded or imported (Review's "add photos"); ``inspect_photo(path)`` checks one first.
"""

from kiosk.importing.convert import (
    CancelToken,
    ImportCancelled,
    ImportPlan,
    ImportProgress,
    convert_clip,
    import_clip,
    on_source_frame,
    plan_import,
)
from kiosk.importing.photos import Photo, add_photos, inspect_photo
from kiosk.importing.preview import preview_still, thumbnails, waveform
from kiosk.importing.probe import ClipInfo, probe_clip

__all__ = [
    "CancelToken",
    "ClipInfo",
    "ImportCancelled",
    "ImportPlan",
    "ImportProgress",
    "Photo",
    "add_photos",
    "convert_clip",
    "import_clip",
    "inspect_photo",
    "on_source_frame",
    "plan_import",
    "preview_still",
    "probe_clip",
    "thumbnails",
    "waveform",
]
