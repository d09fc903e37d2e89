"""One kiosk window per data folder, one live take at a time; looking works beside a running window.

The window and the commands run as real child processes (Qt offscreen, the demo camera for takes).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faultkit import stderr_line

from kiosk import procs

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM ends the window on POSIX only")


def _wait_for(condition, what: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the first process ended early ({process.returncode}) waiting for {what}"
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


@pytest.fixture
def start(cli_env, python_exe, kiosk_home, tmp_path):
    started: list[subprocess.Popen] = []

    def run(*args: str) -> subprocess.Popen:
        env = {**cli_env, "QT_QPA_PLATFORM": "offscreen", "IVY_KIOSK_LANG": "en"}
        log = tmp_path / f"stderr-{len(started)}.log"
        process = procs.spawn([python_exe, "-m", "kiosk", *args], env=env, stdout=subprocess.DEVNULL,
                              log_path=log)
        started.append(process)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(30)


def _kiosk_log(home: Path) -> str:
    log = home / "logs" / "kiosk.log"
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def _takes(home: Path) -> list[str]:
    folder = home / "takes"
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def test_a_second_window_is_refused_and_looking_still_works_beside_the_first(start, cli, kiosk_home) -> None:
    first = start("--windowed")
    _wait_for(lambda: "kiosk starting" in _kiosk_log(kiosk_home), "the first window", first)

    second = cli("--windowed", timeout=60)
    refused = cli("record", "--camera", "demo", "--mic", "demo", "--seconds", "10")
    listed = cli("outbox", "list", "--json")
    recovered = cli("recover", "--json")

    assert second.returncode == 1
    assert "already running" in stderr_line(second)
    assert first.poll() is None  # the first keeps running
    assert refused.returncode == 1
    assert "kiosk window is running" in stderr_line(refused)
    assert _takes(kiosk_home) == []  # refused before any take folder was made
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    assert recovered.returncode == 0, recovered.stderr
    assert json.loads(recovered.stdout)["ok"] is True

    first.send_signal(signal.SIGTERM)  # closes like the PIN exit does
    assert first.wait(60) == 0
    from kiosk.instance import claim_window

    claim_window().release()  # the first window let go of its lock when it closed


def test_a_take_refuses_to_start_while_another_is_live(start, cli, kiosk_home) -> None:
    first = start("record", "--camera", "demo", "--mic", "demo", "--seconds", "10", "--json")

    def live() -> bool:
        takes = _takes(kiosk_home)
        return bool(takes) and (kiosk_home / "takes" / takes[0] / "video.mkv").exists()

    _wait_for(live, "the first take to be recording", first)
    second = cli("record", "--camera", "demo", "--mic", "demo", "--seconds", "10")

    assert second.returncode == 1
    assert "another take is being recorded" in stderr_line(second)
    assert len(_takes(kiosk_home)) == 1  # no second folder
    assert first.wait(120) == 0  # the first take is not disturbed
    [take] = _takes(kiosk_home)
    record = json.loads((kiosk_home / "takes" / take / "take.json").read_text(encoding="utf-8"))
    assert record["state"] == "done"


def test_the_take_lock_is_free_again_after_a_take(cli, kiosk_home) -> None:
    for _ in range(2):
        result = cli("record", "--camera", "demo", "--mic", "none", "--seconds", "10")
        assert result.returncode == 0, result.stderr
    assert len(_takes(kiosk_home)) == 2
    assert os.listdir(kiosk_home / "takes").count(".live-take.lock") <= 1
