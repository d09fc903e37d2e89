"""The review screen: playback, the three photos and their candidates, Keep / Retake, sending."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiosk.recording.take import Take
from kiosk.ui.screens.review import ReviewScreen


@pytest.fixture
def review(qtbot) -> ReviewScreen:
    screen = ReviewScreen()
    qtbot.addWidget(screen)
    screen.resize(1200, 680)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    screen.video.release()


def key(qtbot, screen, k, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(screen.focusWidget() or screen, k, modifier)


def test_the_take_plays_back_with_sound_and_shows_its_photos(qtbot, review, make_take):
    take = make_take()
    review.show_take(take)
    qtbot.waitUntil(lambda: review.video.frames_shown > 0, timeout=10000)
    assert review.video.player.hasAudio()
    assert all(not button.icon().isNull() for button in review.slot_buttons)
    assert review.candidates.count() == len(take.candidate_paths) == 8
    assert "15.0 s" in review.info_label.text() and "with sound" in review.info_label.text()
    assert review.keep_button.isEnabled() and not review.send_button.isEnabled()


def test_letting_go_of_the_take_gives_the_decoders_memory_back(qtbot, review, make_take, monkeypatch):
    """The decoder's freed frames go back to the system once the player has closed the file (not
    before: then they are still in use), so Live does not hold ~30 MB of a finished playback."""
    from kiosk import memory

    source_empty_at_trim: list[bool] = []
    monkeypatch.setattr(memory, "give_back_freed",
                        lambda: source_empty_at_trim.append(review.video.player.source().isEmpty()) or True)
    review.show_take(make_take())
    qtbot.waitUntil(lambda: review.video.frames_shown > 0, timeout=10000)
    assert source_empty_at_trim == []
    review.video.release()
    qtbot.waitUntil(lambda: source_empty_at_trim != [], timeout=5000)
    assert source_empty_at_trim == [True]


def test_a_candidate_replaces_the_selected_photo(qtbot, review, make_take):
    take = make_take()
    review.show_take(take)
    key(qtbot, review, Qt.Key.Key_2)
    assert review.selected_slot == 1
    before = take.still_paths[1].read_bytes()
    replacement = review.candidates.item(5)
    expected = (take.dir / "candidates" / replacement.data(Qt.ItemDataRole.UserRole)).read_bytes()
    review.candidates.setCurrentItem(replacement)
    review.candidates.setFocus()
    key(qtbot, review.candidates, Qt.Key.Key_Return)
    after = Take.load(take.dir).still_paths[1].read_bytes()
    assert after != before
    assert after == expected


def test_keep_lists_the_take_and_enables_sending(qtbot, review, make_take):
    take = make_take()
    review.show_take(take)
    with qtbot.waitSignal(review.take_kept, timeout=1000):
        key(qtbot, review, Qt.Key.Key_K)
    assert Take.load(take.dir).kept is True
    assert review.take_list.count() == 1
    assert review.take_list.currentRow() == 0
    assert "Record another" in review.retake_button.text()
    with qtbot.waitSignal(review.send_requested, timeout=1000) as sent:
        key(qtbot, review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sent.args[0].dir == take.dir


def test_retake_marks_the_take_not_kept_but_never_deletes_it(qtbot, review, make_take):
    take = make_take()
    review.show_take(take)
    with qtbot.waitSignal(review.retake_requested, timeout=1000):
        key(qtbot, review, Qt.Key.Key_R)
    assert Take.load(take.dir).kept is False
    assert take.video_path.is_file()


def test_one_of_several_kept_takes_is_chosen_for_sending(qtbot, review, make_take):
    first, second = make_take(kept=True), make_take(duration=8.0, kept=True)
    make_take(kept=False)
    review.refresh_list()
    assert review.take_list.count() == 2
    texts = [review.take_list.item(i).text() for i in range(2)]
    assert any("short" in t for t in texts)
    row = next(i for i in range(2) if review.take_list.item(i).data(Qt.ItemDataRole.UserRole) == str(first.dir))
    review.take_list.setCurrentRow(row)
    assert review.take.dir == first.dir
    with qtbot.waitSignal(review.send_requested, timeout=1000) as sent:
        qtbot.mouseClick(review.send_button, Qt.MouseButton.LeftButton)
    assert sent.args[0].dir == first.dir
    assert second.dir != first.dir


def test_a_short_take_is_flagged(qtbot, review, make_take):
    review.show_take(make_take(duration=7.5))
    assert "Short take" in review.info_label.text()
    assert "7.5 s" in review.info_label.text()


def test_without_a_take_the_screen_says_what_to_do(qtbot, review):
    review.show_take(None)
    assert "No take yet" in review.status_label.text()
    assert not review.keep_button.isEnabled()
    assert not review.send_button.isEnabled()


def test_a_finished_take_nobody_judged_is_still_listed(qtbot, review, make_take):
    unjudged = make_take()  # finished ("done"), neither Keep nor Retake pressed
    kept = make_take(kept=True)
    make_take(kept=False)
    review.refresh_list()
    shown = {review.take_list.item(i).data(Qt.ItemDataRole.UserRole): review.take_list.item(i).text()
             for i in range(review.take_list.count())}
    assert set(shown) == {str(unjudged.dir), str(kept.dir)}
    assert "not kept yet" in shown[str(unjudged.dir)]
    assert "not kept yet" not in shown[str(kept.dir)]
