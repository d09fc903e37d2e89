"""What the operator reads about the password store and a dropped connection names no Python class:
plain words in both languages (the class goes to the log, for whoever fixes it)."""

from __future__ import annotations

import smtplib

import keyring
import pytest

from kiosk.config import SmtpSettings
from kiosk.errors import KioskError
from kiosk.outbox.credentials import PasswordStore
from kiosk.outbox.transport import classify

SMTP = SmtpSettings(host="smtp.example.org", username="kiosk@example.org")


def _words(error: KioskError | Exception) -> tuple[str, str]:
    return error.zh, error.en  # type: ignore[union-attr]


def test_a_plaintext_password_store_is_refused_in_words(memory_keyring) -> None:
    plaintext = type("PlaintextKeyring", (type(memory_keyring),), {"__module__": "keyrings.alt.file"})()
    keyring.set_keyring(plaintext)
    with pytest.raises(KioskError) as refused:
        PasswordStore().set(SMTP, "x")
    for words in _words(refused.value):
        assert "Keyring" not in words and "keyrings" not in words, words
    assert "plain text" in refused.value.en and "明文" in refused.value.zh
    assert "password_env" in refused.value.en  # what to do instead


def test_a_locked_password_store_is_explained_in_words(memory_keyring) -> None:
    class KeyringLocked(Exception):  # what a locked Secret Service raises
        pass

    def locked(*_args: object) -> str:
        raise KeyringLocked("Failed to unlock the collection!")

    memory_keyring.get_password = locked
    with pytest.raises(KioskError) as unusable:
        PasswordStore(backend=memory_keyring).get(SMTP)
    for words in _words(unusable.value):
        assert "KeyringLocked" not in words, words
    assert "locked or not running" in unusable.value.en and "鎖定" in unusable.value.zh


@pytest.mark.parametrize(("exc", "says"), [
    (smtplib.SMTPServerDisconnected("Connection unexpectedly closed"), "the server closed the connection"),
    (ConnectionResetError(104, "Connection reset by peer"), "Connection reset by peer"),
    (ValueError("bad line"), "the server's answer could not be understood"),
])
def test_a_dropped_connection_is_explained_in_words(exc: Exception, says: str) -> None:
    failure = classify(exc, "data", "smtp.example.org")
    assert f"({says})" in failure.en
    for words in _words(failure):
        assert type(exc).__name__ not in words, words
