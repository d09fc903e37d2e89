"""An import killed, cancelled or failing leaves no half take that looks whole, and nothing running."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import import_clips as clips
import psutil
import pytest
from import_helpers import TEST_SETTINGS, write_settings

from kiosk.importing import CancelToken, ImportCancelled, import_clip
from kiosk.importing.convert import PROGRESS_FILE
from kiosk.importing.staging import STAGING_DIR, WRITER_GRACE_S, settle_interrupted_imports
from kiosk.locks import FileLock
from kiosk.recording.recover import recover_all
from kiosk.recording.take import LOCK_FILE, TAKE_JSON, Take, TakeState, list_takes, takes_root


def _staged(home: Path) -> list[Path]:
    root = home / STAGING_DIR
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def _age(folder: Path, seconds: float) -> None:
    """Make every file in ``folder`` look ``seconds`` old (instead of sleeping through the grace time)."""
    then = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (then, then))


def _converted_s(home: Path) -> float:
    """How far the one running import has got, from ffmpeg's progress file (0 before it starts)."""
    for folder in _staged(home):
        text = (folder / PROGRESS_FILE).read_text(encoding="ascii") if (folder / PROGRESS_FILE).is_file() else ""
        times = [line.split("=", 1)[1] for line in text.splitlines() if line.startswith("out_time_us=")]
        if times and times[-1].strip().isdigit():
            return int(times[-1]) / 1e6
    return 0.0


def _ffmpeg_children(process: psutil.Process) -> list[psutil.Process]:
    return [child for child in process.children(recursive=True) if "ffmpeg" in child.name()]


def test_a_kill_mid_import_leaves_no_take_and_recover_removes_the_half(clip, cli_env, kiosk_home: Path) -> None:
    write_settings(kiosk_home, encoder="libx264", preset="ultrafast")
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "import", str(clip(clips.VFR_PHONE)), "--start", "1"],
                            env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and _converted_s(kiosk_home) < 1.0:
        time.sleep(0.05)  # until ffmpeg has written a second of the take
    encoders = _ffmpeg_children(parent)
    assert proc.poll() is None and encoders, "the import finished before it could be interrupted"
    proc.kill()  # SIGKILL / TerminateProcess: no clean-up of any kind
    proc.wait()

    # ffmpeg writes its candidate frames into a pipe to the dead process: it stops at the next one.
    _gone, alive = psutil.wait_procs(encoders, timeout=20)
    assert not alive, "an orphaned ffmpeg kept running"
    assert list_takes() == []  # nothing half made is visible as a take
    (half,) = _staged(kiosk_home)
    assert (half / TAKE_JSON).is_file() and Take.load(half).state is TakeState.RECORDING

    assert settle_interrupted_imports() == []  # just written: left alone for the grace time
    assert _staged(kiosk_home) == [half]
    _age(half, WRITER_GRACE_S + 1)
    assert recover_all() == []  # the hook in recovery removes it; it was never a take
    assert _staged(kiosk_home) == [] and list_takes() == []


def test_cancel_stops_ffmpeg_and_keeps_nothing(clip, kiosk_home: Path) -> None:
    cancel = CancelToken()
    seen = []

    def on_progress(progress) -> None:
        seen.append(progress.stage)
        if progress.stage == "convert" and progress.done_s > 0:
            cancel.cancel()

    with pytest.raises(ImportCancelled):
        import_clip(clip(clips.VFR_PHONE), TEST_SETTINGS, start_s=1, seconds=10, on_progress=on_progress,
                    cancel=cancel)
    assert "convert" in seen
    assert _ffmpeg_children(psutil.Process()) == []
    assert _staged(kiosk_home) == [] and list_takes() == []


def test_a_finished_import_caught_before_its_move_is_placed_by_recovery(imported, kiosk_home: Path) -> None:
    finished = imported("mute")
    staged = kiosk_home / STAGING_DIR / finished.id
    shutil.copytree(finished.dir, staged)  # killed between "done" and the rename into takes/
    _age(staged, WRITER_GRACE_S + 1)
    reports = recover_all()
    assert [(r["take"], r["state"]) for r in reports] == [(finished.id, "salvaged")]
    (take,) = list_takes()
    assert take.id == finished.id and take.dir.parent == takes_root() and take.state is TakeState.DONE
    assert take.video_path is not None and take.video_path.is_file()
    assert _staged(kiosk_home) == []


def test_a_running_import_is_never_touched(kiosk_home: Path) -> None:
    running = kiosk_home / STAGING_DIR / "20261205-100000-abcd"
    running.mkdir(parents=True)
    (running / TAKE_JSON).write_text('{"id": "20261205-100000-abcd", "state": "recording"}', encoding="utf-8")
    lock = FileLock(running / LOCK_FILE)
    assert lock.try_acquire()
    try:
        _age(running, WRITER_GRACE_S + 1)
        assert settle_interrupted_imports() == []
        assert running.is_dir()
    finally:
        lock.release()


def test_a_failing_conversion_keeps_nothing(clip, kiosk_home: Path) -> None:
    """ffmpeg refusing to run (here: an encoder this build does not have) is exit 1, nothing kept."""
    from kiosk.errors import KioskError

    with pytest.raises(KioskError) as caught:
        import_clip(clip(clips.VFR_PHONE), dataclasses.replace(TEST_SETTINGS, encoder="h264_imaginary"),
                    start_s=0, seconds=11)
    assert caught.value.exit_code == 1 and "conversion failed" in caught.value.en
    assert _staged(kiosk_home) == [] and list_takes() == []


def test_a_full_disk_while_saving_stills_fails_cleanly(clip, kiosk_home: Path, monkeypatch) -> None:
    """The stills writer failing (ENOSPC) must not leave ffmpeg blocked on its pipe: exit 1, nothing kept."""
    import errno

    from kiosk.errors import KioskError
    from kiosk.recording import stills

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(stills, "save_jpeg", disk_full)
    with pytest.raises(KioskError) as caught:
        import_clip(clip(clips.VFR_PHONE), TEST_SETTINGS, start_s=0, seconds=10)
    assert caught.value.exit_code == 1 and "No space left" in caught.value.en
    assert _ffmpeg_children(psutil.Process()) == []
    assert _staged(kiosk_home) == [] and list_takes() == []
