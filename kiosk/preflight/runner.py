"""Run every preflight check and gather one report, in a fixed order whatever finishes first.

The camera, the microphone and the sending account are measured side by side (they mostly wait);
the encoder runs alone afterwards so that nothing else competes for the processor while it is timed.
A check that breaks unexpectedly becomes a red line, never a crash of the preflight itself.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import paths
from kiosk.capture.audio import Microphone
from kiosk.capture.video import Camera
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.preflight import account, camera, encoder, microphone, system
from kiosk.preflight.result import CheckResult, PreflightReport, failed, failed_from

log = logging.getLogger(__name__)

Progress = Callable[[CheckResult], None]

# Line groups in display order: a group may give several lines (the camera gives three).
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("camera", ("camera", "camera_resolution", "camera_fps")),
    ("microphone", ("microphone",)),
    ("disk", ("disk",)),
    ("encoder", ("encoder",)),
    ("account", ("account",)),
    ("clock", ("clock",)),
    ("fonts", ("fonts",)),
    ("data_folder", ("data_folder",)),
    ("config", ("config",)),
)


@dataclass
class PreflightOptions:
    """What to check and how; every outside thing can be replaced for a test."""

    camera: str
    mic: str
    settings: Settings = field(default_factory=Settings)
    # Devices the app already holds open (the GUI's studio): measured as they are, never re-opened.
    running_camera: Camera | None = None
    running_mic: Microphone | None = None
    config_path: Path | None = None  # default: paths.config_path()
    data_folder: Path | None = None  # default: paths.data_home()
    measure_s: float = 2.0
    encoder_seconds: float = 2.0
    encoder_min_factor: float = encoder.MIN_FACTOR
    encoder_command: list[str] | None = None
    account_timeout_s: float = 10.0
    account_prober: account.AccountProber | None = None
    take_bytes: int = system.TAKE_BYTES
    now: dt.datetime | None = None

    @classmethod
    def from_settings(cls, settings: Settings, camera: str | None = None, mic: str | None = None,
                      **overrides: object) -> PreflightOptions:
        """The devices from settings unless given (``--camera`` / ``--mic``)."""
        return cls(camera=camera or settings.devices.camera, mic=mic or settings.devices.mic,
                   settings=settings, **overrides)  # type: ignore[arg-type]


def _data_folder(options: PreflightOptions) -> Path:
    return options.data_folder or paths.data_home()


def _config_path(options: PreflightOptions) -> Path:
    return options.config_path or (_data_folder(options) / "config.toml")


def _camera_check(options: PreflightOptions) -> list[CheckResult]:
    if options.running_camera is not None:
        return camera.check_running_camera(options.running_camera, spec=options.camera, measure_s=options.measure_s)
    return camera.check_camera(options.camera, measure_s=options.measure_s)


def _microphone_check(options: PreflightOptions) -> CheckResult:
    if options.running_mic is not None:
        return microphone.check_running_microphone(options.running_mic, spec=options.mic, measure_s=options.measure_s)
    return microphone.check_microphone(options.mic, measure_s=options.measure_s)


def _check_functions(options: PreflightOptions) -> dict[str, Callable[[], list[CheckResult] | CheckResult]]:
    settings = options.settings
    return {
        "camera": lambda: _camera_check(options),
        "microphone": lambda: _microphone_check(options),
        "disk": lambda: system.check_disk(_data_folder(options), take_bytes=options.take_bytes),
        "encoder": lambda: encoder.check_encoder(
            settings.recording, _data_folder(options) / "preflight", seconds=options.encoder_seconds,
            min_factor=options.encoder_min_factor, command=options.encoder_command,
        ),
        "account": lambda: account.check_account(
            settings.delivery.smtp, timeout=options.account_timeout_s, prober=options.account_prober
        ),
        "clock": lambda: system.check_clock(options.now),
        "fonts": lambda: system.check_fonts(),
        "data_folder": lambda: system.check_data_folder(_data_folder(options)),
        "config": lambda: system.check_config(_config_path(options)),
    }


def _guarded(group: str, check: Callable[[], list[CheckResult] | CheckResult]) -> list[CheckResult]:
    try:
        outcome = check()
    except KioskError as exc:
        return [failed_from(group, exc)]
    except Exception as exc:  # a bug in one check must not hide the other lines
        log.exception("preflight check %s broke", group)
        return [failed(group, (f"檢查時發生未預期的錯誤：{exc}", f"The check broke unexpectedly: {exc}"),
                       ("請按「重新檢查」；若仍發生，請聯絡技術支援", "Press Run again; if it persists, call for support"))]
    return outcome if isinstance(outcome, list) else [outcome]


class _Collector:
    """Results by group, reported to ``progress`` as they arrive (from whichever thread)."""

    def __init__(self, progress: Progress | None) -> None:
        self._progress = progress
        self._lock = threading.Lock()
        self.by_group: dict[str, list[CheckResult]] = {}

    def run(self, group: str, check: Callable[[], list[CheckResult] | CheckResult]) -> None:
        results = _guarded(group, check)
        with self._lock:
            self.by_group[group] = results
        if self._progress is not None:
            for result in results:
                self._progress(result)


# The devices and the network wait more than they compute: they run together.
_SIDE_BY_SIDE = ("camera", "microphone", "account")
_ALONE_LAST = ("encoder",)


def run_preflight(options: PreflightOptions, progress: Progress | None = None) -> PreflightReport:
    checks = _check_functions(options)
    collector = _Collector(progress)
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(_SIDE_BY_SIDE), thread_name_prefix="preflight") as pool:
        waiting = [pool.submit(collector.run, group, checks[group]) for group in _SIDE_BY_SIDE]
        for group in checks:
            if group not in _SIDE_BY_SIDE and group not in _ALONE_LAST:
                collector.run(group, checks[group])
        concurrent.futures.wait(waiting)
    for group in _ALONE_LAST:
        collector.run(group, checks[group])
    ordered = [result for group, _ in GROUPS for result in collector.by_group.get(group, [])]
    return PreflightReport(ordered)
