"""Collecting what the kiosk's own outbox delivered (plus hostile and hand-sent mails) from a folder."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from inbox_scenario import CLOUD_URL, COMPLETE, DIRECT, LINK_ONLY, SPLIT, TAMPERED, TAMPERED_FILE, TWICE

from kiosk import organiser
from kiosk.fsutil import sha256_file
from kiosk.inbox import InboxFolder, collect, county_table, report_document
from kiosk.inbox.sources import FolderSource
from kiosk.package import naming


def _document(target: Path) -> dict:
    return report_document(InboxFolder.open(target))


def _rows(target: Path) -> dict:
    return {row.county: row for row in county_table(InboxFolder.open(target))}


def _kiosk_submissions(document: dict, county: str) -> list[dict]:
    return [s for s in document["submissions"] if s["county"] == county and s["kind"] in ("kiosk", "duplicate")]


def test_every_county_gets_its_state_and_the_missing_are_listed(collected: Path, kiosk_mails) -> None:
    document = _document(collected)
    rows = {row["county"]: row for row in document["counties"]}

    assert [row["county"] for row in document["counties"]] == list(organiser.COUNTIES)
    for county in COMPLETE:
        assert rows[county]["state"] == "complete", rows[county]["problems"]
        assert rows[county]["package"] == kiosk_mails.packages[county]
        assert rows[county]["usable"] is True
    assert rows[TAMPERED]["state"] == "invalid"
    assert rows[DIRECT]["state"] == rows[LINK_ONLY]["state"] == "unverified"
    assert rows["基隆市"]["state"] == "invalid"  # only hostile mails claimed to be from there
    assert rows["新竹市"]["state"] == "invalid"  # its "mp4" is not a video
    untouched = set(organiser.COUNTIES) - {*COMPLETE, TAMPERED, DIRECT, LINK_ONLY, "基隆市", "新竹市"}
    assert set(document["missing"]) == untouched
    assert all(rows[county]["state"] == "missing" for county in untouched)
    for submission in document["submissions"]:  # the SPEC keys
        assert {"county", "package", "state", "files", "verified", "problems"} <= set(submission)
        assert submission["state"] in ("complete", "incomplete", "duplicate", "invalid", "unverified")


def test_a_complete_package_is_verified_file_by_file(collected: Path, kiosk_mails) -> None:
    document = _document(collected)
    [submission] = _kiosk_submissions(document, "臺北市")
    folder = collected / "臺北市" / kiosk_mails.packages["臺北市"]
    assert submission["verified"] is True
    assert [Path(p).name for p in submission["files"]] == naming.expected_names("臺北市", 3)
    assert sha256_file(folder / "臺北市 IVY 2026.mp4") == sha256_file(kiosk_mails.media["臺北市"])
    row = _rows(collected)["臺北市"]
    assert row.contact is not None and (row.contact.name, row.contact.phone) == ("臺北市聯絡人", "02-27208889")
    assert row.clip == folder / "臺北市 IVY 2026.mp4"
    assert len(row.photos) == 3
    # The county overrode the length check when it packaged a 3 s clip: the organiser is told.
    assert any(p["code"] == "check_duration" and "10 s" in p["en"] for p in submission["problems"])


def test_the_two_mails_of_a_split_package_are_joined(collected: Path, kiosk_mails) -> None:
    [submission] = _kiosk_submissions(_document(collected), SPLIT)
    assert submission["state"] == "complete" and submission["verified"] is True
    assert len(submission["files"]) == 5
    index = json.loads((collected / ".inbox" / "index.json").read_text(encoding="utf-8"))
    [record] = [s for s in index["submissions"] if s["id"] == kiosk_mails.packages[SPLIT]]
    assert record["parts"] == 2 and sorted(record["parts_received"]) == ["1", "2"]


def test_half_of_a_split_package_is_incomplete_until_the_rest_arrives(kiosk_mails, write_folder, tmp_path) -> None:
    package = kiosk_mails.packages[SPLIT].encode()
    first, second = [m for m in kiosk_mails.mails if package in m]
    target = tmp_path / "DIR"

    collect(FolderSource(write_folder([first], "第一封")), target)
    [submission] = _kiosk_submissions(_document(target), SPLIT)
    assert submission["state"] == "incomplete"
    assert any(p["code"] == "part_missing" for p in submission["problems"])
    assert _rows(target)[SPLIT].usable is False

    collect(FolderSource(write_folder([second], "第二封")), target)
    [submission] = _kiosk_submissions(_document(target), SPLIT)
    assert submission["state"] == "complete"


def test_a_package_sent_twice_is_one_complete_submission_and_one_duplicate(collected: Path, kiosk_mails) -> None:
    submissions = _kiosk_submissions(_document(collected), TWICE)
    assert sorted(s["state"] for s in submissions) == ["complete", "duplicate"]
    assert {s["package"] for s in submissions} == {kiosk_mails.packages[TWICE]}
    [duplicate] = [s for s in submissions if s["state"] == "duplicate"]
    assert duplicate["files"] == [] and "sent twice" in duplicate["problems"][0]["en"]
    row = _rows(collected)[TWICE]
    assert row.state.value == "complete" and row.usable
    assert any(p.code == "duplicates" for p in row.problems)


def test_a_file_changed_on_the_way_makes_the_package_invalid(collected: Path, kiosk_mails) -> None:
    [submission] = _kiosk_submissions(_document(collected), TAMPERED)
    assert submission["state"] == "invalid" and submission["verified"] is False
    [problem] = [p for p in submission["problems"] if p["code"] == "tampered"]
    assert TAMPERED_FILE in problem["en"] and TAMPERED_FILE in problem["zh"]
    assert _rows(collected)[TAMPERED].usable is False


def test_a_photo_swapped_together_with_the_mail_list_is_caught_by_the_consent_pdf(
        collected: Path, kiosk_mails) -> None:
    """Someone who replaces a photo and fixes the mail's file list still cannot fix the signed PDF."""
    folder = InboxFolder.open(collected)
    package = kiosk_mails.packages["新北市"]
    photo = collected / "新北市" / package / naming.photo_name("新北市", 1)
    photo.write_bytes(photo.read_bytes()[:-10] + b"0123456789")
    submission = folder.index.submissions[package]
    submission.listed = [entry if entry.name != photo.name else type(entry)(
        entry.name, entry.role, photo.stat().st_size, sha256_file(photo), entry.part) for entry in submission.listed]
    folder.save()

    [view] = _kiosk_submissions(_document(collected), "新北市")
    assert view["state"] == "invalid"
    assert [p["code"] for p in view["problems"] if p["code"].startswith("consent")] == ["consent_hash"]


def test_mails_sent_without_the_kiosk_are_unverified_with_clip_photos_contact_and_link(collected: Path) -> None:
    rows = _rows(collected)
    direct = rows[DIRECT]
    assert direct.clip is not None and direct.clip.name == "IMG_0042.MOV" and direct.clip.is_file()
    assert [p.name for p in direct.photos] == ["IMG_0043.JPG", "IMG_0044.JPG"]
    assert direct.contact is not None and direct.contact.phone == "03-8227171"
    assert direct.usable is False and direct.accepted is False  # until a person accepts it
    assert any(p.code == "unverified" for p in direct.problems)
    link = rows[LINK_ONLY]
    assert link.links == [CLOUD_URL] and link.clip is None
    assert any(p.code == "link" and CLOUD_URL in p.en and CLOUD_URL in p.zh for p in link.problems)
    assert link.contact is not None and link.contact.phone == "06-9274400"


def test_junk_is_listed_for_a_person_not_given_to_a_county(collected: Path) -> None:
    unmatched = _document(collected)["unmatched"]
    subjects = [item["subject"] for item in unmatched]
    assert "Special offer" in subjects
    assert any("火星市" in subject for subject in subjects)  # a county that is not one of the 22


def test_collecting_again_changes_nothing(collected: Path, kiosk_mails, write_folder) -> None:
    before = _document(collected)
    files_before = sorted(p.relative_to(collected) for p in collected.rglob("*") if ".inbox" not in p.parts)

    report = collect(FolderSource(write_folder(kiosk_mails.all)), collected)

    assert (report.seen, report.new, report.already) == (len(kiosk_mails.all), 0, len(kiosk_mails.all))
    assert _document(collected) == before
    assert sorted(p.relative_to(collected) for p in collected.rglob("*") if ".inbox" not in p.parts) == files_before


def test_the_same_mail_in_a_second_export_is_not_counted_twice(collected: Path, kiosk_mails, write_folder) -> None:
    """Another export of the same mailbox, in another order and with other file names."""
    collect(FolderSource(write_folder(list(reversed(kiosk_mails.all)), "另一次匯出")), collected)
    assert len(_kiosk_submissions(_document(collected), TWICE)) == 2  # still one complete, one duplicate


def test_each_county_folder_says_its_state_in_both_languages(collected: Path) -> None:
    document = json.loads((collected / TAMPERED / "submission.json").read_text(encoding="utf-8"))
    assert document["row"]["state"] == "invalid"
    problem = next(p for p in document["row"]["problems"] if p["code"] == "tampered")
    assert "途中被更動" in problem["zh"] and "changed" in problem["en"]
    assert not (collected / "桃園市").exists()  # nothing arrived: no folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_what_was_collected_is_readable_by_the_organiser_only(collected: Path, kiosk_mails) -> None:
    package_dir = collected / "臺北市" / kiosk_mails.packages["臺北市"]
    assert stat.S_IMODE(os.stat(package_dir).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(package_dir / "臺北市 IVY 2026.mp4").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(collected / ".inbox" / "index.json").st_mode) == 0o600
