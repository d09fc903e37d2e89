"""Smaller faults through the real command line: one line of our own, nothing of the libraries'."""

from __future__ import annotations

from faultkit import stderr_line


def test_a_missing_camera_index_gives_our_reason_without_opencvs_warnings(cli) -> None:
    result = cli("record", "--camera", "99", "--mic", "none", "--seconds", "10")

    assert result.returncode == 2
    line = stderr_line(result)  # exactly one line: OpenCV's "[ WARN:0@…]" lines are gone
    assert "99" in line and "WARN" not in line
    assert b"WARN" not in result.stdout


def test_a_damaged_take_record_is_exit_2_for_package_never_unexpected(cli, kiosk_home, consent_file) -> None:
    take = kiosk_home / "takes" / "20261127-101010-beef"
    take.mkdir(parents=True)
    (take / "take.json").write_text('["a list, not a take"]', encoding="utf-8")

    result = cli("package", str(take), "--consent", str(consent_file()))

    assert result.returncode == 2
    line = stderr_line(result)
    assert "damaged" in line and "unexpected" not in line
