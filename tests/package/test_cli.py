"""``ivy-kiosk package`` through the real command line (``python -m kiosk`` as a child process)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from kiosk.package import load_package


def _run(python_exe: str, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([python_exe, "-m", "kiosk", "package", *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120, check=False)


def _packages(home: Path) -> list[str]:
    folder = home / "packages"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _one_line_reason(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_package_json_document(make_take, consent_file, cli_env, python_exe) -> None:
    take = make_take()
    result = _run(python_exe, cli_env, take.id, "--consent", str(consent_file()), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) >= {"package", "dir", "files", "bytes", "checks"}
    package = load_package(document["package"])
    assert document["dir"] == str(package.dir)
    assert document["files"] == [str(p) for p in package.files]
    assert document["bytes"] == sum(Path(f).stat().st_size for f in document["files"])
    assert all(check["ok"] for check in document["checks"])
    assert {"name", "ok", "detail"} <= set(document["checks"][0])
    assert package.verify() == []


def test_package_by_take_folder_prints_a_human_line(make_take, consent_file, cli_env, python_exe) -> None:
    take = make_take()
    result = _run(python_exe, cli_env, str(take.dir), "--consent", str(consent_file()))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Package IVY2026-") and "高雄市 IVY 2026" in result.stdout


def test_failed_checks_exit_1_naming_them_and_build_nothing(make_take, consent_file, cli_env, python_exe,
                                                            kiosk_home: Path) -> None:
    take = make_take("short")
    result = _run(python_exe, cli_env, take.id, "--consent", str(consent_file()), "--json")
    assert result.returncode == 1
    assert "duration" in _one_line_reason(result) and "--override" in result.stderr
    document = json.loads(result.stdout)
    assert document["package"] is None
    assert [c["name"] for c in document["checks"] if not c["ok"]] == ["duration"]
    assert _packages(kiosk_home) == []


def test_override_packages_a_failing_take(make_take, consent_file, cli_env, python_exe) -> None:
    take = make_take("mute")
    result = _run(python_exe, cli_env, take.id, "--consent", str(consent_file()), "--override", "麥克風沒電", "--json")
    assert result.returncode == 0, result.stderr
    package = load_package(json.loads(result.stdout)["package"])
    assert package.manifest["override"] == {"reason": "麥克風沒電", "failed_checks": ["video_format", "audio"]}


@pytest.mark.parametrize(("consent_changes", "expected"), [
    ({"authorised": False}, "'authorised'"),
    ({"county": "高雄縣"}, "'county'"),
    ({"contact": {"phone": "3438100"}}, "'phone'"),
    ({"contact": {"email": "wang.xm@"}}, "'email'"),
    ({"contact": {"name": ""}}, "'name'"),
])
def test_bad_consent_exits_2_with_one_line(make_take, consent_file, cli_env, python_exe, kiosk_home: Path,
                                           consent_changes: dict, expected: str) -> None:
    take = make_take()
    result = _run(python_exe, cli_env, take.id, "--consent", str(consent_file(**consent_changes)))
    assert result.returncode == 2
    assert expected in _one_line_reason(result)
    assert result.stdout == ""
    assert _packages(kiosk_home) == []


@pytest.mark.parametrize(("content", "expected"), [
    ('{"county": "高雄市", "contact": {"name": "王', "not complete UTF-8 JSON"),
    ("這不是 JSON", "not complete UTF-8 JSON"),
])
def test_truncated_or_non_json_consent_exits_2(make_take, consent_dir: Path, cli_env, python_exe,
                                               content: str, expected: str) -> None:
    path = consent_dir / "壞 consent.json"
    path.write_text(content, encoding="utf-8")
    result = _run(python_exe, cli_env, make_take().id, "--consent", str(path))
    assert result.returncode == 2
    assert expected in _one_line_reason(result)


def test_missing_take_and_missing_consent_file_exit_2(consent_file, consent_dir: Path, cli_env, python_exe) -> None:
    result = _run(python_exe, cli_env, "20261127-000000-dead", "--consent", str(consent_file()))
    assert result.returncode == 2 and "No such take" in _one_line_reason(result)
    result = _run(python_exe, cli_env, "20261127-000000-dead", "--consent", str(consent_dir / "無.json"))
    assert result.returncode == 2 and "cannot read the consent file" in _one_line_reason(result)


def test_usage_error_and_empty_override_exit_2(make_take, consent_file, cli_env, python_exe) -> None:
    result = _run(python_exe, cli_env, "--json")
    assert result.returncode == 2 and "usage error" in _one_line_reason(result)
    result = _run(python_exe, cli_env, make_take("short").id, "--consent", str(consent_file()), "--override", " ")
    assert result.returncode == 2 and "needs a reason" in _one_line_reason(result)


def test_messages_in_chinese_by_default(make_take, consent_file, cli_env, python_exe) -> None:
    env = {**cli_env, "IVY_KIOSK_LANG": "zh-TW"}
    result = _run(python_exe, env, make_take().id, "--consent", str(consent_file(contact={"email": "x"})))
    assert result.returncode == 2 and "電子郵件" in _one_line_reason(result)


def test_the_package_core_never_imports_qt(cli_env, python_exe) -> None:
    code = ("import sys, kiosk.package, kiosk.package.preview, kiosk.cli.package_cmd; "
            "print(sorted(m for m in sys.modules if m.startswith('PySide6')))")
    result = subprocess.run([python_exe, "-c", code], env=cli_env, capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
