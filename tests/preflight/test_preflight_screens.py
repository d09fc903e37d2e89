"""The preflight, settings and help screens as real widgets, offscreen (pytest-qt)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit

from kiosk import config, language, organiser
from kiosk.config import Settings
from kiosk.outbox.credentials import PasswordStore
from kiosk.preflight import GROUPS, PreflightOptions, run_preflight
from kiosk.ui import i18n, theme
from kiosk.ui.screens.help import HelpScreen
from kiosk.ui.screens.preflight import PreflightScreen
from kiosk.ui.screens.settings import DeviceChoices, SettingsScreen

ALL_NAMES = [name for _, names in GROUPS for name in names]
RUN_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True)
def kiosk_look(qapp):
    theme.apply(qapp)
    return qapp


@pytest.fixture
def languages(qapp, monkeypatch: pytest.MonkeyPatch):
    """A language manager; afterwards no translator is left installed and the language and the
    default locale are what they were (other tests' screens start from the app's default)."""
    locale = QLocale()
    manager = i18n.LanguageManager(qapp)
    yield manager
    manager.release()  # the translators it installed removed, the language the environment's again
    QLocale.setDefault(locale)
    manager.deleteLater()


@pytest.fixture
def chinese(languages):
    """The app switched to Traditional Chinese (every compiled .qm loaded)."""
    languages.switch(language.ZH_TW)
    return languages


@pytest.fixture
def english(languages):
    languages.switch(language.EN)
    return languages


def fast_settings() -> Settings:
    settings = Settings()
    settings.recording.encoder, settings.recording.preset = "libx264", "ultrafast"
    return settings


def fast(options: PreflightOptions) -> PreflightOptions:
    return dataclasses.replace(options, measure_s=0.5, encoder_seconds=0.5, encoder_min_factor=0.01)


def fast_runner(options: PreflightOptions, progress=None):
    return run_preflight(fast(options), progress)


def preflight_screen(qtbot, camera: str = "demo", mic: str = "demo", **kwargs) -> PreflightScreen:
    settings = fast_settings()
    screen = PreflightScreen(
        settings, options_factory=lambda: fast(PreflightOptions.from_settings(settings, camera=camera, mic=mic)),
        **kwargs,
    )
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    return screen


def big_controls_have_names(qtbot, widget) -> None:
    """SPEC §2: every control at least 48 px high as laid out on screen, with an accessible name."""
    with qtbot.waitExposed(widget):
        widget.show()
    kinds = (QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox)
    controls = [c for kind in kinds for c in widget.findChildren(kind) if not c.objectName().startswith("qt_")]
    assert controls
    for control in controls:
        if control.isVisibleTo(widget):
            assert control.height() >= theme.MIN_CONTROL_PX, (control, control.height())
            assert control.accessibleName(), control


# -- preflight -------------------------------------------------------------------------------------


def test_preflight_screen_shows_each_line_with_its_colour_and_fix(qtbot, english) -> None:
    screen = preflight_screen(qtbot)
    with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS) as finished:
        assert screen.run_checks()
        assert not screen.run_button.isEnabled()  # one run at a time
        assert all(row.status == "pending" for row in screen.rows.values())
        assert "Checking" in screen.summary.text()
    report = finished.args[0]
    assert list(screen.rows) == ALL_NAMES == [c.name for c in report.checks]
    camera, account = screen.rows["camera"], screen.rows["account"]
    assert camera.status == "ok" and camera.badge.text() == "OK" and theme.ACCENT in camera.badge.styleSheet()
    assert not camera.fix.isVisibleTo(camera)
    assert account.status == "warn" and account.badge.text() == "Note"
    assert theme.WARNING in account.badge.styleSheet()
    assert account.fix.isVisibleTo(account) and "Settings" in account.fix.text()
    assert "Sending account" in account.accessibleName()
    assert screen.run_button.isEnabled() and screen.continue_button.isEnabled()
    assert "Ready" in screen.summary.text()
    big_controls_have_names(qtbot, screen)


def test_preflight_screen_red_line_for_a_missing_camera_and_run_again(qtbot, english) -> None:
    screen = preflight_screen(qtbot, camera="7", mic="none")
    with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS):
        screen.run_checks()
    camera = screen.rows["camera"]
    assert camera.status == "fail" and camera.badge.text() == "Fix" and theme.DANGER in camera.badge.styleSheet()
    assert "7" in camera.detail.text() and "plugged in" in camera.fix.text()
    assert "camera_fps" not in screen.rows  # nothing to measure without a camera
    assert "problem" in screen.summary.text()
    with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS):
        qtbot.mouseClick(screen.run_button, Qt.MouseButton.LeftButton)
    assert screen.report is not None and not screen.report.ok


def test_preflight_screen_in_chinese(qtbot, chinese) -> None:
    screen = preflight_screen(qtbot, camera="7", mic="none")
    with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS):
        screen.run_checks()
    assert screen.heading.text() == "錄影前檢查：一切都準備好了嗎？"
    assert screen.run_button.text() == "重新檢查 (F5)"
    camera = screen.rows["camera"]
    assert camera.badge.text() == "需處理" and camera.title.text() == "攝影機"
    assert "找不到攝影機 7" in camera.detail.text()
    assert "需要處理" in screen.summary.text()


def test_preflight_screen_follows_a_language_switch(qtbot, english) -> None:
    screen = preflight_screen(qtbot, camera="7", mic="none")
    with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS):
        screen.run_checks()
    assert screen.rows["microphone"].detail.text().startswith("No microphone chosen")
    english.switch(language.ZH_TW)  # Qt posts LanguageChange to every widget
    try:
        qtbot.waitUntil(lambda: screen.continue_button.text() == "繼續 (Enter)")
        assert screen.rows["microphone"].detail.text().startswith("未選擇麥克風")
    finally:
        english.switch(language.EN)
    qtbot.waitUntil(lambda: screen.continue_button.text() == "Continue (Enter)")


def test_preflight_screen_runs_once_when_first_shown_and_continue_goes_live(qtbot, english) -> None:
    screen = preflight_screen(qtbot)
    with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS):
        screen.activated()
    screen.activated()  # shown again: the last report stays, no new run
    assert not screen.controller.running
    with qtbot.waitSignal(screen.proceed_requested):
        qtbot.mouseClick(screen.continue_button, Qt.MouseButton.LeftButton)


def test_preflight_measures_the_windows_open_studio_without_reopening_it(qtbot, english) -> None:
    from kiosk.recording.studio import Studio
    from kiosk.ui.studio_session import StudioSession

    settings = fast_settings()
    session = StudioSession(settings, opener=lambda camera, mic, s: Studio.open(camera, mic, s))
    screen = PreflightScreen(settings, session, runner=fast_runner)
    qtbot.addWidget(screen)
    try:
        with qtbot.waitSignal(screen.finished, timeout=RUN_TIMEOUT_MS):
            session.open(demo=True)
            assert screen.run_checks()  # the studio is still opening: the screen waits for it
            assert "Waiting for the camera" in screen.summary.text()
        assert session.studio is not None
        assert screen.rows["camera"].status == "ok" and screen.rows["camera_fps"].status == "ok"
        assert screen.rows["microphone"].status == "ok"
        assert not session.studio.camera.ended.is_set()  # measured as it was, still capturing
    finally:
        session.close()


# -- settings --------------------------------------------------------------------------------------


DEVICES = DeviceChoices(
    cameras=[("HD Pro Webcam C920", "HD Pro Webcam C920"), ("Integrated Camera", "Integrated Camera")],
    mics=[("Microphone (C920), MME", "Microphone (C920)")],
)


def memory_passwords() -> PasswordStore:
    """A password store that keeps what it is given in a dict (the real keyring is never touched)."""
    entries: dict[tuple[str, str], str] = {}
    backend = SimpleNamespace(get_password=lambda service, user: entries.get((service, user)),
                              set_password=lambda service, user, password: entries.update({(service, user): password}),
                              delete_password=lambda service, user: entries.pop((service, user), None))
    return PasswordStore(backend=backend)


def settings_screen(qtbot, settings: Settings, path: Path, lister=lambda: DEVICES,
                    passwords: PasswordStore | None = None) -> SettingsScreen:
    screen = SettingsScreen(settings, config_path=path, device_lister=lister,
                            passwords=passwords or memory_passwords())
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.activated()  # shown: the devices are listed
    qtbot.waitUntil(lambda: not screen.devices.busy, timeout=10_000)
    return screen


def test_settings_screen_shows_the_settings_and_the_present_devices(qtbot, english, kiosk_home: Path) -> None:
    settings = config.parse('[event]\ncounty = "澎湖縣"\n[contact]\nname = "陳大文"\n[devices]\ncamera = "Integrated Camera"\n')
    screen = settings_screen(qtbot, settings, kiosk_home / "config.toml")
    assert [screen.county.itemText(i) for i in range(screen.county.count())] == list(organiser.COUNTIES)
    assert screen.county.currentText() == "澎湖縣"
    assert screen.contact_fields["name"].text() == "陳大文"
    assert screen.camera.currentData() == "Integrated Camera"
    assert [screen.camera.itemData(i) for i in range(screen.camera.count())] == [
        "HD Pro Webcam C920", "Integrated Camera", "demo"]
    assert [screen.mic.itemData(i) for i in range(screen.mic.count())] == [
        "default", "Microphone (C920), MME", "demo", "none"]
    assert "Found 2 cameras and 1 microphone." in screen.device_status.text()
    big_controls_have_names(qtbot, screen)


def test_settings_screen_saves_to_config_toml_and_updates_the_settings_in_place(qtbot, english,
                                                                                kiosk_home: Path) -> None:
    settings = Settings()
    path = kiosk_home / "config.toml"
    screen = settings_screen(qtbot, settings, path)
    screen.county.setCurrentText("金門縣")
    screen.contact_fields["phone"].setText("082-325 548")
    screen.contact_fields["email"].setText("kinmen@example.org.tw")
    screen.camera.setCurrentIndex(screen.camera.findData("HD Pro Webcam C920"))
    screen.mic.setCurrentIndex(screen.mic.findData("Microphone (C920), MME"))
    screen.turn_at.setValue(6.5)
    screen.cheer_at.setValue(11.0)
    screen.retention.setValue(60)
    screen.language.setCurrentIndex(screen.language.findData("en"))
    screen.pin.setText("97531")
    with qtbot.waitSignal(screen.saved):
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    on_disk = config.load(path)
    assert on_disk == settings
    assert (on_disk.event.county, on_disk.devices.camera, on_disk.devices.mic) == (
        "金門縣", "HD Pro Webcam C920", "Microphone (C920), MME")
    assert (on_disk.cues.turn_at_s, on_disk.cues.cheer_at_s, on_disk.delivery.retention_days) == (6.5, 11.0, 60)
    assert (on_disk.kiosk.language, on_disk.kiosk.pin) == ("en", "97531")
    assert not screen.error_label.isVisibleTo(screen)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [("email", "not-an-address", "contact.email"), ("phone", "tomorrow", "contact.phone"),
     ("pin", "12", "kiosk.pin"), ("cheer", 3.0, "cues.cheer_at_s")],
)
def test_settings_screen_refuses_a_wrong_value_naming_it(qtbot, english, kiosk_home: Path, field: str,
                                                         value, words: str) -> None:
    path = kiosk_home / "config.toml"
    screen = settings_screen(qtbot, Settings(), path)
    if field == "pin":
        screen.pin.setText(value)
    elif field == "cheer":
        screen.cheer_at.setValue(value)
    else:
        screen.contact_fields[field].setText(value)
    assert screen.save() is False
    assert not path.exists()
    assert screen.error_label.isVisibleTo(screen) and words in screen.error_label.text()


def test_settings_cancel_goes_back_to_the_saved_values(qtbot, english, kiosk_home: Path) -> None:
    settings = Settings()
    screen = settings_screen(qtbot, settings, kiosk_home / "config.toml")
    screen.contact_fields["name"].setText("改過的名字")
    screen.county.setCurrentText("連江縣")
    with qtbot.waitSignal(screen.cancelled):
        screen.cancel()
    assert screen.contact_fields["name"].text() == "" and screen.county.currentText() == settings.event.county
    assert not (kiosk_home / "config.toml").exists()


def test_settings_keeps_a_saved_camera_that_is_unplugged(qtbot, english, kiosk_home: Path) -> None:
    settings = Settings()
    settings.devices.camera = "Logitech BRIO"
    screen = settings_screen(qtbot, settings, kiosk_home / "config.toml")
    assert screen.camera.currentData() == "Logitech BRIO"
    assert "not connected" in screen.camera.currentText()


def test_settings_says_why_devices_cannot_be_listed(qtbot, english, kiosk_home: Path) -> None:
    def broken():
        raise RuntimeError("driver crashed")

    screen = settings_screen(qtbot, Settings(), kiosk_home / "config.toml", lister=broken)
    assert "driver crashed" in screen.device_status.text()
    assert screen.camera.itemData(0) == "demo"  # the demo camera is always there


def test_settings_saves_the_sending_account_with_the_rest(qtbot, english, kiosk_home: Path) -> None:
    path = kiosk_home / "config.toml"
    store = memory_passwords()
    screen = settings_screen(qtbot, Settings(), path, passwords=store)
    mail = screen.mail_widget
    assert screen.mail_box.isAncestorOf(mail)
    mail.host.setText("smtp.example.org")
    mail.username.setText("ivy@example.org")
    mail.password.setText("秘密 2026")
    assert screen.save()
    saved = config.load(path)
    assert saved.delivery.smtp.host == "smtp.example.org"
    assert store.get(saved.delivery.smtp) == "秘密 2026"
    assert "秘密" not in path.read_text(encoding="utf-8")


def test_settings_screen_in_chinese(qtbot, chinese, kiosk_home: Path) -> None:
    screen = settings_screen(qtbot, Settings(), kiosk_home / "config.toml")
    assert screen.heading.text() == "設定"
    assert screen.labels["event.county"].text() == "縣市"
    assert screen.save_button.text() == "儲存 (Ctrl+S)"
    assert "找到 2 台攝影機、1 支麥克風" in screen.device_status.text()
    screen.contact_fields["email"].setText("壞掉的地址")
    assert not screen.save()
    assert "不是有效的電子郵件地址" in screen.error_label.text()


# -- help ------------------------------------------------------------------------------------------


def test_help_screen_has_the_requirements_shot_plan_and_help_line(qtbot, english) -> None:
    settings = Settings()
    settings.event.county = "新竹縣"
    screen = HelpScreen(settings)
    qtbot.addWidget(screen)
    text = "\n".join((screen.requirements.text(), screen.shot_plan.text(), screen.contact.text()))
    for fact in (organiser.HELP_PHONE, organiser.HELP_EMAIL, organiser.HELP_WEB, organiser.RECIPIENT,
                 "1920×1080", "1280×720", "新竹縣 IVY 2026", organiser.pledge_line("新竹縣")):
        assert fact in text, fact
    plan = screen.shot_plan.text()
    assert plan.index("Leading the pledge") < plan.index("Turning to the crowd") < plan.index("Cheering")
    big_controls_have_names(qtbot, screen)
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    with qtbot.waitSignal(screen.back_requested):
        qtbot.keyClick(screen.back_button, Qt.Key.Key_Escape)


def test_help_screen_in_chinese(qtbot, chinese) -> None:
    screen = HelpScreen(Settings())
    qtbot.addWidget(screen)
    assert screen.heading.text() == "說明"
    assert "帶領宣示" in screen.shot_plan.text() and "轉向群眾" in screen.shot_plan.text()
    assert "電話：07-3438100" in screen.contact.text()
    assert "台灣志願服務國際交流協會" in screen.contact.text()


# -- longer translations must not clip (every string stretched by 1.4, like vorta's TRANS_SCALE) ------


def clipped(root) -> list[str]:
    """Buttons and single-line labels narrower or lower than their text needs."""
    from PySide6.QtWidgets import QLabel

    problems = []
    for widget in root.findChildren(QAbstractButton) + root.findChildren(QLabel):
        if not widget.isVisible() or not widget.text() or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        hint = widget.sizeHint()
        if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
            problems.append(f"{widget.text()!r} needs {hint.width()}×{hint.height()}, has {widget.size()}")
    return problems


@pytest.fixture
def stretched(qapp, monkeypatch: pytest.MonkeyPatch):
    manager = i18n.LanguageManager(qapp, pseudo_scale=1.4)
    manager.switch(language.EN)
    yield manager
    manager.release()
    manager.deleteLater()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_stretched_texts_fit_on_my_screens(qtbot, stretched, kiosk_home: Path, size) -> None:
    preflight = preflight_screen(qtbot, camera="7", mic="none")
    with qtbot.waitSignal(preflight.finished, timeout=RUN_TIMEOUT_MS):
        preflight.run_checks()
    settings = settings_screen(qtbot, Settings(), kiosk_home / "config.toml")
    help_screen = HelpScreen(Settings())
    qtbot.addWidget(help_screen)
    for screen in (preflight, settings, help_screen):
        screen.resize(*size)
        with qtbot.waitExposed(screen):
            screen.show()
        assert "·" in screen.heading.text()  # the stretched strings are really showing
        qtbot.wait(10)
        assert clipped(screen) == [], type(screen).__name__
