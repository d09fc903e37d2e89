"""Background jobs: the window's close waits (bounded) for work already running."""

from __future__ import annotations

import threading

from kiosk.ui import jobs


def test_closing_waits_for_running_work_but_not_for_ever(qtbot):
    release = threading.Event()
    job = jobs.Job("held")
    assert job.start(lambda: release.wait(10))
    assert jobs.wait_for_running_jobs(0.2) is False  # still working: the wait gives up at its limit
    release.set()
    assert jobs.wait_for_running_jobs(5.0) is True
    with qtbot.waitSignal(job.finished, timeout=5000):
        pass
    assert jobs.wait_for_running_jobs(0.0) is True  # nothing left running
