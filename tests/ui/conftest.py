"""GUI test fixtures: the kiosk's look applied to pytest-qt's QApplication, sample media, fakes."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest
from ui_fakes import FakeClock, FakeStudio, Media, stage_picture, write_take_files

from kiosk import language, procs
from kiosk.config import Settings
from kiosk.recording.take import Take
from kiosk.ui import theme
from kiosk.ui.app import create_kiosk


@pytest.fixture(autouse=True)
def kiosk_look(qapp):
    """The bundled font, palette and style sheet, as the real app has them; the language the
    environment says (English in the tests) again afterwards."""
    theme.apply(qapp)
    yield qapp
    language.reset()


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    """A 2 s H.264/AAC MP4 and eight distinct 1920×1080 JPEGs, made once with the bundled ffmpeg."""
    folder = tmp_path_factory.mktemp("media")
    video = folder / "clip.mp4"
    result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
                        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                        "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                        "-c:a", "aac", "-shortest", str(video)], timeout=60)
    assert result.returncode == 0, result.stderr
    pictures = []
    for index in range(8):
        path = folder / f"picture-{index}.jpg"
        assert cv2.imwrite(str(path), stage_picture(40 + index * 25))
        pictures.append(path)
    return Media(video, pictures)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def studio(clock: FakeClock, media: Media) -> FakeStudio:
    return FakeStudio(clock, media)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def make_take(media: Media):
    """A finished take on disk (real MP4, stills, candidates)."""

    def make(duration: float = 15.0, kept: bool | None = None) -> Take:
        take = Take.create(seconds_requested=15)
        write_take_files(take, media, duration, "max")
        if kept is True:
            take.keep()
        elif kept is False:
            take.discard()
        return take

    return make


@pytest.fixture
def open_window(qtbot, clock: FakeClock, studio: FakeStudio, settings: Settings):
    """Builds kiosk windows on the fake studio and always unlocks and closes them afterwards."""
    windows = []

    def build(language: str = "en", windowed: bool = True, size: tuple[int, int] = (1366, 768),
              opener=None, demo: bool = True, with_outbox: bool = False, outbox=None, start_screen: str = "live"):
        # Most tests start on Live; the real start (Preflight, with its checks) has tests of its own.
        window = create_kiosk(demo=demo, windowed=windowed, settings=settings, clock=clock,
                              opener=opener or (lambda camera, mic, s: studio), language=language,
                              with_outbox=with_outbox, outbox=outbox, start_screen=start_screen)
        windows.append(window)
        if windowed:
            window.resize(*size)
            window.show()
        else:
            window.show_kiosk()
        qtbot.waitExposed(window)
        window.activateWindow()  # window shortcuts need the active window, as on a real screen
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        return window

    yield build
    for window in windows:
        window.context.languages.release()
        window.exit_unlocked = True
        takes = window.context.takes
        takes.cancel_count_in()
        if takes.recorder is not None:
            takes.recorder.request_stop("test-teardown")
            qtbot.waitUntil(lambda t=takes: not t.busy, timeout=5000)
        window.close()
        window.deleteLater()
    qtbot.wait(1)


# Qt Multimedia says so when the machine has no sound server or GPU (CI, offscreen): not our fault.
NO_DEVICE_MESSAGES = ("PulseAudioService", "No audio device", "pa_context", "No RHI backend")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*NO_DEVICE_MESSAGES, extend=True))


@pytest.fixture
def signed_consent(tmp_path: Path):
    """A complete, validated consent, as the Consent screen hands it on."""
    from kiosk.package.consent import consent_from_dict

    return consent_from_dict({
        "county": "高雄市", "authorised": True, "signed_by": "王小明",
        "contact": {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科員",
                    "phone": "07-3438100", "email": "ops@example.org"},
    }, tmp_path).validated()
