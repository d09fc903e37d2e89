"""``ivy-kiosk self-test``: the whole chain (record → package → TLS delivery) as the frozen app runs it."""

import json
import subprocess
import sys


def test_self_test_records_packages_and_delivers(cli_env, tmp_path, kiosk_home):
    report_file = tmp_path / "報告 report.json"
    result = subprocess.run([sys.executable, "-m", "kiosk", "self-test", "--report", str(report_file)],
                            env=cli_env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["ok"] is True
    assert [c["name"] for c in report["checks"]] == ["ffmpeg", "record", "av_sync", "package", "pdf_text", "deliver"]
    assert all(c["ok"] for c in report["checks"])
    assert not any(kiosk_home.iterdir())  # the operator's data directory is never touched
