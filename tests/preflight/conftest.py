"""Fixtures for the preflight tests: sources that really behave as the check expects (a silent WAV,
a clipping WAV, a 720p clip as a camera) and a real SMTP server (aiosmtpd) on 127.0.0.1 with
implicit TLS (a trustme CA) and AUTH.

aiosmtpd notes: a refused login must return ``AuthResult(success=False, handled=False)`` or the
client hangs; with implicit TLS, ``auth_require_tls=False`` (the session *is* TLS).
"""

from __future__ import annotations

import socket
import ssl
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from kiosk import procs
from kiosk.config import SmtpSettings

USER = "kiosk@example.org"
PASSWORD = "正確的密碼 correct-horse"
PASSWORD_ENV = "IVY_PREFLIGHT_TEST_PASSWORD"


def write_wav(path: Path, samples: np.ndarray, rate: int = 48_000) -> Path:
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("媒體 media")


@pytest.fixture(scope="session")
def silent_wav(media_dir: Path) -> Path:
    """A microphone the system blocks or mutes: three seconds of digital zeros."""
    return write_wav(media_dir / "靜音 silence.wav", np.zeros(3 * 48_000, dtype=np.float32))


@pytest.fixture(scope="session")
def quiet_wav(media_dir: Path) -> Path:
    """A microphone turned all the way down: a whisper of noise far below any real room (−75 dBFS)."""
    noise = np.random.default_rng(7).uniform(-1, 1, 3 * 48_000).astype(np.float32) * 0.00018
    return write_wav(media_dir / "太小聲 quiet.wav", noise)


@pytest.fixture(scope="session")
def black_clip(media_dir: Path) -> Path:
    """A camera the system blocks (a denied macOS permission): 1080p pictures, every one all black."""
    return lavfi_clip(media_dir / "全黑 black.mp4", "color=c=black:size=1920x1080:rate=30")


@pytest.fixture(scope="session")
def clipping_wav(media_dir: Path) -> Path:
    """A microphone turned up far too high: a full-scale square wave."""
    t = np.arange(3 * 48_000) / 48_000
    return write_wav(media_dir / "破音 clipping.wav", np.sign(np.sin(2 * np.pi * 440 * t)).astype(np.float32))


@pytest.fixture(scope="session")
def clip_720p(media_dir: Path) -> Path:
    """A camera that can only give 1280×720: a 3 s clip played as a live camera."""
    return lavfi_clip(media_dir / "小畫面 720p.mp4", "testsrc2=size=1280x720:rate=30")


def lavfi_clip(out: Path, source: str) -> Path:
    """A 3 s H.264 clip of an ffmpeg test source, made with the bundled ffmpeg."""
    result = procs.run(
        [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", source,
         "-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-y", str(out)],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return out


# -- the mail server ------------------------------------------------------------------------------


@dataclass
class Accounts:
    user: str = USER
    password: str = PASSWORD
    logins: int = 0

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.logins += 1
        if (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == self.user
                and auth_data.password.decode() == self.password):
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


class _Handler:
    async def handle_DATA(self, server, session, envelope) -> str:
        return "250 OK"


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("憑證 ca") / "測試 CA.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


@dataclass
class MailServer:
    port: int
    accounts: Accounts


@pytest.fixture
def mail_server(ca: trustme.CA) -> Iterator[MailServer]:
    """Implicit TLS on an ephemeral port of 127.0.0.1, AUTH required."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    accounts = Accounts()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(_Handler(), hostname="127.0.0.1", port=port, ssl_context=context,
                            authenticator=accounts, auth_required=True, auth_require_tls=False)
    controller.start()
    try:
        yield MailServer(port, accounts)
    finally:
        controller.stop()


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A port on 127.0.0.1 that refuses connections: the mail server is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        yield sock.getsockname()[1]


@pytest.fixture
def smtp_for(ca_file: Path, monkeypatch: pytest.MonkeyPatch):
    """SmtpSettings for 127.0.0.1:port with the password in an environment variable."""

    def make(port: int, password: str = PASSWORD, username: str = USER) -> SmtpSettings:
        monkeypatch.setenv(PASSWORD_ENV, password)
        return SmtpSettings(host="127.0.0.1", port=port, security="tls", username=username,
                            password_env=PASSWORD_ENV, ca_file=str(ca_file), from_=USER, timeout_s=10)

    return make
