"""Crash recovery at start (waiting for takes still being finished), and the kiosk's file picker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kiosk import drives
from kiosk.ui.file_picker import VIDEO_AND_PHOTO_SUFFIXES, FilePicker, PickerMode
from kiosk.ui.studio_session import Recovery


def entry(take: str, state: str) -> dict:
    return {"take": take, "dir": f"/takes/{take}", "state": state, "duration_s": 12.0, "error": None}


def test_recovery_runs_again_while_a_take_is_still_being_finished(qtbot):
    runs = [[entry("a", "salvaged"), entry("b", "pending")], [entry("b", "pending")], [entry("b", "salvaged")]]
    recovery = Recovery(recover_all=lambda: runs.pop(0), retry_ms=10, give_up_s=60)
    progress: list[list] = []
    recovery.progress.connect(progress.append)
    with qtbot.waitSignal(recovery.finished, timeout=10000) as done:
        assert recovery.start()
    assert recovery.runs == 3 and runs == []
    assert sorted((e["take"], e["state"]) for e in done.args[0]) == [("a", "salvaged"), ("b", "salvaged")]
    assert len(progress) == 2  # said after each run that left a take pending


def test_recovery_stops_waiting_after_its_limit_and_reports_the_pending_take(qtbot):
    recovery = Recovery(recover_all=lambda: [entry("b", "pending")], retry_ms=10, give_up_s=0.05)
    with qtbot.waitSignal(recovery.finished, timeout=10000) as done:
        recovery.start()
    assert [e["state"] for e in done.args[0]] == ["pending"]
    assert 1 <= recovery.runs <= 10


def test_a_take_finished_by_its_encoder_meanwhile_is_not_reported(qtbot):
    runs = [[entry("b", "pending")], []]
    recovery = Recovery(recover_all=lambda: runs.pop(0), retry_ms=10)
    with qtbot.waitSignal(recovery.finished, timeout=10000) as done:
        recovery.start()
    assert done.args[0] == []


def test_the_window_says_a_pending_take_is_still_being_written(qtbot, open_window):
    window = open_window()
    window.report_recovery([entry("b", "pending")])
    assert "still being written" in window.notice_label.text()


# --- drives and the picker -------------------------------------------------------------------------------


def test_removable_drives_are_found_under_the_mount_roots_and_come_first(tmp_path, monkeypatch):
    media = tmp_path / "media"
    (media / "ivy" / "KINGSTON").mkdir(parents=True)
    (media / "not-mounted").mkdir()
    monkeypatch.setattr(drives.os.path, "ismount", lambda p: Path(p).name == "KINGSTON")
    found = drives.removable_drives("linux", linux_roots=(media,))
    assert [(p.label, p.removable) for p in found] == [("KINGSTON", True)]
    home = tmp_path / "home"
    (home / "Desktop").mkdir(parents=True)
    places = drives.places(home, drives=found)
    assert [p.label for p in places] == ["KINGSTON", "home", "Desktop"]
    assert drives.removable_drives("darwin", mac_volumes=tmp_path / "no-volumes") == []


def test_the_picker_lists_usb_drives_first_and_chooses_a_folder(qtbot, tmp_path, monkeypatch):
    usb = tmp_path / "USB 隨身碟"
    (usb / "IVY").mkdir(parents=True)
    monkeypatch.setattr(drives, "removable_drives", lambda: [drives.Place(usb, "USB 隨身碟", True, 8_000_000_000)])
    picker = FilePicker(home=tmp_path / "home", title="Export")
    qtbot.addWidget(picker)
    picker.open()
    qtbot.waitExposed(picker)
    assert picker.places_list.item(0).text() == "USB drive or card: USB 隨身碟 · 8.0 GB free"
    assert picker.folder == usb  # it opens on the first USB drive
    with qtbot.waitSignal(picker.chosen) as chosen:
        qtbot.keyClick(picker.entries, Qt.Key.Key_Return)  # opens IVY
        assert picker.folder == usb / "IVY"
        qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)
    assert chosen.args == [usb / "IVY"]


def test_the_picker_in_file_mode_shows_only_video_and_photo_files(qtbot, tmp_path):
    folder = tmp_path / "phone"
    folder.mkdir()
    for name in ("clip.MP4", "photo.jpg", "notes.txt", ".hidden.mp4"):
        (folder / name).write_bytes(b"x")
    picker = FilePicker(mode=PickerMode.FILE, suffixes=VIDEO_AND_PHOTO_SUFFIXES, start=folder)
    qtbot.addWidget(picker)
    names = [picker.entries.item(i).text() for i in range(picker.entries.count())]
    assert names == ["clip.MP4", "photo.jpg"]
    assert picker.selected_path() == folder / "clip.MP4"


def test_enter_opens_a_folder_and_the_picker_stays_open(qtbot, tmp_path):
    """The hint says "Open a folder with Enter": Enter must not also press the dialog's Cancel button."""
    folder = tmp_path / "手機 影片"
    folder.mkdir()
    (folder / "IMG_1001.MOV").write_bytes(b"x")
    picker = FilePicker(mode=PickerMode.FILE, suffixes=VIDEO_AND_PHOTO_SUFFIXES, start=tmp_path)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    picked: list[Path] = []
    picker.chosen.connect(picked.append)
    picker.entries.setFocus()
    qtbot.keyClick(picker.entries, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.folder == folder
    qtbot.keyClick(picker.entries, Qt.Key.Key_Return)  # Enter on the file chooses it
    assert picked == [folder / "IMG_1001.MOV"]
