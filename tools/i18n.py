"""Update and compile the GUI translations (Qt Linguist).

    python tools/i18n.py                 # lupdate every area, then lrelease every .ts
    python tools/i18n.py --area ui       # lupdate only the "ui" area (then lrelease all)
    python tools/i18n.py --release-only  # only compile .ts → .qm

One ``resources/i18n/<area>_zh_TW.ts`` per area of the GUI, each extracted from that area's source
files; the app loads every ``*_zh_TW.qm`` it finds. The compiled ``.qm`` files are committed (a
test checks they are up to date with their ``.ts``). Translate with ``pyside6-linguist`` or any
text editor, then run this again.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import procs  # noqa: E402 - after the path set-up, so the script runs from a checkout

I18N = ROOT / "resources" / "i18n"
UI = ROOT / "kiosk" / "ui"
SCREENS = UI / "screens"
LANGUAGE = "zh_TW"

# One .ts file per area, each owned by the team that wrote those screens. "ui" also takes every
# module directly under kiosk/ui/ except those listed for another area.
AREAS: dict[str, list[Path]] = {
    "ui": [SCREENS / "live.py", SCREENS / "review.py", SCREENS / "__init__.py"],
    "package": [SCREENS / "consent.py", SCREENS / "send.py", SCREENS / "signature.py"],
    "outbox": [SCREENS / "outbox.py", SCREENS / "mail_settings.py", UI / "outbox_controller.py"],
    "preflight": [SCREENS / "preflight.py"],
    "settings": [SCREENS / "settings.py"],
    "help": [SCREENS / "help.py"],
    "about": [SCREENS / "about.py"],
    "import": [SCREENS / "import_clip.py", UI / "trim_bar.py", UI / "clip_importer.py", UI / "add_photos.py"],
    "organiser": sorted((UI / "organiser").glob("*.py")),
}


def venv_tool(name: str) -> str:
    """``pyside6-<name>`` beside the running Python (the project's venv)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / f"pyside6-{name}", folder / f"pyside6-{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    return f"pyside6-{name}"


def area_sources(area: str) -> list[Path]:
    files = list(AREAS.get(area, []))
    if area == "ui":
        claimed = {f for other, sources in AREAS.items() if other != "ui" for f in sources}
        files += [f for f in sorted(UI.glob("*.py")) if f not in claimed]
    return [f for f in files if f.is_file()]


def known_areas() -> list[str]:
    return sorted(AREAS)


def ts_path(area: str) -> Path:
    return I18N / f"{area}_{LANGUAGE}.ts"


def qm_path(ts: Path) -> Path:
    return ts.with_suffix(".qm")


def run_tool(args: list[str]) -> None:
    result = procs.run(args, timeout=120)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", errors="replace").strip()
        raise SystemExit(f"{Path(args[0]).name} failed ({result.returncode}): {message}")


def lupdate(area: str) -> None:
    sources = area_sources(area)
    if not sources:
        print(f"{area}: no source files, skipped")
        return
    I18N.mkdir(parents=True, exist_ok=True)
    args = [venv_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "relative",
            "-source-language", "en", "-target-language", LANGUAGE,
            *[str(s) for s in sources], "-ts", str(ts_path(area))]
    run_tool(args)
    print(f"{area}: {ts_path(area).relative_to(ROOT)} updated from {len(sources)} file(s)")


def lrelease(ts: Path, qm: Path | None = None) -> Path:
    qm = qm or qm_path(ts)
    run_tool([venv_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)])
    return qm


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--area", action="append", help="only update this area (repeatable)")
    parser.add_argument("--release-only", action="store_true", help="only compile .ts files to .qm")
    args = parser.parse_args(argv)
    if not args.release_only:
        for area in args.area or known_areas():
            lupdate(area)
    for ts in sorted(I18N.glob("*.ts")):
        print(f"compiled {lrelease(ts).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
