"""Build the deliverable from a take and a consent: checked, named, hashed, and placed atomically.

Order of work, so a crash at any moment leaves either no package or a whole one:
1. check the take's own files (a failing take without an override stops here: nothing is built);
2. in ``<data>/packages/.building-<id>/`` copy (or re-encode to fit the mail budget) the video,
   copy the photos, write the consent PDF (it carries the media files' SHA-256);
3. check the assembled files again (these results go in the manifest), write manifest.json;
4. fsync everything and rename ``.building-<id>`` to ``<id>`` in one step.

The builder holds the staging folder's lock (``store.building_lock``) throughout, so ``recover``
can tell a build that was killed (its folder is removed) from one at work (left alone).

The same take packaged again with the same consent gives back the package already made (nothing
new that could be delivered twice); a changed take or consent makes a new one, and the result
names the earlier ones (``Package.previous``) so the operator knows two deliverables exist.
Every file is private (0600 in 0700 folders).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import time
from pathlib import Path
from typing import Any

from kiosk import __version__, organiser
from kiosk.config import Settings
from kiosk.errors import BadInput, KioskError, from_os_error
from kiosk.fsutil import (
    copy_private,
    fsync_dir,
    private_dir,
    replace_with_retry,
    write_bytes_atomic,
    write_json_atomic,
)
from kiosk.locks import FileLock
from kiosk.package import checks as req
from kiosk.package import fit, naming
from kiosk.package.consent import Consent
from kiosk.package.pdf import DocumentInfo, FileEntry, consent_pdf
from kiosk.package.store import (
    BUILDING_PREFIX,
    Package,
    building_lock,
    discard_abandoned_builds,
    list_packages,
    load_package,
    packages_root,
    sha256_file,
)
from kiosk.recording.take import Take

_SENDABLE_STATES = ("done", "salvaged")


class ChecksFailed(KioskError):
    """Requirement checks failed and no override was given: exit 1, nothing built."""

    def __init__(self, checks: list[req.Check]) -> None:
        names = req.failed(checks)
        super().__init__(
            f"未通過檢查：{'、'.join(names)}。請重錄，或填寫原因後強制打包（--override 原因）",
            f"checks failed: {', '.join(names)} - record again, or give a reason to override (--override REASON)",
        )
        self.checks = checks


def _usable_video(take: Take) -> Path:
    """The take's finished MP4; BadInput when the take cannot be packaged at all."""
    if take.state not in _SENDABLE_STATES:
        raise BadInput(f"這段錄影尚未完成（狀態 {take.state}），無法打包：{take.id}",
                       f"the take is not finished (state {take.state}) and cannot be packaged: {take.id}")
    if take.kept is False:
        raise BadInput(f"這段錄影已標示為不保留：{take.id}", f"the take was marked as not kept: {take.id}")
    video = take.video_path
    if video is None or not video.is_file():
        raise BadInput(f"這段錄影沒有完成的影片檔：{take.id}", f"the take has no finished video file: {take.id}")
    return video


def _photos(take: Take) -> list[Path]:
    """The chosen stills that are really on disk (a missing one is a failed check, not a crash)."""
    return [path for path in take.still_paths if path.is_file()]


def _photos_bytes(take: Take) -> int:
    return sum(path.stat().st_size for path in _photos(take))


def _plan(take: Take, video: Path, settings: Settings) -> fit.FitPlan:
    duration = float(take.meta.get("duration_s") or 0.0) or organiser.TAKE_MAX_SECONDS
    return fit.plan_fit(video.stat().st_size, _photos_bytes(take) + fit.PDF_ESTIMATE_BYTES, duration, settings)


def _planned_size_check(take: Take, video: Path, plan: fit.FitPlan) -> req.Check:
    estimate = video.stat().st_size + _photos_bytes(take) + fit.PDF_ESTIMATE_BYTES
    if plan.reencode and plan.feasible:
        return req.Check("size", True,
                         f"{estimate / 1e6:.1f} MB is over the {plan.budget_bytes / 1e6:.1f} MB mail budget: the video "
                         f"will be re-encoded at {plan.video_kbps} kbit/s to fit",
                         f"{estimate / 1e6:.1f} MB 超過郵件上限 {plan.budget_bytes / 1e6:.1f} MB：影片將以 "
                         f"{plan.video_kbps} kbit/s 重新壓縮以符合上限")
    return req.check_size(estimate, plan.budget_bytes)


def check_take(take: Take, consent: Consent, settings: Settings) -> list[req.Check]:
    """The checklist for ``take``, read from its own files, before anything is built."""
    video = _usable_video(take)
    plan = _plan(take, video, settings)
    photos = _photos(take)
    names = naming.expected_names(consent.county, len(photos))
    return [
        *req.check_video_file(video),
        req.check_photos(photos),
        req.check_names(consent.county, organiser.deliverable_name(consent.county), names, len(photos)),
        req.check_consent(consent),
        _planned_size_check(take, video, plan),
    ]


def _final_checks(deliverable: Path, consent: Consent, names: list[str], photo_count: int,
                  budget: int, note: tuple[str, str]) -> list[req.Check]:
    """The checklist read from the assembled deliverable: this is what the manifest records."""
    on_disk = sorted(path.name for path in deliverable.iterdir())
    in_order = [name for name in names if name in on_disk] + [name for name in on_disk if name not in names]
    files = [deliverable / name for name in names]
    total = sum(path.stat().st_size for path in files)
    return [
        *req.check_video_file(files[0]),
        req.check_photos(files[1 : 1 + photo_count]),
        req.check_names(consent.county, deliverable.name, in_order, photo_count),
        req.check_consent(consent),
        req.check_size(total, budget, note=note[0], note_zh=note[1]),
    ]


def _fsync(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def _claim_staging(root: Path) -> tuple[str, Path, FileLock]:
    """A fresh package id, its staging folder created exclusively (two builders never collide), and
    the lock that says a builder is at work on it (taken before the folder exists)."""
    while True:
        package_id = naming.new_package_id()
        staging = root / f"{BUILDING_PREFIX}{package_id}"
        if (root / package_id).exists():
            continue
        lock = building_lock(root, package_id)
        if not lock.try_acquire():
            continue
        try:
            staging.mkdir()  # exclusive: FileExistsError when another builder has it
            private_dir(staging)
        except FileExistsError:
            _let_go(lock)
            continue
        except BaseException:
            _let_go(lock)
            raise
        return package_id, staging, lock


def _let_go(lock: FileLock) -> None:
    lock.release()
    lock.path.unlink(missing_ok=True)


def _take_fingerprint(take: Take, video: Path) -> dict[str, Any]:
    """What the package was made from: the take's video and chosen stills, by SHA-256."""
    return {"video_sha256": sha256_file(video),
            "stills_sha256": [sha256_file(path) for path in _photos(take)]}


def _consent_fingerprint(consent: Consent) -> dict[str, Any]:
    """What the consent says (its signing time aside: the same form signed again says the same)."""
    section = consent.as_manifest(None)
    section.pop("signed_at", None)
    section.pop("signature_file", None)
    section["signature_sha256"] = hashlib.sha256(consent.signature_png).hexdigest() if consent.signature_png else None
    return section


def _same_inputs(package: Package, fingerprint: dict[str, Any], reason: str | None, budget: int) -> bool:
    manifest = package.manifest
    made_from = manifest.get("made_from")
    override = manifest.get("override") or {}
    return (isinstance(made_from, dict) and made_from == fingerprint
            and override.get("reason") == reason
            and (manifest.get("delivery") or {}).get("budget_bytes") == budget)


def _earlier_packages(take: Take) -> list[Package]:
    return [p for p in list_packages() if (p.manifest.get("take") or {}).get("id") == take.id]


def _place_video(source: Path, target: Path, plan: fit.FitPlan, photos_bytes: int, settings: Settings) -> int | None:
    """Copy the video, or re-encode it to fit the budget; returns the bitrate when re-encoded."""
    if not (plan.reencode and plan.feasible):
        copy_private(source, target)
        return None
    room = plan.budget_bytes - photos_bytes - fit.PDF_ESTIMATE_BYTES - fit.MANIFEST_MARGIN_BYTES
    kbps = fit.reencode_to_fit(source, target, plan, room, settings)
    target.chmod(0o600)  # ffmpeg made it
    _fsync(target)
    return kbps


def _take_section(take: Take) -> dict[str, Any]:
    keys = ("duration_s", "width", "height", "fps", "frames", "dropped_frames", "has_audio", "encoder", "created_at")
    return {"id": take.id, **{key: take.meta.get(key) for key in keys}}


def build_package(take: Take, consent: Consent, *, settings: Settings, override_reason: str | None = None) -> Package:
    """Check, assemble and place the deliverable for ``take``. See the module doc for the order.

    Failed checks raise ``ChecksFailed`` unless ``override_reason`` is given, in which case the
    manifest records the reason and the failed checks. Bad consent or an unusable take: BadInput.
    """
    started = time.monotonic()
    consent = consent.validated()
    reason = None
    if override_reason is not None:
        reason = override_reason.strip()
        if not reason:
            raise BadInput("強制打包須填寫原因", "an override needs a reason")
    video = _usable_video(take)
    source_checks = check_take(take, consent, settings)
    if req.failed(source_checks) and reason is None:
        raise ChecksFailed(source_checks)

    fingerprint = {"take": _take_fingerprint(take, video), "consent": _consent_fingerprint(consent)}
    earlier = _earlier_packages(take)
    for package in earlier:
        if _same_inputs(package, fingerprint, reason, settings.delivery.max_mail_bytes) and not package.verify():
            package.reused = True
            package.previous = [p.id for p in earlier if p.id != package.id]
            return package

    root = packages_root()
    discard_abandoned_builds(root)
    package_id, staging, lock = _claim_staging(root)
    try:
        package = _assemble(take, consent, settings, video, package_id, staging, reason, started, fingerprint)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        known = from_os_error(exc, root)
        raise (known or KioskError(f"無法寫入套件（磁碟已滿或被占用？）：{exc}",
                                   f"could not write the package (disk full or in use?): {exc}")) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _let_go(lock)
    package.previous = [p.id for p in earlier]
    return package


def _assemble(take: Take, consent: Consent, settings: Settings, video: Path, package_id: str, staging: Path,
              reason: str | None, started: float, fingerprint: dict[str, Any]) -> Package:
    created_at = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    county = consent.county
    deliverable = private_dir(staging / organiser.deliverable_name(county))
    photos = _photos(take)
    names = naming.expected_names(county, len(photos))
    plan = _plan(take, video, settings)
    kbps = _place_video(video, deliverable / names[0], plan, _photos_bytes(take), settings)
    for source, name in zip(photos, names[1:-1], strict=True):
        copy_private(source, deliverable / name)
    media = [FileEntry(name, "video" if index == 0 else "photo", (deliverable / name).stat().st_size,
                       sha256_file(deliverable / name)) for index, name in enumerate(names[:-1])]

    info = DocumentInfo(package_id, created_at, take.id, media, settings.delivery.retention_days)
    write_bytes_atomic(deliverable / names[-1], consent_pdf(consent, info))
    pdf_path = deliverable / names[-1]
    entries = [*media, FileEntry(names[-1], "consent", pdf_path.stat().st_size, sha256_file(pdf_path))]

    signature_file = None
    if consent.signature_png:
        signature_file = naming.SIGNATURE_FILE
        write_bytes_atomic(staging / signature_file, consent.signature_png)

    note = (f"; video re-encoded at {kbps} kbit/s to fit", f"；影片已以 {kbps} kbit/s 重新壓縮") if kbps else ("", "")
    checks = _final_checks(deliverable, consent, names, len(photos), settings.delivery.max_mail_bytes, note)
    failed = req.failed(checks)
    if failed and reason is None:
        raise ChecksFailed(checks)

    manifest = {
        "package_id": package_id,
        "created_at": created_at,
        "county": county,
        "name": organiser.deliverable_name(county),
        "app_version": __version__,
        "notice_version": consent.notice_version,
        "take": _take_section(take),
        "made_from": fingerprint,
        "consent": consent.as_manifest(signature_file),
        "files": [{"name": e.name, "role": e.role, "bytes": e.bytes, "sha256": e.sha256} for e in entries],
        "checks": [check.as_dict() for check in checks],
        "override": {"reason": reason, "failed_checks": failed} if failed else None,
        "delivery": {
            "route": "mail" if "size" not in failed else "large-file",
            "budget_bytes": settings.delivery.max_mail_bytes,
            "video_reencoded_kbps": kbps,
        },
        "timings": {"build_s": round(time.monotonic() - started, 3)},
    }
    write_json_atomic(deliverable / naming.MANIFEST, manifest)
    fsync_dir(deliverable)
    final = staging.parent / package_id
    replace_with_retry(staging, final)
    fsync_dir(staging.parent)
    return load_package(final)


