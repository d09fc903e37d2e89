"""Packaging faults: the same take packaged twice, a build killed half-way, private files."""

from __future__ import annotations

import json
import signal
import stat
import subprocess
import sys
import time

import pytest

from kiosk import paths, procs
from kiosk.cli import main
from kiosk.config import Settings
from kiosk.package import build_package, list_packages, load_consent_file
from kiosk.package.store import BUILDING_PREFIX, building_lock


def _package_folders() -> list[str]:
    return sorted(p.name for p in paths.data_dir("packages").iterdir() if p.is_dir())


def test_packaging_the_same_take_with_the_same_consent_again_reuses_the_package(make_take, consent_file) -> None:
    take = make_take()
    consent = consent_file()
    first = build_package(take, load_consent_file(consent), settings=Settings())
    again = build_package(take, load_consent_file(consent), settings=Settings())  # signed_at differs: not content

    assert again.id == first.id
    assert again.reused and not first.reused
    assert _package_folders() == [first.id]
    assert again.summary()["reused"] is True


def test_a_changed_consent_makes_a_new_package_and_names_the_earlier_one(make_take, consent_file, capsys) -> None:
    take = make_take()
    first = build_package(take, load_consent_file(consent_file()), settings=Settings())
    changed = consent_file("changed.json", contact={"phone": "07-7777777"})

    assert main(["package", take.id, "--consent", str(changed), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["package"] != first.id
    assert out["reused"] is False
    assert out["previous_packages"] == [first.id]  # the operator is told: two deliverables exist for this take

    assert main(["package", take.id, "--consent", str(changed)]) == 0
    human = capsys.readouterr().out
    assert first.id in human and out["package"] in human and "already" in human  # reused, and says so


def test_a_changed_take_is_packaged_anew(make_take, consent_file) -> None:
    take = make_take()
    consent = consent_file()
    first = build_package(take, load_consent_file(consent), settings=Settings())
    take.still_paths[0].write_bytes(take.still_paths[1].read_bytes())  # the operator swapped a still

    second = build_package(take, load_consent_file(consent), settings=Settings())

    assert second.id != first.id and not second.reused
    assert second.summary()["previous_packages"] == [first.id]


def test_a_damaged_earlier_package_is_not_reused(make_take, consent_file) -> None:
    take = make_take()
    consent = consent_file()
    first = build_package(take, load_consent_file(consent), settings=Settings())
    first.files[1].write_bytes(b"not the photo")

    second = build_package(take, load_consent_file(consent), settings=Settings())

    assert second.id != first.id and second.verify() == []


def test_recover_removes_builds_left_by_a_dead_builder_but_not_a_live_one(capsys) -> None:
    root = paths.data_dir("packages")
    dead = root / f"{BUILDING_PREFIX}IVY2026-20261127-101010-aaaaaa"
    (dead / "高雄市 IVY 2026").mkdir(parents=True)
    (dead / "高雄市 IVY 2026" / "高雄市 IVY 2026.mp4").write_bytes(b"\0" * 100_000)
    live = root / f"{BUILDING_PREFIX}IVY2026-20261127-101011-bbbbbb"
    live.mkdir()
    holder = building_lock(root, "IVY2026-20261127-101011-bbbbbb")
    assert holder.try_acquire()  # a builder at work right now (the lock is per open file)
    try:
        assert main(["recover", "--json"]) == 0
    finally:
        holder.release()
    report = json.loads(capsys.readouterr().out)

    assert not dead.exists()
    assert live.is_dir()
    assert {"folder": dead.name, "action": "removed_partial_package"} in report["outbox"]


def test_a_package_command_killed_mid_build_leaves_nothing_after_recover(make_take, consent_file, cli_env,
                                                                         python_exe) -> None:
    take = make_take()
    root = paths.data_dir("packages")
    builder = procs.spawn([python_exe, "-m", "kiosk", "package", take.id, "--consent", str(consent_file())],
                          env=cli_env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not any(root.glob(f"{BUILDING_PREFIX}*/*")) and builder.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert builder.poll() is None, "the build finished before it could be killed"
        builder.send_signal(signal.SIGKILL)
    finally:
        builder.wait(30)
    assert [p for p in root.iterdir() if p.name.startswith(BUILDING_PREFIX) and p.is_dir()]  # the kill left it

    result = procs.run([python_exe, "-m", "kiosk", "recover", "--json"], env=cli_env, timeout=120)

    assert result.returncode == 0, result.stderr
    assert [p.name for p in root.iterdir()] == []  # neither the folder nor its lock file is left
    assert list_packages() == []


@pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps the data private by its place in the profile")
def test_package_files_and_folders_are_private_whatever_the_umask(make_take, consent_file, kiosk_home) -> None:
    import os

    previous = os.umask(0o022)
    try:
        package = build_package(make_take(), load_consent_file(consent_file()), settings=Settings())
    finally:
        os.umask(previous)
    for path in [*package.files, package.dir / "manifest.json", package.root / "signature.png"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (package.dir, package.root, package.root.parent, kiosk_home):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_lock_file_never_left_behind_by_a_finished_build(make_take, consent_file) -> None:
    build_package(make_take(), load_consent_file(consent_file()), settings=Settings())
    root = paths.data_dir("packages")
    assert [p.name for p in root.iterdir() if not p.is_dir()] == []  # no lock file beside the package
