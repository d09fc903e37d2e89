"""Operating-system permission problems named with the fix: a blocked camera's all-black pictures and a
blocked microphone's digital silence, through the real capture layer, and each system's own switch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kiosk.preflight import permissions
from kiosk.preflight.camera import check_camera
from kiosk.preflight.microphone import check_microphone

MEASURE_S = 1.0


def test_windows_names_the_desktop_apps_privacy_switches():
    camera_zh, camera_en = permissions.camera_permission("win32")
    assert "Let desktop apps access your camera" in camera_en and "Privacy & security → Camera" in camera_en
    assert "讓傳統型應用程式存取您的相機" in camera_zh
    mic_zh, mic_en = permissions.microphone_permission("win32")
    assert "Let desktop apps access your microphone" in mic_en and "讓傳統型應用程式存取您的麥克風" in mic_zh


def test_macos_names_the_privacy_pane_and_the_restart_after_a_denial():
    for zh, en in (permissions.camera_permission("darwin"), permissions.microphone_permission("darwin")):
        assert "System Settings → Privacy & Security" in en and "quit and reopen" in en
        assert "系統設定 → 隱私權與安全性" in zh and "重新開啟" in zh


def test_other_systems_get_their_own_hint():
    assert "/dev/video" in permissions.camera_permission("linux")[1]
    assert permissions.camera_permission("freebsd13") == permissions.camera_permission("linux")


def test_black_is_only_what_a_blocked_camera_or_a_covered_lens_sends():
    rng = np.random.default_rng(1)
    assert permissions.is_black(np.zeros((1080, 1920, 3), np.uint8))
    assert permissions.is_black(rng.integers(0, permissions.BLACK_LEVEL + 1, (1080, 1920, 3), dtype=np.uint8))
    dim_hall = rng.integers(0, 40, (1080, 1920, 3), dtype=np.uint8)  # a dark room: noise and a little light
    assert not permissions.is_black(dim_hall)
    assert not permissions.is_digital_silence(1e-6) and permissions.is_digital_silence(0.0)


def test_an_all_black_camera_fails_with_the_permission_switch(black_clip: Path):
    results = {r.name: r for r in check_camera(str(black_clip), measure_s=MEASURE_S)}
    camera = results["camera"]
    assert camera.status == "fail" and camera.data["black"] is True
    assert "all black" in camera.detail_en and "全黑" in camera.detail_zh
    assert "lens cap" in camera.fix_en
    assert permissions.camera_permission()[1] in camera.fix_en and permissions.camera_permission()[0] in camera.fix_zh
    assert results["camera_resolution"].status == "ok"  # the rest is still measured and shown


def test_a_camera_that_does_not_open_names_the_permission_switch_too():
    (result,) = check_camera("7", measure_s=MEASURE_S)
    assert result.status == "fail" and permissions.camera_permission()[1] in result.fix_en


def test_digital_silence_fails_with_the_permission_switch(silent_wav: Path):
    result = check_microphone(str(silent_wav), measure_s=MEASURE_S)
    assert result.status == "fail" and result.data["digital_silence"] is True
    assert "digital silence" in result.detail_en and "數位靜音" in result.detail_zh
    assert result.fix_en == permissions.microphone_permission()[1]
    assert result.fix_zh == permissions.microphone_permission()[0]


@pytest.mark.parametrize("device", ["camera", "microphone"])
def test_the_hint_follows_the_line_s_own_fix(device):
    hint = getattr(permissions, f"{device}_permission")("win32")
    zh, en = permissions.with_hint(("先拔插", "Replug it first"), hint)
    assert zh.startswith("先拔插；") and zh.endswith(hint[0])
    assert en.startswith("Replug it first. ") and en.endswith(hint[1])
