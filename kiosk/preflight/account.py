"""Can the sending account be reached and logged into? Offline is normal at a venue: a warning only,
because the outbox keeps every package and sends it when the network is back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.config import SmtpSettings
from kiosk.preflight.result import CheckResult, failed, passed, warned

# ``kiosk.outbox.transport.probe_account(smtp, *, timeout) -> AccountProbe`` with the fields
# ok, stage (config | dns | connect | tls | login | done), offline, detail_zh, detail_en: the outbox
# owns the SMTP conversation, preflight only says what it means for the event.
AccountProber = Callable[..., Any]

NOT_CONFIGURED_FIX = (
    "在「設定 → 郵件」填入寄件帳號並寄一封測試信；在那之前影片會安全地留在寄件匣，也可以匯出到 USB 隨身碟",
    "Enter the sending account in Settings → Mail and send a test mail; until then packages wait safely "
    "in the outbox, and can be exported to a USB drive",
)
OFFLINE_FIX = (
    "目前連不上網路也沒關係：按「送出」後會排入寄件匣，網路恢復時自動寄出",
    "Being offline is fine: Send puts the package in the outbox, and it goes out when the network is back",
)
_FIX_BY_STAGE = {
    "login": ("請在「設定 → 郵件」檢查帳號與密碼（有些信箱需要「應用程式密碼」）",
              "Check the user name and password in Settings → Mail (some providers need an app password)"),
    "tls": ("請檢查安全連線設定：連接埠 465 用 tls、587 用 starttls；機構自有憑證請設定 ca_file",
            "Check the security setting: tls for port 465, starttls for 587; set ca_file for an organisation's "
            "own certificate"),
}
_GENERIC_FIX = ("請在「設定 → 郵件」檢查郵件伺服器名稱與連接埠", "Check the mail server name and port in Settings → Mail")


def _fix_for(stage: str) -> tuple[str, str]:
    stage = stage.lower()
    if "login" in stage or "auth" in stage:
        return _FIX_BY_STAGE["login"]
    if "tls" in stage or "cert" in stage:
        return _FIX_BY_STAGE["tls"]
    return _GENERIC_FIX


def _default_prober() -> AccountProber | None:
    try:
        from kiosk.outbox.transport import probe_account
    except ImportError:
        return None
    return probe_account


def check_account(smtp: SmtpSettings, *, timeout: float = 10.0, prober: AccountProber | None = None) -> CheckResult:
    where = f"{smtp.host}:{smtp.port}"
    if not smtp.configured:
        return warned(
            "account",
            ("尚未設定寄件帳號：影片會先留在寄件匣", "No sending account set up yet: packages will wait in the outbox"),
            NOT_CONFIGURED_FIX,
        )
    prober = prober or _default_prober()
    if prober is None:
        return warned(
            "account",
            ("此版本無法測試寄件帳號", "This build cannot test the sending account"),
            NOT_CONFIGURED_FIX,
            server=where,
        )
    probe = prober(smtp, timeout=timeout)
    data = {"server": where, "stage": probe.stage, "offline": bool(probe.offline)}
    if probe.ok:
        return passed("account", f"{where}：連線與登入成功", f"{where}: connected and logged in", **data)
    if probe.stage == "config":  # e.g. no user name or password yet: not set up, not broken
        return warned("account", (probe.detail_zh, probe.detail_en), NOT_CONFIGURED_FIX, **data)
    if probe.offline:
        return warned(
            "account",
            # Not the probe's own words: they say "sent once the network is back" too, and so does the fix.
            (f"目前離線（連不上 {where}）：稍後會自動寄出", f"Offline now (cannot reach {where}): will send later"),
            OFFLINE_FIX,
            **data,
        )
    return failed("account", (f"{where}：{probe.detail_zh}", f"{where}: {probe.detail_en}"), _fix_for(probe.stage), **data)
