"""Cameras and microphones present on this machine, with the names people see on the box.

Camera indexes are OpenCV's for the backend ``devices.camera_backend()`` picks, and each platform's
list is in that backend's own enumeration order, so "the n-th name" is "OpenCV index n":

- Windows: DirectShow, listed by the bundled ffmpeg (``-list_devices true -f dshow``);
- macOS: AVFoundation, listed by the bundled ffmpeg (``-f avfoundation -list_devices true``);
- Linux: V4L2, read from ``/sys/class/video4linux`` (index = N of ``/dev/videoN``).

Where no names can be had, cameras are probed by index and called "Camera N".
Microphones come from PortAudio (sounddevice), restricted to one host API so that Windows does not
list each microphone four times (MME, DirectSound, WASAPI, WDM-KS).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kiosk import procs

_V4L2_ROOT = Path("/sys/class/video4linux")
_LISTING_TIMEOUT_S = 15.0

# ffmpeg ≥ 5: `"HD Pro Webcam C920" (video)`; older: a section header, then `"HD Pro Webcam C920"`.
_DSHOW_TAGGED = re.compile(r'\]\s+"(?P<name>[^"]+)"\s+\((?P<kinds>[^)]*)\)\s*$')
_DSHOW_PLAIN = re.compile(r'\]\s+"(?P<name>[^"]+)"\s*$')
_DSHOW_SECTION = re.compile(r"DirectShow (?P<kind>video|audio) devices")
_AVF_SECTION = re.compile(r"AVFoundation (?P<kind>video|audio) devices:")
_AVF_DEVICE = re.compile(r"\]\s+\[(?P<index>\d+)\]\s+(?P<name>.+?)\s*$")


def parse_dshow_video_devices(listing: str) -> list[str]:
    """Video capture device names, in DirectShow order, from ffmpeg's ``-list_devices`` output.

    ffmpeg walks the video input category first, then the audio one. Old versions print a header
    before each; newer ones tag each device with its media types instead, "(none)" when it could
    not tell - such a device still has an OpenCV index when it comes from the video walk (before
    the first audio-only device).
    """
    names: list[str] = []
    section = "video"
    for line in listing.splitlines():
        header = _DSHOW_SECTION.search(line)
        if header:
            section = header.group("kind")
            continue
        if "Alternative name" in line:
            continue
        tagged = _DSHOW_TAGGED.search(line)
        if tagged:
            kinds = tagged.group("kinds")
            if kinds.strip() == "audio":
                section = "audio"
            if ("video" in kinds or (kinds.strip() == "none" and section == "video")) and tagged.group(
                "name"
            ) not in names:
                names.append(tagged.group("name"))
            continue
        plain = _DSHOW_PLAIN.search(line)
        if plain and section == "video":
            names.append(plain.group("name"))
    return names


def parse_avfoundation_video_devices(listing: str) -> list[tuple[int, str]]:
    """(index, name) of cameras from ffmpeg's AVFoundation listing; screen captures are left out."""
    found: list[tuple[int, str]] = []
    section = ""
    for line in listing.splitlines():
        header = _AVF_SECTION.search(line)
        if header:
            section = header.group("kind")
            continue
        device = _AVF_DEVICE.search(line)
        if device and section == "video" and not device.group("name").startswith("Capture screen"):
            found.append((int(device.group("index")), device.group("name")))
    return found


def _ffmpeg_listing(args: list[str]) -> str:
    """ffmpeg prints device lists on stderr and then exits with an error (no real input): both expected."""
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", *args], timeout=_LISTING_TIMEOUT_S)
    return result.stderr.decode("utf-8", errors="replace")


def _v4l2_cameras(root: Path) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    nodes = [node for node in root.glob("video*") if node.name.removeprefix("video").isdigit()]
    for node in sorted(nodes, key=lambda node: int(node.name.removeprefix("video"))):
        index = int(node.name.removeprefix("video"))
        try:
            name = (node / "name").read_text(encoding="utf-8").strip()
            # A UVC camera has a second node (index 1) for metadata, which gives no pictures.
            node_index = (node / "index").read_text(encoding="utf-8").strip() if (node / "index").exists() else "0"
        except (OSError, ValueError):
            continue
        if node_index == "0":
            found.append((index, name))
    return found


def _probed_cameras(max_index: int) -> list[tuple[int, str]]:
    import cv2

    from kiosk.capture.devices import camera_backend

    found = []
    for index in range(max_index):
        cap = cv2.VideoCapture(index, camera_backend())
        if cap.isOpened():
            found.append((index, f"Camera {index}"))
        cap.release()
    return found


def list_cameras(max_index: int = 8) -> list[tuple[int, str]]:
    """Cameras as (OpenCV index, human name)."""
    if sys.platform.startswith("linux"):
        return _v4l2_cameras(_V4L2_ROOT)
    try:
        if sys.platform == "win32":
            names = parse_dshow_video_devices(_ffmpeg_listing(["-list_devices", "true", "-f", "dshow", "-i", "dummy"]))
            found = list(enumerate(names))
        elif sys.platform == "darwin":
            found = parse_avfoundation_video_devices(
                _ffmpeg_listing(["-f", "avfoundation", "-list_devices", "true", "-i", ""])
            )
        else:
            found = []
    except (OSError, TimeoutError, ValueError):
        found = []
    return found or _probed_cameras(max_index)


def _best_match(name: str, devices: list[tuple[int, str]]) -> int | None:
    """An exact (case-blind) name wins over a partial one, so "Camera" does not pick "Camera Pro"."""
    wanted = name.strip().casefold()
    exact = [index for index, device in devices if device.casefold() == wanted]
    if exact:
        return exact[0]
    partial = [index for index, device in devices if wanted in device.casefold()]
    return partial[0] if partial else None


def find_camera(name: str) -> int | None:
    return _best_match(name, list_cameras())


def _default_input_hostapi(sd) -> int | None:
    try:
        default_input = sd.default.device[0]
        if default_input is not None and default_input >= 0:
            return int(sd.query_devices(default_input)["hostapi"])
    except (sd.PortAudioError, ValueError, TypeError, IndexError):
        pass
    return None


def _input_devices() -> list[dict]:
    """Input devices of the default input's host API (every one if there is no default)."""
    from kiosk.capture.devices import import_sounddevice

    sd = import_sounddevice()  # raises SourceError with install advice when PortAudio is missing
    hostapi = _default_input_hostapi(sd)
    devices = []
    for index, info in enumerate(sd.query_devices()):
        if info["max_input_channels"] > 0 and (hostapi is None or info["hostapi"] == hostapi):
            devices.append({**info, "index": index, "hostapi_name": sd.query_hostapis(info["hostapi"])["name"]})
    return devices


def list_microphones() -> list[tuple[int, str]]:
    """Microphones as (PortAudio index, human name). Raises ``SourceError`` when PortAudio is missing."""
    return [(device["index"], device["name"]) for device in _input_devices()]


def microphone_choices() -> list[tuple[str, str]]:
    """(value to store in settings, human name) for each microphone. The value is "name, host API",
    which PortAudio resolves exactly even on Windows, where the bare name is shared by several host
    APIs; an index is not stable when devices are plugged in and out."""
    return [(f"{device['name']}, {device['hostapi_name']}", device["name"]) for device in _input_devices()]
