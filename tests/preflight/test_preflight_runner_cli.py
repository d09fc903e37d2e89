"""The whole preflight: the runner's order and guards, and ``ivy-kiosk preflight`` as a real process."""

from __future__ import annotations

import json
import subprocess
import threading
from pathlib import Path

from kiosk.config import Settings
from kiosk.preflight import GROUPS, TITLES, PreflightOptions, PreflightReport, run_preflight
from kiosk.preflight.result import failed, passed, warned

ALL_NAMES = [name for _, names in GROUPS for name in names]


def fast_options(**overrides) -> PreflightOptions:
    settings = Settings()
    settings.recording.encoder, settings.recording.preset = "libx264", "ultrafast"
    values = {"camera": "demo", "mic": "demo", "measure_s": 1.0, "encoder_seconds": 1.0,
              "encoder_min_factor": 0.01, **overrides}
    return PreflightOptions(settings=settings, **values)


def test_demo_run_gives_every_line_in_order_and_reports_progress() -> None:
    seen: list[str] = []
    threads: set[str] = set()

    def progress(result) -> None:
        seen.append(result.name)
        threads.add(threading.current_thread().name)

    report = run_preflight(fast_options(), progress)
    assert [c.name for c in report.checks] == ALL_NAMES
    assert sorted(seen) == sorted(ALL_NAMES)  # each line reported once, as it finished
    assert seen[-1] == "encoder"  # timed alone, after the devices have let go of the processor
    statuses = {c.name: c.status for c in report.checks}
    for name in ("camera", "camera_resolution", "camera_fps", "microphone", "disk", "encoder", "fonts",
                 "data_folder"):
        assert statuses[name] == "ok", name
    assert statuses["account"] == "warn"  # not set up in the default settings
    assert report.ok and report.exit_code() == 0


def test_a_check_that_breaks_becomes_a_red_line_not_a_crash() -> None:
    def broken_prober(smtp, *, timeout):
        raise RuntimeError("the transport exploded")

    options = fast_options(camera="7", mic="none", account_prober=broken_prober)
    options.settings.delivery.smtp.host = "mail.example.org"
    report = run_preflight(options)
    account = next(c for c in report.checks if c.name == "account")
    assert account.status == "fail" and "the transport exploded" in account.detail_en
    assert {c.name for c in report.checks} >= {"camera", "microphone", "encoder", "clock"}


def test_report_json_has_the_spec_keys_in_the_operators_language() -> None:
    report = PreflightReport([
        passed("disk", "剩餘 9 GB", "9 GB free", free_bytes=9),
        warned("microphone", ("沒有聲音", "silence"), ("打開麥克風", "unmute it")),
        failed("camera", ("找不到攝影機", "no camera"), ("接上攝影機", "plug it in")),
    ])
    document = report.to_json("en")
    assert document["ok"] is False and report.exit_code() == 1
    first = document["checks"][0]
    assert {"name", "ok", "detail", "status", "detail_zh", "detail_en", "fix"} <= set(first)
    assert [(c["ok"], c["status"]) for c in document["checks"]] == [(True, "ok"), (True, "warn"), (False, "fail")]
    assert document["checks"][2]["detail"] == "no camera"
    assert report.to_json("zh-TW")["checks"][2]["fix"] == "接上攝影機"
    assert PreflightReport(report.checks[:2]).exit_code() == 0  # warnings do not fail the preflight
    assert set(TITLES) == set(ALL_NAMES)


# -- the CLI as a real process ---------------------------------------------------------------------


def run_cli(args: list[str], env: dict, python: str) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-m", "kiosk", "preflight", *args], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=180, check=False)


def fast_config(home: Path) -> None:
    (home / "config.toml").write_text(
        '[event]\ncounty = "嘉義市"\n\n[recording]\nencoder = "libx264"\npreset = "ultrafast"\n', encoding="utf-8"
    )


def test_cli_missing_camera_exits_1_with_json_naming_the_camera(kiosk_home: Path, cli_env: dict,
                                                                python_exe: str) -> None:
    fast_config(kiosk_home)
    result = run_cli(["--camera", "7", "--mic", "none", "--json"], cli_env, python_exe)
    assert result.returncode == 1
    document = json.loads(result.stdout)  # exactly one JSON document
    assert document["ok"] is False
    checks = {c["name"]: c for c in document["checks"]}
    assert checks["camera"]["ok"] is False and checks["camera"]["status"] == "fail"
    assert "7" in checks["camera"]["detail"]
    assert checks["microphone"]["status"] == "warn"
    assert "no sound will be recorded" in checks["microphone"]["detail"]
    assert all(isinstance(c["detail"], str) and isinstance(c["ok"], bool) for c in document["checks"])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Camera" in lines[0] and "Traceback" not in result.stderr


def test_cli_demo_run_exit_code_agrees_with_its_report(kiosk_home: Path, cli_env: dict, python_exe: str) -> None:
    fast_config(kiosk_home)
    result = run_cli(["--camera", "demo", "--mic", "demo", "--json"], cli_env, python_exe)
    document = json.loads(result.stdout)
    checks = {c["name"]: c for c in document["checks"]}
    for name in ("camera", "camera_resolution", "camera_fps", "microphone", "disk", "fonts", "data_folder",
                 "config"):
        assert checks[name]["status"] == "ok", checks[name]
    assert "嘉義市" in checks["config"]["detail"]
    # The encoder's verdict depends on this machine's speed (a benchmark matter): whichever it is,
    # the exit code and stderr must agree with the report.
    if document["ok"]:
        assert result.returncode == 0 and result.stderr.strip() == ""
    else:
        assert result.returncode == 1
        assert [c["name"] for c in document["checks"] if not c["ok"]] == ["encoder"]
        assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_cli_human_output_in_chinese_uses_the_settings_devices(kiosk_home: Path, cli_env: dict,
                                                              python_exe: str) -> None:
    fast_config(kiosk_home)
    with (kiosk_home / "config.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[devices]\ncamera = "7"\nmic = "none"\n')
    result = run_cli([], {**cli_env, "IVY_KIOSK_LANG": "zh-TW"}, python_exe)
    assert result.returncode == 1
    assert "[FAIL] 攝影機：找不到攝影機 7" in result.stdout
    assert "[WARN] 麥克風" in result.stdout and "→" in result.stdout
    assert "攝影機" in result.stderr and "Traceback" not in result.stderr


def test_cli_usage_error_exits_2(cli_env: dict, python_exe: str) -> None:
    result = run_cli(["--frobnicate"], cli_env, python_exe)
    assert result.returncode == 2 and "usage" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_data_folder_that_is_a_file_exits_2_in_one_line(tmp_path: Path, cli_env: dict, python_exe: str) -> None:
    not_a_folder = tmp_path / "檔案 not a folder"
    not_a_folder.write_text("x", encoding="utf-8")
    result = run_cli(["--json"], {**cli_env, "IVY_KIOSK_HOME": str(not_a_folder)}, python_exe)
    assert result.returncode == 2 and "IVY_KIOSK_HOME" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
