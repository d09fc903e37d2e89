"""Hostile input: every trick is refused with its reason, and nothing is ever written outside DIR."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest
from inbox_mails import nested_mail, raw_mail, rfc2231

from kiosk.inbox import Cancelled, CancelToken, InboxFolder, Limits, collect
from kiosk.inbox.mailparse import parse_mail
from kiosk.inbox.names import check_attachment_name, recognise_county
from kiosk.inbox.problems import Refused
from kiosk.inbox.sources import FolderSource


@pytest.mark.parametrize("name", ["高雄市 IVY 2026.mp4", "臺北市 IVY 2026-3.jpg", "新北市 IVY 2026 授權同意書.pdf",
                                  "IMG_0042.MOV", "影片 (1).mp4", "a..b.jpg"])
def test_ordinary_names_are_kept_as_they_are(name: str) -> None:
    assert check_attachment_name(name) == name


@pytest.mark.parametrize(("name", "code"), [
    ("../../etc/passwd", "name_path"), ("..\\..\\boot.ini", "name_path"), ("/etc/cron.d/evil", "name_path"),
    ("\\\\server\\share\\x.jpg", "name_path"), ("..", "name_path"), ("sub/x.jpg", "name_path"),
    ("C:evil.jpg", "name_drive"), ("C:\\Windows\\evil.dll", "name_path"), ("photo.jpg:hidden", "name_forbidden"),
    ("a*b?.jpg", "name_forbidden"), ("CON", "name_device"), ("con.txt", "name_device"), ("LPT1.jpg", "name_device"),
    ("COM¹.jpg", "name_device"), ("NUL .jpg", "name_device"), ("a\x00b.jpg", "name_control"),
    ("x\u202egpj.exe", "name_control"), ("tab\there.jpg", "name_control"), (".bashrc", "name_hidden"),
    ("trailing.", "name_hidden"), (" leading.jpg", "name_hidden"), ("長" * 81 + ".jpg", "name_too_long"),
    ("x" * 121, "name_too_long"), ("", "name_missing"), (None, "name_missing"),
])
def test_names_that_try_anything_are_refused_with_the_reason(name: str | None, code: str) -> None:
    with pytest.raises(Refused) as caught:
        check_attachment_name(name)
    assert caught.value.problem.code == code
    assert caught.value.problem.zh and caught.value.problem.en


def test_a_mail_with_more_parts_than_allowed_is_refused() -> None:
    mail = raw_mail("臺東縣 photos", [(rfc2231(f"p{n}.jpg"), "image/jpeg", b"x") for n in range(10)])
    parsed = parse_mail(mail, Limits(max_parts=5))
    assert parsed.refusal is not None and parsed.refusal.code == "mail_parts" and parsed.attachments == []


def test_an_attachment_over_the_cap_is_refused_before_it_is_decoded() -> None:
    mail = raw_mail("臺東縣 video", [(rfc2231("big.mp4"), "video/mp4", os.urandom(300_000))])
    parsed = parse_mail(mail, Limits(max_attachment_bytes=100_000))
    assert parsed.refusal is not None and parsed.refusal.code == "attachment_too_large"
    assert "big.mp4" in parsed.refusal.en


@pytest.mark.parametrize("depth", [8, 3000])
def test_deeply_nested_parts_are_refused_not_a_crash(depth: int) -> None:
    try:
        parsed = parse_mail(nested_mail(depth))
    except Refused as refused:  # so deep the parser itself gives up
        assert refused.problem.code == "mail_nested"
    else:
        assert parsed.refusal is not None and parsed.refusal.code == "mail_nested"


def test_two_attachments_with_one_name_are_refused() -> None:
    mail = raw_mail("臺東縣 photos", [(rfc2231("a.jpg"), "image/jpeg", b"1"), (rfc2231("a.jpg"), "image/jpeg", b"2")])
    parsed = parse_mail(mail)
    assert parsed.refusal is not None and parsed.refusal.code == "name_twice"


def _snapshot(root: Path, skip: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and skip not in p.parents}


def test_hostile_mails_write_nothing_anywhere_but_their_records(kiosk_mails, write_folder, tmp_path) -> None:
    source = write_folder(list(kiosk_mails.hostile.values()))
    target = tmp_path / "DIR"
    before = _snapshot(tmp_path, target)

    report = collect(FolderSource(source), target)

    assert report.outcomes["refused"] + report.outcomes["unmatched"] == len(kiosk_mails.hostile)
    assert _snapshot(tmp_path, target) == before
    assert not Path("/tmp/ivy-evil.jpg").exists()
    placed = [p for p in target.rglob("*") if p.is_file() and ".inbox" not in p.parts]
    assert all(p.name == "submission.json" for p in placed), placed
    folder = InboxFolder.open(target)
    codes = {problem.code for record in folder.index.mails.values() for problem in record.problems}
    assert {"name_path", "name_device", "name_control", "name_too_long", "mail_nested", "not_video",
            "county_unknown"} <= codes


def test_a_county_folder_that_leads_outside_is_not_written_through(kiosk_mails, write_folder, tmp_path) -> None:
    outside = tmp_path / "外面 outside"
    outside.mkdir()
    target = tmp_path / "DIR"
    target.mkdir()
    (target / "臺北市").symlink_to(outside, target_is_directory=True)
    mail = next(m for m in kiosk_mails.mails if kiosk_mails.packages["臺北市"].encode() in m)

    collect(FolderSource(write_folder([mail])), target)

    assert list(outside.iterdir()) == []
    [record] = InboxFolder.open(target).index.mails.values()
    assert record.outcome == "refused" and record.problems[0].code == "outside"


def test_a_video_attachment_that_is_not_a_video_is_refused(kiosk_mails, write_folder, tmp_path) -> None:
    collect(FolderSource(write_folder([kiosk_mails.hostile["fake_video"]])), tmp_path / "DIR")
    [record] = InboxFolder.open(tmp_path / "DIR").index.mails.values()
    assert record.outcome == "refused" and record.problems[0].code == "not_video"
    assert "新竹市 IVY 2026.mp4" in record.problems[0].zh
    assert not (tmp_path / "DIR" / "新竹市" / "IVY2026-20261126-110000-0a0b0c").exists()


def test_a_photo_that_is_not_a_picture_refuses_a_direct_mail(write_folder, tmp_path) -> None:
    mail = raw_mail("臺東縣 IVY 2026 照片", [(rfc2231("IMG_1.JPG"), "image/jpeg", b"MZ\x90\x00 not a jpeg")])
    collect(FolderSource(write_folder([mail])), tmp_path / "DIR")
    [record] = InboxFolder.open(tmp_path / "DIR").index.mails.values()
    assert record.outcome == "refused" and record.problems[0].code == "not_photo"


def test_other_attachments_of_a_direct_mail_are_left_out(write_folder, tmp_path) -> None:
    from PIL import Image

    jpeg = tmp_path / "p.jpg"
    Image.new("RGB", (1280, 720), (9, 9, 9)).save(jpeg)
    mail = raw_mail("臺東縣 IVY 2026 照片", [(rfc2231("IMG_1.JPG"), "image/jpeg", jpeg.read_bytes()),
                                           (rfc2231("setup.exe"), "application/octet-stream", b"MZ")])
    collect(FolderSource(write_folder([mail])), tmp_path / "DIR")
    [folder] = (tmp_path / "DIR" / "臺東縣").glob("unverified-*")
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_1.JPG"]


def test_a_county_is_recognised_by_its_name_in_either_spelling() -> None:
    assert recognise_county("台北市 IVY 2026 影片") == "臺北市"
    assert recognise_county("Re: 活動影片", "台東縣政府 <a@b>") == "臺東縣"
    assert recognise_county("臺北市與新北市聯合活動") is None  # two counties: a person decides
    assert recognise_county("Hello") is None


def test_a_cancelled_collect_stops_and_the_next_run_finishes_it(kiosk_mails, write_folder, tmp_path) -> None:
    source = FolderSource(write_folder(kiosk_mails.mails))
    token = CancelToken()
    seen: list[str] = []

    def progress(step) -> None:
        seen.append(step.en)
        if len(seen) == 3:
            token.cancel()

    with pytest.raises(Cancelled):
        collect(source, tmp_path / "DIR", progress=progress, cancel=token)
    done = len(InboxFolder.open(tmp_path / "DIR").index.mails)
    assert 0 < done < len(kiosk_mails.mails)
    assert not any((tmp_path / "DIR" / ".inbox" / "staging").glob("*"))

    report = collect(source, tmp_path / "DIR")
    assert report.already == done and report.new == len(kiosk_mails.mails) - done


def test_base64_that_lies_about_its_size_is_still_capped() -> None:
    """An attachment's size is judged on what it decodes to, not on what a header claims."""
    payload = base64.b64encode(os.urandom(120_000)).decode()
    mail = raw_mail("臺東縣 video", [(rfc2231("v.mp4") + "; size=10", "video/mp4", base64.b64decode(payload))])
    parsed = parse_mail(mail, Limits(max_attachment_bytes=100_000))
    assert parsed.refusal is not None and parsed.refusal.code == "attachment_too_large"
