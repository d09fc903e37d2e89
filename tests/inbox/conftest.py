"""Fixtures for the organiser's side: a mailbox filled by the kiosk's own outbox, and real IMAP.

* ``kiosk_mails`` — packages built by the real package builder (short coloured clips, three photos,
  the consent PDF) for several counties, queued in the real outbox and delivered over TLS with AUTH
  to the loopback aiosmtpd server of ``tests/outbox/conftest.py`` (its fixtures are imported, not
  copied). 高雄市 goes as two numbered mails; 臺中市 is delivered twice (the server stores the mail
  and cuts the line before its 250, so the outbox sends again); 臺南市's mail is tampered with on
  the way. Then hostile mails, a county's own phone mail, a cloud link and junk. Built once per
  session (the first test that asks pays), handed out as bytes.
* ``write_folder`` / ``write_mbox`` — the same mails as a folder of .eml files or an mbox file.
* ``imap_server`` — Debian's dovecot, started as an unprivileged process with its own configuration
  on a free high port, TLS from the test CA; ``imap_mailbox(mails)`` APPENDs mails to a fresh folder.

pytest puts ``tests/`` on ``sys.path`` (its conftest has no package), hence ``outbox.conftest``.
"""

from __future__ import annotations

import imaplib
import mailbox
import os
import secrets
import shutil
import socket
import ssl
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme
from inbox_mails import (
    direct_mail,
    fake_video_mail,
    kiosk_lookalike,
    nested_mail,
    raw_mail,
    rfc2231,
    tamper_attachment,
)
from inbox_scenario import (
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
    TWICE,
    CountyClip,
)
from outbox.conftest import (  # fixtures reused as they are
    Handler,
    Received,
    ca,
    ca_file,
    mail_server,
    memory_keyring,
    passwords,
    rig_for,
)
from package.conftest import make_photo

from kiosk import procs
from kiosk.package import build_package
from kiosk.package.consent import Consent, Contact
from kiosk.recording.take import Take

REUSED_FIXTURES = (ca, ca_file, mail_server, memory_keyring, passwords, rig_for)  # from tests/outbox/conftest.py

PACKAGE_OVERRIDE = "test package: a 3 s clip"
_FFMPEG = [procs.ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y"]




def ffmpeg(*args: str) -> None:
    result = procs.run([*_FFMPEG, *args], timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")[-800:]


def make_clip(target: Path, clip: CountyClip, *, seconds: float = CLIP_SECONDS, size: str = "1920x1080") -> Path:
    red, green, blue = clip.colour
    ffmpeg("-f", "lavfi", "-i", f"color=c=0x{red:02x}{green:02x}{blue:02x}:s={size}:r=30:d={seconds}",
           "-f", "lavfi", "-i", f"sine=frequency={clip.frequency}:sample_rate=48000:duration={seconds}",
           "-filter:a", f"volume={clip.level_db + 18.0}dB,aformat=channel_layouts=stereo",  # sine peaks at -18 dBFS
           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30",
           "-c:a", "aac", "-b:a", "128k", "-shortest", "-movflags", "+faststart", str(target))
    return target


def kiosk_package(county: str, clip: CountyClip, media: Path):
    """A package built by the real builder from a take made of ``clip`` (override: it is 3 s long)."""
    take = Take.create(camera={"spec": "test", "description": "coloured test clip"}, mic=None,
                       seconds_requested=CLIP_SECONDS)
    shutil.copyfile(make_clip(media / f"{county}.mp4", clip), take.dir / "take.mp4")
    stills = []
    for number in (1, 2, 3):
        make_photo(take.dir / "stills" / f"still-{number}.jpg", size=(1280, 720), label=f"{county} {number}")
        stills.append(f"still-{number}.jpg")
    take.update(state="done", video="take.mp4", stills=stills, candidates=[], duration_s=CLIP_SECONDS, width=1920,
                height=1080, fps=30.0, frames=int(CLIP_SECONDS * 30), dropped_frames=0, has_audio=True, short=True,
                stop_reason="operator", encoder="libx264")
    contact = Contact(f"{county}聯絡人", f"{county}政府社會局", "科員", clip.phone, "contact@example.org")
    return build_package(take, Consent(county, contact, True, contact.name), settings=_settings(),
                         override_reason=PACKAGE_OVERRIDE)


def _settings():
    from kiosk.config import Settings

    return Settings()


@dataclass
class DeliveredButUnheard(Handler):
    """Keeps the mail, then cuts the line before the 250: the sender cannot know, and sends again."""

    unheard: int = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.unheard:
            self.unheard -= 1
            self.delivered.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                           envelope.original_content or envelope.content))
            server.transport.abort()
            return "250 OK (never heard)"
        return await super().handle_DATA(server, session, envelope)


@dataclass
class KioskMails:
    """What arrived in the organiser's mailbox, in arrival order."""

    mails: list[bytes]
    packages: dict[str, str]  # county → package id
    media: dict[str, Path] = field(default_factory=dict)  # county → the clip it sent
    hostile: dict[str, bytes] = field(default_factory=dict)  # kind → mail
    direct: list[bytes] = field(default_factory=list)  # mails sent without the kiosk
    junk: bytes = b""

    @property
    def all(self) -> list[bytes]:
        return [*self.mails, *self.hostile.values(), *self.direct, self.junk]


@pytest.fixture(scope="session")
def _mailbox_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    return {"media": tmp_path_factory.mktemp("寄出的 clips")}


@pytest.fixture
def kiosk_mails(_mailbox_cache, mail_server, rig_for) -> KioskMails:
    if "mails" not in _mailbox_cache:
        _mailbox_cache["mails"] = _deliver_everything(Path(str(_mailbox_cache["media"])), mail_server, rig_for)
    mails = _mailbox_cache["mails"]
    assert isinstance(mails, KioskMails)
    return mails


def _deliver_everything(media: Path, mail_server, rig_for) -> KioskMails:
    server = mail_server("tls", start=False)
    server.handler = DeliveredButUnheard()
    server.start()
    rig = rig_for(server)
    packages = {county: kiosk_package(county, clip, media) for county, clip in CLIPS.items()}

    server.handler.unheard = 1  # 臺中市 first: stored, but the kiosk never hears so
    rig.outbox.enqueue(packages[TWICE].id, rig.settings)
    assert rig.runner.run_once().attempts[0].outcome != "sent"
    rig.clock.advance(16)
    rig.runner.run_once()
    assert rig.state(packages[TWICE].id) == "sent"

    for county, package in packages.items():
        if county == SPLIT:  # a mail budget smaller than the package: two numbered mails
            rig.settings.delivery.max_mail_bytes = _two_mail_budget(package.id)
        rig.outbox.enqueue(package.id, rig.settings)
        rig.settings.delivery.max_mail_bytes = 18_000_000
    rig.runner.run_once()
    assert all(rig.state(p.id) == "sent" for p in packages.values())

    delivered = [received.data for received in server.handler.delivered]
    assert len(delivered) == len(CLIPS) + 2  # 臺中市 twice, 高雄市 in two parts
    tampered_package = packages[TAMPERED].id.encode()
    delivered = [tamper_attachment(data, TAMPERED_FILE) if tampered_package in data else data for data in delivered]
    result = KioskMails(delivered, {c: p.id for c, p in packages.items()},
                        {c: media / f"{c}.mp4" for c in CLIPS})
    _add_outsiders(result, media, packages)
    return result


def _two_mail_budget(package_id: str) -> int:
    """A mail budget that makes the outbox split this package into exactly two mails."""
    from kiosk.outbox import packages
    from kiosk.outbox.message import plan_parts

    files = packages.load(package_id).files
    sizes = [f.size for f in files]
    budgets = sorted(max(sum(sizes[:cut]), sum(sizes[cut:])) for cut in range(1, len(sizes)))
    return next(budget for budget in budgets if len(plan_parts(files, budget)) == 2)


def _jpeg(label: str, folder: Path, size: tuple[int, int] = (1920, 1080)) -> bytes:
    path = folder / f"{label}.jpg"
    make_photo(path, size=size, label=label)
    return path.read_bytes()


def _add_outsiders(result: KioskMails, media: Path, packages: dict) -> None:
    photo = _jpeg("hostile", media, (1280, 720))
    lookalikes = media / "lookalikes"
    result.hostile = {
        "path": raw_mail("基隆市 IVY 2026 – IVY2026-20261126-100000-abcdef",
                         [(rfc2231("../../../逃出去.jpg"), "image/jpeg", photo)],
                         headers={"X-IVY-Package": "IVY2026-20261126-100000-abcdef", "X-IVY-Part": "1/1"}),
        "absolute": raw_mail("photos", [(rfc2231("/tmp/ivy-evil.jpg"), "image/jpeg", photo)]),
        "drive": raw_mail("基隆市 photos", [(rfc2231("C:\\Users\\Public\\evil.jpg"), "image/jpeg", photo)]),
        "device": raw_mail("基隆市 photos", [(rfc2231("CON.jpg"), "image/jpeg", photo)]),
        "nul": raw_mail("基隆市 photos", [(rfc2231("a\x00b.jpg"), "image/jpeg", photo)]),
        "long": raw_mail("基隆市 photos", [(rfc2231("長" * 200 + ".jpg"), "image/jpeg", photo)]),
        "nested": nested_mail(40),
        "fake_video": fake_video_mail(lookalikes / "新竹市", "新竹市", "IVY2026-20261126-110000-0a0b0c", photo),
        "not_a_county": kiosk_lookalike(lookalikes / "火星市", "火星市", {
            "火星市 IVY 2026.mp4": packages["臺北市"].files[0].read_bytes(), "火星市 IVY 2026-1.jpg": photo,
            "火星市 IVY 2026 授權同意書.pdf": b"%PDF-1.7\n"}, "IVY2026-20261126-120000-0d0e0f"),
    }
    phone_clip = make_clip(media / "phone.mov", CountyClip(DIRECT, (250, 120, 0), -18.0, 330, ""), seconds=2.0)
    result.direct = [
        direct_mail(f"{DIRECT}響應國際志工年 IVY 2026 影片與照片", "花蓮縣政府社會處 <hualien@example.gov.tw>",
                    "您好，附上本縣的宣示影片與照片。\n聯絡人：林小姐 電話：03-8227171\n",
                    [("IMG_0042.MOV", phone_clip.read_bytes(), "video/quicktime"),
                     ("IMG_0043.JPG", _jpeg("direct-1", media), "image/jpeg"),
                     ("IMG_0044.JPG", _jpeg("direct-2", media), "image/jpeg")]),
        direct_mail(f"{LINK_ONLY} IVY 2026 影片雲端連結", "澎湖縣政府 <penghu@example.gov.tw>",
                    f"影片檔案較大，請由雲端下載：{CLOUD_URL}\n聯絡人 陳先生 06-9274400\n", []),
    ]
    result.junk = direct_mail("Special offer", "Spam <spam@example.com>", "Buy now", [])


# -- writing the mailbox ------------------------------------------------------------------------


@pytest.fixture
def write_folder(tmp_path: Path) -> Callable[[list[bytes]], Path]:
    def write(mails: list[bytes], name: str = "收到的 信件") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        for number, data in enumerate(mails, start=1):
            (folder / f"{number:03d} 信.eml").write_bytes(data)
        return folder

    return write


@pytest.fixture
def write_mbox(tmp_path: Path) -> Callable[[list[bytes]], Path]:
    def write(mails: list[bytes]) -> Path:
        path = tmp_path / "匯出 Inbox.mbox"
        box = mailbox.mbox(path)
        for data in mails:
            box.add(data)
        box.close()
        return path

    return write


# -- IMAP: dovecot ----------------------------------------------------------------------------




@dataclass
class ImapServer:
    port: int
    ca_file: Path
    root: Path

    def url(self, folder: str) -> str:
        return f"imaps://{IMAP_USER.replace('@', '%40')}@127.0.0.1:{self.port}/{folder}"

    def client(self) -> imaplib.IMAP4_SSL:
        client = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=ssl.create_default_context(cafile=str(self.ca_file)),
                                   timeout=30)
        credentials = f"\0{IMAP_USER}\0{IMAP_PASSWORD}".encode()
        client.authenticate("PLAIN", lambda _challenge: credentials)
        return client

    def fill(self, mails: list[bytes]) -> str:
        """A new folder holding ``mails``: returns its IMAP address."""
        folder = f"Test-{secrets.token_hex(4)}"
        client = self.client()
        try:
            assert client.create(folder)[0] == "OK"
            for data in mails:
                assert client.append(folder, None, None, data)[0] == "OK"
        finally:
            client.logout()
        return self.url(folder)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dovecot_config(root: Path, port: int, account, group: str) -> str:
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
default_internal_user = {account.pw_name}
default_internal_group = {group}
default_login_user = {account.pw_name}
mail_location = maildir:{root}/mail/%u
auth_mechanisms = plain login
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={account.pw_uid} gid={account.pw_gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


@pytest.fixture(scope="session")
def imap_server(ca: trustme.CA, ca_file: Path) -> Iterator[ImapServer]:
    """dovecot on 127.0.0.1, as an unprivileged user (``nobody`` when the tests run as root)."""
    import pwd

    dovecot = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(dovecot).exists():
        pytest.fail("dovecot is not installed: ./dev setup installs dovecot-imapd")
    account = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.getuid())
    group = "nogroup" if os.geteuid() == 0 else account.pw_name
    root = Path(tempfile.mkdtemp(prefix="ivy-dovecot-"))  # not under pytest's 0700 tmp: dovecot's user reads it
    leaf = ca.issue_cert("127.0.0.1", "localhost")
    leaf.private_key_pem.write_to_path(str(root / "key.pem"))
    leaf.cert_chain_pems[0].write_to_path(str(root / "cert.pem"))
    (root / "passwd").write_text(f"{IMAP_USER}:{{PLAIN}}{IMAP_PASSWORD}\n", encoding="utf-8")
    port = _free_port()
    (root / "dovecot.conf").write_text(_dovecot_config(root, port, account, group), encoding="utf-8")
    for name in ("run", "state", "mail", "home"):
        (root / name).mkdir()
    for path in [root, *root.rglob("*")]:
        os.chown(path, account.pw_uid, account.pw_gid)
    command = [dovecot, "-F", "-c", str(root / "dovecot.conf")]
    if os.geteuid() == 0:  # drop to the unprivileged user before dovecot starts
        command = ["setpriv", f"--reuid={account.pw_uid}", f"--regid={account.pw_gid}", "--clear-groups", *command]
    process = procs.spawn(command, log_path=root / "stderr.log")
    try:
        _wait_for_port(port, process, root)
        yield ImapServer(port, ca_file, root)
    finally:
        process.terminate()
        process.wait(10)
        shutil.rmtree(root, ignore_errors=True)


def _wait_for_port(port: int, process, root: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (root / "stderr.log").read_text(errors="replace") + (root / "dovecot.log").read_text(errors="replace") \
                if (root / "dovecot.log").exists() else (root / "stderr.log").read_text(errors="replace")
            pytest.fail(f"dovecot exited: {log[-1500:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("dovecot did not listen within 20 s")


# -- the scenario, collected once ---------------------------------------------------------------


@pytest.fixture
def collected(kiosk_mails: KioskMails, _mailbox_cache, tmp_path: Path) -> Path:
    """A copy of DIR after collecting every mail of the scenario from a folder (collected once)."""
    from kiosk.inbox import collect
    from kiosk.inbox.sources import FolderSource

    if "collected" not in _mailbox_cache:
        base = Path(str(_mailbox_cache["media"])).parent / "collected once"
        source = base / "mails"
        source.mkdir(parents=True)
        for number, data in enumerate(kiosk_mails.all, start=1):
            (source / f"{number:03d}.eml").write_bytes(data)
        collect(FolderSource(source), base / "DIR")
        _mailbox_cache["collected"] = base / "DIR"
    target = tmp_path / "主辦單位 inbox"
    shutil.copytree(Path(str(_mailbox_cache["collected"])), target, symlinks=True)
    return target


@dataclass
class Film:
    dir: Path  # the inbox DIR, with its montage cache
    video: Path
    result: object  # kiosk.inbox.montage.MontageResult


@pytest.fixture
def film(collected: Path, _mailbox_cache, tmp_path: Path) -> Film:
    """The montage of the collected scenario (built once), and a copy of DIR with its cache."""
    from kiosk.inbox import InboxFolder
    from kiosk.inbox.montage import MontageSettings, build_montage, plan_for

    if "film" not in _mailbox_cache:
        base = Path(str(_mailbox_cache["media"])).parent / "film once"
        shutil.copytree(collected, base / "DIR", symlinks=True)
        folder = InboxFolder.open(base / "DIR")
        result = build_montage(folder, base / "影片 film.mp4", plan_for(folder, settings=MontageSettings(**TEST_FILM)))
        _mailbox_cache["film"] = Film(base / "DIR", base / "影片 film.mp4", result)
    built = _mailbox_cache["film"]
    assert isinstance(built, Film)
    copy = tmp_path / "film DIR"
    shutil.copytree(built.dir, copy, symlinks=True)
    return Film(copy, built.video, built.result)
