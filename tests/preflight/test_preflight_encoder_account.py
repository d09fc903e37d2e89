"""The encoder speed test (real ffmpeg) and the sending account (a real SMTP server on 127.0.0.1).

Speed itself is for benchmarks: the ok case passes whatever this machine's speed (a bar of 0.01×),
the slow cases are slow by construction (an encoder that never reads, or x264's placebo preset).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kiosk.config import RecordingSettings, SmtpSettings
from kiosk.preflight.account import check_account
from kiosk.preflight.encoder import check_encoder

# Implicit TLS: the session is encrypted, aiosmtpd just does not know it (see conftest).
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")

X264_FAST = RecordingSettings(encoder="libx264", preset="ultrafast")


# -- encoder ---------------------------------------------------------------------------------------


def test_encoder_that_keeps_up_is_ok_and_reports_its_factor(tmp_path: Path) -> None:
    result = check_encoder(X264_FAST, tmp_path, seconds=1.0, min_factor=0.01)
    assert result.status == "ok"
    assert result.data["encoder"] == "libx264 ultrafast"
    assert result.data["factor"] > 0.01 and f"{result.data['factor']:.2f}×" in result.detail_en
    assert not (tmp_path / "preflight-encode.mkv").exists()  # the test video is not left behind


def test_encoder_that_does_not_keep_up_fails_and_is_cut_short(tmp_path: Path) -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]  # reads nothing: as slow as it gets
    result = check_encoder(X264_FAST, tmp_path, seconds=1.0, min_factor=1.5, command=sleeper)
    assert result.status == "fail"
    assert "too slow" in result.detail_en and "at most" in result.detail_en
    assert result.data["factor"] < 1.5
    assert result.data["elapsed_s"] < 10  # stopped once it could no longer pass, not after 60 s
    assert "preset" in result.fix_en


def test_placebo_preset_is_too_slow_for_1080p30(tmp_path: Path) -> None:
    placebo = RecordingSettings(encoder="libx264", preset="placebo")
    result = check_encoder(placebo, tmp_path, seconds=1.0)
    assert result.status == "fail" and result.data["encoder"] == "libx264 placebo"
    assert result.data["factor"] < 1.5


def test_encoder_that_does_not_exist_fails_with_ffmpegs_reason(tmp_path: Path) -> None:
    broken = RecordingSettings(encoder="h264_no_such_encoder")
    result = check_encoder(broken, tmp_path, seconds=1.0)
    assert result.status == "fail" and "encoding failed" in result.detail_en
    assert "h264_no_such_encoder" in result.detail_en
    assert "auto" in result.fix_en


# -- sending account -------------------------------------------------------------------------------


def test_account_not_configured_warns() -> None:
    result = check_account(SmtpSettings())
    assert (result.status, result.ok) == ("warn", True)
    assert "outbox" in result.detail_en and "Settings" in result.fix_en


def test_account_that_logs_in_is_ok(mail_server, smtp_for) -> None:
    result = check_account(smtp_for(mail_server.port), timeout=10)
    assert result.status == "ok", result.detail_en
    assert mail_server.accounts.logins == 1
    assert f"127.0.0.1:{mail_server.port}" in result.detail_en


def test_account_while_the_server_is_down_warns_will_send_later(closed_port: int, smtp_for) -> None:
    result = check_account(smtp_for(closed_port), timeout=5)
    assert result.status == "warn" and result.data["offline"] is True
    assert "will send later" in result.detail_en
    assert "outbox" in result.fix_en


def test_account_with_a_wrong_password_fails(mail_server, smtp_for) -> None:
    result = check_account(smtp_for(mail_server.port, password="wrong password"), timeout=10)
    assert result.status == "fail" and result.data["stage"] == "login"
    assert "password" in result.fix_en
    assert mail_server.accounts.logins == 1  # one try, no hammering


def test_account_without_a_user_name_warns_not_set_up(mail_server, smtp_for) -> None:
    result = check_account(smtp_for(mail_server.port, username=""), timeout=10)
    assert result.status == "warn" and result.data["stage"] == "config"
    assert mail_server.accounts.logins == 0


def test_account_check_uses_the_prober_it_is_given() -> None:
    from types import SimpleNamespace

    calls = []

    def prober(smtp, *, timeout):
        calls.append((smtp.host, timeout))
        return SimpleNamespace(ok=False, stage="tls", offline=False, detail_zh="憑證不符", detail_en="certificate mismatch")

    result = check_account(SmtpSettings(host="mail.example.org"), timeout=3, prober=prober)
    assert calls == [("mail.example.org", 3)]
    assert result.status == "fail" and "certificate mismatch" in result.detail_en
    assert "starttls" in result.fix_en
