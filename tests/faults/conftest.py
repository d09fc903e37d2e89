"""Faults at rest: a real small file system filled up, a read-only one, damaged files.

``small_disk``: a 48 MB tmpfs mounted for the test (the test runs as root, as CI does), with a
data folder on it whose path has Chinese characters and a space; ``IVY_KIOSK_HOME`` points there.
``small_disk.fill(leave=N)`` writes a filler file until about N bytes are free, ``small_disk.free()``
says how much is. The fixture skips, saying why, only where the kernel refuses to mount (not root,
or a container without CAP_SYS_ADMIN).

The outbox's mail server and package helpers and the package tests' takes and consent files are
reused from their own conftest files (loaded here by path: the test folders are not packages).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import faultkit
import pytest

from kiosk import procs

SIZE = "48m"
_outbox = faultkit.outbox_fixtures
_package = faultkit.package_fixtures

# Fixtures reused as they are (a conftest exposes the fixtures it holds as attributes).
memory_keyring = _outbox.memory_keyring
passwords = _outbox.passwords
ca = _outbox.ca
ca_file = _outbox.ca_file
mail_server = _outbox.mail_server
rig_for = _outbox.rig_for
account = _outbox.account
media_cache = _package.media_cache
make_take = _package.make_take
consent_dir = _package.consent_dir
consent_file = _package.consent_file


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[faultkit.SmallDisk]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root (CI runs the tests as root)")
    mount = tmp_path / "小 磁碟"
    mount.mkdir()
    result = faultkit.mount("-t", "tmpfs", "-o", f"size={SIZE},mode=0700", "tmpfs", str(mount))
    if result.returncode != 0:
        pytest.skip(f"the kernel refused to mount a tmpfs here: {result.stderr.decode(errors='replace').strip()}")
    home = mount / "資料 home"
    home.mkdir()
    monkeypatch.setenv("IVY_KIOSK_HOME", str(home))
    try:
        yield faultkit.SmallDisk(mount, home)
    finally:
        procs.run(["umount", "-l", str(mount)], timeout=30)


@pytest.fixture
def cli(cli_env: dict[str, str], python_exe: str, account: tuple[str, str]):
    """``cli(*args, language="en", timeout=120)``: ``python -m kiosk ARGS`` as a real child process,
    with the data folder of the test (``IVY_KIOSK_HOME`` as the test set it)."""

    def run(*args: str, language: str = "en", timeout: float = 120, **env: str) -> subprocess.CompletedProcess:
        run_env = {**cli_env, "IVY_KIOSK_HOME": os.environ["IVY_KIOSK_HOME"], faultkit.PASSWORD_ENV: account[1],
                   "IVY_KIOSK_LANG": language, "IVY_OUTBOX_BACKOFF_BASE_S": "0.2", **env}
        run_env.pop("OPENCV_LOG_LEVEL", None)  # as on a laptop (main() run in this process sets it)
        return procs.run([python_exe, "-m", "kiosk", *args], timeout=timeout, env=run_env)

    return run


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _outbox.ignore_auth_warning(items, Path(__file__).parent)
