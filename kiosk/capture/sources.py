"""Turn the operator's SRC words (SPEC §4) into a camera and a microphone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.capture.audio import AudioSource, PacedAudioSource
from kiosk.capture.clock import MONOTONIC, Clock, SharedEpoch
from kiosk.capture.video import FrameSource
from kiosk.errors import BadInput

MIC_NONE = "none"
DEMO = "demo"


@dataclass(frozen=True)
class SourcePair:
    camera: FrameSource
    mic: AudioSource | None
    camera_spec: str
    mic_spec: str


def _looks_like_path(spec: str) -> bool:
    return any(sep in spec for sep in ("/", "\\")) or Path(spec).suffix != ""


def _missing_file(spec: str) -> BadInput:
    return BadInput(f"找不到檔案：{spec}", f"File not found: {spec}")


def open_camera_source(spec: str, epoch: SharedEpoch, clock: Clock = MONOTONIC) -> FrameSource:
    from kiosk.capture import demo, device_list, devices, files

    spec = spec.strip()
    if spec.lower() == DEMO:
        return demo.DemoFrameSource(epoch.t0, clock)
    if spec.isdigit():
        return devices.OpenCVFrameSource(int(spec))
    path = Path(spec)
    if path.is_file():
        return files.FileFrameSource(path, epoch.t0, clock)
    if _looks_like_path(spec):
        raise _missing_file(spec)
    index = device_list.find_camera(spec)
    if index is None:
        raise BadInput(f"找不到名為「{spec}」的攝影機", f"No camera named {spec!r}")
    return devices.OpenCVFrameSource(index)


def open_mic_source(spec: str, epoch: SharedEpoch, clock: Clock = MONOTONIC) -> AudioSource | None:
    from kiosk.capture import demo, devices, files

    spec = spec.strip()
    if spec.lower() == MIC_NONE:
        return None
    if spec.lower() == DEMO:
        return PacedAudioSource("demo", demo.demo_samples, epoch.t0, clock)
    path = Path(spec)
    if path.is_file():
        track = files.decode_audio(path)
        return PacedAudioSource(f"file:{path.name}", files.looped_samples(track), epoch.t0, clock)
    if _looks_like_path(spec):
        raise _missing_file(spec)
    if spec.lower() == "default":
        return devices.SoundDeviceSource(None)
    return devices.SoundDeviceSource(int(spec) if spec.isdigit() else spec)


def open_sources(camera_spec: str, mic_spec: str, clock: Clock = MONOTONIC) -> SourcePair:
    """The camera and mic for a take. A paired demo, or one file given as both, share t = 0."""
    paired = camera_spec.strip() == mic_spec.strip()
    camera_epoch = SharedEpoch(clock)
    mic_epoch = camera_epoch if paired else SharedEpoch(clock)
    camera = open_camera_source(camera_spec, camera_epoch, clock)
    mic = open_mic_source(mic_spec, mic_epoch, clock)
    return SourcePair(camera, mic, camera_spec, mic_spec)
