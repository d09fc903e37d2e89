"""``ivy-kiosk send`` and ``ivy-kiosk outbox …`` as real child processes against a real mail server,
including a sender killed with SIGKILL mid-send and two senders started at once."""

from __future__ import annotations

import email
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import config, paths, procs

PASSWORD_ENV = "IVY_SMTP_PASSWORD"
JSON_KEYS = {"package", "state", "attempts", "next_attempt_at", "last_error", "sent_at", "message_id"}


@pytest.fixture
def kiosk_cli(cli_env, python_exe, account, tmp_path):
    """Run ``python -m kiosk ARGS`` (or start it with ``background=True``) with the test's data home."""
    env = {**cli_env, PASSWORD_ENV: account[1]}
    started: list[subprocess.Popen] = []

    def run(*args: str, background: bool = False, timeout: float = 60, backoff_s: float = 0.2,
            language: str = "en"):
        command = [python_exe, "-m", "kiosk", *args]
        run_env = {**env, "IVY_OUTBOX_BACKOFF_BASE_S": str(backoff_s), "IVY_KIOSK_LANG": language}
        if background:
            log = tmp_path / f"stderr-{time.monotonic_ns()}.log"
            process = procs.spawn(command, log_path=log, stdout=subprocess.PIPE, env=run_env)
            process.stderr_log = log
            started.append(process)
            return process
        return procs.run(command, timeout=timeout, env=run_env)

    yield run
    for process in started:
        process.kill()
        process.wait(30)
        process.stdout.close()


@pytest.fixture
def configured(rig_for, ca_file):
    """Write config.toml for a server (the password comes from the environment, as in a script)."""

    def write(server) -> None:
        settings = rig_for(server).settings
        settings.delivery.smtp.password_env = PASSWORD_ENV
        config.save(settings, paths.config_path())

    return write


def _json(result: subprocess.CompletedProcess) -> object:
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout.decode("utf-8"))


def _one_line(result: subprocess.CompletedProcess) -> str:
    text = result.stderr.decode("utf-8").strip()
    assert "Traceback" not in text and len(text.splitlines()) == 1, text
    return text


def test_send_then_run_once_delivers(kiosk_cli, configured, mail_server, make_package) -> None:
    server = mail_server("tls")
    configured(server)
    package = make_package()

    queued = _json(kiosk_cli("send", package.id, "--json"))
    listed = _json(kiosk_cli("outbox", "list", "--json"))
    ran = _json(kiosk_cli("outbox", "run", "--once", "--json"))

    assert set(queued) >= JSON_KEYS and queued["state"] == "queued" and queued["package"] == package.id
    assert [item["state"] for item in listed] == ["queued"]
    [after] = ran
    assert set(after) >= JSON_KEYS
    assert after["state"] == "sent" and after["sent_at"] and after["last_error"] is None
    [received] = server.handler.delivered
    assert email.message_from_bytes(received.data)["Message-ID"] == after["message_id"] == queued["message_id"]


def test_send_accepts_the_package_folder_too(kiosk_cli, configured, mail_server, make_package) -> None:
    configured(mail_server("tls", start=False))
    package = make_package()
    result = kiosk_cli("send", str(package.content_dir))
    assert result.returncode == 0
    assert package.id in result.stdout.decode("utf-8")


def test_exit_codes_and_one_line_reasons(kiosk_cli, configured, mail_server, make_package, tmp_path) -> None:
    configured(mail_server("tls", start=False))
    package = make_package()

    assert kiosk_cli("send", "IVY2026-no-such").returncode == 2
    assert "IVY2026-no-such" in _one_line(kiosk_cli("send", "IVY2026-no-such"))
    assert kiosk_cli("outbox", "retry", "IVY2026-no-such").returncode == 2
    assert kiosk_cli("outbox").returncode == 2
    assert kiosk_cli("send", package.id).returncode == 0
    offline = kiosk_cli("outbox", "run", "--once")
    assert offline.returncode == 1
    assert "Cannot reach the mail server" in _one_line(offline)
    assert kiosk_cli("outbox", "retry", package.id).returncode == 0  # due now, whatever the back-off drew
    in_chinese = kiosk_cli("outbox", "run", "--once", language="zh-TW")
    assert in_chinese.returncode == 1
    assert "連不上郵件伺服器" in _one_line(in_chinese)  # the same reason in the operator's language
    (tmp_path / "a file").write_text("not a folder")
    assert kiosk_cli("outbox", "export", package.id, "--to", str(tmp_path / "a file")).returncode == 2
    created = _json(kiosk_cli("outbox", "export", package.id, "--to", str(tmp_path / "new" / "USB"), "--json"))
    assert Path(created["dir"]).parent == tmp_path / "new" / "USB"
    exported = _json(kiosk_cli("outbox", "export", package.id, "--to", str(tmp_path), "--json"))
    assert (Path(exported["dir"]) / "mail").is_dir()
    assert kiosk_cli("outbox", "retry", package.id).returncode == 0


def test_outbox_run_keeps_going_until_nothing_waits(kiosk_cli, configured, mail_server, make_package) -> None:
    server = mail_server("starttls")
    server.handler.responses.extend(["421 4.3.2 busy", "451 4.3.0 try later"])
    configured(server)
    package = make_package()
    kiosk_cli("send", package.id)

    result = kiosk_cli("outbox", "run", "--json")

    assert result.returncode == 0, result.stderr.decode()
    [status] = json.loads(result.stdout)
    assert (status["state"], status["attempts"]) == ("sent", 3)
    assert len(server.handler.delivered) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child needs a console group on Windows")
def test_ctrl_c_ends_outbox_run_cleanly(kiosk_cli, configured, mail_server, make_package) -> None:
    configured(mail_server("tls", start=False))
    package = make_package()
    kiosk_cli("send", package.id)
    # Started in the background by a shell (nohup … &), pytest ignores Ctrl+C and its children would
    # inherit that: the runner gets a Ctrl+C it can hear, as in a terminal.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        runner = kiosk_cli("outbox", "run", background=True, backoff_s=60)
    finally:
        signal.signal(signal.SIGINT, previous)
    try:
        _wait_for(lambda: _status(kiosk_cli, package.id)["state"] == "retry_wait")  # tried; sleeps until due
        runner.send_signal(signal.SIGINT)
        runner.wait(30)
    finally:
        runner.kill()
    assert runner.returncode == 1
    text = runner.stderr_log.read_text(encoding="utf-8")
    assert "stopped by Ctrl+C" in text and "Traceback" not in text
    with sqlite3.connect(paths.data_dir("outbox") / "outbox.sqlite3") as db:  # as it left it, unrecovered
        assert db.execute("SELECT state, attempts FROM mails").fetchall() == [("retry_wait", 1)]


def test_sender_killed_mid_send_delivers_after_restart_with_the_same_message_id(
        kiosk_cli, configured, mail_server, make_package) -> None:
    server = mail_server("tls")
    server.handler.hold = hold = __import__("threading").Event()  # DATA waits: the send is in flight
    configured(server)
    package = make_package()
    kiosk_cli("send", package.id)

    sender = kiosk_cli("outbox", "run", "--once", background=True)
    try:
        assert server.handler.data_arrived.wait(30)
        sender.kill()  # SIGKILL: no clean-up of any kind
        sender.wait(30)
    finally:
        hold.set()
    assert sender.returncode == -signal.SIGKILL
    in_flight_id = email.message_from_bytes(server.handler.seen[0])["Message-ID"]

    server.handler.hold = None
    assert _status(kiosk_cli, package.id)["state"] == "queued"  # the dead claim was freed at start
    restarted = kiosk_cli("outbox", "run", "--once")

    assert restarted.returncode == 0, restarted.stderr.decode()
    [received] = server.handler.delivered
    assert email.message_from_bytes(received.data)["Message-ID"] == in_flight_id
    assert _status(kiosk_cli, package.id)["state"] == "sent"


def test_two_senders_at_once_deliver_one_mail(kiosk_cli, configured, mail_server, make_package) -> None:
    import threading

    server = mail_server("tls")
    server.handler.hold = hold = threading.Event()
    server.handler.discard_held = False  # the held mail is delivered once released
    configured(server)
    package = make_package()
    kiosk_cli("send", package.id)

    senders = [kiosk_cli("outbox", "run", "--once", background=True) for _ in range(2)]
    try:
        assert server.handler.data_arrived.wait(30)
        _wait_for(lambda: any(s.poll() is not None for s in senders))  # the other one found it taken
        hold.set()
        for sender in senders:
            sender.wait(30)
    finally:
        hold.set()
        for sender in senders:
            sender.kill()

    assert [s.returncode for s in senders] == [0, 0]
    assert len(server.handler.seen) == len(server.handler.delivered) == 1
    notices = [s.stderr_log.read_text(encoding="utf-8") for s in senders]
    assert sum("another sender" in text for text in notices) == 1


def _status(kiosk_cli, package_id: str) -> dict:
    [status] = [s for s in _json(kiosk_cli("outbox", "list", "--json")) if s["package"] == package_id]
    return status


def _wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)
