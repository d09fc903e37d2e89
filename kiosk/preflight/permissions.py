"""Operating-system permission problems, named with the fix for the system the kiosk runs on.

Nothing asks the system whether access was granted (each system does that differently, and a
denied macOS permission or a Windows privacy switch often reports no error at all): what the
devices deliver tells. A blocked camera gives all-black pictures (macOS) or none (Windows); a
blocked or system-muted microphone gives digital silence, every sample exactly zero, which no real
room does (fans, people and the microphone's own hiss are always above it).
"""

from __future__ import annotations

import sys

import numpy as np

# Of 255. A covered lens or a system that blocks the camera gives (nearly) zero everywhere; even a
# dim hall gives sensor noise and some light above this.
BLACK_LEVEL = 8

Text = tuple[str, str]  # (zh-TW, en)

_CAMERA: dict[str, Text] = {
    "win32": ("Windows「設定 → 隱私權與安全性 → 相機」：開啟「相機存取」與「讓傳統型應用程式存取您的相機」，"
              "然後重新開啟本程式",
              "Windows Settings → Privacy & security → Camera: turn on “Camera access” and “Let desktop apps "
              "access your camera”, then start the kiosk again"),
    "darwin": ("macOS「系統設定 → 隱私權與安全性 → 相機」：打開「IVY 2026 Kiosk」的開關（若曾按「不允許」，"
               "打開後請結束並重新開啟本程式）",
               "macOS System Settings → Privacy & Security → Camera: switch on “IVY 2026 Kiosk” (if it was "
               "denied once, switch it on, then quit and reopen the kiosk)"),
    "linux": ("Linux：確認這位使用者可以使用 /dev/video*（屬於 video 群組），且沒有其他程式占用攝影機",
              "Linux: check that this user may use /dev/video* (the video group) and that no other app holds the camera"),
}
_MICROPHONE: dict[str, Text] = {
    "win32": ("Windows「設定 → 隱私權與安全性 → 麥克風」：開啟「麥克風存取」與「讓傳統型應用程式存取您的麥克風」；"
              "並在「音效」設定中確認麥克風沒有被靜音",
              "Windows Settings → Privacy & security → Microphone: turn on “Microphone access” and “Let desktop "
              "apps access your microphone”; and check in Sound settings that the microphone is not muted"),
    "darwin": ("macOS「系統設定 → 隱私權與安全性 → 麥克風」：打開「IVY 2026 Kiosk」的開關（若曾按「不允許」，"
               "打開後請結束並重新開啟本程式）",
               "macOS System Settings → Privacy & Security → Microphone: switch on “IVY 2026 Kiosk” (if it was "
               "denied once, switch it on, then quit and reopen the kiosk)"),
    "linux": ("Linux：在音效設定（例如 pavucontrol）確認這個輸入沒有靜音、音量不是 0",
              "Linux: check in the sound settings (e.g. pavucontrol) that this input is not muted or at zero"),
}


def _system(platform: str | None) -> str:
    platform = platform or sys.platform
    return "linux" if platform.startswith("linux") else platform


def camera_permission(platform: str | None = None) -> Text:
    """Where this system lets an app use the camera, as the operator finds it."""
    return _CAMERA.get(_system(platform), _CAMERA["linux"])


def microphone_permission(platform: str | None = None) -> Text:
    return _MICROPHONE.get(_system(platform), _MICROPHONE["linux"])


def with_hint(fix: Text, hint: Text) -> Text:
    """A line's own fix, then the system's permission switch as the next thing to try."""
    return (f"{fix[0]}；{hint[0]}" if fix[0] else hint[0], f"{fix[1]}. {hint[1]}" if fix[1] else hint[1])


def is_black(image: np.ndarray) -> bool:
    """All-black: what a blocked camera (or a covered lens) sends."""
    return image.size > 0 and int(image.max()) <= BLACK_LEVEL


def is_digital_silence(peak: float) -> bool:
    """Every sample exactly zero: what a blocked or system-muted microphone sends."""
    return peak == 0.0
