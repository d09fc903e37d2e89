"""The Import screen's background work, on the GUI thread's side: one clip at a time.

Every call of the Qt-free import core (``kiosk.importing``) blocks, so each runs in a
:class:`~kiosk.ui.jobs.Job` and comes back as a signal on the GUI thread:

- ``open(path)``: the probe (``probed`` or ``probe_failed``);
- ``load_pictures(times)``: the trim bar's thumbnails, one ``thumbnail_ready`` each as it is made,
  and the waveform (``waveform_ready``);
- ``request_preview(t, fill)``: the tone-mapped still at the in point; the latest request wins (a
  preview asked for while one is being made is made next, the ones in between never);
- ``convert(start_s, seconds, fill)``: the import itself, with ``progress`` and a
  :class:`~kiosk.cancel.CancelToken` (``cancel_conversion``); ``imported`` (the Take, already in
  ``<data>/takes/``) or ``import_failed`` (``ImportCancelled`` when cancelled: nothing kept).

The conversion goes on when the operator leaves the Import screen; the window then says where the
take is. The thumbnails wait while it runs (both are ffmpeg on the same two cores) and are finished
afterwards if the operator stays on the clip.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.config import RecordingSettings
from kiosk.errors import KioskError
from kiosk.importing import (
    CancelToken,
    ClipInfo,
    ImportCancelled,
    import_clip,
    preview_still,
    probe_clip,
    thumbnails,
    waveform,
)
from kiosk.ui.jobs import Job

log = logging.getLogger(__name__)

PREVIEW_SIZE = (960, 540)  # the preview still, as the take will look (the screen shows it smaller)
THUMBNAIL_SIZE = (192, 108)
WAVEFORM_BUCKETS = 800


class ClipImporter(QObject):
    probed = Signal(object)  # ClipInfo
    probe_failed = Signal(object)  # the exception (BadInput: not a usable video, with the reason)
    thumbnail_ready = Signal(int, object)  # index, BGR array
    waveform_ready = Signal(object)  # peaks 0..1 (empty without sound)
    preview_ready = Signal(float, bool, object)  # time, fill, BGR array
    preview_failed = Signal(object)
    progress = Signal(object)  # ImportProgress
    imported = Signal(object)  # Take
    import_failed = Signal(object)  # the exception; ImportCancelled when the operator cancelled

    def __init__(self, settings: RecordingSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.info: ClipInfo | None = None
        self._thumb_times: list[float] = []
        self._thumbs_done: set[int] = set()
        self._thumbs_token = CancelToken()
        self._convert_token = CancelToken()
        self._preview_wanted: tuple[float, bool] | None = None
        self._preview_asked: tuple[float, bool] | None = None
        self._probe = self._job("import-probe", self._on_probed, self.probe_failed.emit)
        self._thumbs = self._job("import-thumbnails", lambda _none: None, self._on_thumbnails_failed)
        self._thumbs.progress.connect(self._on_thumbnail)
        self._wave = self._job("import-waveform", self.waveform_ready.emit, self._on_waveform_failed)
        self._preview = self._job("import-preview", self._on_preview, self._on_preview_failed)
        self._convert = self._job("import-convert", self._on_imported, self._on_import_failed)
        self._convert.progress.connect(self.progress.emit)

    def _job(self, name: str, done: object, failed: object) -> Job:
        job = Job(name, self)
        job.finished.connect(done)
        job.failed.connect(failed)
        return job

    # --- where things stand --------------------------------------------------------------------

    @property
    def probing(self) -> bool:
        return self._probe.running

    @property
    def converting(self) -> bool:
        return self._convert.running

    @property
    def previewing(self) -> bool:
        return self._preview.running

    # --- the clip --------------------------------------------------------------------------------

    def open(self, path: Path) -> bool:
        """Read a new clip's facts (the old clip's pictures are dropped). False while converting."""
        if self.converting:
            return False
        self.forget()
        self._probe.start(lambda: probe_clip(path))
        return True

    def forget(self) -> None:
        """No clip: every job for the last one stops or is ignored (not a conversion: see cancel_conversion)."""
        self._thumbs_token.cancel()
        for job in (self._probe, self._thumbs, self._wave, self._preview):
            job.cancel()
        self.info = None
        self._thumb_times, self._thumbs_done = [], set()
        self._preview_wanted = self._preview_asked = None

    def _on_probed(self, info: ClipInfo) -> None:
        self.info = info
        self.probed.emit(info)

    # --- the trim bar's pictures and sound --------------------------------------------------------------

    def load_pictures(self, times: list[float]) -> None:
        """Thumbnails at ``times`` (seconds into the clip) and the waveform."""
        info = self.info
        if info is None:
            return
        self._thumb_times, self._thumbs_done = list(times), set()
        self._start_thumbnails()
        self._wave.start(lambda: waveform(info, WAVEFORM_BUCKETS))

    def _start_thumbnails(self) -> None:
        info, job = self.info, self._thumbs
        wanted = [(i, t) for i, t in enumerate(self._thumb_times) if i not in self._thumbs_done]
        if info is None or not wanted or job.running or self.converting:
            return
        token = self._thumbs_token = CancelToken()
        width, height = THUMBNAIL_SIZE

        def work() -> None:
            for index, t_s in wanted:
                try:
                    picture = thumbnails(info, [t_s], width=width, height=height, cancel=token)[0]
                except ImportCancelled:
                    return
                except KioskError as exc:  # one picture the clip cannot give (a damaged spot): a grey cell
                    log.warning("no thumbnail at %.2f s: %s", t_s, exc.en)
                    continue
                job.report((index, picture))

        job.start(work)

    def _on_thumbnail(self, value: tuple[int, object]) -> None:
        index, picture = value
        self._thumbs_done.add(index)
        self.thumbnail_ready.emit(index, picture)

    def _on_thumbnails_failed(self, exc: Exception) -> None:
        log.error("the trim bar's thumbnails failed: %s", exc)

    def _on_waveform_failed(self, exc: Exception) -> None:
        log.error("the waveform failed: %s", exc)

    @property
    def thumbnails_missing(self) -> int:
        return len(self._thumb_times) - len(self._thumbs_done)

    # --- the preview still ---------------------------------------------------------------------------------

    def request_preview(self, t_s: float, fill: bool) -> None:
        self._preview_wanted = (t_s, fill)
        if not self._preview.running and self._preview_asked != self._preview_wanted:  # not made twice
            self._start_preview()

    def _start_preview(self) -> None:
        info, wanted = self.info, self._preview_wanted
        if info is None or wanted is None:
            return
        self._preview_asked = wanted
        t_s, fill = wanted
        width, height = PREVIEW_SIZE
        self._preview.start(lambda: (t_s, fill, preview_still(info, t_s, fill=fill, width=width, height=height)))

    def _on_preview(self, result: tuple[float, bool, object]) -> None:
        self.preview_ready.emit(*result)
        if self._preview_wanted != self._preview_asked:
            self._start_preview()

    def _on_preview_failed(self, exc: Exception) -> None:
        if self._preview_wanted != self._preview_asked:
            self._start_preview()
            return
        self.preview_failed.emit(exc)

    # --- the conversion -----------------------------------------------------------------------------------

    def convert(self, start_s: float, seconds: float, fill: bool) -> bool:
        """Import the span as a take, in the background. False when there is no clip or one is converting."""
        info = self.info
        if info is None or self.converting:
            return False
        self._thumbs_token.cancel()  # the thumbnails wait: the conversion needs both cores
        self._thumbs.cancel()
        token = self._convert_token = CancelToken()
        settings, job = self.settings, self._convert
        job.start(lambda: import_clip(info.path, settings, start_s=start_s, seconds=seconds, fill=fill, info=info,
                                      on_progress=job.report, cancel=token))
        return True

    def cancel_conversion(self) -> bool:
        """Stop the conversion: ``import_failed(ImportCancelled)`` follows once ffmpeg has stopped and
        the half-made take is gone."""
        if not self.converting:
            return False
        self._convert_token.cancel()
        return True

    def _on_imported(self, take: object) -> None:
        self.imported.emit(take)

    def _on_import_failed(self, exc: Exception) -> None:
        self.import_failed.emit(exc)
        self._start_thumbnails()  # still on the clip: the bar's missing pictures
