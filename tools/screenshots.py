"""Screenshots of every kiosk screen — and of the organiser's window — from a REAL window (X11), in
Traditional Chinese and English.

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots.py            # → docs/screenshots/
    DISPLAY=:98 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots.py --suffix=-1920x1080   # Xvfb at 1920x1080

or in one go: xvfb-run -a -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshots.py

Runs the kiosk full screen on the demo source in a throw-away data directory (with example contact
details), records real takes, walks through the screens and grabs the X screen itself. PNGs are
reduced to a 256-colour palette when needed to stay under --max-kb.

The organiser's window (``organiser-*`` scenes, ``ivy-kiosk --organiser``) is shown as large as the
screen, on the mails of the organiser tests' scenario (tests/ui/organiser_rig.py: packages from the
real package builder made into mails by the outbox's own mail builder, hostile and hand-sent mails):
one package tampered with on the way, one whose second mail has not arrived. The window collects
them, shows the table, plays and accepts the clip sent without the kiosk, and cuts a quick draft of
the film, which it plays.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENES = ("preflight", "live", "count-in", "recording", "review", "import", "import-converting", "import-portrait",
          "add-photos", "consent", "consent-preview", "send", "outbox", "export", "settings", "help", "pin")
IMPORT_SCENES = ("import", "import-converting", "import-portrait", "add-photos")
# Clips as a phone leaves them on its card, made with the bundled ffmpeg: a 1080p HEVC HLG clip with a
# variable frame rate (so the badges have something to say), and a portrait one (refused, then filled).
PHONE_CLIP = ("IMG_0042.MOV", "testsrc2=size=1920x1080:rate=30:duration=20,"
              "settb=1/90000,setpts='(N/30+0.009*sin(N*1.7))/TB',format=yuv420p10le,"
              "setparams=color_primaries=bt2020:color_trc=arib-std-b67:colorspace=bt2020nc",
              ["-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-tag:v", "hvc1",
               "-fps_mode", "passthrough", "-enc_time_base:v", "1/90000", "-video_track_timescale", "90000"])
PORTRAIT_CLIP = ("IMG_0043.MOV", "testsrc2=size=1080x1920:rate=30:duration=12",
                 ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"])
ORGANISER_SCENES = ("organiser-collect", "organiser-collecting", "organiser-counties", "organiser-county",
                    "organiser-film")
EXAMPLE_CONTACT = {"name": "王小明", "organisation": "高雄市政府社會局", "title": "科員",
                   "phone": "07-3438100", "email": "volunteer@example.org"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Screenshots of the kiosk screens (needs an X display).")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--languages", default="zh-TW,en")
    parser.add_argument("--only", default=",".join(SCENES + ORGANISER_SCENES),
                        help="comma-separated scenes: " + ", ".join(SCENES + ORGANISER_SCENES))
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. -1920x1080")
    parser.add_argument("--max-kb", type=int, default=300)
    return parser.parse_args(argv)


def prepare_home() -> Path:
    """A fresh data directory with example settings, so nothing real is touched or shown."""
    home = Path(tempfile.mkdtemp(prefix="ivy-kiosk-screens "))
    os.environ["IVY_KIOSK_HOME"] = str(home)
    from kiosk import config, paths

    settings = config.Settings()
    for key, value in EXAMPLE_CONTACT.items():
        setattr(settings.contact, key, value)
    config.save(settings, paths.config_path())
    return home


def make_card(home: Path) -> Path:
    """A phone's card in the data directory: two clips (with a beep each second) and three photos."""
    from PIL import Image, ImageDraw

    from kiosk import procs

    card = home / "USB" / "DCIM"
    card.mkdir(parents=True)
    for name, picture, codec in (PHONE_CLIP, PORTRAIT_CLIP):
        seconds = picture.split("duration=")[1].split(",")[0]
        result = procs.run([procs.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                            "-i", picture, "-f", "lavfi", "-t", seconds, "-i",
                            "aevalsrc='0.5*sin(2*PI*1000*t)*lt(mod(t,1),0.08)':s=48000", *codec,
                            "-c:a", "aac", "-shortest", str(card / name)], timeout=600)
        if result.returncode != 0:
            raise SystemExit(result.stderr.decode(errors="replace"))
    for index, colour in enumerate(("#2f6e9e", "#9e2f6e", "#6e9e2f")):
        photo = Image.new("RGB", (1920, 1080), colour)
        ImageDraw.Draw(photo).ellipse((660, 240, 1260, 840), fill="#f2f4f7")
        photo.save(card / f"DSC_01{index:02d}.JPG", "JPEG", quality=85)
    return card


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    from PySide6.QtTest import QTest

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        QTest.qWait(20)
    return condition()


def save_png(image, path: Path, max_kb: int) -> int:
    """PNG under ``max_kb``: as is when it fits, else reduced to a 256-colour palette."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    data = bytes(buffer.data())
    if len(data) > max_kb * 1024:
        picture = Image.open(io.BytesIO(data)).convert("RGB")
        for colours in (256, 128, 64):
            reduced = picture.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            out = io.BytesIO()
            reduced.save(out, "PNG", optimize=True)
            data = out.getvalue()
            if len(data) <= max_kb * 1024:
                break
    path.write_bytes(data)
    return len(data)


def shoot_screen(args: argparse.Namespace, scene: str, language: str) -> None:
    """The whole X screen, as the operator sees it, into ``<out>/<scene>-<language><suffix>.png``."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    QTest.qWait(300)  # let the last repaint reach the X server
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage()
    path = args.out / f"{scene}-{language}{args.suffix}.png"
    size = save_png(image, path, args.max_kb)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    print(f"{shown}  {image.width()}×{image.height()}  {size // 1024} KB")


class Director:
    """Drives the real kiosk window through each scene and grabs the screen."""

    def __init__(self, args: argparse.Namespace) -> None:

        from kiosk.ui.app import create_kiosk, start_recovery

        self.args = args
        self.window = create_kiosk(demo=True, windowed=False, language="zh-TW")
        start_recovery(self.window)
        self.window.show_kiosk()
        self.take = None
        self.card: Path | None = None
        if not wait_until(lambda: self.window.context.takes.studio is not None, 20):
            raise SystemExit("the demo camera did not start")
        wait_until(lambda: self.window.preflight.report is not None, 60)  # the day starts on Preflight

    def shoot(self, scene: str, language: str) -> None:
        shoot_screen(self.args, scene, language)

    def set_language(self, language: str) -> None:
        languages = self.window.context.languages
        if languages.language != language:
            languages.switch(language)
        wait_until(lambda: False, 0.3)

    def record(self, language: str, scenes: set[str]) -> None:
        """Count-in, a real 15 s take (shot at about 11 s), then the review."""

        takes = self.window.context.takes
        self.window.go("live")
        self.window.activateWindow()
        wait_until(lambda: self.window.live.preview.frames_shown > 10, 5)
        self.window.live.primary_action()  # what Space does (tested in tests/ui; here no focus games)
        wait_until(lambda: takes.state == "count-in" and self.window.live._count == 2, 5)
        if "count-in" in scenes:
            self.shoot("count-in", language)
        wait_until(lambda: takes.state == "recording" and takes.elapsed_s() >= 11.3, 20)
        if "recording" in scenes:
            self.shoot("recording", language)
        wait_until(lambda: self.window.current_name == "review", 40)
        self.take = self.window.review.take
        wait_until(lambda: self.window.review.video.frames_shown > 20, 10)
        self.window.review.keep()
        if "review" in scenes:
            self.shoot("review", language)

    def imports(self, language: str, scenes: set[str]) -> None:
        """The Import screen with a phone's clip (trimmed, previewed, converting) and a portrait one
        (refused, with the fill offered); then Review's photo picker. Nothing is kept: the conversion
        is cancelled and the picker closed."""
        from kiosk.ui.trim_bar import Part

        window, screen = self.window, self.window.import_screen
        if self.card is None:
            self.card = make_card(Path(os.environ["IVY_KIOSK_HOME"]))
        window.go("import")
        for name, scene in ((PHONE_CLIP[0], "import"), (PORTRAIT_CLIP[0], "import-portrait")):
            if scene not in scenes and (scene != "import" or "import-converting" not in scenes):
                continue
            screen.open_clip(self.card / name)
            wait_until(lambda: screen.phase.value == "ready", 60)
            if scene == "import":
                screen.trim_bar.set_part(Part.SPAN)
                for _ in range(45):  # the span 1.5 s later, moved frame by frame as the arrows do
                    screen.trim_bar.step(1)
            wait_until(lambda: screen.importer.thumbnails_missing == 0 and screen._preview_at is not None
                       and not screen.importer.previewing, 120)
            if scene in scenes:
                self.shoot(scene, language)
            if scene == "import" and "import-converting" in scenes:
                screen.convert()
                wait_until(lambda: (screen.percent or 0) >= 40, 120)
                self.shoot("import-converting", language)
                screen.cancel_conversion()
                wait_until(lambda: not screen.converting, 60)
        if "add-photos" in scenes:
            window.go("review")
            adder = window.review.photo_adder
            adder.choose()
            picker = adder.picker
            if picker is not None:
                wait_until(picker.isVisible, 3)
                picker.show_folder(self.card)
                for row in range(picker.entries.count()):
                    picker.entries.item(row).setSelected(picker.entries.item(row).text().startswith("DSC_010"))
                self.shoot("add-photos", language)
                picker.reject()

    def visit(self, scene: str, language: str) -> None:
        from kiosk.package.consent import consent_from_dict

        window = self.window
        if scene == "pin":
            window.go("live")
            dialog = window.ask_pin("exit", lambda: None)
            wait_until(dialog.isVisible, 3)
            self.shoot("pin", language)
            dialog.reject()
            return
        if scene == "consent-preview":
            window.go("consent")
            window.consent.request_preview()
            wait_until(lambda: not window.consent.preview_busy.isVisible(), 20)
            self.shoot(scene, language)
            window.consent.show_form()
            return
        if scene == "export":
            window.go("outbox")
            window.outbox.export_selected()
            picker = window.outbox.picker
            if picker is not None:
                wait_until(picker.isVisible, 3)
                self.shoot(scene, language)
                picker.reject()
            return
        if scene == "send":
            window.context.flow.give_consent(consent_from_dict(
                {"county": "高雄市", "contact": EXAMPLE_CONTACT, "authorised": True, "signed_by": "王小明"},
                Path(os.environ["IVY_KIOSK_HOME"])))
        if scene == "settings":
            window._show(scene)  # straight in: the PIN is tested elsewhere
        else:
            window.go(scene)
        wait_until(lambda: False, 1.5 if scene in ("preflight", "send") else 0.5)
        self.shoot(scene, language)
        if scene == "send":  # into the outbox, so the Outbox and Export scenes have a package
            wait_until(window.send.can_send, 30)
            window.send.request_send()
            wait_until(lambda: window.context.flow.last_queued is not None and not window.context.flow.busy, 60)

    def run(self) -> None:
        scenes = {s.strip() for s in self.args.only.split(",") if s.strip()}
        for language in [lang.strip() for lang in self.args.languages.split(",")]:
            self.set_language(language)
            if "preflight" in scenes:
                self.window.go("preflight")
                wait_until(lambda: False, 0.5)
                self.shoot("preflight", language)
            self.window.go("live")
            if "live" in scenes:
                wait_until(lambda: self.window.live.preview.frames_shown > 10, 5)
                self.shoot("live", language)
            if scenes & {"count-in", "recording", "review"} or self.take is None:
                self.record(language, scenes)
            if scenes & set(IMPORT_SCENES):
                self.imports(language, scenes)
            for scene in ("consent", "consent-preview", "send", "outbox", "export", "settings", "help", "pin"):
                if scene in scenes:
                    self.visit(scene, language)
        self.window.exit_unlocked = True
        self.window.close()


class OrganiserDirector:
    """Drives the real organiser window through its pages, in each language on a folder of its own."""

    def __init__(self, args: argparse.Namespace) -> None:
        sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "ui")]  # the organiser tests' mailbox
        from organiser_rig import write_sample_mailbox

        from kiosk.ui.app import create_organiser

        if hasattr(time, "tzset"):  # the organiser's office clock, for the times in the table
            os.environ["TZ"] = "Asia/Taipei"
            time.tzset()
        self.args = args
        self.home = Path(os.environ["IVY_KIOSK_HOME"])
        self.mails = write_sample_mailbox(self.home / "收到的信件", self.home / "寄出的 clips")
        self.window = create_organiser(self.home / "縣市投稿", language="zh-TW")
        self.window.setGeometry(self.window.screen().availableGeometry())  # a bare X session has no window manager
        self.window.show()
        self.session = self.window.session
        self.collected_once = False
        wait_until(lambda: not self.session.busy, 30)

    def run(self) -> None:
        scenes = {s.strip() for s in self.args.only.split(",") if s.strip()}
        for language in [lang.strip() for lang in self.args.languages.split(",")]:
            self.window.languages.switch(language)
            self.visit(language, scenes)
        self.window.close()

    def visit(self, language: str, scenes: set[str]) -> None:
        from organiser_rig import DIRECT

        window, session = self.window, self.session
        wait_until(lambda: not session.busy, 60)
        if self.collected_once:
            window.open_folder(self.home / f"縣市投稿 {language}")  # collected afresh in each language
            wait_until(lambda: not session.busy, 30)
        self.collected_once = True
        window.go("collect")
        page = window.collect
        page.choose_kind(page.kind.IMAP)
        page.server.setText("imap.gmail.com")
        page.account.setText("ingo.se@vtaiwan.org")
        page.password.setText("example password")
        wait_until(lambda: False, 0.5)
        if "organiser-collect" in scenes:
            shoot_screen(self.args, "organiser-collect", language)
        page.password.clear()
        page.choose_kind(page.kind.FOLDER)
        page.set_path(self.mails)
        page.request_collect()
        step_seen = lambda: session.last_step is not None and session.last_step.done >= 4  # noqa: E731
        wait_until(step_seen, 60)
        if "organiser-collecting" in scenes:
            shoot_screen(self.args, "organiser-collecting", language)
        wait_until(lambda: not session.busy and window.current_name == "counties", 120)
        wait_until(lambda: False, 0.5)
        if "organiser-counties" in scenes:
            shoot_screen(self.args, "organiser-counties", language)
        detail = window.counties.detail
        window.counties.select(DIRECT)
        detail.play()
        wait_until(lambda: detail.video.frames_shown > 15, 15)
        detail.request_accept()
        wait_until(lambda: False, 1.0)  # the question's bar lays itself out
        if "organiser-county" in scenes:
            shoot_screen(self.args, "organiser-county", language)
        detail.confirm.accept()
        wait_until(lambda: not session.busy and session.row(DIRECT) is not None and session.row(DIRECT).usable, 60)
        window.go("film")
        window.film.draft.setChecked(True)
        window.film.request_build()
        wait_until(lambda: window.film.result is not None and not session.busy, 600)
        wait_until(lambda: window.film.video.frames_shown > 60, 20)
        if "organiser-film" in scenes:
            shoot_screen(self.args, "organiser-film", language)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
        raise SystemExit("run under X: DISPLAY=:99 QT_QPA_PLATFORM=xcb (start Xvfb :99 -screen 0 1366x768x24 first)")
    prepare_home()
    args.out.mkdir(parents=True, exist_ok=True)
    from kiosk.ui.app import application

    app = application()
    scenes = {s.strip() for s in args.only.split(",") if s.strip()}
    if scenes & set(SCENES):
        Director(args).run()
    if scenes & set(ORGANISER_SCENES):
        OrganiserDirector(args).run()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
