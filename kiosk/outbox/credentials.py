"""The sending account's password: from the OS keyring (allow-listed back-ends only) or an env var.

Only stores that keep secrets encrypted by the operating system are accepted: Windows Credential
Manager, the macOS Keychain and the Secret Service (GNOME Keyring, KWallet's Secret Service
interface, KeePassXC). Plaintext back-ends such as ``keyrings.alt`` are refused, so a password is
never written to disk in clear. Tests inject an in-memory back-end (``PasswordStore(backend=…)``).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from kiosk.config import SmtpSettings
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

SERVICE = "ivy-kiosk-smtp"

ALLOWED_BACKENDS: dict[str, tuple[str, str]] = {
    "keyring.backends.Windows.WinVaultKeyring": ("Windows 認證管理員", "Windows Credential Manager"),
    "keyring.backends.macOS.Keyring": ("macOS 鑰匙圈", "macOS Keychain"),
    "keyring.backends.SecretService.Keyring": ("Secret Service 金鑰圈", "Secret Service keyring"),
    "keyring.backends.libsecret.Keyring": ("Secret Service 金鑰圈", "Secret Service keyring"),
}


def _class_path(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _no_safe_store(found: str) -> KioskError:
    # The back-end's Python class is for the log; the operator reads what it means.
    log.warning("password store refused: %s is not on the allow-list", found)
    return KioskError(
        "這台電腦沒有可用的安全密碼庫（找到的密碼庫以明文保存或無法使用），密碼不能存入。"
        "請改在 config.toml 設定 delivery.smtp.password_env，並把密碼放進那個環境變數。",
        "no safe password store on this computer (the one found keeps passwords in plain text or does not "
        "work), so the password cannot be saved. Set delivery.smtp.password_env in config.toml and put the "
        "password in that environment variable instead.",
    )


def account_key(smtp: SmtpSettings) -> str:
    """One keyring entry per account and server."""
    return f"{smtp.username}@{smtp.host}:{smtp.port}"


class PasswordStore:
    """The keyring, checked against the allow-list before every use."""

    def __init__(self, backend: Any | None = None) -> None:
        # An injected back-end (tests, or a caller that chose one) is trusted as given.
        self._injected = backend

    def backend(self) -> Any:
        if self._injected is not None:
            return self._injected
        import keyring

        chosen = keyring.get_keyring()
        self._check_allowed(chosen)
        return chosen

    @staticmethod
    def _check_allowed(backend: Any) -> None:
        inner = getattr(backend, "backends", None)
        if _class_path(backend) == "keyring.backends.chainer.ChainerBackend" and inner:
            for each in inner:  # a chain is only as safe as its least safe member
                PasswordStore._check_allowed(each)
            return
        if _class_path(backend) not in ALLOWED_BACKENDS:
            raise _no_safe_store(_class_path(backend))

    def describe(self) -> tuple[str, str]:
        """Where the password goes, in words (zh, en) — for the settings screen."""
        backend = self.backend()
        return ALLOWED_BACKENDS.get(_class_path(backend), ("密碼庫", "password store"))

    def get(self, smtp: SmtpSettings) -> str | None:
        try:
            return self.backend().get_password(SERVICE, account_key(smtp))
        except KioskError:
            raise
        except Exception as exc:  # D-Bus down, locked keychain …: each back-end raises its own kind
            raise _unusable(exc) from None

    def set(self, smtp: SmtpSettings, password: str) -> None:
        try:
            self.backend().set_password(SERVICE, account_key(smtp), password)
        except KioskError:
            raise
        except Exception as exc:
            raise _unusable(exc) from None

    def delete(self, smtp: SmtpSettings) -> None:
        try:
            self.backend().delete_password(SERVICE, account_key(smtp))
        except KioskError:
            raise
        except Exception:  # nothing stored: nothing to delete
            pass


def _unusable(exc: Exception) -> KioskError:
    log.warning("password store unusable: %s: %s", type(exc).__name__, exc)
    return KioskError(
        "密碼庫無法使用（可能已鎖定或沒有執行）：請解鎖系統密碼庫後再試，或改用 delivery.smtp.password_env",
        "the password store cannot be used (it is locked or not running): unlock the system keyring and try "
        "again, or use delivery.smtp.password_env",
    )


def resolve_password(smtp: SmtpSettings, store: PasswordStore | None = None) -> str | None:
    """The password: the variable named by ``password_env`` when it is set, else the keyring."""
    if smtp.password_env:
        value = os.environ.get(smtp.password_env)
        if value:
            return value
    return (store or PasswordStore()).get(smtp)
