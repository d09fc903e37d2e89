"""The camera and microphone kept open for a session, and takes recorded from them.

The GUI keeps one ``Studio`` open all day; the CLI opens one for a single take. Both record
through the same ``Recorder``.
"""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.capture import Camera, Microphone, open_sources
from kiosk.capture.clock import MONOTONIC, Clock
from kiosk.config import Settings
from kiosk.errors import SourceError
from kiosk.instance import claim_take_slot
from kiosk.organiser import TAKE_MAX_SECONDS
from kiosk.recording import encoder as enc
from kiosk.recording.recorder import Recorder, check_free_disk
from kiosk.recording.take import Take, takes_root

FIRST_FRAME_TIMEOUT_S = 5.0


class Studio:
    def __init__(self, camera: Camera, mic: Microphone | None, settings: Settings, sources: dict) -> None:
        self.camera = camera
        self.mic = mic
        self.settings = settings
        self.sources = sources
        self._encoder_settled = threading.Event()
        self._encoder_settled.set()  # open() clears it while the probes run

    @classmethod
    def open(cls, camera_spec: str, mic_spec: str, settings: Settings, clock: Clock = MONOTONIC) -> Studio:
        pair = open_sources(camera_spec, mic_spec, clock)
        camera = Camera(pair.camera, clock)
        mic = Microphone(pair.mic, clock) if pair.mic is not None else None
        camera.start()
        try:
            if mic is not None:
                mic.start()
            if camera.wait_first_frame(FIRST_FRAME_TIMEOUT_S) is None:
                raise camera.error or SourceError(
                    "攝影機沒有傳來畫面：請重新插拔或換一個 USB 插槽",
                    "The camera sends no picture: replug it or try another USB port",
                )
        except BaseException:
            camera.stop()
            if mic is not None:
                mic.stop()
            raise
        sources = {
            "camera": {"spec": camera_spec, "description": pair.camera.description,
                       "mode": vars(camera.mode) if camera.mode else None},
            "mic": {"spec": mic_spec, "description": pair.mic.description} if pair.mic else None,
        }
        studio = cls(camera, mic, settings, sources)
        studio._settle_encoder_in_background()
        return studio

    def _settle_encoder_in_background(self) -> None:
        """The encoder probes (once per machine, then cached) run while the operator frames the shot,
        so the preview is up at once and no take waits for a probe when it should start."""

        def settle() -> None:
            try:
                enc.choose_encoder(self.settings.recording)
                enc.choose_preset(self.settings.recording)
            finally:  # a failed probe is retried (and reported) when the take starts
                self._encoder_settled.set()

        self._encoder_settled.clear()
        threading.Thread(target=settle, name="encoder-probe", daemon=True).start()

    def record(self, max_seconds: float = TAKE_MAX_SECONDS, root: Path | None = None) -> Recorder:
        """Start a take now (raises ``KioskError`` when it cannot start: disk, camera mode)."""
        self._encoder_settled.wait()
        check_free_disk(root or takes_root())  # refusals come before the take's folder is made
        claim_take_slot(root or takes_root())  # another take live, or the kiosk window elsewhere
        take = Take.create(root, seconds_requested=max_seconds, **self.sources)
        recorder = Recorder(self.camera, self.mic, take, settings=self.settings.recording,
                            max_seconds=max_seconds, clock=self.camera.clock)
        try:
            recorder.start()
        except BaseException as exc:
            take.update(state="failed", error=str(exc))
            raise
        return recorder

    def close(self) -> None:
        self.camera.stop()
        if self.mic is not None:
            self.mic.stop()

    def __enter__(self) -> Studio:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
