"""Damaged state: the outbox database, a take record, the data folder itself.

Each exits 2 with what to do (never "unexpected error"), keeps the damaged file aside (never
deleted), and loses nothing readable: a damaged database is rebuilt from the mail files on disk.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from faultkit import remount_read_only, settings_for, stderr_line, write_package

from kiosk import config, paths
from kiosk.outbox.journal import LOG_NAME

DB = "outbox.sqlite3"


@pytest.fixture
def queued(cli, kiosk_home, ca_file, mail_server):
    """Two packages sent to the outbox through the CLI; the first one delivered, the second waiting."""
    server = mail_server("tls")
    settings = settings_for(server, ca_file)
    settings.delivery.smtp.password_env = "IVY_SMTP_PASSWORD"
    config.save(settings, paths.config_path())
    first = write_package(kiosk_home)
    assert cli("send", first.id).returncode == 0
    assert cli("outbox", "run", "--once").returncode == 0
    server.stop()  # the second one waits: the server is gone
    second = write_package(kiosk_home)
    assert cli("send", second.id).returncode == 0
    return first.id, second.id, server


def _damage(db: Path, how: str) -> bytes:
    if how == "random bytes":
        db.write_bytes(os.urandom(64 * 1024))
    elif how == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 2 + 100])
    elif how == "a text file":
        db.write_text("這不是資料庫 this is not a database\n" * 50, encoding="utf-8")
    elif how == "header only":
        db.write_bytes(db.read_bytes()[:100])
    elif how == "a zeroed page":
        data = bytearray(db.read_bytes())
        data[4096:8192] = bytes(4096)
        db.write_bytes(bytes(data))
    return db.read_bytes()


def _listed(cli) -> dict[str, str]:
    result = cli("outbox", "list", "--json")
    assert result.returncode == 0, result.stderr
    return {item["package"]: item["state"] for item in json.loads(result.stdout)}


@pytest.mark.parametrize(("how", "command"), [
    ("random bytes", ("send", "{second}")),
    ("truncated", ("outbox", "list")),
    ("a text file", ("outbox", "run", "--once")),
    ("header only", ("outbox", "list")),
    ("a zeroed page", ("outbox", "list")),
])
def test_a_damaged_outbox_database_exits_2_is_kept_aside_and_rebuilt(cli, kiosk_home, queued, how, command) -> None:
    first, second, _server = queued
    db = kiosk_home / "outbox" / DB
    damaged = _damage(db, how)

    result = cli(*[part.format(second=second) for part in command])

    assert result.returncode == 2, result.stderr
    line = stderr_line(result)
    assert "damaged" in line and "kept as" in line and "outbox list" in line
    [kept] = (kiosk_home / "outbox").glob(f"{DB}.damaged-*[0-9]")
    assert kept.read_bytes() == damaged  # kept as it was, never deleted
    listed = _listed(cli)
    assert listed[first] == "sent"  # the outbox log shows it was delivered: not sent again
    assert listed[second] == "queued"  # nothing queued is lost
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)


def test_the_rebuilt_outbox_delivers_what_was_waiting(cli, kiosk_home, queued, mail_server, ca_file) -> None:
    first, second, _server = queued
    _damage(kiosk_home / "outbox" / DB, "random bytes")
    assert cli("recover", "--json").returncode == 0  # recover's job: it says what it did
    server = mail_server("tls")
    settings = settings_for(server, ca_file)
    settings.delivery.smtp.password_env = "IVY_SMTP_PASSWORD"
    config.save(settings, paths.config_path())

    assert cli("outbox", "run", "--once").returncode == 0

    assert [m.data.count(second.encode()) > 0 for m in server.handler.delivered] == [True]
    assert _listed(cli) == {first: "sent", second: "sent"}


def test_recover_reports_the_rebuild(cli, kiosk_home, queued) -> None:
    _first, second, _server = queued
    _damage(kiosk_home / "outbox" / DB, "a text file")

    result = cli("recover", "--json")

    assert result.returncode == 0, result.stderr
    [rebuilt] = [item for item in json.loads(result.stdout)["outbox"] if item["action"] == "rebuilt_database"]
    assert Path(rebuilt["kept_as"]).is_file() and rebuilt["to_send"] == 1 and rebuilt["sent_from_log"] == 1
    assert second in rebuilt["packages"]


def test_without_the_outbox_log_a_rebuilt_mail_is_queued_again_with_its_message_id(
        cli, kiosk_home, queued) -> None:
    first, _second, _server = queued
    (kiosk_home / "logs" / LOG_NAME).unlink()
    _damage(kiosk_home / "outbox" / DB, "random bytes")
    assert cli("outbox", "list").returncode == 2

    # Better a duplicate the organiser can recognise than a loss: it goes again, same Message-ID.
    assert _listed(cli)[first] == "queued"


def test_a_damaged_take_record_exits_2_in_every_command_that_reads_it(cli, kiosk_home, consent_file) -> None:
    take = kiosk_home / "takes" / "20261127-101010-abcd"
    take.mkdir(parents=True)
    (take / "take.json").write_text(json.dumps({"id": take.name, "state": "done", "duration_s": "long"}),
                                    encoding="utf-8")

    result = cli("package", take.name, "--consent", str(consent_file()))

    assert result.returncode == 2
    assert "damaged" in stderr_line(result) and "unexpected" not in stderr_line(result)
    damaged = (take / "take.json").read_bytes()
    recovered = cli("recover", "--json")  # the record is rebuilt from the folder; here nothing is left to use
    assert recovered.returncode == 1 and "Traceback" not in recovered.stderr.decode()
    [entry] = json.loads(recovered.stdout)["takes"]
    assert entry["state"] == "failed" and entry["take"] == take.name
    [kept] = take.glob("take.json.damaged-*")  # the damaged record kept aside, never deleted
    assert kept.read_bytes() == damaged
    assert cli("outbox", "list").returncode == 0  # the rest still works


@pytest.mark.parametrize("command", [("outbox", "list"), ("outbox", "run", "--once"), ("send", "IVY2026-x"),
                                     ("recover",), ("preflight", "--camera", "demo", "--mic", "none"),
                                     ("package", "x", "--consent", "c.json"), ("outbox", "retry", "IVY2026-x")])
def test_a_data_folder_that_is_a_file_exits_2_with_what_to_do(cli, tmp_path, monkeypatch, command) -> None:
    not_a_folder = tmp_path / "資料 file"
    not_a_folder.write_text("a file where the data folder should be", encoding="utf-8")
    monkeypatch.setenv("IVY_KIOSK_HOME", str(not_a_folder))

    result = cli(*command)

    assert result.returncode == 2, result.stderr
    line = stderr_line(result)
    assert str(not_a_folder) in line and "IVY_KIOSK_HOME" in line and "unexpected" not in line


@pytest.mark.parametrize("command", [("outbox", "run", "--once"), ("send", "{package}"), ("recover",),
                                     ("outbox", "retry", "{package}")])
def test_a_read_only_data_folder_exits_2_with_what_to_do(cli, small_disk, command) -> None:
    package = write_package(small_disk.home)
    assert cli("send", package.id).returncode == 0
    remount_read_only(small_disk)

    result = cli(*[part.format(package=package.id) for part in command])

    assert result.returncode == 2, result.stderr
    line = stderr_line(result)
    assert "read-only" in line and "IVY_KIOSK_HOME" in line


def test_the_outbox_can_still_be_listed_on_a_read_only_data_folder(cli, small_disk) -> None:
    package = write_package(small_disk.home)
    assert cli("send", package.id).returncode == 0
    remount_read_only(small_disk)

    assert _listed(cli) == {package.id: "queued"}
