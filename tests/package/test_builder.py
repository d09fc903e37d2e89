"""Building the deliverable from a hand-made take: names, manifest, hashes, checks, overrides, size."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import time
from pathlib import Path

import pypdf
import pytest

from kiosk import __version__, paths
from kiosk.config import Settings
from kiosk.errors import BadInput, KioskError
from kiosk.package import (
    NOTICE_VERSION,
    ChecksFailed,
    build_package,
    check_take,
    list_packages,
    load_consent_file,
    load_package,
)
from kiosk.package.naming import PACKAGE_ID_PATTERN
from kiosk.recording.media import probe_media

NAME = "高雄市 IVY 2026"
EXPECTED_FILES = [f"{NAME}.mp4", f"{NAME}-1.jpg", f"{NAME}-2.jpg", f"{NAME}-3.jpg", f"{NAME} 授權同意書.pdf"]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _package_dirs() -> list[str]:
    return sorted(p.name for p in paths.data_dir("packages").iterdir())


@pytest.fixture
def consent(consent_file):
    return load_consent_file(consent_file())


def test_a_good_take_becomes_a_named_hashed_package(make_take, consent, kiosk_home: Path) -> None:
    take = make_take()
    package = build_package(take, consent, settings=Settings())

    assert PACKAGE_ID_PATTERN.match(package.id) and package.id.isascii()
    assert package.dir == kiosk_home / "packages" / package.id / NAME
    assert sorted(p.name for p in package.dir.iterdir()) == sorted([*EXPECTED_FILES, "manifest.json"])
    assert [p.name for p in package.files] == EXPECTED_FILES
    assert package.county == "高雄市" and package.contact["phone"] == "07-3438100"
    assert package.total_bytes == sum(p.stat().st_size for p in package.files)

    manifest = json.loads((package.dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest == package.manifest
    for entry, path in zip(manifest["files"], package.files, strict=True):
        assert entry["sha256"] == _sha256(path)
        assert entry["bytes"] == path.stat().st_size
    assert [e["role"] for e in manifest["files"]] == ["video", "photo", "photo", "photo", "consent"]
    assert (package.dir / "高雄市 IVY 2026.mp4").read_bytes() == take.video_path.read_bytes()
    assert package.verify() == []


def test_manifest_keys_and_values(make_take, consent) -> None:
    take = make_take()
    manifest = build_package(take, consent, settings=Settings()).manifest
    assert set(manifest) >= {"package_id", "created_at", "county", "name", "app_version", "notice_version", "take",
                             "consent", "files", "checks", "override"}
    created = dt.datetime.fromisoformat(manifest["created_at"])
    assert created.tzinfo is not None
    assert manifest["name"] == NAME and manifest["county"] == "高雄市"
    assert manifest["app_version"] == __version__ and manifest["notice_version"] == NOTICE_VERSION
    assert manifest["take"]["id"] == take.id
    assert set(manifest["take"]) == {"id", "duration_s", "width", "height", "fps", "frames", "dropped_frames",
                                     "has_audio", "encoder", "created_at"}
    assert manifest["take"]["width"] == 1920 and manifest["take"]["has_audio"] is True
    record = manifest["consent"]
    assert record["contact"]["email"] == "wang.xm@example.org"
    assert record["authorised"] is True and record["signed_by"] == "王小明"
    assert record["authorisation_text"]["zh"].startswith("當您願意將照片及影片傳給台灣志願服務國際交流協會時")
    assert record["signature_file"] == "signature.png"
    assert manifest["override"] is None
    assert [c["name"] for c in manifest["checks"]] == ["video_resolution", "video_format", "duration", "audio",
                                                       "photos", "names", "consent", "size"]
    assert all(c["ok"] for c in manifest["checks"]), manifest["checks"]


def test_signature_is_kept_beside_the_deliverable_not_in_it(make_take, consent) -> None:
    package = build_package(make_take(), consent, settings=Settings())
    assert (package.root / "signature.png").read_bytes() == consent.signature_png
    assert "signature.png" not in [p.name for p in package.dir.iterdir()]


def test_the_pdf_inside_the_package_names_the_files_and_their_hashes(make_take, consent) -> None:
    package = build_package(make_take(), consent, settings=Settings())
    pdf = package.dir / f"{NAME} 授權同意書.pdf"
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert f"套件編號 Package ID {package.id}" in text
    for entry in package.manifest["files"][:-1]:
        assert entry["name"] in text and f"SHA-256 {entry['sha256']}" in text
    assert "聯絡人 Name 王小明" in text


def test_load_by_id_by_folder_and_list(make_take, consent) -> None:
    first = build_package(make_take(), consent, settings=Settings())
    time.sleep(1.05)  # ids carry the second they were made in; the list is newest first
    second = build_package(make_take(), consent, settings=Settings())
    assert load_package(first.id).dir == first.dir
    assert load_package(first.root).id == first.id
    assert load_package(str(first.dir)).id == first.id
    assert [p.id for p in list_packages()] == [second.id, first.id]
    with pytest.raises(BadInput, match="No such package"):
        load_package("IVY2026-20000101-000000-000000")
    with pytest.raises(BadInput, match="No such package"):
        load_package("../../etc")


def test_a_damaged_manifest_is_bad_input_and_skipped_by_the_list(make_take, consent) -> None:
    package = build_package(make_take(), consent, settings=Settings())
    (package.dir / "manifest.json").write_text('{"package_id": ', encoding="utf-8")
    with pytest.raises(BadInput, match="damaged"):
        load_package(package.id)
    assert list_packages() == []


def test_verify_notices_a_changed_file(make_take, consent) -> None:
    package = build_package(make_take(), consent, settings=Settings())
    with package.files[1].open("ab") as fh:
        fh.write(b"\0")
    package.files[2].unlink()
    assert package.verify() == [f"{NAME}-1.jpg: changed", f"{NAME}-2.jpg: missing"]


@pytest.mark.parametrize(("variant", "failing"), [
    ("short", "duration"),
    ("mute", "audio"),
    ("silent", "audio"),
    ("small", "video_resolution"),
    ("portrait", "video_resolution"),
])
def test_a_failing_take_is_not_packaged_without_override(make_take, consent, variant: str, failing: str) -> None:
    take = make_take(variant)
    with pytest.raises(ChecksFailed) as caught:
        build_package(take, consent, settings=Settings())
    assert failing in [c.name for c in caught.value.checks if not c.ok]
    assert failing in caught.value.en and caught.value.exit_code == 1
    assert _package_dirs() == []  # nothing built, nothing half-built


def test_mute_take_fails_format_and_audio_checks(make_take, consent) -> None:
    checks = {c.name: c for c in check_take(make_take("mute"), consent, Settings())}
    assert not checks["audio"].ok and "no sound" in checks["audio"].detail
    assert not checks["video_format"].ok
    assert checks["duration"].ok and checks["video_resolution"].ok


def test_silence_is_measured_not_assumed(make_take, consent) -> None:
    checks = {c.name: c for c in check_take(make_take("silent"), consent, Settings())}
    assert not checks["audio"].ok and "silent" in checks["audio"].detail
    loud = {c.name: c for c in check_take(make_take(), consent, Settings())}
    assert loud["audio"].ok and "peak" in loud["audio"].detail


def test_override_builds_and_records_the_reason(make_take, consent) -> None:
    package = build_package(make_take("short"), consent, settings=Settings(), override_reason="縣長只喊了 8 秒 ")
    assert package.manifest["override"] == {"reason": "縣長只喊了 8 秒", "failed_checks": ["duration"]}
    duration = next(c for c in package.checks if c["name"] == "duration")
    assert duration["ok"] is False and "8.0 s" in duration["detail"]


def test_override_needs_a_reason(make_take, consent) -> None:
    with pytest.raises(BadInput, match="needs a reason"):
        build_package(make_take("short"), consent, settings=Settings(), override_reason="   ")


@pytest.mark.parametrize(("photos", "kwargs", "expected"), [
    (2, {}, "2 photos"),
    (3, {"photo_size": (1024, 576)}, "under 1280×720"),
    (3, {"photo_dpi": None}, "not tagged 300 dpi"),
    (3, {"photo_dpi": 72}, "not tagged 300 dpi"),
])
def test_photo_requirements(make_take, consent, photos: int, kwargs: dict, expected: str) -> None:
    checks = {c.name: c for c in check_take(make_take(photos=photos, **kwargs), consent, Settings())}
    assert not checks["photos"].ok and expected in checks["photos"].detail


def test_unfinished_discarded_or_videoless_takes_are_bad_input(make_take, consent) -> None:
    with pytest.raises(BadInput, match="not finished"):
        build_package(make_take(state="recording"), consent, settings=Settings())
    with pytest.raises(BadInput, match="not kept"):
        build_package(make_take(kept=False), consent, settings=Settings())
    take = make_take()
    take.video_path.unlink()
    with pytest.raises(BadInput, match="no finished video"):
        build_package(take, consent, settings=Settings())


def test_another_county_names_everything_after_it(make_take, consent_file) -> None:
    consent = load_consent_file(consent_file(county="連江縣"))
    package = build_package(make_take(), consent, settings=Settings())
    assert package.dir.name == "連江縣 IVY 2026"
    assert package.files[0].name == "連江縣 IVY 2026.mp4"


def test_too_big_for_mail_is_reencoded_to_fit(make_take, consent) -> None:
    take = make_take()
    photos = sum(p.stat().st_size for p in take.still_paths)
    settings = Settings()
    settings.recording.preset = "ultrafast"
    settings.delivery.max_mail_bytes = photos + 3_600_000  # the 4.8 MB clip cannot go as it is
    assert take.video_path.stat().st_size > 4_000_000

    planned = {c.name: c for c in check_take(take, consent, settings)}["size"]
    assert planned.ok and "will be re-encoded" in planned.detail

    package = build_package(take, consent, settings=settings)
    assert package.total_bytes <= settings.delivery.max_mail_bytes
    video = package.files[0]
    info = probe_media(video)
    assert (info.width, info.height, info.video_codec, info.audio_codec) == (1920, 1080, "h264", "aac")
    assert abs(info.duration_s - 12.0) < 0.2
    assert package.manifest["delivery"]["video_reencoded_kbps"] >= 1500
    assert all(c["ok"] for c in package.checks), package.checks


def test_hopelessly_too_big_asks_for_the_large_file_route(make_take, consent) -> None:
    settings = Settings()
    settings.delivery.max_mail_bytes = 1_500_000
    take = make_take()
    with pytest.raises(ChecksFailed, match="size") as caught:
        build_package(take, consent, settings=settings)
    size = next(c for c in caught.value.checks if c.name == "size")
    assert "large-file route" in size.detail
    package = build_package(take, consent, settings=settings, override_reason="send by USB drive")
    assert package.manifest["delivery"]["route"] == "large-file"
    assert package.files[0].read_bytes() == take.video_path.read_bytes()  # not mangled to fit


def test_a_failure_mid_build_leaves_no_package(make_take, consent, monkeypatch: pytest.MonkeyPatch) -> None:
    import kiosk.package.builder as builder

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(builder, "consent_pdf", disk_full)
    with pytest.raises(KioskError, match="disk is full") as caught:
        build_package(make_take(), consent, settings=Settings())
    assert caught.value.exit_code == 1
    assert _package_dirs() == []


def test_a_missing_photo_is_a_failed_check_not_a_crash(make_take, consent) -> None:
    take = make_take()
    take.still_paths[1].unlink()
    with pytest.raises(ChecksFailed, match="photos"):
        build_package(take, consent, settings=Settings())
    package = build_package(take, consent, settings=Settings(), override_reason="one photo was deleted")
    assert [p.name for p in package.files] == [f"{NAME}.mp4", f"{NAME}-1.jpg", f"{NAME}-2.jpg", f"{NAME} 授權同意書.pdf"]
    assert package.manifest["override"]["failed_checks"] == ["photos"]


def test_stale_staging_from_a_crash_is_cleared_and_never_listed(make_take, consent) -> None:
    root = paths.data_dir("packages")
    stale = root / ".building-IVY2026-20261101-101010-abcdef" / NAME
    stale.mkdir(parents=True)
    (stale / "manifest.json").write_text("{}", encoding="utf-8")
    assert list_packages() == []
    old = time.time() - 7200
    os.utime(stale.parent, (old, old))
    build_package(make_take(), consent, settings=Settings())
    assert not stale.parent.exists()
