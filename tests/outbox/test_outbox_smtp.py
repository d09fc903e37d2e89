"""Delivery against a real SMTP server (aiosmtpd on 127.0.0.1, TLS from a test CA, AUTH, SIZE)."""

from __future__ import annotations

import email
from email import policy

import pytest
import trustme

from kiosk import organiser
from kiosk.errors import KioskError
from kiosk.outbox.transport import probe_account, send_test_mail, upload_timeout

# Past the longest first back-off (15 s) but well short of the second step's minimum (15 s).
FIRST_RETRY_S = 15.5


def _parse(data: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(data, policy=policy.default)


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_delivers_the_package_with_chinese_names_to_the_organiser_and_the_contact(
        mail_server, rig_for, make_package, contact, security) -> None:
    server = mail_server(security)
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    report = rig.runner.run_once()

    assert [a.outcome for a in report.attempts] == ["sent"]
    [received] = server.handler.delivered
    assert received.rcpt_tos == [organiser.RECIPIENT, contact["email"]]
    message = _parse(received.data)
    assert {p.get_filename(): p.get_content() for p in message.iter_attachments()} == package.files
    assert message["Subject"] == f"高雄市 IVY 2026 – {package.id}"
    status = rig.outbox.status(package.id)
    assert status.state == "sent"
    assert status.sent_at == rig.clock.now()
    assert message["Message-ID"] == status.message_id
    assert set(status.to_json()) >= {"package", "state", "attempts", "next_attempt_at", "last_error", "sent_at",
                                     "message_id"}


def test_offline_package_waits_then_goes_when_the_server_is_reachable(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls", start=False)  # nothing listens: like a venue without network
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()
    status = rig.outbox.status(package.id)
    assert status.state == "retry_wait"
    assert "Cannot reach the mail server" in status.last_error("en")
    assert rig.clock.now() < status.next_attempt_at <= rig.clock.now() + 15

    assert rig.runner.run_once().attempts == []  # not due yet: no knocking
    server.start()
    report = rig.runner.run_once(wake_offline=True)  # the network came back

    assert [a.outcome for a in report.attempts] == ["sent"]
    assert len(server.handler.delivered) == 1
    assert rig.outbox.status(package.id).attempts == 2


def test_temporary_refusal_is_retried_after_the_back_off(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    server.handler.responses.append("451 4.3.0 Greylisted, try again later")
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()
    status = rig.outbox.status(package.id)
    assert status.state == "retry_wait"
    assert "451" in status.last_error("en")
    rig.clock.advance(FIRST_RETRY_S)
    rig.runner.run_once()

    assert rig.outbox.status(package.id).state == "sent"
    assert len(server.handler.delivered) == 1
    assert len(server.handler.seen) == 2


def test_permanent_refusal_needs_attention_and_is_not_retried_by_itself(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    server.handler.responses.append("554 5.7.1 Message rejected by policy")
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()
    status = rig.outbox.status(package.id)
    assert status.state == "failed"
    assert "554" in status.last_error("en") and "Retry" in status.last_error("en")
    assert "匯出" in status.last_error("zh-TW")
    rig.clock.advance(3600)
    assert rig.runner.run_once().attempts == []

    rig.outbox.retry(package.id)  # the operator fixed it and presses Retry
    rig.runner.run_once()
    assert rig.outbox.status(package.id).state == "sent"
    assert len(server.handler.delivered) == 1


def test_over_the_server_size_limit_is_split_before_any_byte_goes(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls", size_limit=300_000)
    rig = rig_for(server)
    package = make_package(video_bytes=150_000, photo_bytes=40_000)  # ~380 kB as one mail
    rig.enqueue(package)
    assert len(rig.outbox.status(package.id).parts) == 1

    rig.runner.run_once()

    status = rig.outbox.status(package.id)
    assert status.state == "sent"
    assert len(status.parts) == 2
    assert len(server.handler.seen) == 2  # the oversized mail never reached DATA
    subjects = sorted(_parse(r.data)["Subject"] for r in server.handler.delivered)
    assert subjects == [f"高雄市 IVY 2026 (1/2) – {package.id}", f"高雄市 IVY 2026 (2/2) – {package.id}"]
    names = [p.get_filename() for r in server.handler.delivered for p in _parse(r.data).iter_attachments()]
    assert sorted(names) == sorted(package.files)


def test_a_single_file_over_the_limit_fails_before_sending_with_the_usb_route(
        mail_server, rig_for, make_package) -> None:
    server = mail_server("tls", size_limit=200_000)
    rig = rig_for(server)
    package = make_package(video_bytes=300_000)
    rig.enqueue(package)

    rig.runner.run_once()

    status = rig.outbox.status(package.id)
    assert status.state == "failed"
    assert "Export" in status.last_error("en") and "USB" in status.last_error("en")
    assert server.handler.seen == []


def test_wrong_password_pauses_everything_after_exactly_one_login(
        mail_server, rig_for, make_package, account) -> None:
    server = mail_server("tls")
    rig = rig_for(server, password="錯誤的密碼 wrong")
    first, second = make_package(), make_package()
    rig.enqueue(first)
    rig.enqueue(second)

    rig.runner.run_once()
    assert server.accounts.logins == 1
    assert {rig.state(first.id), rig.state(second.id)} == {"blocked"}
    assert "password" in rig.outbox.status(first.id).last_error("en")
    for _ in range(3):  # time passes, the sender keeps waking up: the account is left alone
        rig.clock.advance(3600)
        rig.runner.run_once(wake_offline=True)
    assert server.accounts.logins == 1

    rig.passwords.set(rig.settings.delivery.smtp, account[1])  # the operator corrects the password
    rig.runner.run_once()

    assert {rig.state(first.id), rig.state(second.id)} == {"sent"}
    assert len(server.handler.delivered) == 2


def test_untrusted_certificate_pauses_sending_without_sending_the_password(
        mail_server, rig_for, make_package) -> None:
    server = mail_server("tls", issuer=trustme.CA())  # signed by a CA nobody trusts
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()

    status = rig.outbox.status(package.id)
    assert status.state == "blocked"
    assert "certificate" in status.last_error("en")
    assert server.accounts.logins == 0
    assert server.handler.seen == []


def test_a_server_without_encryption_is_never_used_in_plain_text(mail_server, rig_for, make_package) -> None:
    server = mail_server("starttls", offer_starttls=False)
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()

    assert rig.state(package.id) == "blocked"
    assert "STARTTLS" in rig.outbox.status(package.id).last_error("en")
    assert server.accounts.logins == 0
    assert server.handler.seen == []


def test_connection_cut_mid_message_is_retried_with_the_same_message_id(
        mail_server, rig_for, make_package, cutting_proxy) -> None:
    server = mail_server("tls")
    proxy = cutting_proxy(server.port, 60_000)  # TLS, EHLO and AUTH pass; the mail is cut ~10 % in
    rig = rig_for(server, port=proxy.port)
    package = make_package(video_bytes=600_000)
    rig.enqueue(package)

    rig.runner.run_once()
    assert proxy.cuts == 1
    assert rig.state(package.id) == "retry_wait"
    assert "dropped" in rig.outbox.status(package.id).last_error("en")
    assert server.handler.seen == []  # the server never had the whole mail

    proxy.cut_after = None
    rig.clock.advance(FIRST_RETRY_S)
    rig.runner.run_once()

    [received] = server.handler.delivered
    assert _parse(received.data)["Message-ID"] == rig.outbox.status(package.id).message_id
    assert rig.state(package.id) == "sent"


def test_drop_after_the_last_byte_resends_a_recognisable_duplicate(mail_server, rig_for, make_package) -> None:
    server = mail_server("starttls")
    server.handler.drop_after_data = 1  # the server has it all, the client never hears "250"
    rig = rig_for(server)
    package = make_package()
    rig.enqueue(package)

    rig.runner.run_once()
    assert rig.state(package.id) == "retry_wait"  # not "sent": no 250 was heard
    rig.clock.advance(FIRST_RETRY_S)
    rig.runner.run_once()

    assert rig.state(package.id) == "sent"
    first, second = (_parse(data) for data in server.handler.seen)
    assert first["Message-ID"] == second["Message-ID"]
    assert first["X-IVY-Package"] == second["X-IVY-Package"] == package.id


def test_probe_account_names_the_stage_reached(mail_server, rig_for, ca_file, account) -> None:
    server = mail_server("starttls")
    smtp = rig_for(server).settings.delivery.smtp

    assert probe_account(smtp, password=account[1]).ok
    bad = probe_account(smtp, password="wrong")
    assert (bad.ok, bad.stage, bad.offline) == (False, "login", False)
    assert server.accounts.logins == 2

    smtp.host = "smtp.nonexistent.invalid"
    dns = probe_account(smtp, password=account[1])
    assert (dns.stage, dns.offline) == ("dns", True)

    offline_server = mail_server("tls", start=False)
    smtp.host, smtp.port, smtp.security = "127.0.0.1", offline_server.port, "tls"
    refused = probe_account(smtp, password=account[1])
    assert (refused.ok, refused.stage, refused.offline) == (False, "connect", True)
    assert "連不上" in refused.detail_zh

    untrusted = mail_server("tls", issuer=trustme.CA())
    smtp.port = untrusted.port
    tls = probe_account(smtp, password=account[1])
    assert (tls.stage, tls.offline) == ("tls", False)

    smtp.host = ""
    assert probe_account(smtp, password=account[1]).stage == "config"


def test_probe_account_reads_the_password_from_the_keyring(mail_server, rig_for, passwords) -> None:
    server = mail_server("tls")
    smtp = rig_for(server).settings.delivery.smtp  # the rig stored the right password
    assert probe_account(smtp, passwords=passwords).ok
    passwords.delete(smtp)
    missing = probe_account(smtp, passwords=passwords)
    assert (missing.ok, missing.stage) == (False, "config")
    assert "password" in missing.detail_en


def test_send_test_mail_reaches_the_contacts_own_address(mail_server, rig_for, passwords, contact) -> None:
    server = mail_server("starttls")
    settings = rig_for(server).settings

    send_test_mail(settings, passwords=passwords)

    [received] = server.handler.delivered
    assert received.rcpt_tos == [contact["email"]]
    assert "測試信" in _parse(received.data)["Subject"]
    passwords.set(settings.delivery.smtp, "wrong")
    with pytest.raises(KioskError, match="password"):
        send_test_mail(settings, passwords=passwords)


def test_the_upload_timeout_grows_with_the_mail() -> None:
    from kiosk.config import SmtpSettings

    smtp = SmtpSettings(timeout_s=30)
    assert upload_timeout(smtp, 0) == 30
    assert upload_timeout(smtp, 25_000_000) > 10 * upload_timeout(smtp, 1_000_000) / 2
    assert upload_timeout(smtp, 25_000_000) >= 30 + 25_000_000 / 40_000


def _dotted_mail(body_lines: int) -> bytes:
    """A mail over two upload stretches whose lines start with dots in every position that matters:
    the body's first line, lines on both sides of the stretch boundaries, a lone dot, and no line
    break at the very end."""
    head = b"From: kiosk@example.org\r\nTo: organiser@example.org\r\nSubject: dots\r\n\r\n"
    lines = [b".first line of the body", b"."]
    lines += [(b"." if n % 7 == 0 else b"x") + b"0123456789abcdef" * 4 for n in range(body_lines)]
    return head + b"\r\n".join(lines) + b"\r\n..two dots already\r\nno line break at the end"


def test_the_upload_dot_stuffs_every_line_and_the_server_gets_the_mail_byte_for_byte(
        mail_server, ca_file, passwords) -> None:
    from kiosk.outbox.transport import Envelope, SmtpTransport
    from tests.outbox.conftest import PASSWORD, settings_for

    server = mail_server("tls", size_limit=10_000_000)
    settings = settings_for(server, ca_file)
    mail = _dotted_mail(40_000)  # ~2.6 MB: three stretches
    progress: list[tuple[int, int]] = []

    reply = SmtpTransport(settings.delivery.smtp, PASSWORD).send(
        Envelope("kiosk@example.org", ["organiser@example.org"]), mail, lambda done, total: progress.append((done, total)))

    assert reply.startswith("250")
    [received] = server.handler.delivered
    assert received.data == mail + b"\r\n"  # smtplib's rule too: a last line is ended before the final dot
    assert progress[-1] == (len(mail), len(mail))
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 5000])
def test_upload_stretches_end_on_line_breaks_and_cover_the_mail(size: int) -> None:
    from kiosk.outbox.transport import _line_aligned

    mail = bytes((b"\n" if n % 97 == 96 else b"a")[0] for n in range(size))
    stretches = list(_line_aligned(mail, 1024))

    assert b"".join(mail[start:end] for start, end in stretches) == mail
    assert all(mail[end - 1:end] == b"\n" for _, end in stretches[:-1])
    assert all(end - start >= 1024 for start, end in stretches[:-1])
