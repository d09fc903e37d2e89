"""The durable queue: write order, crash recovery, claims, back-off, pauses, retention, export.

The mail server is replaced here by ScriptedTransport, which raises real smtplib/socket errors
through the same ``classify`` as the SMTP transport; the clock is a ManualClock.
"""

from __future__ import annotations

import smtplib
import sqlite3
import threading

import pytest

from kiosk.errors import BadInput, KioskError
from kiosk.locks import FileLock
from kiosk.outbox import packages
from kiosk.outbox.backoff import Backoff
from kiosk.outbox.credentials import PasswordStore, resolve_password
from kiosk.outbox.doubles import ManualClock, ScriptedTransport
from kiosk.outbox.journal import LOG_NAME
from kiosk.outbox.message import addresses_for, build_mails
from kiosk.outbox.runner import Runner
from kiosk.outbox.service import DAY_S, Outbox
from kiosk.outbox.transport import classify

GREYLISTED = (smtplib.SMTPDataError(451, b"4.7.1 greylisted"), "data")
REFUSED = (ConnectionRefusedError(111, "Connection refused"), "connect")


@pytest.fixture
def scripted() -> ScriptedTransport:
    return ScriptedTransport()


@pytest.fixture
def rig(rig_for, scripted):
    return rig_for(None, transport_factory=scripted.factory)


def _message_ids(transport: ScriptedTransport) -> list[str]:
    import email

    return [email.message_from_bytes(d.data)["Message-ID"] for d in transport.delivered]


def test_queued_means_the_mail_file_and_the_row_are_on_disk(rig, make_package) -> None:
    package = make_package()
    status = rig.outbox.enqueue(package.id, rig.settings)

    assert status.state == "queued"
    [row] = rig.outbox.store.rows(package.id)
    assert rig.outbox.eml_path(row.eml).stat().st_size == row.bytes
    with sqlite3.connect(rig.outbox.store.path) as conn:  # committed, visible to another connection
        assert conn.execute("SELECT state FROM mails").fetchall() == [("queued",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_pressing_send_twice_queues_once(rig, make_package, scripted) -> None:
    package = make_package()
    first = rig.outbox.enqueue(package.id, rig.settings)
    second = rig.outbox.enqueue(package.id, rig.settings)
    rig.runner.run_once()
    rig.outbox.enqueue(package.id, rig.settings)  # and once more after it was sent
    rig.runner.run_once()

    assert first.message_id == second.message_id
    assert len(scripted.delivered) == 1


def test_mail_files_written_before_a_crash_are_adopted_with_their_message_id(rig, make_package, scripted) -> None:
    package = make_package()
    view = packages.load(package.id)
    mails = build_mails(view, addresses_for(rig.settings, view), rig.settings.delivery.max_mail_bytes)
    rig.outbox.write_mails(mails)  # the crash came after the .eml files, before the rows were committed

    report = Outbox(clock=rig.clock).recover(rig.settings)

    assert report.adopted == [package.id]
    assert rig.state(package.id) == "queued"
    rig.runner.run_once()
    assert _message_ids(scripted) == [mails[0].message_id]


def test_a_half_written_split_is_built_again_not_sent_half(rig, make_package, scripted) -> None:
    package = make_package(video_bytes=150_000, photo_bytes=60_000)
    view = packages.load(package.id)
    mails = build_mails(view, addresses_for(rig.settings, view), 200_000)
    rig.outbox.write_mails(mails[:1])  # crash after the first of the mails

    rig.outbox.recover(rig.settings)
    rig.runner.run_once()

    status = rig.outbox.status(package.id)
    assert status.state == "sent"
    assert len(scripted.delivered) == len(status.parts) == 1  # rebuilt whole, at the configured budget
    assert len(list(rig.outbox.mail_dir.glob("*.eml"))) == 1


def test_partial_write_leftovers_are_removed_at_start(rig) -> None:
    leftover = rig.outbox.mail_dir / ".IVY2026-x-1-of-1.eml.123-abcd.tmp"
    leftover.write_bytes(b"half a mail")
    assert rig.outbox.recover().removed_partial_files == 1
    assert not leftover.exists()


def test_back_off_doubles_from_15_s_to_a_10_min_cap_and_survives_a_restart(rig, make_package, scripted) -> None:
    package = make_package()
    rig.enqueue(package)
    scripted.extend([GREYLISTED] * 8)
    delays = []
    for _ in range(8):
        rig.runner.run_once()
        due = rig.outbox.status(package.id).next_attempt_at
        delays.append(due - rig.clock.now())
        rig.clock.time = due
    steps = [15, 30, 60, 120, 240, 480, 600, 600]
    assert all(step / 2 <= delay <= step for delay, step in zip(delays, steps, strict=True))

    restarted = Outbox(clock=rig.clock)  # a new process reads the schedule from the database
    assert restarted.status(package.id).next_attempt_at == rig.clock.now()
    assert restarted.status(package.id).attempts == 8


def test_a_claim_cannot_be_taken_twice(rig, make_package) -> None:
    package = make_package()
    rig.enqueue(package)
    key = (package.id, 1)
    now = rig.clock.now()
    assert rig.outbox.store.claim(key, "runner-a", now, now + 60) is not None
    assert rig.outbox.store.claim(key, "runner-b", now, now + 60) is None


def test_a_dead_senders_claim_returns_to_the_queue(rig, make_package, scripted) -> None:
    package = make_package()
    rig.enqueue(package)
    now = rig.clock.now()
    rig.outbox.store.claim((package.id, 1), "runner-that-died", now, now + 600)

    other = FileLock(rig.outbox.root / "runner.lock")
    assert other.try_acquire()  # while someone holds the runner lock, only an expired claim is stale
    try:
        assert rig.outbox.recover().requeued == []
        rig.clock.advance(601)
        assert rig.outbox.recover().items() == [{"package": package.id, "part": 1, "action": "requeued"}]
    finally:
        other.release()
    rig.runner.run_once()
    assert rig.state(package.id) == "sent"
    assert rig.outbox.status(package.id).attempts == 2  # the interrupted attempt counts


def test_a_runner_does_nothing_while_another_holds_the_lock(rig, make_package, scripted) -> None:
    rig.enqueue(make_package())
    other = FileLock(rig.outbox.root / "runner.lock")
    assert other.try_acquire()
    rig.runner.lock_patience_s = 0.2  # it waits a moment (a start-up recovery is brief), then gives up
    try:
        report = rig.runner.run_once()
    finally:
        other.release()
    assert report.busy and report.attempts == []
    assert scripted.attempts == 0


def test_two_runners_in_threads_send_one_mail(rig_for, make_package) -> None:
    started, release = threading.Event(), threading.Event()

    class SlowTransport(ScriptedTransport):
        def send(self, envelope, data, progress=None):
            started.set()
            release.wait(10)
            return super().send(envelope, data, progress)

    transport = SlowTransport()
    rig = rig_for(None, transport_factory=transport.factory)
    second = Runner(Outbox(clock=rig.clock), settings_loader=lambda: rig.settings, passwords=rig.passwords,
                    clock=rig.clock, transport_factory=transport.factory)
    second.lock_patience_s = 0.2
    rig.enqueue(make_package())
    reports = {}
    first = threading.Thread(target=lambda: reports.setdefault("first", rig.runner.run_once()))
    first.start()
    assert started.wait(10)
    reports["second"] = second.run_once()
    release.set()
    first.join(10)

    assert reports["second"].busy
    assert len(transport.delivered) == 1


def test_no_network_defers_the_others_without_counting_attempts(rig, make_package, scripted) -> None:
    packages_ = [make_package() for _ in range(3)]
    for package in packages_:
        rig.enqueue(package)
    scripted.extend([REFUSED])

    rig.runner.run_once()

    assert scripted.attempts == 1
    assert [rig.outbox.status(p.id).attempts for p in packages_] == [1, 0, 0]
    assert {rig.state(p.id) for p in packages_} == {"retry_wait"}
    rig.runner.run_once(wake_offline=True)  # the network is back: all go at once
    assert {rig.state(p.id) for p in packages_} == {"sent"}


def test_a_pause_is_lifted_by_new_settings_or_by_the_operator(rig, make_package, scripted, account) -> None:
    package = make_package()
    rig.enqueue(package)
    scripted.extend([(smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"), "login")] * 2)

    rig.runner.run_once()
    assert rig.state(package.id) == "blocked"
    rig.runner.run_once()
    assert scripted.attempts == 1  # same settings: no second login

    late = make_package()
    assert rig.outbox.enqueue(late.id, rig.settings).state == "blocked"  # joins the pause

    rig.outbox.retry(package.id)  # the operator says "try again"
    rig.runner.run_once()
    assert scripted.attempts == 2 and rig.state(package.id) == "blocked"

    rig.settings.delivery.smtp.username = "kiosk2@example.org"  # new settings lift it by themselves
    rig.passwords.set(rig.settings.delivery.smtp, account[1])
    rig.runner.run_once()
    assert {rig.state(package.id), rig.state(late.id)} == {"sent"}


def test_no_password_pauses_without_contacting_the_server(rig_for, make_package, scripted, passwords) -> None:
    rig = rig_for(None, transport_factory=scripted.factory, password=None)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()

    assert rig.state(package.id) == "blocked"
    assert "no password" in rig.outbox.status(package.id).last_error("en")
    assert scripted.attempts == 0
    passwords.set(rig.settings.delivery.smtp, "現在有密碼了")
    rig.runner.run_once()
    assert rig.state(package.id) == "sent"


def test_the_password_never_reaches_the_database(rig, make_package, scripted, account) -> None:
    scripted.extend([(smtplib.SMTPAuthenticationError(535, b"no"), "login")])
    rig.enqueue(make_package())
    rig.runner.run_once()
    stored = b"".join(p.read_bytes() for p in rig.outbox.root.glob("outbox.sqlite3*"))
    assert account[1].encode() not in stored
    assert rig.outbox.store.block_info() is not None


def test_run_until_idle_sleeps_until_due_and_ends_when_all_is_sent(rig, make_package, scripted) -> None:
    package = make_package()
    rig.enqueue(package)
    scripted.extend([GREYLISTED, GREYLISTED])

    report = rig.runner.run_until_idle()

    assert rig.state(package.id) == "sent"
    assert [a.outcome for a in report.attempts] == ["retry", "retry", "sent"]
    assert 7.5 + 15 <= sum(rig.clock.slept) <= 15 + 30 + 2  # slept until each retry was due


def test_stopping_mid_send_gives_the_mail_back_untouched(rig_for, make_package) -> None:
    class StoppedTransport(ScriptedTransport):
        def send(self, envelope, data, progress=None):
            runner.stop()  # the app closes while the mail is on its way: the socket is shut down
            raise classify(OSError("aborted"), "data", self.host)

    transport = StoppedTransport()
    rig = rig_for(None, transport_factory=transport.factory)
    runner = rig.runner
    package = make_package()
    rig.enqueue(package)

    runner.run_once()

    status = rig.outbox.status(package.id)
    assert status.state == "queued"
    assert rig.outbox.store.rows(package.id)[0].failures == 0


def test_ctrl_c_mid_send_gives_the_mail_back(rig_for, make_package) -> None:
    class Interrupted(ScriptedTransport):
        def send(self, envelope, data, progress=None):
            raise KeyboardInterrupt

    rig = rig_for(None, transport_factory=Interrupted().factory)
    package = make_package()
    rig.enqueue(package)
    with pytest.raises(KeyboardInterrupt):
        rig.runner.run_once()
    assert rig.state(package.id) == "queued"


def test_a_missing_mail_file_is_built_again_from_the_package_with_its_message_id(rig, make_package, scripted) -> None:
    package = make_package()
    status = rig.outbox.enqueue(package.id, rig.settings)
    rig.outbox.eml_path(rig.outbox.store.rows(package.id)[0].eml).unlink()

    rig.runner.run_once()

    assert rig.state(package.id) == "sent"
    assert _message_ids(scripted) == [status.message_id]


def test_a_missing_mail_file_without_its_package_needs_attention_until_retried(rig, make_package, scripted,
                                                                              kiosk_home) -> None:
    package = make_package()
    status = rig.outbox.enqueue(package.id, rig.settings)
    eml = rig.outbox.eml_path(rig.outbox.store.rows(package.id)[0].eml)
    built = eml.read_bytes()
    eml.unlink()
    hidden = kiosk_home / "elsewhere"
    package.root.rename(hidden)

    rig.runner.run_once()
    assert rig.state(package.id) == "failed"
    assert scripted.attempts == 0
    with pytest.raises(KioskError):  # still nothing to build it from
        rig.outbox.retry(package.id, rig.settings)
    hidden.rename(package.root)  # the package folder is back (e.g. copied back from a backup)
    rig.outbox.retry(package.id, rig.settings)
    rig.runner.run_once()

    assert rig.state(package.id) == "sent"
    assert _message_ids(scripted) == [status.message_id]
    assert len(scripted.delivered[0].data) == len(built)


def test_retry_refuses_unknown_and_sent_packages(rig, make_package) -> None:
    with pytest.raises(BadInput):
        rig.outbox.retry("IVY2026-no-such-package")
    package = make_package()
    rig.enqueue(package)
    rig.runner.run_once()
    with pytest.raises(BadInput, match="already sent"):
        rig.outbox.retry(package.id)


def test_sent_packages_are_purged_after_the_retention_period_unsent_never(
        rig, make_package, scripted, kiosk_home, contact) -> None:
    sent, unsent = make_package(), make_package()
    rig.enqueue(sent)
    rig.runner.run_once()
    scripted.extend([(smtplib.SMTPDataError(554, b"rejected"), "data")])
    rig.enqueue(unsent)
    rig.runner.run_once()
    assert rig.state(unsent.id) == "failed"

    rig.clock.advance(29 * DAY_S)
    assert rig.runner.run_once().purged == []
    rig.clock.advance(2 * DAY_S)
    assert rig.runner.run_once().purged == [sent.id]

    assert not sent.root.exists()
    assert unsent.root.exists()
    assert rig.outbox.status(sent.id).purged
    remaining = {p.name for p in rig.outbox.mail_dir.glob("*.eml")}
    assert remaining == {r.eml for r in rig.outbox.store.rows(unsent.id)}
    log = (kiosk_home / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert f"purged package {sent.id}" in log
    for personal in contact.values():  # PDPA: no names, phones or e-mail addresses in logs
        assert personal not in log
    with pytest.raises(KioskError, match="retention"):
        rig.outbox.export(sent.id, kiosk_home)


def test_export_copies_the_package_and_its_mails(rig, make_package, tmp_path) -> None:
    package = make_package()
    rig.enqueue(package)
    usb = tmp_path / "隨身碟 USB"
    usb.mkdir()

    target = rig.outbox.export(package.id, usb)
    again = rig.outbox.export(package.id, usb)

    assert target == usb / package.id and again != target
    copied = target / package.content_dir.name
    assert {p.name: p.read_bytes() for p in copied.iterdir() if p.name in package.files} == package.files
    [eml] = (target / "mail").glob("*.eml")
    assert eml.read_bytes() == rig.outbox.eml_path(eml.name).read_bytes()
    in_a_file = tmp_path / "a file"
    in_a_file.write_text("not a folder")
    with pytest.raises(BadInput, match="is a file"):
        rig.outbox.export(package.id, in_a_file)


def test_export_creates_a_missing_destination_folder(rig, make_package, tmp_path) -> None:
    package = make_package()
    rig.enqueue(package)
    destination = tmp_path / "隨身碟 USB" / "IVY 匯出"  # neither folder exists yet

    target = rig.outbox.export(package.id, destination)

    assert target == destination / package.id
    assert (target / package.content_dir.name / "manifest.json").is_file()
    assert len(list((target / "mail").glob("*.eml"))) == 1


def test_password_store_accepts_only_os_keyrings(monkeypatch, memory_keyring) -> None:
    import keyring
    from keyring.backends.chainer import ChainerBackend

    from kiosk.config import SmtpSettings

    smtp = SmtpSettings(host="smtp.example.org", username="kiosk@example.org")
    with pytest.raises(KioskError, match="password_env"):
        PasswordStore().set(smtp, "x")  # the in-memory test keyring is not on the allow-list

    def fake(module: str, name: str) -> object:
        cls = type(name, (type(memory_keyring),), {})
        cls.__module__, cls.__qualname__ = module, name
        return cls()

    plaintext = fake("keyrings.alt.file", "PlaintextKeyring")
    keyring.set_keyring(plaintext)
    with pytest.raises(KioskError):
        PasswordStore().get(smtp)

    windows = fake("keyring.backends.Windows", "WinVaultKeyring")
    keyring.set_keyring(windows)
    PasswordStore().set(smtp, "密碼")
    assert PasswordStore().get(smtp) == "密碼"
    assert PasswordStore().describe()[1] == "Windows Credential Manager"

    chain = ChainerBackend()
    monkeypatch.setattr(ChainerBackend, "backends", [windows, plaintext])
    keyring.set_keyring(chain)
    with pytest.raises(KioskError):
        PasswordStore().get(smtp)

    smtp.password_env = "IVY_TEST_SMTP_PASSWORD"
    monkeypatch.setenv("IVY_TEST_SMTP_PASSWORD", "從環境變數")
    assert resolve_password(smtp) == "從環境變數"  # the variable wins; the keyring is not asked


def test_back_off_policy_is_injectable() -> None:
    import random

    backoff = Backoff(base_s=1, cap_s=4, rng=random.Random(7))
    assert [backoff.step(n) for n in (1, 2, 3, 4, 10)] == [1, 2, 4, 4, 4]
    assert all(0.5 <= backoff.delay(1) <= 1 for _ in range(50))


def test_a_package_queued_before_the_account_exists_goes_out_from_the_account(
        rig_for, make_package, scripted, contact, account) -> None:
    from kiosk.config import SmtpSettings

    rig = rig_for(None, transport_factory=scripted.factory, password=None)
    configured_smtp = rig.settings.delivery.smtp
    rig.settings.delivery.smtp = SmtpSettings()  # at the venue, nothing entered yet
    package = make_package()
    queued = rig.outbox.enqueue(package.id, rig.settings)  # still accepted: nothing is lost

    rig.runner.run_once()
    assert rig.state(package.id) == "blocked"
    assert "not set up" in rig.outbox.status(package.id).last_error("en")

    rig.settings.delivery.smtp = configured_smtp  # the account is entered later
    rig.passwords.set(configured_smtp, account[1])
    rig.runner.run_once()

    import email

    [delivered] = scripted.delivered
    message = email.message_from_bytes(delivered.data)
    assert delivered.envelope.sender == configured_smtp.from_ != contact["email"]
    assert str(email.header.make_header(email.header.decode_header(message["From"]))) == \
        f"高雄市 IVY 2026 <{configured_smtp.from_}>"
    assert message["Message-ID"] == queued.message_id
    assert message.get_payload()[1].get_payload(decode=True) == next(iter(package.files.values()))


def test_recover_outbox_lists_what_it_put_back(rig, make_package, kiosk_home) -> None:
    from kiosk import config, paths
    from kiosk.outbox import recover_outbox

    config.save(rig.settings, paths.config_path())
    package = make_package()
    rig.enqueue(package)
    now = rig.clock.now()
    rig.outbox.store.claim((package.id, 1), "runner-killed", now, now + 600)

    assert recover_outbox() == [{"package": package.id, "part": 1, "action": "requeued"}]
    assert rig.state(package.id) == "queued"


def test_an_account_not_set_up_says_so_on_a_laptop_without_a_password_store(make_package) -> None:
    """A fresh Windows or Linux laptop may have no usable keyring: the operator still reads "set up the
    mail account", not a complaint about password stores, from the outbox, the preflight and the test mail."""
    from keyring.backends.fail import Keyring as NoKeyring

    from kiosk.config import Settings
    from kiosk.outbox.transport import probe_account, send_test_mail

    settings = Settings()  # nothing entered yet
    without_store = PasswordStore()  # the real store, asking the real keyring module (set below)
    import keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        clock = ManualClock()
        outbox = Outbox(clock=clock)
        runner = Runner(outbox, settings_loader=lambda: settings, passwords=without_store, clock=clock,
                        backoff=Backoff())
        package = make_package()
        outbox.enqueue(package.id, settings)
        runner.run_once()
        error = outbox.status(package.id).last_error("en")
        assert "not set up" in error and "password store" not in error, error
        probe = probe_account(settings.delivery.smtp, passwords=without_store)
        assert not probe.ok and "not set up" in probe.detail_en and "password store" not in probe.detail_en
        with pytest.raises(KioskError, match="not set up"):
            send_test_mail(settings, passwords=without_store)

        settings.delivery.smtp.host, settings.delivery.smtp.username = "mail.example.org", "kiosk"
        problem = runner._credentials(settings.delivery.smtp)[2]
        assert problem is not None and "password store" in problem.en  # filled in: now the store is the problem
    finally:
        keyring.set_keyring(previous)
