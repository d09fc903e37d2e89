"""One regression test per snag found walking the day as a new user (issue 9), offscreen.

The ones that need a real X server (keyboard focus after the PIN dialog) are in test_ui_xvfb.py.
"""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication
from ui_fakes import FakeStudio, run_clock

from kiosk import config, language
from kiosk.config import Settings
from kiosk.outbox.credentials import PasswordStore
from kiosk.recording.take import list_takes
from kiosk.ui.app import create_kiosk
from kiosk.ui.overlay import TITLE_SAFE, GuideLayer, GuideState, centred, seconds_left, whole_seconds
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.screens.mail_settings import MailSettingsWidget
from kiosk.ui.take_controller import StudioPhase


def advance(qtbot, clock, window, seconds: float) -> None:
    run_clock(qtbot, clock, window.context.takes, seconds)


def record_until(qtbot, clock, window, seconds: float) -> None:
    takes = window.context.takes
    qtbot.waitUntil(lambda: takes.studio is not None)
    window.live.primary_action()
    advance(qtbot, clock, window, 3.0 + seconds)
    assert takes.state is StudioPhase.RECORDING


# --- the app opens on Preflight ---------------------------------------------------------------------


def test_the_app_opens_on_preflight_and_runs_the_checks(qtbot, open_window):
    window = open_window(start_screen="preflight")
    assert window.current_name == "preflight"
    assert window.nav_buttons["preflight"].isChecked()
    assert window.preflight.controller.running or window.preflight._waiting_for_session or window.preflight.report
    with qtbot.waitSignal(window.preflight.finished, timeout=60000):
        pass
    qtbot.mouseClick(window.preflight.continue_button, Qt.MouseButton.LeftButton)
    assert window.current_name == "live"


# --- the REC light and the progress bar count alike --------------------------------------------------


@pytest.mark.parametrize("elapsed", [0.0, 0.4, 3.2, 3.999, 9.5, 11.8, 14.99, 15.0])
def test_elapsed_and_left_always_add_up_to_the_take(elapsed):
    assert whole_seconds(elapsed) + seconds_left(15.0 - elapsed) == 15


def test_rec_light_and_progress_bar_show_the_same_second(qtbot, open_window, clock):
    window = open_window()
    record_until(qtbot, clock, window, 3.8)
    state = window.live.preview.state
    assert window.live.progress.text().startswith(f"{whole_seconds(state.elapsed_s)} s")
    assert whole_seconds(state.elapsed_s) == 3 and seconds_left(state.remaining_s) == 12


# --- the preview keeps its size ------------------------------------------------------------------------


def test_the_short_stop_question_does_not_shrink_the_preview(qtbot, open_window, clock):
    window = open_window()
    record_until(qtbot, clock, window, 5.0)
    before = window.live.preview.geometry()
    window.live.primary_action()  # Space at 5 s: "stop this short take?"
    assert window.live.confirm.kind == "stop-short" and window.live.confirm.isVisible()
    qtbot.wait(20)
    assert window.live.preview.geometry() == before
    assert window.live.preview.rect().contains(window.live.confirm.geometry())


def _guide(size: tuple[int, int], recording: bool) -> QImage:
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.black)
    painter = QPainter(image)
    state = GuideState(pledge="高雄市響應國際志工年 IVY 2026", recording=recording,
                       elapsed_s=11.2 if recording else None, remaining_s=3.8 if recording else None)
    GuideLayer().paint(painter, QRectF(0, 0, *size), state, 1.0)
    painter.end()
    return image


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_rec_badge_leaves_the_guide_corner_visible(qtbot, size):
    idle, recording = _guide(size, False), _guide(size, True)
    title = centred(QRectF(0, 0, *size), TITLE_SAFE).toRect()
    corner = [QPoint(title.right() - dx, title.top()) for dx in range(0, 60)]
    corner += [QPoint(title.right(), title.top() + dy) for dy in range(0, 60)]
    assert [p for p in corner if idle.pixel(p) != recording.pixel(p)] == []
    assert idle != recording  # the badge was drawn at all


# --- Settings: the wheel scrolls; the account works without a keyring --------------------------------


def _wheel(widget, up: bool = True) -> QWheelEvent:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 if up else -120), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event


def test_the_wheel_never_changes_a_settings_field(qtbot, open_window):
    """The wheel over a field is passed on (ignored), so the form scrolls: a real wheel under X in
    test_ui_xvfb.py shows the scrolling; Qt does not pass a synthesised wheel event on."""
    window = open_window()
    window._show("settings")
    mail = window.settings_screen.mail_widget
    mail.port.setValue(2525)
    for field in (mail.port, window.settings_screen.retention, window.settings_screen.turn_at):
        value = field.value()
        field.setFocus()  # even with the keyboard focus on it
        assert not _wheel(field).isAccepted()
        assert field.value() == value
    for combo in (window.settings_screen.county, mail.security, window.settings_screen.language):
        index = combo.currentIndex()
        assert not _wheel(combo, up=False).isAccepted()
        assert combo.currentIndex() == index
    assert mail.port.value() == 2525


class NoKeyring:
    """What keyring gives on a computer without a password store: every call fails."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("No recommended backend was available")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("No recommended backend was available")


def test_without_a_keyring_the_account_is_finished_with_an_environment_variable(qtbot, kiosk_home, monkeypatch):
    from kiosk.ui.screens.settings import DeviceChoices, SettingsScreen

    path = kiosk_home / "config.toml"
    screen = SettingsScreen(Settings(), config_path=path, device_lister=DeviceChoices,
                            passwords=PasswordStore(backend=NoKeyring()))
    qtbot.addWidget(screen)
    mail = screen.mail_widget
    mail.host.setText("smtp.example.org")
    mail.username.setText("ivy@example.org")
    mail._describe_password()
    note = mail.password_note.text()
    assert "No safe password store" in note and "environment variable" in note
    assert "keyring" not in note.lower() and "Error" not in note  # plain words, no Python class
    mail.password.setText("typed 2026")
    assert not screen.save()  # Save must not drop the typed password silently
    assert "cannot be saved" in screen.error_label.text() and not path.exists()
    mail.password.clear()
    mail.password_env.setText("IVY_SMTP_PASSWORD")
    assert screen.save()
    saved = config.load(path)
    assert saved.delivery.smtp.password_env == "IVY_SMTP_PASSWORD"
    mail._describe_password()
    assert "IVY_SMTP_PASSWORD" in mail.password_note.text()


def test_the_encryption_choice_does_not_name_a_port(qtbot):
    widget = MailSettingsWidget(Settings(), PasswordStore(backend=NoKeyring()))
    qtbot.addWidget(widget)
    widget.port.setValue(2525)
    assert [widget.security.itemText(i) for i in range(widget.security.count())] == ["TLS", "STARTTLS"]
    assert "465" in widget.security_note.text() and "587" in widget.security_note.text()


# --- Consent: the form keeps its width, in English at 1366×768 too --------------------------------------


def test_english_consent_at_1366_has_no_sideways_scrolling_and_the_status_fits(qtbot, open_window):
    window = open_window(size=(1366, 768))
    window._show("consent")
    qtbot.wait(20)
    scroll = window.consent.form_page
    assert not scroll.horizontalScrollBar().isVisible()
    assert scroll.widget().width() <= scroll.viewport().width()
    status = window.consent.status
    assert status.heightForWidth(status.width()) <= status.height() + 1


def test_the_pdf_preview_does_not_narrow_the_form_and_shows_it_is_working(qtbot, settings):
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    screen.resize(1366, 700)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.wait(20)
    width = screen.fields["name"].width()
    with qtbot.waitSignal(screen.preview_ready, timeout=60000):
        screen.request_preview()
        assert screen.preview_busy.isVisible()  # at once: a sign that something is happening
        assert "Preparing" in screen.preview_heading.text()
    assert not screen.preview_busy.isVisible()
    screen.show_form()
    qtbot.wait(10)
    assert screen.fields["name"].width() == width


def test_items_still_needed_are_joined_the_languages_way(qtbot, settings):
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    screen.confirm()
    assert "; " in screen.status.text()


# --- Review after a restart or a quick look elsewhere ---------------------------------------------------


def test_review_after_a_restart_shows_the_newest_take_with_its_picture(qtbot, open_window, make_take):
    make_take(kept=True), make_take()
    newest = list_takes()[0]
    window = open_window()  # a fresh start: nothing shown yet
    window.go("review")
    assert window.review.take is not None and window.review.take.dir == newest.dir
    assert window.review.video._poster is not None  # the first photo, not a black box
    assert "No take yet" not in window.review.status_label.text()
    assert window.review.take_list.count() == 2


def test_leaving_review_within_50_ms_of_a_take_twenty_times(qtbot, open_window, make_take):
    """Clearing a source still loading crashed or hung Qt's FFmpeg back-end: the clear now waits."""
    window = open_window()
    takes = [make_take() for _ in range(3)]
    rng = random.Random(9)
    for round_number in range(20):
        window._on_take_finished(takes[round_number % 3])
        qtbot.wait(rng.randint(0, 50))
        window.review.retake()  # R: back to Live, letting go of the file
        assert window.current_name == "live"
    qtbot.waitUntil(lambda: not window.review.video.loading, timeout=15000)
    assert window.review.video.player.source().isEmpty()


# --- clicks right after a stop, stale notices, Back after the PIN --------------------------------------


def test_other_screens_can_be_opened_while_the_take_is_finishing(qtbot, open_window, clock, studio):
    window = open_window()
    record_until(qtbot, clock, window, 11.0)
    recorder = studio.recorders[0]
    recorder.may_finish.clear()  # the files are still being written after the stop
    assert window.context.takes.request_stop()
    assert window.context.takes.state is StudioPhase.STOPPING
    assert window.go("outbox") is True
    assert window.current_name == "outbox"
    assert not window.exit_button.isEnabled()  # but no exit while the files are written
    with qtbot.waitSignal(window.context.takes.take_finished, timeout=5000):
        recorder.may_finish.set()
    assert window.current_name == "outbox"  # not pulled away: a notice says where the take is
    assert "Review" in window.notice_label.text()


def test_finish_the_take_first_goes_away_with_the_take(qtbot, open_window, clock):
    window = open_window()
    record_until(qtbot, clock, window, 11.0)
    window.go("review")
    assert "Finish the take first" in window.notice_label.text()
    with qtbot.waitSignal(window.context.takes.take_finished, timeout=5000):
        window.context.takes.request_stop()
    assert "Finish the take first" not in window.notice_label.text()


def test_back_from_help_never_asks_for_the_pin(qtbot, open_window):
    window = open_window()
    window.go("help")
    window.go("settings")
    window.pin_dialog.pin_edit.setText(window.context.settings.kiosk.pin)
    window.pin_dialog._check()
    assert window.current_name == "settings"
    window.settings_screen.cancel()
    assert window.current_name == "help"
    window.help.go_back()
    assert window.pin_dialog is None
    assert window.current_name == "live"


# --- wording -----------------------------------------------------------------------------------------------


def test_photo_slots_say_which_key_picks_them(qtbot, open_window):
    window = open_window()
    assert window.review.slot_buttons[0].text() == "Photo 1 · key 1"


def test_the_takes_list_is_titled_takes_and_marks_each_take(qtbot, open_window, make_take):
    kept, unjudged = make_take(kept=True), make_take()
    window = open_window()
    window.go("review")
    review = window.review
    assert review.list_title.text() == "Takes"
    texts = {review.take_list.item(i).data(Qt.ItemDataRole.UserRole): review.take_list.item(i).text()
             for i in range(review.take_list.count())}
    assert "kept" in texts[str(kept.dir)] and "not kept yet" in texts[str(unjudged.dir)]
    review.show_take(review._listed[0])
    review.set_aside()  # tidying: off the list, not deleted
    assert review.take_list.count() == 1 and unjudged.dir.is_dir()
    review.show_all.setChecked(True)
    assert review.take_list.count() == 2


# --- the language is kept across a restart -------------------------------------------------------------


def test_the_language_chosen_with_f2_is_there_after_a_restart(qtbot, kiosk_home, clock, studio, monkeypatch):
    monkeypatch.delenv("IVY_KIOSK_LANG")
    windows = []
    try:
        for expected in ("zh-TW", "en"):
            window = create_kiosk(demo=True, windowed=True, clock=clock, opener=lambda c, m, s: studio,
                                  with_outbox=False, start_screen="live")
            windows.append(window)
            assert window.context.languages.language == expected
            window.toggle_language()  # F2
    finally:
        for window in windows:
            window.context.languages.release()
            window.exit_unlocked = True
            window.close()
            window.deleteLater()
    assert config.load(kiosk_home / "config.toml").kiosk.language == "zh-TW"
    assert language.current() == language.from_environment() or language.current() == "zh-TW"


def test_a_broken_config_is_not_overwritten_by_the_language_choice(qtbot, kiosk_home, clock, studio):
    path = kiosk_home / "config.toml"
    path.write_text("[event]\ncounty = \n", encoding="utf-8")
    window = create_kiosk(demo=True, windowed=True, clock=clock, opener=lambda c, m, s: FakeStudio(clock, None),
                          with_outbox=False, start_screen="live")
    try:
        window.toggle_language()
        assert path.read_text(encoding="utf-8") == "[event]\ncounty = \n"
    finally:
        window.context.languages.release()
        window.exit_unlocked = True
        window.close()
        window.deleteLater()


# --- waits show that something is happening ----------------------------------------------------------------


def test_opening_the_camera_counts_the_seconds(qtbot, open_window, clock, studio):
    import threading
    import time

    release = threading.Event()

    def slow_opener(camera, mic, settings):
        release.wait(10)  # a camera that takes its time after a restart
        return studio

    window = open_window(opener=slow_opener)
    try:
        assert window.context.session.busy
        window.context.session.opening_since = time.monotonic() - 3.2  # as if it began 3 s ago
        window.live._refresh_source()
        assert window.live.preview.status_text == "Starting the demo camera… 3 s"
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.context.takes.studio is not None, timeout=5000)
