"""``pip install .`` (not editable): the wheel carries resources/ as kiosk/resources, and an installed
copy, away from the checkout, finds its fonts and translations and builds its window with them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# What a wheel is built from (the rest of the checkout must not be needed).
SOURCES = ("pyproject.toml", "README.md", "hatch_build.py", "kiosk", "resources")

INSTALLED_CHECKS = """
import json, sys
import kiosk
from kiosk import paths
from kiosk.selftest import Report
from kiosk.ui.selftest_qt import run_qt_checks
report = Report()
run_qt_checks(report, None, 0.0)
print(json.dumps({"package": kiosk.__file__, "font": str(paths.resource("fonts/NotoSansTC-Regular.otf")),
                  "checks": report.checks}))
"""


def pip(*args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "pip", *args, "--disable-pip-version-check", "--no-input"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheels")
    # No network: hatchling is a dev dependency, so the build needs no isolated environment.
    pip("wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), str(source))
    wheels = list(out.glob("ivy_kiosk-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_the_wheel_carries_every_resource_file_and_the_command(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    bundled = {f"kiosk/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
               for p in (ROOT / "resources").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert {"kiosk/resources/fonts/NotoSansTC-Regular.otf", "kiosk/resources/licenses/GPL-3.txt"} <= bundled
    assert any(n.endswith(".qm") for n in bundled)
    assert bundled <= names, sorted(bundled - names)
    assert "kiosk/cli/__init__.py" in names and "kiosk/ui/selftest_qt.py" in names
    assert "ivy-kiosk = kiosk.cli:main" in entry_points


def test_an_installed_copy_finds_its_fonts_and_translations(wheel, tmp_path, cli_env):
    site = tmp_path / "安裝 site"
    pip("install", "--no-deps", "--no-index", "--target", str(site), str(wheel))
    env = dict(cli_env, PYTHONPATH=str(site))  # the installed copy first, not the checkout
    result = subprocess.run([sys.executable, "-c", INSTALLED_CHECKS], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert Path(found["package"]).is_relative_to(site)
    assert Path(found["font"]) == site / "kiosk" / "resources" / "fonts" / "NotoSansTC-Regular.otf"
    checks = {c["name"]: c for c in found["checks"]}
    assert [c["name"] for c in found["checks"]] == ["window", "fonts", "translations"]
    assert all(c["ok"] for c in checks.values()), checks
