"""The Outbox screen, the chip, the GUI-thread controller and the mail-account widget, offscreen."""

from __future__ import annotations

import smtplib
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt, QTranslator
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox, QWidget

from kiosk import language, paths
from kiosk.outbox import Outbox, Runner
from kiosk.outbox.doubles import ScriptedTransport
from kiosk.ui import theme
from kiosk.ui.outbox_controller import OutboxController, unsent_packages
from kiosk.ui.screens.mail_settings import MailSettingsWidget
from kiosk.ui.screens.outbox import OutboxChip, OutboxScreen

REFUSED = (ConnectionRefusedError(111, "Connection refused"), "connect")
BAD_LOGIN = (smtplib.SMTPAuthenticationError(535, b"5.7.8 bad credentials"), "login")
WAIT_MS = 15_000


@pytest.fixture(autouse=True)
def kiosk_look(qapp):
    theme.apply(qapp)
    return qapp


@pytest.fixture
def scripted() -> ScriptedTransport:
    return ScriptedTransport()


@pytest.fixture
def controller_for(rig_for, qtbot):
    """An OutboxController whose sender uses the given transport (scripted or the real SMTP one)."""
    made: list[OutboxController] = []

    def make(server=None, transport_factory=None):
        rig = rig_for(server, transport_factory=transport_factory)
        outbox = Outbox()

        def runner(progress):
            extra = {"transport_factory": transport_factory} if transport_factory else {}
            return Runner(outbox, settings_loader=lambda: rig.settings, passwords=rig.passwords,
                          progress=progress, **extra)

        controller = OutboxController(outbox, runner_factory=runner, watch_network=False, poll_ms=600_000)
        made.append(controller)
        controller.rig = rig
        return controller

    yield make
    for controller in made:
        controller.shutdown()


def _pass(qtbot, controller: OutboxController, wake_offline: bool = False) -> None:
    with qtbot.waitSignal(controller.changed, timeout=WAIT_MS):
        controller.wake(wake_offline)
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)


def _queue(qtbot, controller: OutboxController, package) -> None:
    with qtbot.waitSignal(controller.queued, timeout=WAIT_MS) as queued:
        controller.send_package(package.id, controller.rig.settings)
    assert queued.args == [package.id]


def _cell(screen: OutboxScreen, column: int, row: int = 0) -> str:
    return screen.table.item(row, column).text()


def test_send_then_delivered_shows_sent_and_the_chip_says_all_sent(
        qtbot, controller_for, scripted, make_package) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    screen, chip = OutboxScreen(controller), OutboxChip(controller)
    qtbot.addWidget(screen)
    qtbot.addWidget(chip)
    package = make_package()
    assert chip.text() == "Outbox: empty"  # nothing queued yet: not "all sent"

    with qtbot.waitSignal(controller.delivered, timeout=WAIT_MS) as delivered:
        _queue(qtbot, controller, package)  # queuing wakes the sender by itself
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)

    assert delivered.args == [package.id]
    assert package.id in _cell(screen, 0) and "高雄市" in _cell(screen, 0)
    assert _cell(screen, 1).startswith("Sent")
    assert chip.text() == "Outbox: all sent"
    assert len(scripted.delivered) == 1


def test_offline_shows_waiting_for_the_network_and_goes_when_it_is_back(
        qtbot, controller_for, scripted, make_package) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    screen, chip = OutboxScreen(controller), OutboxChip(controller)
    qtbot.addWidget(screen)
    qtbot.addWidget(chip)
    scripted.extend([REFUSED])
    with qtbot.waitSignal(controller.changed, timeout=WAIT_MS):
        _queue(qtbot, controller, make_package())
    qtbot.waitUntil(lambda: not controller.busy and controller.offline, timeout=WAIT_MS)

    assert chip.text() == "1 waiting to send · offline"
    assert _cell(screen, 1) == "Waiting for the network"
    assert _cell(screen, 3) != "—"  # the next try time
    assert "Cannot reach the mail server" in _cell(screen, 4)

    controller.network_changed(QNetworkInformation.Reachability.Unknown)  # never taken as an answer
    assert controller.network_online is None and controller.offline
    controller.network_changed(QNetworkInformation.Reachability.Disconnected)
    assert controller.network_online is False and controller.offline
    with qtbot.waitSignal(controller.delivered, timeout=WAIT_MS):
        controller.network_changed(QNetworkInformation.Reachability.Online)
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)
    assert chip.text() == "Outbox: all sent"


def test_a_pause_shows_one_banner_and_retry_now_resumes(qtbot, controller_for, scripted, make_package) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    screen, chip = OutboxScreen(controller), OutboxChip(controller)
    qtbot.addWidget(screen)
    qtbot.addWidget(chip)
    scripted.extend([BAD_LOGIN])
    with qtbot.waitSignal(controller.paused, timeout=WAIT_MS):
        _queue(qtbot, controller, make_package())
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)

    assert not screen.banner.isHidden()
    banner = screen.banner.text()
    assert "sending is paused" in banner.lower() and "password" in banner
    assert banner.lower().count("sending is paused") == 1, banner  # said once
    assert _cell(screen, 1) == "Paused: needs attention"
    assert chip.text() == "1 waiting to send · needs attention"
    assert screen.retry_button.isEnabled()

    with qtbot.waitSignal(controller.delivered, timeout=WAIT_MS):
        screen.retry_button.click()
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)
    assert screen.banner.isHidden()
    assert not screen.retry_button.isEnabled()  # nothing to retry once sent


def test_export_copies_to_the_chosen_folder(qtbot, controller_for, scripted, make_package, tmp_path) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    usb = tmp_path / "隨身碟"
    usb.mkdir()
    screen = OutboxScreen(controller)
    qtbot.addWidget(screen)
    screen.show()
    scripted.extend([REFUSED])
    package = make_package()
    _queue(qtbot, controller, package)
    qtbot.waitUntil(lambda: not controller.busy and screen.table.rowCount() == 1, timeout=WAIT_MS)

    screen.export_button.click()
    picker = screen.picker  # the kiosk's own folder picker, driven as an operator would
    assert picker is not None and picker.isVisible()
    picker.show_folder(tmp_path)
    row = next(r for r in range(picker.entries.count()) if picker.entries.item(r).text().endswith("隨身碟"))
    picker.entries.setCurrentRow(row)
    qtbot.keyClick(picker.entries, Qt.Key.Key_Return)  # opens the folder
    assert picker.folder == usb
    with qtbot.waitSignal(controller.exported, timeout=WAIT_MS) as exported:
        qtbot.mouseClick(picker.choose_button, Qt.MouseButton.LeftButton)

    target = Path(exported.args[1])
    assert target.parent == usb
    assert (target / package.content_dir.name / next(iter(package.files))).is_file()
    assert str(target) in screen.result.text()


def test_sent_is_shown_only_after_the_servers_250(qtbot, controller_for, mail_server, make_package) -> None:
    server = mail_server("tls")
    server.handler.hold = release = threading.Event()
    server.handler.discard_held = False
    controller = controller_for(server)
    screen = OutboxScreen(controller)
    qtbot.addWidget(screen)
    percents: list[int] = []
    controller.progress.connect(lambda _package, percent: percents.append(percent))
    package = make_package()
    try:
        _queue(qtbot, controller, package)
        assert server.handler.data_arrived.wait(WAIT_MS / 1000)  # every byte is at the server…
        qtbot.waitUntil(lambda: bool(percents) and percents[-1] == 100, timeout=WAIT_MS)
        controller.refresh()
        assert controller.statuses[0].state == "sending"  # …but no 250 yet: not "sent"
        assert _cell(screen, 1) == "Sending… 100%"
        assert percents == sorted(percents) and len(percents) > 2
        assert package.id in unsent_packages()
    finally:
        release.set()
    qtbot.waitUntil(lambda: not controller.busy and controller.statuses[0].state == "sent", timeout=WAIT_MS)
    assert _cell(screen, 1).startswith("Sent")
    assert unsent_packages() == []


def test_chip_and_screen_speak_chinese_with_the_translation(qtbot, controller_for, scripted, make_package,
                                                            qapp) -> None:
    translator = QTranslator()
    assert translator.load(str(paths.resource("i18n/outbox_zh_TW.qm")))
    controller = controller_for(transport_factory=scripted.factory)
    scripted.extend([REFUSED])
    chip = OutboxChip(controller)
    screen = OutboxScreen(controller)
    qtbot.addWidget(chip)
    qtbot.addWidget(screen)
    _queue(qtbot, controller, make_package())
    qtbot.waitUntil(lambda: not controller.busy and controller.offline, timeout=WAIT_MS)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan))
    language.set_current(language.ZH_TW)
    qapp.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: chip.text() == "1 件待傳送 · 離線", timeout=WAIT_MS)
        assert screen.retry_button.text().startswith("立即重試")
        assert _cell(screen, 1) == "等待網路"
        assert "連不上郵件伺服器" in _cell(screen, 4)  # the core's own words, in the screen's language
    finally:
        qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
        language.reset()


def _controls(root: QWidget) -> list[QWidget]:
    """Every operator-facing control (not the parts inside a spin box or combo box)."""
    kinds = (QAbstractButton, QLineEdit, QComboBox, QSpinBox)
    return [w for w in root.findChildren(QWidget) if isinstance(w, kinds) and not w.isHidden()
            and not isinstance(w.parentWidget(), QSpinBox | QComboBox)]


def test_controls_are_big_enough_and_named(qtbot, controller_for, scripted, passwords, rig_for) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    widgets = [OutboxScreen(controller), MailSettingsWidget(rig_for(None).settings, passwords)]
    for widget in widgets:
        qtbot.addWidget(widget)
        widget.resize(1366, 768)
        widget.show()
        qtbot.waitExposed(widget)
        controls = _controls(widget)
        assert controls
        for control in controls:
            assert control.height() >= theme.MIN_CONTROL_PX, control
            assert control.accessibleName(), control


def test_mail_settings_store_the_password_in_the_keyring_not_the_settings(
        qtbot, rig_for, passwords, memory_keyring) -> None:
    settings = rig_for(None, password=None).settings
    widget = MailSettingsWidget(settings, passwords)
    qtbot.addWidget(widget)

    widget.host.setText("smtp.vtaiwan.example")
    widget.port.setValue(465)
    widget.security.setCurrentIndex(widget.security.findData("starttls"))
    widget.username.setText("ivy@kaohsiung.example")
    widget.password.setText("新的密碼 2026")
    widget.sender_address.setText("ivy@kaohsiung.example")
    assert widget.port.value() == 587  # moved along with STARTTLS
    with qtbot.waitSignal(widget.password_saved, timeout=WAIT_MS):
        assert widget.apply()

    smtp = settings.delivery.smtp
    assert (smtp.host, smtp.port, smtp.security, smtp.username) == \
        ("smtp.vtaiwan.example", 587, "starttls", "ivy@kaohsiung.example")
    assert passwords.get(smtp) == "新的密碼 2026"
    assert "新的密碼" not in repr(settings)
    assert widget.password.text() == ""
    assert "saved" in widget.password_note.text()

    widget.port.setValue(2525)  # same account, another port: the password comes along
    assert widget.apply()
    assert passwords.get(settings.delivery.smtp) == "新的密碼 2026"


def test_send_test_mail_button_reports_success_and_failure(qtbot, mail_server, rig_for, passwords, contact) -> None:
    server = mail_server("starttls")
    settings = rig_for(server).settings
    widget = MailSettingsWidget(settings, passwords)
    qtbot.addWidget(widget)

    with qtbot.waitSignal(widget.test_finished, timeout=WAIT_MS) as finished:
        widget.test_button.click()
    assert finished.args[0] is True
    assert contact["email"] in widget.test_result.text()
    assert server.handler.delivered[0].rcpt_tos == [contact["email"]]

    widget.password.setText("typed but wrong")  # the typed password is tried, not the stored one
    with qtbot.waitSignal(widget.test_finished, timeout=WAIT_MS) as finished:
        widget.test_button.click()
    assert finished.args[0] is False
    assert "password" in widget.test_result.text()
    assert len(server.handler.delivered) == 1


def test_controller_shutdown_stops_the_sender_thread(qtbot, controller_for, scripted) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    _pass(qtbot, controller)
    controller.shutdown()
    assert not controller._thread.isRunning()


def test_the_real_network_monitor_and_the_default_sender_start_and_stop_cleanly(qtbot, rig_for) -> None:
    from kiosk import config

    config_path = paths.config_path()
    config.save(rig_for(None).settings, config_path)
    controller = OutboxController(config_path=config_path, poll_ms=600_000)  # QNetworkInformation, real runner
    controller.start()
    qtbot.waitUntil(lambda: not controller.busy, timeout=WAIT_MS)
    assert controller.statuses == []
    controller.shutdown()
    assert not controller._thread.isRunning()


def test_what_still_waits_is_listed_first(qtbot, controller_for, scripted, make_package) -> None:
    controller = controller_for(transport_factory=scripted.factory)
    screen = OutboxScreen(controller)
    qtbot.addWidget(screen)
    sent, waiting = make_package(), make_package()
    _queue(qtbot, controller, sent)
    qtbot.waitUntil(lambda: not controller.busy and not controller.unsent_count(), timeout=WAIT_MS)
    scripted.extend([REFUSED])
    _queue(qtbot, controller, waiting)
    qtbot.waitUntil(lambda: not controller.busy and controller.offline, timeout=WAIT_MS)

    assert screen.row_of(waiting.id) == 0 and screen.row_of(sent.id) == 1
    assert screen.selected_package() == waiting.id  # Retry acts on the one that needs it
    assert screen.retry_button.isEnabled()
    screen.table.selectRow(screen.row_of(sent.id))  # the operator picks the sent one…
    controller.refresh()
    assert screen.selected_package() == sent.id  # …and a refresh does not take it away
    assert not screen.retry_button.isEnabled()


def test_a_screen_with_its_own_sender_can_be_destroyed_without_shutdown(qtbot, rig_for) -> None:
    from kiosk import config

    config_path = paths.config_path()
    config.save(rig_for(None).settings, config_path)
    screen = OutboxScreen(OutboxController(config_path=config_path))
    screen.controller.setParent(screen)  # dies with the screen, without shutdown()
    screen.controller.start()
    thread = screen.controller._thread
    qtbot.waitUntil(lambda: not screen.controller.busy, timeout=WAIT_MS)
    assert thread.isRunning()
    with qtbot.waitSignal(thread.destroyed, timeout=WAIT_MS):
        screen.deleteLater()  # a Qt abort ("destroyed while running") would end the whole test run
