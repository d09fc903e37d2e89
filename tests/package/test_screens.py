"""The Consent and Send screens, as real widgets (offscreen), driven like an operator would."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from PySide6.QtCore import QCoreApplication, QLocale, QPoint, Qt, QTranslator
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QLineEdit

from kiosk import language, organiser, paths
from kiosk.config import Settings
from kiosk.package import Consent, load_consent_file, load_package
from kiosk.package import preview as preview_module
from kiosk.ui.flow import SubmissionFlow
from kiosk.ui.outbox_controller import OutboxController
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.screens.send import SendScreen
from kiosk.ui.screens.signature import SignaturePad

WAIT_MS = 60_000  # a generous ceiling for ffmpeg on a busy machine; never a measured time


@pytest.fixture
def settings(contact: dict) -> Settings:
    settings = Settings()
    settings.event.county = "臺中市"
    for name, value in contact.items():
        setattr(settings.contact, name, value)
    return settings


@pytest.fixture
def chinese(qapp) -> Iterator[None]:
    """The app switched to Traditional Chinese the way the language manager does it."""
    translator = QTranslator()
    assert translator.load(str(paths.resource("i18n/package_zh_TW.qm")))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan))
    language.set_current(language.ZH_TW)
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English))
    language.reset()


def sign(pad: SignaturePad) -> None:
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 120))
    for x in range(40, 320, 20):
        QTest.mouseMove(pad, QPoint(x, 120 - (x % 80)))
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(320, 90))


def _assert_big_and_named(widget) -> None:
    for control in widget.findChildren(QAbstractButton) + widget.findChildren(QLineEdit) + \
            widget.findChildren(QComboBox):
        if control.isVisibleTo(widget):
            assert control.minimumHeight() >= 48 or control.sizeHint().height() >= 48, control
            assert control.accessibleName(), control


# --- Consent -----------------------------------------------------------------------------------

def test_consent_screen_shows_the_organisers_words_and_prefills(qtbot, settings: Settings) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    texts = [label.text() for label in screen.findChildren(QLabel)]
    assert f"「{organiser.AUTHORISATION_ZH}」" in texts
    assert organiser.AUTHORISATION_EN in texts
    notice = screen.notice.toPlainText()
    for words in ("台灣志願服務國際交流協會", "ceo@vtaiwan.org", "07-3438100", "刪除",
                  "Your rights and how to use them", "If you do not provide them"):
        assert words in notice
    assert [screen.county.itemText(i) for i in range(screen.county.count())] == list(organiser.COUNTIES)
    assert screen.county.currentText() == "臺中市"
    assert screen.fields["name"].text() == "王小明" and screen.fields["phone"].text() == "07-3438100"
    _assert_big_and_named(screen)


def test_nothing_is_confirmed_until_ticked_and_signed(qtbot, settings: Settings) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    with qtbot.assertNotEmitted(screen.consent_ready):
        assert screen.confirm() is None
    assert "Tick the authorisation box" in screen.status.text()
    assert "Sign in the signature box" in screen.status.text()
    screen.agree.setChecked(True)
    with qtbot.assertNotEmitted(screen.consent_ready):
        assert screen.confirm() is None
    assert "Tick" not in screen.status.text() and "Sign in" in screen.status.text()


def test_bad_phone_and_email_are_flagged_on_the_field(qtbot, settings: Settings) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    screen.show()
    sign(screen.signature)
    screen.agree.setChecked(True)
    screen.fields["phone"].setText("3438100")
    screen.fields["email"].setText("wang@")
    screen.fields["organisation"].clear()
    with qtbot.assertNotEmitted(screen.consent_ready):
        assert screen.confirm() is None
    assert screen.errors["phone"].isVisible() and "area code" in screen.errors["phone"].text()
    assert screen.errors["email"].isVisible() and "name@example.org" in screen.errors["email"].text()
    assert screen.errors["organisation"].text() == "Required"
    assert not screen.errors["name"].isVisible()
    screen.fields["phone"].setText("(02)2345-6789#123")
    assert not screen.errors["phone"].isVisible()


def test_complete_form_emits_a_validated_consent_with_the_drawn_signature(qtbot, settings: Settings) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    screen.show()
    screen.county.setCurrentText("金門縣")
    screen.agree.setChecked(True)
    sign(screen.signature)
    assert not screen.signature.is_empty()
    with qtbot.waitSignal(screen.consent_ready, timeout=WAIT_MS) as blocker:
        QTest.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    consent = blocker.args[0]
    assert isinstance(consent, Consent)
    assert consent.county == "金門縣" and consent.authorised and consent.signed_by == "王小明"
    assert consent.contact.email == "wang.xm@example.org"
    image = Image.open(io.BytesIO(consent.signature_png))
    assert image.format == "PNG" and image.mode == "RGBA"
    alpha = image.getchannel("A")
    assert alpha.getextrema() == (0, 255)  # transparent paper, opaque ink


def test_clearing_the_signature_empties_the_pad(qtbot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 180)
    sign(pad)
    assert not pad.is_empty() and len(pad.strokes()) == 1
    with qtbot.waitSignal(pad.changed, timeout=1000):
        pad.clear()
    assert pad.is_empty()


def test_touch_draws_too(qtbot) -> None:
    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.resize(500, 180)
    pad.show()
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(30, 100)).commit()
    QTest.touchEvent(pad, device).move(0, QPoint(200, 60)).commit()
    QTest.touchEvent(pad, device).release(0, QPoint(260, 90)).commit()
    assert not pad.is_empty()
    assert pad.ink_rect().width() > 150


def test_preview_renders_page_one_of_the_pdf(qtbot, settings: Settings) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    sign(screen.signature)
    with qtbot.waitSignal(screen.preview_ready, timeout=WAIT_MS) as blocker:
        screen.request_preview()
    assert blocker.args == ["image"]
    pixmap = screen.preview_image.pixmap()
    assert not pixmap.isNull() and pixmap.width() == 560 and pixmap.height() > pixmap.width()  # A4 portrait


def test_preview_falls_back_to_the_pdf_text(qtbot, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_module, "renderer_available", lambda: False)
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.preview_ready, timeout=WAIT_MS) as blocker:
        screen.request_preview()
    assert blocker.args == ["text"]
    text = screen.preview_text.toPlainText()
    assert "臺中市 IVY 2026 授權同意書" in text and "聯絡人 Name: 王小明" in text


def test_consent_screen_speaks_chinese(qtbot, settings: Settings, chinese: None) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    assert screen.confirm_button.text() == "確認同意"
    assert screen.title.text() == "授權同意書"
    screen.confirm()
    assert "請勾選同意授權" in screen.status.text()


def test_language_change_event_retranslates(qtbot, settings: Settings) -> None:
    screen = ConsentScreen(settings)
    qtbot.addWidget(screen)
    assert screen.confirm_button.text() == "Confirm consent"
    translator = QTranslator()
    assert translator.load(str(paths.resource("i18n/package_zh_TW.qm")))
    QCoreApplication.installTranslator(translator)  # Qt sends every widget a LanguageChange event
    try:
        qtbot.waitUntil(lambda: screen.confirm_button.text() == "確認同意", timeout=5000)
        assert screen.signature.accessibleName() == "簽名板"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: screen.confirm_button.text() == "Confirm consent", timeout=5000)


# --- Send --------------------------------------------------------------------------------------

@pytest.fixture
def flow_for(qtbot):
    """A submission flow with a real outbox (its sender idle: no account is set up) for a take and a consent."""
    made: list[OutboxController] = []

    def make(take, consent, settings: Settings) -> SubmissionFlow:
        outbox = OutboxController(watch_network=False, poll_ms=600_000)
        made.append(outbox)
        take.keep()
        flow = SubmissionFlow(settings, outbox, parent=outbox)
        assert flow.choose_take(take)
        flow.give_consent(consent)
        return flow

    yield make
    for outbox in made:
        outbox.shutdown()


def _send_screen(qtbot, flow_for, take, consent, settings: Settings) -> SendScreen:
    flow = flow_for(take, consent, settings)
    screen = SendScreen(settings, flow)
    screen.send_requested.connect(flow.send)  # the window's arrow
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: bool(screen.checks), timeout=WAIT_MS)
    return screen


def test_send_screen_all_green_builds_and_queues(qtbot, flow_for, make_take, consent_file) -> None:
    take = make_take()
    consent = load_consent_file(consent_file())
    screen = _send_screen(qtbot, flow_for, take, consent, Settings())
    assert all(row.ok for row in screen.rows.values())
    assert {row.mark.text() for row in screen.rows.values()} == {"✓"}
    assert screen.rows["duration"].detail.text() == "12.0 s"
    assert screen.send_button.isEnabled() and not screen.override_panel.isVisibleTo(screen)
    assert screen.send_button.text() == "Send to Volunteering Taiwan"
    _assert_big_and_named(screen)
    with qtbot.waitSignal(screen.flow.queued, timeout=WAIT_MS) as queued:
        QTest.mouseClick(screen.send_button, Qt.MouseButton.LeftButton)
        assert not screen.send_button.isEnabled()  # one press, one package
    package = load_package(queued.args[0])
    assert package.manifest["take"]["id"] == take.id and package.manifest["override"] is None
    assert not screen.send_button.isEnabled()
    assert package.id in screen.status.text() and "outbox" in screen.status.text()
    assert [s.package for s in screen.flow.outbox.statuses] == [package.id]


def test_failed_check_blocks_until_overridden_with_a_reason(qtbot, flow_for, make_take, consent_file) -> None:
    consent = load_consent_file(consent_file())
    screen = _send_screen(qtbot, flow_for, make_take("short"), consent, Settings())
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()  # window shortcuts need the active window, as on a real screen
    qtbot.waitUntil(screen.isActiveWindow, timeout=5000)
    assert screen.rows["duration"].mark.text() == "×" and "shorter than 10 s" in screen.rows["duration"].detail.text()
    assert screen.rows["audio"].mark.text() == "✓"
    assert screen.rows_layout.itemAt(0).widget() is screen.rows["duration"]  # what failed comes first
    assert not screen.send_button.isEnabled() and screen.override_panel.isVisibleTo(screen)
    with qtbot.assertNotEmitted(screen.send_requested):
        screen.request_send()
    screen.override_box.setChecked(True)
    assert not screen.send_button.isEnabled()  # a reason is still needed
    QTest.keyClicks(screen.reason, "head of county left early")
    assert screen.send_button.isEnabled()
    with qtbot.waitSignal(screen.flow.queued, timeout=WAIT_MS) as queued:
        # Ctrl+Enter: the offscreen platform's key map does not match Ctrl+Return (it works on a desktop)
        qtbot.keyClick(screen.focusWidget() or screen, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    package = load_package(queued.args[0])
    assert package.manifest["override"] == {"reason": "head of county left early", "failed_checks": ["duration"]}


def test_send_screen_in_chinese(qtbot, flow_for, make_take, consent_file, chinese: None) -> None:
    screen = _send_screen(qtbot, flow_for, make_take("mute"), load_consent_file(consent_file()), Settings())
    assert screen.send_button.text() == "送出給台灣志願服務國際交流協會"
    assert screen.rows["audio"].detail.text().startswith("沒有聲音")
    assert screen.override_box.text() == "仍要送出：我了解有項目未符合要求"


def test_a_take_that_cannot_be_packaged_is_reported(qtbot, flow_for, make_take, consent_file) -> None:
    take = make_take()
    flow = flow_for(take, load_consent_file(consent_file()), Settings())
    take.video_path.unlink()
    screen = SendScreen(Settings(), flow)
    qtbot.addWidget(screen)
    with qtbot.waitSignal(screen.failed, timeout=WAIT_MS) as blocker:
        pass
    assert "no finished video" in blocker.args[0] and "no finished video" in screen.status.text()
    assert not screen.send_button.isEnabled()
    assert isinstance(screen.override_box, QCheckBox)
