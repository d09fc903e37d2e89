"""The CI workflows for Windows, macOS and Ubuntu (they cannot run here; ./dev test lints them against
GitHub's schema): each installs, runs the tests, builds with build.spec, runs the frozen self-test and
uploads the report and the app; on tags the installer or disk image."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

WORKFLOWS = Path(__file__).resolve().parents[2] / ".github" / "workflows"
RUNNERS = {"windows": "windows-", "macos": "macos-", "ubuntu": "ubuntu-"}


def load(name: str) -> dict:
    return YAML(typ="safe").load((WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(workflow))


def uploads(workflow: dict) -> list[dict]:
    return [s for s in steps(workflow) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]


def test_the_workflows_are_valid_for_github():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, sorted(WORKFLOWS.glob("*.yml")))], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(RUNNERS))
def test_each_system_tests_builds_self_tests_and_uploads(name):
    workflow = load(name)
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith(RUNNERS[name])
    assert "v*" in workflow["on"]["push"]["tags"] and "pull_request" in workflow["on"]
    commands = runs(workflow)
    assert "pytest" in commands or "./dev test" in commands
    assert "pyinstaller --noconfirm build.spec" in commands
    assert "self-test --report self-test-" in commands
    report_upload = next(u for u in uploads(workflow) if "self-test" in u["with"]["path"])
    assert report_upload.get("if") == "always()"  # a failed self-test still leaves its report
    assert any("ivy-kiosk" in u["with"]["name"] and "if" not in u for u in uploads(workflow))  # the app


def test_windows_compiles_the_installer_every_run_and_uploads_it_on_tags():
    workflow = load("windows")
    installer = next(s for s in steps(workflow) if "makensis" in s.get("run", ""))
    assert "if" not in installer and "installer\\windows\\ivy-kiosk.nsi" in installer["run"]
    upload = next(u for u in uploads(workflow) if "setup.exe" in u["with"]["path"])
    assert upload["if"] == "startsWith(github.ref, 'refs/tags/')"


def test_macos_signs_ad_hoc_with_the_entitlements_and_makes_a_dmg_on_tags():
    workflow = load("macos")
    commands = runs(workflow)
    assert "--entitlements installer/macos/entitlements.plist -s -" in commands
    assert "NSCameraUsageDescription" in commands and "NSMicrophoneUsageDescription" in commands
    dmg = next(s for s in steps(workflow) if "hdiutil create" in s.get("run", ""))
    assert dmg["if"] == "startsWith(github.ref, 'refs/tags/')"


def test_ubuntu_runs_the_frozen_self_test_bare_and_checks_the_media_back_end_under_x():
    commands = runs(load("ubuntu"))
    assert "env -i HOME=" in commands and "dist/ivy-kiosk/ivy-kiosk self-test" in commands
    assert "xvfb-run" in commands and 'grep -q "Using Qt multimedia with"' in commands
