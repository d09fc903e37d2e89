"""Personal data at rest is readable by its user only: 0600 files, 0700 folders (macOS, Linux).

Whatever the umask: the core creates its files with the mode (in the test process, umask 022),
and every command fixes what an older version or a child process left more open.
On Windows the data folder's place in the user's profile keeps it private (nothing to test here).
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultkit import write_package

from kiosk import config, logs, paths
from kiosk.config import Settings
from kiosk.outbox.service import Outbox
from kiosk.package import build_package, load_consent_file

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes; Windows relies on the profile")


@pytest.fixture(autouse=True)
def open_umask() -> Iterator[None]:
    previous = os.umask(0o022)  # the usual default: files 0644, folders 0755 unless the code says otherwise
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _everything(home: Path) -> tuple[list[Path], list[Path]]:
    files = [p for p in home.rglob("*") if p.is_file()]
    folders = [home, *(p for p in home.rglob("*") if p.is_dir())]
    return files, folders


def _assert_private(home: Path) -> None:
    files, folders = _everything(home)
    assert {str(p.relative_to(home)): oct(_mode(p)) for p in files if _mode(p) != 0o600} == {}
    assert {str(p.relative_to(home)): oct(_mode(p)) for p in folders if _mode(p) != 0o700} == {}


def test_what_the_core_writes_is_private_whatever_the_umask(kiosk_home, make_take, consent_file, rig_for) -> None:
    settings = Settings()
    settings.contact.name = "王小明"
    config.save(settings, paths.config_path())
    package = build_package(make_take(), load_consent_file(consent_file()), settings=settings)
    rig = rig_for(None)
    rig.outbox.enqueue(package.id, rig.settings)
    handler = logs.setup(logs.KIOSK_LOG)
    try:
        logging.getLogger("kiosk.test").warning("a line in the log")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()

    names = {p.name for p in kiosk_home.rglob("*")}
    assert {"config.toml", "outbox.sqlite3", "kiosk.log", "outbox.log", "manifest.json",
            "高雄市 IVY 2026 授權同意書.pdf"} <= names
    assert any(name.endswith(".eml") for name in names)
    take_files = {p for p in (kiosk_home / "takes").rglob("*")}  # made by the test's own helper, not the app
    files, folders = _everything(kiosk_home)
    assert [str(p) for p in files if _mode(p) != 0o600 and p not in take_files] == []
    assert [str(p) for p in folders if _mode(p) != 0o700 and p not in take_files] == []


def test_a_command_run_with_an_open_umask_leaves_everything_private(cli, kiosk_home, make_take,
                                                                   consent_file) -> None:
    take = make_take()
    assert cli("package", take.id, "--consent", str(consent_file())).returncode == 0
    [package] = (kiosk_home / "packages").iterdir()
    assert cli("send", package.name).returncode == 0

    _assert_private(kiosk_home)  # the take too: fixed when the commands started


def test_files_left_open_by_an_older_version_are_made_private_at_the_next_start(cli, kiosk_home) -> None:
    package = write_package(kiosk_home)
    assert cli("send", package.id).returncode == 0
    for path in kiosk_home.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    kiosk_home.chmod(0o755)

    assert cli("outbox", "list").returncode == 0  # even a command that only looks

    _assert_private(kiosk_home)


def test_the_sqlite_journal_files_are_private_too(kiosk_home) -> None:
    outbox = Outbox()
    outbox.store.set_meta_default("probe", "1")  # a write: the -wal and -shm files exist meanwhile
    with outbox.store._connect() as conn:
        conn.execute("SELECT 1").fetchone()
        companions = [p for p in outbox.root.iterdir() if p.name.startswith("outbox.sqlite3")]
        assert {oct(_mode(p)) for p in companions} == {"0o600"}
