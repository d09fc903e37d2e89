"""The Import screen and Review's 「Add photos」, walked through the real window as an operator would:
controls found by their accessible names, pressed with keys and clicks; the real import core, the
real ffmpeg, clips made by ``tests/importing/import_clips.py`` (cached by recipe, shared with the
import tests), the real package builder and outbox.

Leaving the Import screen mid-conversion does NOT stop it: the conversion goes on, the take appears
on Review and the window says so (tested below); the kiosk refuses to exit meanwhile.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_ui_walk import by_name, click, consent_and_confirm, send_and_reach_the_outbox
from ui_fakes import stage_picture

from kiosk import drives
from kiosk.config import RecordingSettings, Settings
from kiosk.importing import ImportCancelled
from kiosk.recording.take import CANDIDATES_DIR, Take, list_takes
from kiosk.ui.screens.import_clip import Phase
from kiosk.ui.trim_bar import MAX_FRAMES, MIN_FRAMES, Part

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "importing"))
import import_clips as clips  # tests/importing/import_clips.py: the import tests' clip recipes

WAIT_MS = 60_000  # ceilings for ffmpeg on a busy machine, never measured times
# Short clips, cheap to make: the badges need no length, the walks 10–16 s of 1080p H.264.
PHONE_16S = clips.Clip("ui-phone-16s", size=(1920, 1080), fps=30, seconds=16.0, container="mp4")
HLG_4K_SHORT = clips.Clip("ui-iphone-hlg-4k-1s", size=(3840, 2160), fps=30, seconds=1.0, video="hevc", hdr="hlg",
                          spatial_audio=True)
VFR_MUTE_SHORT = clips.Clip("ui-vfr-mute-2s", fps=30, seconds=2.0, jitter_ms=9.0, sound=False, container="mp4")
PORTRAIT = clips.PORTRAIT_50  # 1080×1920 as shown (a display-matrix rotation), 10.4 s


@pytest.fixture
def settings() -> Settings:
    """The window's settings: x264 ultrafast keeps the suite's CPU down (the preset choice is the core's)."""
    return Settings(recording=RecordingSettings(encoder="libx264", preset="ultrafast"))


@pytest.fixture(scope="session")
def clip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[[clips.Clip], Path]:
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("import-clips") if cache is not None else tmp_path_factory.mktemp("clips")
    return lambda recipe: clips.make_clip(recipe, folder)


@pytest.fixture
def usb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A USB stick (a folder with a Chinese name and a space), the only removable drive."""
    stick = tmp_path / "隨身碟 USB"
    stick.mkdir()
    monkeypatch.setattr(drives, "removable_drives", lambda: [drives.Place(stick, "USB", True, 16_000_000_000)])
    return stick


@pytest.fixture
def photos(usb: Path) -> dict[str, Path]:
    """Camera photos on the stick: three good 1920×1080 JPEGs and one too small."""
    folder = usb / "DCIM 相片"
    folder.mkdir()
    made = {}
    for index in range(3):
        made[f"good{index}"] = folder / f"DSC_010{index}.jpg"
        assert cv2.imwrite(str(made[f"good{index}"]), stage_picture(60 + index * 50))
    made["small"] = folder / "thumbnail 小.jpg"
    assert cv2.imwrite(str(made["small"]), cv2.resize(stage_picture(200), (800, 450)))
    return made


@pytest.fixture
def kiosk(open_window, qtbot) -> Iterator[Callable[..., object]]:
    """The real kiosk window on Live; afterwards no conversion is left running (the window would refuse
    to close) and Review's player has finished opening its file (clearing a loading one races Qt's back-end)."""
    windows = []

    def build(language: str = "en"):
        window = open_window(language=language)
        windows.append(window)
        return window

    yield build
    for window in windows:
        screen = window.import_screen
        if screen.converting:
            screen.cancel_conversion()
            qtbot.waitUntil(lambda s=screen: not s.converting, timeout=WAIT_MS)
        qtbot.waitUntil(lambda w=window: not w.review.video.loading, timeout=20000)


def on_stick(usb: Path, recipe_path: Path, name: str = "IMG_0042 手機.MOV") -> Path:
    target = usb / name
    shutil.copyfile(recipe_path, target)
    return target


def pick_in_picker(qtbot, window, path: Path, choose: str = "Choose this file") -> None:
    """In the open kiosk picker: the USB drive is shown first; walk down to ``path`` and choose it."""
    picker = window.import_screen.picker
    assert picker is not None and picker.isVisible()
    if picker.folder != path.parent:
        picker.show_folder(path.parent)
    entries = picker.entries
    names = [entries.item(row).text() for row in range(entries.count())]
    assert path.name in names, names
    entries.setFocus()
    while entries.currentItem().text() != path.name:
        qtbot.keyClick(entries, Qt.Key.Key_Down)
    click(qtbot, window, choose)


def open_clip(qtbot, window, usb: Path, path: Path) -> None:
    """Ctrl+I to the Import screen, 「Choose a clip」, the file on the stick; wait for the probe."""
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.current_name == "import"
    click(qtbot, window, "Choose a clip")
    picker = window.import_screen.picker
    assert picker is not None and picker.folder == usb  # removable drives first
    pick_in_picker(qtbot, window, path)
    screen = window.import_screen
    assert screen.phase in (Phase.PROBING, Phase.READY, Phase.EMPTY)
    qtbot.waitUntil(lambda: screen.phase is not Phase.PROBING, timeout=WAIT_MS)


def badges(window) -> list[str]:
    return [label.text() for label in window.import_screen.badge_labels]


def wait_for_preview(qtbot, screen, fill: bool = False) -> np.ndarray:
    qtbot.waitUntil(lambda: screen._preview_at == (screen.trim_bar.start_s, fill)
                    and not screen.importer.previewing, timeout=WAIT_MS)
    image = screen.still.image
    assert image is not None and (image.width(), image.height()) == (960, 540)
    return np.array([[image.pixelColor(x, y).value() for x in range(0, 960, 40)] for y in range(0, 540, 40)])


def convert(qtbot, window) -> Take:
    screen = window.import_screen
    with qtbot.waitSignal(screen.take_imported, timeout=WAIT_MS) as imported:
        click(qtbot, window, "Convert to a take")
        assert screen.converting
        assert by_name(window, "Cancel the conversion").isEnabled()
    return imported.args[0]


def press_bar(qtbot, bar, key: Qt.Key, times: int = 1, shift: bool = False) -> None:
    modifier = Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier
    for _ in range(times):
        qtbot.keyClick(bar, key, modifier)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the whole way: pick → probe → badges → trim → preview → convert → Review → consent → queued ---------------


def test_a_phone_clip_is_imported_trimmed_kept_consented_and_queued(qtbot, kiosk, clip, usb):
    window = kiosk()
    path = on_stick(usb, clip(PHONE_16S))
    open_clip(qtbot, window, usb, path)
    screen, bar = window.import_screen, window.import_screen.trim_bar
    assert screen.phase is Phase.READY, screen.status.text()
    assert badges(window) == ["H.264", "1920×1080 · 30 fps", "16.0 s long"]
    assert bar.hasFocus()  # the arrows work at once
    assert (bar.start_s, bar.frames) == (0.0, MAX_FRAMES)  # the first 15 s

    # the bar refuses more than 15 s and less than 10 s, and says why
    press_bar(qtbot, bar, Qt.Key.Key_Down)  # the end moves now
    assert bar.part is Part.END
    press_bar(qtbot, bar, Qt.Key.Key_Right)
    assert bar.frames == MAX_FRAMES
    assert "at most 15 s" in screen.status.text()
    press_bar(qtbot, bar, Qt.Key.Key_Left, times=6, shift=True)
    assert bar.frames == MIN_FRAMES
    assert "at least 10 s" in screen.status.text()
    press_bar(qtbot, bar, Qt.Key.Key_Right, times=3)  # one frame of the take each
    assert bar.frames == MIN_FRAMES + 3
    press_bar(qtbot, bar, Qt.Key.Key_Up)  # the start
    press_bar(qtbot, bar, Qt.Key.Key_Right, shift=True)
    assert bar.frames == MIN_FRAMES and "at least 10 s" in screen.status.text()
    # the whole span, by the mouse: dragged two seconds later
    x0 = round(bar.x_of(bar.start_s + 3.0))
    QTest.mousePress(bar, Qt.MouseButton.LeftButton, pos=QPoint(x0, bar.height() // 2))
    QTest.mouseMove(bar, QPoint(round(bar.x_of(bar.start_s + 5.0)), bar.height() // 2))
    QTest.mouseRelease(bar, Qt.MouseButton.LeftButton, pos=QPoint(round(bar.x_of(bar.start_s + 5.0)),
                                                                      bar.height() // 2))
    assert bar.part is Part.SPAN and bar.frames == MIN_FRAMES
    # and back by the keyboard to exactly 2 s, frame by frame
    press_bar(qtbot, bar, Qt.Key.Key_Home)
    assert bar.start_s == 0.0
    press_bar(qtbot, bar, Qt.Key.Key_Right, times=60)
    assert bar.start_s == pytest.approx(2.0, abs=1e-6) and bar.seconds == pytest.approx(10.0)
    assert "From 0:02.00 to 0:12.00 · 10.00 s" in screen.readout.text()

    # the tone-mapped preview at the in point, the thumbnails and the waveform
    wait_for_preview(qtbot, screen)
    qtbot.waitUntil(lambda: screen.importer.thumbnails_missing == 0, timeout=WAIT_MS)
    assert all(image is not None and not image.isNull() for image in bar.thumbnails)
    qtbot.waitUntil(lambda: len(bar.peaks) > 0, timeout=WAIT_MS)
    assert bar.peaks.max() > 0.3  # the beeps

    take = convert(qtbot, window)
    assert window.current_name == "review"
    assert window.review.take.dir == take.dir
    assert take.duration_s == pytest.approx(10.0) and take.meta["source_start_s"] == pytest.approx(2.0, abs=0.01)
    assert take.meta["source"] == str(path)
    assert len(take.still_paths) == 3
    qtbot.waitUntil(lambda: window.review.video.frames_shown > 0, timeout=10000)
    assert screen.phase is Phase.EMPTY and "became a take" in screen.status.text()

    qtbot.keyClick(window, Qt.Key.Key_K)  # Keep, like any take
    assert Take.load(take.dir).kept is True
    click(qtbot, window, "Screen: Consent")
    assert window.context.flow.take.dir == take.dir
    consent_and_confirm(qtbot, window)
    package_id = send_and_reach_the_outbox(qtbot, window)
    assert window.context.flow.package is None and window.context.flow.last_queued == package_id


def test_badges_say_what_was_found_and_a_too_short_clip_is_refused_in_words(qtbot, kiosk, clip, usb):
    window = kiosk()
    open_clip(qtbot, window, usb, on_stick(usb, clip(HLG_4K_SHORT), "IMG_4K.MOV"))
    screen = window.import_screen
    assert badges(window) == ["4K", "HDR HLG", "Extra track ignored", "HEVC (H.265)", "3840×2160 · 30 fps",
                              "1.0 s long"]
    assert "too short" in screen.refusal_label.text() and screen.refusal_label.isVisible()
    assert not by_name(window, "Convert to a take").isEnabled()
    assert not screen.trim_bar.isEnabled()

    vfr = on_stick(usb, clip(VFR_MUTE_SHORT), "VID_VFR.mp4")
    click(qtbot, window, "Choose a clip")
    pick_in_picker(qtbot, window, vfr)
    qtbot.waitUntil(lambda: screen.phase is not Phase.PROBING, timeout=WAIT_MS)
    assert badges(window)[:2] == ["Variable frame rate", "No sound"]

    window.toggle_language()  # F2: the badges and the reason in Chinese
    qtbot.waitUntil(lambda: screen.title.text() != "Import a clip from a phone or camera", timeout=5000)
    assert badges(window)[:2] == ["可變影格率", "沒有聲音"]
    assert "影片太短" in screen.refusal_label.text()

    not_a_video = on_stick(usb, Path(__file__), "壞掉 broken.mp4")
    click(qtbot, window, "選擇影片")
    pick_in_picker(qtbot, window, not_a_video, choose="選擇這個檔案")
    qtbot.waitUntil(lambda: screen.phase is not Phase.PROBING, timeout=WAIT_MS)
    assert screen.phase is Phase.EMPTY
    assert "這不是影片檔" in screen.status.text()


def test_a_portrait_clip_is_refused_with_its_reason_then_converted_with_blurred_sides(qtbot, kiosk, clip, usb, photos):
    window = kiosk()
    open_clip(qtbot, window, usb, on_stick(usb, clip(PORTRAIT), "IMG_PORTRAIT.MOV"))
    screen = window.import_screen
    assert "Portrait" in badges(window)
    assert "Portrait clip (1080×1920)" in screen.refusal_label.text()
    assert not by_name(window, "Convert to a take").isEnabled()
    bars = wait_for_preview(qtbot, screen, fill=False)
    assert bars[:, 0].max() < 20  # black bars at the sides

    qtbot.keyClick(window, Qt.Key.Key_F)  # the explicit choice
    assert by_name(window, "Fill the sides with a blurred copy").isChecked()
    assert "filled" in screen.refusal_label.text() and by_name(window, "Convert to a take").isEnabled()
    filled = wait_for_preview(qtbot, screen, fill=True)
    assert filled[:, 0].max() > 40  # the sides now show the picture, blurred
    take = convert(qtbot, window)
    assert take.meta["fill"] is True and (take.width, take.height) == (1920, 1080)
    qtbot.waitUntil(lambda: window.review.video.frames_shown > 0, timeout=10000)

    # photos added to the imported take, replacing its stills
    review = window.review
    qtbot.keyClick(window, Qt.Key.Key_A)
    picker = review.photo_adder.picker
    assert picker is not None and picker.folder == usb
    picker.show_folder(photos["good0"].parent)
    tick(qtbot, picker, photos["good0"], photos["good1"])
    click(qtbot, window, "Replace the take's photos")
    with qtbot.waitSignal(review.photo_adder.photos_added, timeout=WAIT_MS):
        click(qtbot, window, "Use the ticked photos")
    stills = Take.load(take.dir).meta["stills"]
    assert stills[:2] == ["photo-01.jpg", "photo-02.jpg"] and len(stills) == 3
    assert review.take.meta["stills"] == stills
    assert "first slots" in review.candidates_hint.text()


def tick(qtbot, picker, *paths: Path) -> None:
    """Space on each photo's row, as an operator ticks them."""
    picker.activateWindow()  # as a window manager does with a new dialog (offscreen has none)
    qtbot.waitUntil(picker.isActiveWindow, timeout=3000)
    entries = picker.entries
    entries.setFocus()
    for path in paths:
        row = next(r for r in range(entries.count()) if entries.item(r).text() == path.name)
        entries.setCurrentRow(row, entries.selectionModel().SelectionFlag.NoUpdate)
        qtbot.keyClick(entries, Qt.Key.Key_Space)
    assert sorted(p.name for p in picker.ticked()) == sorted(p.name for p in paths)


def test_photos_added_to_a_recorded_take_join_its_stills_and_swap_like_candidates(qtbot, kiosk, make_take, photos):
    take = make_take(kept=True)
    window = kiosk()
    window.go("review")
    review = window.review
    review.show_take(take)
    before = list(take.meta["stills"])

    click(qtbot, window, "Add photos to this take")
    picker = review.photo_adder.picker
    picker.show_folder(photos["small"].parent)
    tick(qtbot, picker, photos["small"], photos["good2"])
    with qtbot.waitSignal(review.photo_adder._job.failed, timeout=WAIT_MS):
        qtbot.keyClick(picker.entries, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "The photo is too small" in review.candidates_hint.text()
    assert "800×450" in review.candidates_hint.text() and "1280×720" in review.candidates_hint.text()
    assert Take.load(take.dir).meta["stills"] == before  # nothing written: every photo is checked first

    click(qtbot, window, "Add photos to this take")
    picker = review.photo_adder.picker
    picker.show_folder(photos["good0"].parent)
    tick(qtbot, picker, photos["good0"], photos["good1"])
    with qtbot.waitSignal(review.photo_adder.photos_added, timeout=WAIT_MS):
        click(qtbot, window, "Use the ticked photos")
    fresh = Take.load(take.dir)
    assert fresh.meta["stills"] == [*before, "photo-01.jpg", "photo-02.jpg"]
    assert window.context.flow.take.meta["stills"] == fresh.meta["stills"]  # the kept take, as it will be sent
    shown = [b for b in review.slot_buttons if b.isVisible()]
    assert [b.accessibleName() for b in shown] == [f"Photo slot {n}" for n in range(1, 6)]
    assert all(not b.icon().isNull() for b in shown)
    assert "keys 1–5" in review.candidates_hint.text() or "added after the others" in review.candidates_hint.text()

    # six photos at most: two more would make seven
    review.photo_adder.choose()
    picker = review.photo_adder.picker
    picker.show_folder(photos["good0"].parent)
    tick(qtbot, picker, photos["good1"], photos["good2"])
    click(qtbot, window, "Use the ticked photos")
    assert "at most 6 photos" in review.candidates_hint.text()
    assert Take.load(take.dir).meta["stills"] == fresh.meta["stills"]
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # the keyboard is the kiosk's again

    # the photo swaps like a candidate: into slot 2; and a candidate into its slot keeps the photo whole
    photo_candidate = fresh.dir / CANDIDATES_DIR / "photo-01.jpg"
    original = sha(photo_candidate)
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert review.selected_slot == 1
    strip = review.candidates
    row = next(r for r in range(strip.count()) if strip.item(r).data(Qt.ItemDataRole.UserRole) == "photo-01.jpg")
    strip.setCurrentRow(row)
    qtbot.keyClick(strip, Qt.Key.Key_Return)
    assert Take.load(take.dir).still_paths[1].read_bytes() == photo_candidate.read_bytes()
    assert Take.load(take.dir).meta["still_sources"][1] == "photo-01.jpg"
    qtbot.keyClick(window, Qt.Key.Key_4)
    assert review.selected_slot == 3
    strip.setCurrentRow(0)
    qtbot.keyClick(strip, Qt.Key.Key_Return)
    assert Take.load(take.dir).meta["still_sources"][3] == strip.item(0).data(Qt.ItemDataRole.UserRole)
    assert sha(photo_candidate) == original  # the photo's own file untouched


# --- cancelling, and leaving the screen ----------------------------------------------------------------------------


def test_cancel_mid_conversion_leaves_no_take(qtbot, kiosk, clip, usb, kiosk_home):
    window = kiosk()
    open_clip(qtbot, window, usb, on_stick(usb, clip(PHONE_16S)))
    screen = window.import_screen
    with qtbot.waitSignal(screen.importer.progress, timeout=WAIT_MS,
                          check_params_cb=lambda p: p.stage == "convert" and 0 < p.done_s < p.total_s):
        click(qtbot, window, "Convert to a take")
    assert screen.progress.isVisible() and screen.progress.maximum() > 0
    chip = by_name(window, "Import in progress: open the Import screen")  # on every screen, in the top bar
    assert chip.text().startswith("Importing") and chip.text().endswith("%")
    with qtbot.waitSignal(screen.importer.import_failed, timeout=WAIT_MS) as failed:
        qtbot.keyClick(window, Qt.Key.Key_Escape)
        assert "Cancelling" in screen.status.text()
    assert isinstance(failed.args[0], ImportCancelled)
    assert screen.phase is Phase.READY and "nothing was kept" in screen.status.text()
    assert list_takes() == []
    assert not any((kiosk_home / "importing").glob("*"))
    assert not window.import_chip.isVisible()
    assert by_name(window, "Convert to a take").isEnabled()  # the clip is still there, to convert again


def test_leaving_mid_conversion_lets_it_finish_and_the_take_reaches_review(qtbot, kiosk, clip, usb):
    window = kiosk()
    open_clip(qtbot, window, usb, on_stick(usb, clip(PHONE_16S)))
    screen = window.import_screen
    with qtbot.waitSignal(screen.importer.progress, timeout=WAIT_MS, check_params_cb=lambda p: p.stage == "convert"):
        click(qtbot, window, "Convert to a take")
    click(qtbot, window, "Screen: Live")
    assert window.current_name == "live" and screen.converting
    assert window.import_chip.isVisible()
    window.request_exit()  # no exit while a clip converts
    assert "being imported" in window.notice_label.text()
    with qtbot.waitSignal(screen.take_imported, timeout=WAIT_MS) as imported:
        pass
    assert window.current_name == "live"  # not pulled away from what the operator is doing
    assert not window.import_chip.isVisible()
    assert "ready on the Review screen" in window.notice_label.text()
    take = imported.args[0]
    assert take.duration_s == pytest.approx(15.0)
    click(qtbot, window, "Screen: Review")
    assert window.review.take.dir == take.dir
    assert any(t.dir == take.dir for t in window.review._listed)


# --- odd orders found walking the screens by hand -------------------------------------------------------------------


def test_an_import_finishing_while_review_shows_another_take_joins_the_list_without_swapping(qtbot, kiosk, make_take):
    working_on, imported = make_take(kept=True), make_take()
    window = kiosk()
    window.go("review")
    window.review.show_take(working_on)
    window.import_screen.take_imported.emit(imported)  # what the Import screen says when a conversion ends
    assert window.current_name == "review"
    assert window.review.take.dir == working_on.dir  # K or Add photos still mean the take on the screen
    assert any(t.dir == imported.dir for t in window.review._listed)
    assert "ready on the Review screen" in window.notice_label.text()


def test_photos_go_into_the_take_the_picker_was_opened_for(qtbot, kiosk, make_take, photos):
    first, second = make_take(kept=True), make_take(kept=True)
    window = kiosk()
    window.go("review")
    review = window.review
    review.show_take(first)
    click(qtbot, window, "Add photos to this take")
    picker = review.photo_adder.picker
    picker.show_folder(photos["good0"].parent)
    tick(qtbot, picker, photos["good0"])
    review.show_take(second, play=False)  # another take on Review meanwhile (a recording that just finished)
    with qtbot.waitSignal(review.photo_adder.photos_added, timeout=WAIT_MS) as added:
        click(qtbot, window, "Use the ticked photos")
    assert added.args[0].dir == first.dir
    assert Take.load(first.dir).meta["stills"][-1] == "photo-01.jpg"
    assert "photo-01.jpg" not in Take.load(second.dir).meta["stills"]
    assert review.take.dir == second.dir and "added" not in review.candidates_hint.text()
