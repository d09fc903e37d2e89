"""A mail server that stops reading mid-upload lets go after ``stall_timeout_s`` without progress
(60 s in the field, 2 s here through the settings), while a slow upload that keeps moving is never
cut off, however long it takes in all. The real aiosmtpd server, behind a relay that reads as the
test says.

The one bound on time here (the runner must return within 60 s while the server stays stalled) is
a liveness check 30 times the configured limit, not a speed target: before the watchdog, the
attempt held on for the size-scaled deadline (here over four minutes).
"""

from __future__ import annotations

import threading

STALL_S = 2.0
MB = 1_000_000


def _rig(mail_server, rig_for, throttling_proxy, *, rate: float, after: int):
    server = mail_server("tls", size_limit=20 * MB)
    proxy = throttling_proxy(server.port, after=after, rate=rate)
    rig = rig_for(server, port=proxy.port)
    rig.settings.delivery.smtp.timeout_s = 120.0  # the command timeout: long, so only the watchdog can end it
    rig.settings.delivery.smtp.stall_timeout_s = STALL_S
    return server, proxy, rig


def _run_in_background(rig):
    outcome: list = []
    thread = threading.Thread(target=lambda: outcome.append(rig.runner.run_once()), daemon=True)
    thread.start()
    return thread, outcome


def test_a_server_that_stops_reading_mid_upload_is_let_go_and_retried(
        mail_server, rig_for, make_package, throttling_proxy) -> None:
    # ~8 MB of mail: more than the client's socket buffers take (about 2.6 MB on loopback), so the
    # upload really stops once the relay stops reading, half a megabyte in.
    server, proxy, rig = _rig(mail_server, rig_for, throttling_proxy, rate=0, after=500_000)
    package = make_package(video_bytes=6 * MB)
    rig.enqueue(package)

    thread, outcome = _run_in_background(rig)
    thread.join(timeout=60)
    stuck = thread.is_alive()
    proxy.release()  # whatever happened, let the relay go so nothing hangs after the test
    thread.join(timeout=60)

    assert not stuck, "the attempt did not end while the server stalled"
    [attempt] = outcome[0].attempts
    assert attempt.outcome == "retry"
    assert "stopped taking the mail" in attempt.en
    assert rig.state(package.id) == "retry_wait"
    assert server.handler.seen == []  # the server never had the whole mail

    rig.clock.advance(16)
    rig.runner.run_once()  # the server reads again: the same mail goes, whole

    [received] = server.handler.delivered
    assert rig.state(package.id) == "sent"
    assert received.data == rig.outbox.eml_path(rig.outbox.store.rows(package.id)[0].eml).read_bytes()


def test_a_slow_upload_that_keeps_moving_is_not_cut_off(mail_server, rig_for, make_package,
                                                         throttling_proxy, monkeypatch) -> None:
    from kiosk.outbox import runner as runner_module

    monkeypatch.setattr(runner_module, "CLAIM_RENEW_S", 1.0)  # so an eight-second upload renews its claim
    # 1 MB/s: the ~8 MB mail takes about eight seconds in all, four times the stall limit, but no
    # 16 KB piece ever waits long.
    server, proxy, rig = _rig(mail_server, rig_for, throttling_proxy, rate=1 * MB, after=100_000)
    package = make_package(video_bytes=6 * MB)
    rig.enqueue(package)
    progress: list[int] = []
    claims: set[float] = set()

    def on_progress(_pkg, _part, _parts, sent, _total) -> None:
        progress.append(sent)
        rig.clock.advance(5)  # the wall clock of a much slower uplink: far past the first claim's deadline
        claims.add(rig.outbox.store.rows(package.id)[0].claimed_until)

    rig.runner.progress = on_progress

    report = rig.runner.run_once()

    assert [a.outcome for a in report.attempts] == ["sent"]
    assert len(server.handler.delivered) == 1
    assert proxy.last_byte_at - proxy.first_byte_at > 2 * STALL_S  # the premise: longer than the limit
    assert len(progress) > 100 and progress == sorted(progress)  # it moved, in many small steps
    assert max(claims) > min(claims) + 60  # its claim was extended while it moved: recovery elsewhere
    # frees claims past their deadline only, and this one's deadline kept moving with it
