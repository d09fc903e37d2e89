"""A mail file that no longer matches what was built (truncated, edited) is never sent as it is.

Each ``.eml`` has its SHA-256 and size recorded in its row when it is built; before every attempt
the runner checks the bytes it is about to send. A damaged file is built again from the package
(same Message-ID, same files in the same part); when the package is gone or changed too, the mail
needs attention and nothing reaches the server. Against the real aiosmtpd server.
"""

from __future__ import annotations

import email
import hashlib
import shutil
import sqlite3
from email import policy

from kiosk.outbox.store import SCHEMA_VERSION


def _attachments(data: bytes) -> dict[str, bytes]:
    message = email.message_from_bytes(data, policy=policy.default)
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}


def _message_id(data: bytes) -> str:
    return str(email.message_from_bytes(data, policy=policy.default)["Message-ID"])


def _queued(rig, make_package):
    package = make_package()
    rig.enqueue(package)
    [row] = rig.outbox.store.rows(package.id)
    path = rig.outbox.eml_path(row.eml)
    return package, row, path, path.read_bytes()


def _assert_delivered_as_built(server, rig, package, built: bytes) -> None:
    [received] = server.handler.delivered
    [row] = rig.outbox.store.rows(package.id)
    assert row.state == "sent"
    # What the server received is a whole mail that was built, not what the damaged file held:
    assert _attachments(received.data) == package.files
    assert _message_id(received.data) == _message_id(built)
    assert hashlib.sha256(received.data).hexdigest() == row.sha256
    assert len(received.data) == row.bytes
    assert rig.outbox.eml_path(row.eml).read_bytes() == received.data


def test_the_row_records_the_mail_files_sha256_and_size(mail_server, rig_for, make_package) -> None:
    rig = rig_for(mail_server("tls"))
    _package, row, _path, built = _queued(rig, make_package)

    assert row.sha256 == hashlib.sha256(built).hexdigest()
    assert row.bytes == len(built)


def test_a_truncated_mail_is_rebuilt_from_the_package_before_it_goes(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    rig = rig_for(server)
    package, _row, path, built = _queued(rig, make_package)
    path.write_bytes(built[: len(built) // 2])

    report = rig.runner.run_once()

    assert [a.outcome for a in report.attempts] == ["sent"]
    _assert_delivered_as_built(server, rig, package, built)


def test_an_edited_mail_of_the_same_size_is_rebuilt_too(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    rig = rig_for(server)
    package, _row, path, built = _queued(rig, make_package)
    spot = built.index(b"\r\n\r\n", built.index(b"Content-Type: video/mp4")) + 200  # inside the video's base64
    edited = bytearray(built)
    edited[spot] = ord("A") if edited[spot] != ord("A") else ord("B")  # still valid base64, different video
    path.write_bytes(bytes(edited))

    rig.runner.run_once()

    _assert_delivered_as_built(server, rig, package, built)
    assert server.handler.delivered[0].data != bytes(edited)


def test_a_damaged_mail_whose_package_is_gone_needs_attention_and_nothing_is_sent(
        mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    rig = rig_for(server)
    package, _row, path, built = _queued(rig, make_package)
    path.write_bytes(built[:-1000])
    shutil.rmtree(package.root)

    report = rig.runner.run_once()

    assert [a.outcome for a in report.attempts] == ["failed"]
    assert server.handler.seen == []  # not one DATA reached the server
    status = rig.outbox.status(package.id)
    assert status.state == "failed"
    error = status.last_error("en")
    assert "damaged" in error and "Export" not in error  # nothing whole is left to export
    assert rig.outbox.status(package.id).sent_at is None


def test_a_damaged_mail_whose_package_changed_needs_attention(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    rig = rig_for(server)
    package, _row, path, built = _queued(rig, make_package)
    path.write_bytes(built.replace(b"X-Mailer", b"X-Hacked", 1))
    video = next(p for p in package.content_dir.iterdir() if p.suffix == ".mp4")
    video.write_bytes(b"not the video that was checked")

    rig.runner.run_once()

    assert server.handler.seen == []
    status = rig.outbox.status(package.id)
    assert status.state == "failed"
    assert "changed" in status.last_error("en")


def test_a_mail_damaged_after_a_failed_attempt_is_checked_again_at_the_next(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    server.handler.responses.append("451 4.3.0 try later")
    rig = rig_for(server)
    package, _row, path, built = _queued(rig, make_package)
    rig.runner.run_once()
    assert rig.state(package.id) == "retry_wait"
    path.write_bytes(built[:100])

    rig.clock.advance(16)
    rig.runner.run_once()

    assert len(server.handler.seen) == 2
    _assert_delivered_as_built(server, rig, package, built)


def test_a_mail_stamped_with_the_account_later_keeps_a_matching_record(mail_server, rig_for, make_package) -> None:
    server = mail_server("tls")
    rig = rig_for(server)
    rig.settings.delivery.smtp.from_ = ""
    rig.settings.delivery.smtp.username = "not-an-address"  # no sender yet: the contact stands in
    package, _row, _path, built = _queued(rig, make_package)
    rig.settings.delivery.smtp.username = "kiosk@example.org"
    rig.settings.delivery.smtp.from_ = "kiosk@example.org"

    rig.runner.run_once()

    [received] = server.handler.delivered
    assert b"kiosk@example.org" in received.data.split(b"\r\n\r\n", 1)[0]
    [row] = rig.outbox.store.rows(package.id)
    assert row.sha256 == hashlib.sha256(received.data).hexdigest()
    assert _attachments(received.data) == package.files
    assert _message_id(received.data) == _message_id(built)


def test_rows_from_before_the_check_are_verified_by_size(mail_server, rig_for, make_package, kiosk_home) -> None:
    """A database written by the first version (no sha256 column) is upgraded in place."""
    server = mail_server("tls")
    rig = rig_for(server)
    package, _row, path, built = _queued(rig, make_package)
    db = rig.outbox.store.path
    with sqlite3.connect(db) as conn:  # the first version's table: no sha256, no files
        conn.execute("ALTER TABLE mails DROP COLUMN sha256")
        conn.execute("ALTER TABLE mails DROP COLUMN files")
        conn.execute("PRAGMA user_version=1")
    path.write_bytes(built[: len(built) // 3])

    from kiosk.outbox.runner import Runner
    from kiosk.outbox.service import Outbox

    outbox = Outbox(clock=rig.clock)
    runner = Runner(outbox, settings_loader=lambda: rig.settings, passwords=rig.passwords, clock=rig.clock,
                    backoff=rig.runner.backoff)
    runner.run_once()

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    [received] = server.handler.delivered
    assert _attachments(received.data) == package.files
    assert _message_id(received.data) == _message_id(built)
