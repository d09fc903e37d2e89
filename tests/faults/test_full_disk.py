"""A disk that fills up, for real: a small tmpfs as the data folder, filled to a few MB (or 0) free.

Every command gives one line on stderr, the right exit code, no traceback (not even from the
logger writing to the same full disk), and leaves no temporary file or half-built folder behind;
nothing already recorded or queued is lost, and it all works again once there is room.
"""

from __future__ import annotations

import json
import logging
import shutil

from faultkit import settings_for, stderr_line, write_package

from kiosk import config, logs, paths

MB = 1_000_000


def _configure(server, ca_file) -> None:
    settings = settings_for(server, ca_file)
    settings.delivery.smtp.password_env = "IVY_SMTP_PASSWORD"
    config.save(settings, paths.config_path())


def _assert_disk_full_line(result) -> None:
    assert result.returncode == 1, result.stderr
    assert "disk is full" in stderr_line(result) or "Disk nearly full" in stderr_line(result)


def test_send_with_too_little_room_for_the_mail_leaves_no_temporary_file(cli, small_disk, mail_server,
                                                                         ca_file) -> None:
    _configure(mail_server("tls", start=False), ca_file)
    package = write_package(small_disk.home, video_bytes=9 * MB)  # its mail is ~12.5 MB
    small_disk.fill(leave=6 * MB)
    before = small_disk.free()

    result = cli("send", package.id)

    _assert_disk_full_line(result)
    assert small_disk.leftovers() == []
    assert small_disk.free() >= before - MB  # the half-written mail does not keep the disk full
    assert list((small_disk.home / "outbox" / "mail").iterdir()) == []
    assert cli("outbox", "list", "--json").stdout.strip() == b"[]"  # nothing half-queued
    assert (package.content_dir / "manifest.json").is_file()  # the package itself is untouched

    small_disk.unfill()
    assert cli("send", package.id).returncode == 0  # and with room it goes


def test_package_on_a_full_disk_leaves_no_staging_folder(cli, small_disk, make_take, consent_file) -> None:
    take = make_take()
    small_disk.fill(leave=2 * MB)

    result = cli("package", take.id, "--consent", str(consent_file()))

    _assert_disk_full_line(result)
    assert small_disk.leftovers() == []
    assert [p.name for p in (small_disk.home / "packages").iterdir()] == []
    small_disk.unfill()
    assert cli("package", take.id, "--consent", str(consent_file())).returncode == 0


def test_record_refuses_before_making_a_take_folder(cli, small_disk) -> None:
    small_disk.fill(leave=0)  # not even the encoder probe's cache can be written (in its own thread)

    result = cli("record", "--camera", "demo", "--mic", "demo", "--seconds", "10")

    _assert_disk_full_line(result)
    takes = small_disk.home / "takes"
    assert not takes.exists() or list(takes.iterdir()) == []  # no empty failed take per refusal
    assert small_disk.leftovers() == []


def test_outbox_list_works_on_a_disk_with_no_room_at_all(cli, small_disk, mail_server, ca_file) -> None:
    _configure(mail_server("tls", start=False), ca_file)
    package = write_package(small_disk.home)
    assert cli("send", package.id).returncode == 0
    small_disk.fill(leave=0)

    result = cli("outbox", "list", "--json")

    assert result.returncode == 0, result.stderr
    assert [item["package"] for item in json.loads(result.stdout)] == [package.id]
    assert result.stderr == b""


def test_outbox_run_on_a_full_disk_keeps_the_mail_queued_and_sends_it_later(cli, small_disk, mail_server,
                                                                           ca_file) -> None:
    server = mail_server("tls")
    _configure(server, ca_file)
    package = write_package(small_disk.home)
    assert cli("send", package.id).returncode == 0
    small_disk.fill(leave=0)

    result = cli("outbox", "run", "--once")

    _assert_disk_full_line(result)
    assert server.handler.seen == []  # nothing goes that could not be recorded as sent
    assert small_disk.leftovers() == []
    small_disk.unfill()
    assert cli("outbox", "run", "--once").returncode == 0
    assert len(server.handler.delivered) == 1


def test_recover_and_preflight_on_a_full_disk_say_one_line(cli, small_disk) -> None:
    small_disk.fill(leave=0)

    recovered = cli("recover", "--json")
    checked = cli("preflight", "--camera", "none-such-camera", "--mic", "none", "--json")

    assert recovered.returncode in (0, 1)
    if recovered.returncode:
        _assert_disk_full_line(recovered)
    assert checked.returncode == 1
    assert "Free disk space" in stderr_line(checked)
    assert small_disk.leftovers() == []
    assert [p.name for p in small_disk.home.iterdir() if p.name.startswith(".")] == []  # no probe file left


def test_the_log_never_raises_on_a_full_disk(small_disk, capsys) -> None:
    handler = logs.setup(logs.CLI_LOG)
    try:
        logging.getLogger("kiosk.test").info("one line before the disk fills")
        small_disk.fill(leave=0)
        for number in range(2000):  # far more than any buffer: the writes must really fail
            logging.getLogger("kiosk.test").warning("line %d %s", number, "x" * 500)
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()  # Python's own FileHandler raises here on a full disk
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
    assert handler.dropped > 0  # the lines were dropped, not raised
    assert shutil.disk_usage(small_disk.mount).free == 0 or small_disk.free() < MB


def test_font_subsetting_does_not_fill_the_log(make_take, consent_file) -> None:
    from kiosk.config import Settings
    from kiosk.package import build_package, load_consent_file

    handler = logs.setup(logs.CLI_LOG)
    try:
        build_package(make_take(), load_consent_file(consent_file()), settings=Settings())
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    log = paths.data_home() / "logs" / logs.CLI_LOG
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert "fontTools" not in text
