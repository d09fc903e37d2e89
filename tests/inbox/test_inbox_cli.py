"""``ivy-kiosk inbox …`` as a new user runs it: real child processes, JSON documents, exit codes."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from inbox_scenario import COMPLETE, DIRECT, TAMPERED
from PIL import Image

from kiosk import organiser


def _run(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", "inbox", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


def _one_line_reason(result: subprocess.CompletedProcess) -> str:
    text = result.stderr.strip()
    assert "Traceback" not in text and len(text.splitlines()) == 1, text
    return text


def test_collect_from_a_folder_prints_one_json_document(kiosk_mails, write_folder, tmp_path, cli_env) -> None:
    target = tmp_path / "主辦 DIR"
    result = _run(["collect", str(write_folder(kiosk_mails.all)), "--to", str(target), "--json"], cli_env)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    document = json.loads(result.stdout)
    assert {"submissions", "missing", "counties", "collect"} <= set(document)
    assert document["collect"]["new"] == len(kiosk_mails.all)
    states = {row["county"]: row["state"] for row in document["counties"]}
    assert all(states[county] == "complete" for county in COMPLETE) and states[TAMPERED] == "invalid"
    assert "連江縣" in document["missing"]


def test_collect_in_words_lists_the_22_counties(kiosk_mails, write_folder, tmp_path, cli_env) -> None:
    result = _run(["collect", str(write_folder(kiosk_mails.mails)), "--to", str(tmp_path / "DIR")], cli_env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{len(kiosk_mails.mails)} mails read")
    assert [line.split()[0] for line in lines[1:]] == list(organiser.COUNTIES)
    assert any(line.startswith(TAMPERED) and "invalid" in line and "SHA-256" in line for line in lines)


def test_report_writes_the_contact_sheet_with_every_county_that_sent_photos(collected, cli_env) -> None:
    result = _run(["report", str(collected), "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    sheet = Path(document["contact_sheet"])
    assert sheet == collected / "contact-sheet.jpg"
    with Image.open(sheet) as image:
        assert image.format == "JPEG" and image.width >= 1600
        rows_with_photos = sum(1 for row in document["counties"] if row["photos"])
        assert rows_with_photos == len(COMPLETE) + 2  # + the tampered package + the county's own mail
        assert image.height >= 110 + rows_with_photos * 225


def test_report_in_chinese_by_default(collected, cli_env) -> None:
    env = {**cli_env, "IVY_KIOSK_LANG": "zh-TW"}
    result = _run(["report", str(collected), "--no-contact-sheet"], env)
    assert result.returncode == 0, result.stderr
    assert "臺南市  無效" in result.stdout and "連江縣  未收到" in result.stdout
    assert not (collected / "contact-sheet.jpg").exists()


def test_accept_lets_a_checked_direct_mail_into_the_film(collected, cli_env) -> None:
    document = json.loads(_run(["report", str(collected), "--json", "--no-contact-sheet"], cli_env).stdout)
    [row] = [r for r in document["counties"] if r["county"] == DIRECT]
    assert row["usable"] is False
    result = _run(["accept", str(collected), row["submission"], "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["accepted"] is True
    document = json.loads(_run(["report", str(collected), "--json", "--no-contact-sheet"], cli_env).stdout)
    assert next(r for r in document["counties"] if r["county"] == DIRECT)["usable"] is True


def test_montage_prints_the_spec_keys(film, tmp_path, cli_env) -> None:
    out = tmp_path / "影片 output.mp4"
    result = _run(["montage", str(film.dir), "--out", str(out), "--target-seconds", "12", "--preset", "ultrafast",
                   "--order", "高雄市,臺北市,新北市,臺中市", "--span", "高雄市=0.5-", "--json"], cli_env)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert {"video", "duration_s", "counties", "loudness_lufs"} <= set(document)
    assert document["counties"] == ["高雄市", "臺北市", "新北市", "臺中市"]
    assert abs(document["duration_s"] - 12.0) < 0.1 and abs(document["loudness_lufs"] + 23.0) <= 1.0
    assert Path(document["video"]) == out.resolve() and out.is_file()


def test_bad_input_is_one_line_and_exit_2(collected, tmp_path, cli_env) -> None:
    missing = _run(["collect", str(tmp_path / "沒有這個資料夾"), "--to", str(tmp_path / "DIR")], cli_env)
    assert missing.returncode == 2 and "no such mail source" in _one_line_reason(missing)
    empty = tmp_path / "空的"
    empty.mkdir()
    never = _run(["report", str(empty)], cli_env)
    assert never.returncode == 2 and "inbox collect" in _one_line_reason(never)
    span = _run(["montage", str(collected), "--out", str(tmp_path / "x.mp4"), "--span", "火星市=1-2"], cli_env)
    assert span.returncode == 2 and "--span" in _one_line_reason(span)
    wrong = _run(["montage", str(collected), "--out", str(tmp_path / "x.mov")], cli_env)
    assert wrong.returncode == 2 and ".mp4" in _one_line_reason(wrong)


def test_nothing_to_cut_is_exit_1(kiosk_mails, write_folder, tmp_path, cli_env) -> None:
    target = tmp_path / "DIR"
    _run(["collect", str(write_folder([kiosk_mails.junk])), "--to", str(target)], cli_env)
    result = _run(["montage", str(target), "--out", str(tmp_path / "x.mp4")], cli_env)
    assert result.returncode == 1 and "nothing to cut" in _one_line_reason(result)


def test_an_unreachable_mailbox_is_exit_1_with_the_reason(tmp_path, cli_env) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens there once closed
    env = {**cli_env, "IVY_IMAP_PASSWORD": "secret"}
    result = _run(["collect", f"imaps://organiser@127.0.0.1:{port}/INBOX", "--to", str(tmp_path / "DIR")], env)
    assert result.returncode == 1 and "cannot reach the mail server" in _one_line_reason(result)


def test_inbox_is_listed_in_the_help(cli_env) -> None:
    result = subprocess.run([sys.executable, "-m", "kiosk", "inbox", "--help"], env=cli_env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0
    assert all(action in result.stdout for action in ("collect", "report", "accept", "montage"))
