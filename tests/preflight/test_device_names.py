"""Device lists with human names: ffmpeg's DirectShow and AVFoundation listings (captured sample
output), Linux's sysfs, and microphones through PortAudio."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.capture import device_list

# ffmpeg ≥ 5 on Windows 11: one line per device with its media types, no section headers.
DSHOW_TAGGED = r"""
[dshow @ 000001d5f0a6f2c0] "Integrated Webcam" (video)
[dshow @ 000001d5f0a6f2c0]   Alternative name "@device_pnp_\\?\usb#vid_0c45&pid_6723&mi_00#6&2a1d3c4e&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c91f3954}\global"
[dshow @ 000001d5f0a6f2c0] "HD Pro Webcam C920" (video)
[dshow @ 000001d5f0a6f2c0]   Alternative name "@device_pnp_\\?\usb#vid_046d&pid_082d&mi_00#7&1b2c3d4e&0&0000#{65e8773d-8f56-11d0-a3b9-00a0c91f3954}\global"
[dshow @ 000001d5f0a6f2c0] "Virtual Cam (no pins)" (none)
[dshow @ 000001d5f0a6f2c0]   Alternative name "@device_sw_{860BB310-5D01-11D0-BD3B-00A0C911CE86}\{A3FCE0F5-3493-419F-958A-ABA1250EC20B}"
[dshow @ 000001d5f0a6f2c0] "Cam Link 4K" (audio, video)
[dshow @ 000001d5f0a6f2c0]   Alternative name "@device_pnp_\\?\usb#vid_0fd9&pid_0066"
[dshow @ 000001d5f0a6f2c0] "麥克風 (HD Pro Webcam C920)" (audio)
[dshow @ 000001d5f0a6f2c0]   Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\wave_{D1F2C3B4-0000-0000-0000-000000000000}"
[dshow @ 000001d5f0a6f2c0] "Broken audio" (none)
[dshow @ 000001d5f0a6f2c0] "Cam Link 4K" (audio, video)
dummy: Immediate exit requested
"""

# ffmpeg 4.x: section headers, then the names.
DSHOW_SECTIONS = r"""
[dshow @ 0000023e4e8bb400] DirectShow video devices (some may be both video and audio devices)
[dshow @ 0000023e4e8bb400]  "Integrated Camera"
[dshow @ 0000023e4e8bb400]     Alternative name "@device_pnp_\\?\usb#vid_04f2&pid_b6d9"
[dshow @ 0000023e4e8bb400]  "Logitech BRIO"
[dshow @ 0000023e4e8bb400]     Alternative name "@device_pnp_\\?\usb#vid_046d&pid_085e"
[dshow @ 0000023e4e8bb400] DirectShow audio devices
[dshow @ 0000023e4e8bb400]  "Microphone Array (Realtek(R) Audio)"
[dshow @ 0000023e4e8bb400]     Alternative name "@device_cm_{33D9A762-90C8-11D0-BD43-00A0C911CE86}\wave_{1234}"
dummy: Immediate exit requested
"""

AVFOUNDATION = """
[AVFoundation indev @ 0x7f8b4bc04b40] AVFoundation video devices:
[AVFoundation indev @ 0x7f8b4bc04b40] [0] FaceTime HD Camera
[AVFoundation indev @ 0x7f8b4bc04b40] [1] Logitech StreamCam
[AVFoundation indev @ 0x7f8b4bc04b40] [2] Capture screen 0
[AVFoundation indev @ 0x7f8b4bc04b40] AVFoundation audio devices:
[AVFoundation indev @ 0x7f8b4bc04b40] [0] MacBook Pro Microphone
[AVFoundation indev @ 0x7f8b4bc04b40] [1] Logitech StreamCam
: Input/output error
"""


def test_dshow_tagged_listing_gives_video_devices_in_order() -> None:
    assert device_list.parse_dshow_video_devices(DSHOW_TAGGED) == [
        "Integrated Webcam", "HD Pro Webcam C920", "Virtual Cam (no pins)", "Cam Link 4K",
    ]


def test_dshow_sectioned_listing_gives_video_devices_in_order() -> None:
    assert device_list.parse_dshow_video_devices(DSHOW_SECTIONS) == ["Integrated Camera", "Logitech BRIO"]


def test_dshow_listing_without_devices_is_empty() -> None:
    assert device_list.parse_dshow_video_devices("[dshow @ 0000] Could not enumerate video devices\n") == []


def test_avfoundation_listing_gives_cameras_with_their_index_and_no_screens() -> None:
    assert device_list.parse_avfoundation_video_devices(AVFOUNDATION) == [
        (0, "FaceTime HD Camera"), (1, "Logitech StreamCam"),
    ]


def _v4l2_node(root: Path, number: int, name: str, index: str | None) -> None:
    node = root / f"video{number}"
    node.mkdir(parents=True)
    (node / "name").write_text(name + "\n", encoding="utf-8")
    if index is not None:
        (node / "index").write_text(index + "\n", encoding="utf-8")


def test_linux_cameras_come_from_sysfs_without_metadata_nodes(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "video4linux"
    _v4l2_node(root, 0, "Integrated Camera: Integrated C", "0")
    _v4l2_node(root, 1, "Integrated Camera: Integrated C", "1")  # the metadata node
    _v4l2_node(root, 2, "HD Pro Webcam C920", "0")
    _v4l2_node(root, 3, "HD Pro Webcam C920", "1")
    _v4l2_node(root, 10, "Old driver without index", None)
    (root / "video-bogus").mkdir()
    monkeypatch.setattr(device_list, "_V4L2_ROOT", root)
    monkeypatch.setattr(device_list.sys, "platform", "linux")
    assert device_list.list_cameras() == [
        (0, "Integrated Camera: Integrated C"), (2, "HD Pro Webcam C920"), (10, "Old driver without index"),
    ]
    assert device_list.find_camera("hd pro webcam c920") == 2
    assert device_list.find_camera("C920") == 2  # part of the name is enough
    assert device_list.find_camera("Logitech BRIO") is None


def test_an_exact_name_wins_over_a_partial_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(device_list, "list_cameras", lambda: [(0, "USB Camera Pro"), (1, "USB Camera")])
    assert device_list.find_camera("USB Camera") == 1
    assert device_list.find_camera("usb camera pro") == 0


def test_windows_cameras_are_listed_by_the_bundled_ffmpeg(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_listing(args):
        calls.append(args)
        return DSHOW_SECTIONS

    monkeypatch.setattr(device_list.sys, "platform", "win32")
    monkeypatch.setattr(device_list, "_ffmpeg_listing", fake_listing)
    assert device_list.list_cameras() == [(0, "Integrated Camera"), (1, "Logitech BRIO")]
    assert calls == [["-list_devices", "true", "-f", "dshow", "-i", "dummy"]]


def test_the_real_ffmpeg_listing_runs_and_returns_text() -> None:
    # This ffmpeg has no dshow/avfoundation here: it must say so on stderr, not hang or crash.
    text = device_list._ffmpeg_listing(["-list_devices", "true", "-f", "dshow", "-i", "dummy"])
    assert isinstance(text, str) and text.strip()


def test_microphones_are_listed_through_portaudio() -> None:
    microphones = device_list.list_microphones()
    choices = device_list.microphone_choices()
    assert all(isinstance(index, int) and name for index, name in microphones)
    assert [name for _, name in choices] == [name for _, name in microphones]
    assert all(value.startswith(name + ", ") for value, name in choices)  # "name, host API"


class WindowsPortAudio:
    """What sounddevice reports on a Windows laptop: each microphone once per host API."""

    class PortAudioError(Exception):
        pass

    class default:  # sounddevice's name
        device = (1, 4)

    _hostapis = ({"name": "MME"}, {"name": "Windows WASAPI"})
    _devices = (
        {"name": "Microsoft Sound Mapper - Input", "hostapi": 0, "max_input_channels": 2},
        {"name": "Microphone (HD Pro Webcam C920)", "hostapi": 0, "max_input_channels": 2},
        {"name": "Microphone Array (Realtek(R) Au", "hostapi": 0, "max_input_channels": 2},
        {"name": "Speakers (Realtek(R) Audio)", "hostapi": 0, "max_input_channels": 0},
        {"name": "Speakers (Realtek(R) Audio)", "hostapi": 1, "max_input_channels": 0},
        {"name": "Microphone (HD Pro Webcam C920)", "hostapi": 1, "max_input_channels": 2},
    )

    def query_devices(self, index=None):
        return self._devices if index is None else self._devices[index]

    def query_hostapis(self, index):
        return self._hostapis[index]


def test_windows_microphones_are_listed_once_from_the_default_host_api(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kiosk.capture.devices.import_sounddevice", WindowsPortAudio)
    assert device_list.list_microphones() == [
        (0, "Microsoft Sound Mapper - Input"), (1, "Microphone (HD Pro Webcam C920)"),
        (2, "Microphone Array (Realtek(R) Au"),
    ]
    assert device_list.microphone_choices()[1] == ("Microphone (HD Pro Webcam C920), MME",
                                                   "Microphone (HD Pro Webcam C920)")


def test_missing_portaudio_reaches_the_caller_as_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.errors import SourceError

    def no_portaudio():
        raise SourceError("找不到 PortAudio", "The PortAudio library is missing")

    monkeypatch.setattr("kiosk.capture.devices.import_sounddevice", no_portaudio)
    with pytest.raises(SourceError, match="PortAudio"):
        device_list.list_microphones()
