"""Faults that must never lose work or show a traceback (review findings, each pinned by a test)."""

from __future__ import annotations

import numpy as np

from kiosk import config, paths
from kiosk.cli import main
from kiosk.recording import recover, stills
from kiosk.recording.take import INTERMEDIATE_VIDEO, Take


def test_a_config_saved_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes("\ufeff[event]\ncounty = \"臺南市\"\n".encode())
    assert config.load(path).event.county == "臺南市"


def test_a_still_that_cannot_be_saved_costs_one_candidate_not_the_take(monkeypatch, tmp_path):
    calls = []

    def flaky_save(image, path, wall_time):
        calls.append(path.name)
        if len(calls) == 1:
            raise PermissionError("held by a virus scanner")
        path.write_bytes(b"jpeg")

    monkeypatch.setattr(stills, "save_jpeg", flaky_save)
    writer = stills.CandidateWriter(tmp_path)
    image = np.zeros((1080, 1920, 3), dtype=np.uint8)
    writer.offer(image, 0.5, 0.0)
    writer.offer(image, 1.5, 1.0)  # the queue holds two: both are taken, whatever the first one does
    candidates = writer.close()  # returns, does not hang
    assert [c.t_s for c in candidates] == [1.5]
    assert len(writer.errors) == 1 and "virus scanner" in writer.errors[0]


def test_a_take_that_failed_while_finishing_is_salvaged_later(monkeypatch):
    take = Take.create()
    (take.dir / INTERMEDIATE_VIDEO).write_bytes(b"x")
    take.update(state="failed", error="rename refused")
    salvaged = []
    monkeypatch.setattr(recover, "salvage", lambda t: salvaged.append(t.id) or {"take": t.id, "state": "salvaged"})
    monkeypatch.setattr(recover, "_recently_written", lambda t: False)
    assert recover.recover_all() == [{"take": take.id, "state": "salvaged"}]
    take.update(salvage_attempts=recover.MAX_SALVAGE_ATTEMPTS)
    assert recover.recover_all() == []  # given up after a few tries: no endless retries at every start


def test_an_unexpected_error_is_one_line_on_stderr_and_logged(monkeypatch, capsys):
    def explode():
        raise RuntimeError("disk controller on fire")

    monkeypatch.setattr(recover, "recover_all", explode)
    assert main(["recover"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk controller on fire" in err and "Traceback" not in err
    assert "disk controller on fire" in (paths.data_dir("logs") / "cli.log").read_text(encoding="utf-8")


def test_an_error_in_a_background_thread_is_logged_not_printed(monkeypatch, capsys):
    import threading

    def with_a_failing_thread():
        worker = threading.Thread(target=lambda: 1 / 0, name="probe")
        worker.start()
        worker.join()
        return []

    monkeypatch.setattr(recover, "recover_all", with_a_failing_thread)
    previous = threading.excepthook
    try:
        assert main(["recover"]) == 0
    finally:
        threading.excepthook = previous
    err = capsys.readouterr().err
    assert "Traceback" not in err and "ZeroDivisionError" not in err
    logged = (paths.data_dir("logs") / "cli.log").read_text(encoding="utf-8")
    assert "error in thread probe" in logged and "ZeroDivisionError" in logged
