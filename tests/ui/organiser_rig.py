"""The organiser window's tests: the mailbox of ``tests/inbox`` (imported, not copied) and the window.

The mails are the ones ``tests/inbox/conftest.py`` makes — packages built by the real package
builder, delivered by the real outbox to the loopback SMTP server (one split in two, one sent twice,
one tampered with), hostile mails, a county's own phone mail, a cloud link and junk. Its fixtures
are brought in here under this module's own name (two ``conftest`` modules cannot import each other
by name); ``tests/inbox`` goes on ``sys.path`` because that conftest imports its sibling modules by
name, as pytest allows when it collects that folder itself.

``organiser(folder)`` builds real organiser windows (``kiosk.ui.app.create_organiser``) with the
in-memory keyring, the quick film settings of the inbox tests, and a record of what the window asked
the system to open (the one outside program it starts), and closes them afterwards.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

INBOX_TESTS = Path(__file__).resolve().parents[1] / "inbox"
if str(INBOX_TESTS) not in sys.path:
    sys.path.append(str(INBOX_TESTS))

from inbox.conftest import (  # noqa: E402 - after the path set-up
    KioskMails,
    collected,
    imap_server,
    kiosk_mails,
    write_folder,
    write_mbox,
)
from inbox_scenario import (  # noqa: E402 - the scenario's names, for the tests here
    CLIP_SECONDS,
    CLIPS,
    CLOUD_URL,
    DIRECT,
    IMAP_PASSWORD,
    IMAP_USER,
    LINK_ONLY,
    SPLIT,
    TAMPERED,
    TAMPERED_FILE,
    TEST_FILM,
)
from outbox.conftest import ca, ca_file, mail_server, memory_keyring, passwords, rig_for  # noqa: E402

_SHARED: dict[str, object] = {}  # one mailbox for every organiser test module of the session


@pytest.fixture(scope="session")
def _mailbox_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The inbox tests' mailbox cache, built once for all the organiser window's test modules, in its
    own folder: ``collected`` puts its copy beside the clips folder, which must not be the inbox
    tests' own (they build theirs in the same session)."""
    if "media" not in _SHARED:
        media = tmp_path_factory.mktemp("主辦單位視窗") / "寄出的 clips"
        media.mkdir()
        _SHARED["media"] = media
    return _SHARED


SCENARIO = (CLIP_SECONDS, CLIPS, CLOUD_URL, DIRECT, IMAP_PASSWORD, IMAP_USER, LINK_ONLY, SPLIT, TAMPERED,
            TAMPERED_FILE, TEST_FILM)
MAILBOX_FIXTURES = (ca, ca_file, mail_server, memory_keyring, passwords, rig_for, _mailbox_cache, collected,
                    imap_server, kiosk_mails, write_folder, write_mbox)

# ``from organiser_rig import *`` brings every fixture a test may ask for (pytest finds a fixture by
# its name in the test module); the scenario's names are imported by name.
__all__ = ["_mailbox_cache", "ca", "ca_file", "collected", "imap_server", "kiosk_mails", "mail_server",
           "memory_keyring", "opened", "organiser", "passwords", "rig_for", "write_folder", "write_mbox"]


def without_second_part(mails: KioskMails) -> list[bytes]:
    """Every mail of the scenario but the second of the split package's two: that county is incomplete."""
    package = mails.packages[SPLIT].encode()
    second = [mail for mail in mails.mails if package in mail][1]
    return [mail for mail in mails.all if mail is not second]


class Opened(list):
    """What the window asked the operating system to open (a photo sheet, a folder)."""

    def __call__(self, path: Path) -> bool:
        self.append(path)
        return True


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def organiser(qtbot, tmp_path: Path, passwords, opened: Opened) -> Iterator[Callable[..., object]]:
    from kiosk.inbox.montage import MontageSettings
    from kiosk.ui.app import create_organiser

    windows = []

    def build(folder: Path | None = None, language: str = "en", size: tuple[int, int] = (1366, 768)):
        window = create_organiser(folder or tmp_path / "主辦單位 收件", language=language, passwords=passwords,
                                  montage_settings=MontageSettings(**TEST_FILM), open_file=opened)
        windows.append(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # window shortcuts need the active window, as on a real screen
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        qtbot.waitUntil(lambda: not window.session.busy and len(window.session.view.rows) == 22, timeout=30000)
        return window

    yield build
    for window in windows:
        window.languages.release()
        window.close()
        window.deleteLater()
    qtbot.wait(1)


def write_sample_mailbox(folder: Path, media: Path) -> Path:
    """The scenario's mails as ``.eml`` files in ``folder``, for the screenshots (tools/screenshots.py):
    packages from the real package builder made into mails by the outbox's own mail builder (without
    the SMTP round trip the tests make), one tampered with on the way, the split one still missing its
    second mail, plus the same hostile, hand-sent and junk mails as the tests. Needs a throw-away data
    directory (``IVY_KIOSK_HOME``)."""
    from inbox.conftest import _add_outsiders, _two_mail_budget, kiosk_package
    from inbox_mails import tamper_attachment

    from kiosk import organiser as call
    from kiosk.outbox import packages
    from kiosk.outbox.message import Addresses, build_mails

    media.mkdir(parents=True, exist_ok=True)
    built = {county: kiosk_package(county, clip, media) for county, clip in CLIPS.items()}
    addresses = Addresses("kiosk@example.org", call.RECIPIENT, "", "")
    mails: list[bytes] = []
    for county, package in built.items():
        budget = _two_mail_budget(package.id) if county == SPLIT else 18_000_000
        made = [mail.data for mail in build_mails(packages.load(package.id), addresses, budget)]
        mails += [tamper_attachment(data, TAMPERED_FILE) for data in made] if county == TAMPERED else made
    mailbox = KioskMails(mails, {county: package.id for county, package in built.items()})
    _add_outsiders(mailbox, media, built)
    folder.mkdir(parents=True, exist_ok=True)
    for number, data in enumerate(without_second_part(mailbox), start=1):
        (folder / f"{number:03d}.eml").write_bytes(data)
    return folder
