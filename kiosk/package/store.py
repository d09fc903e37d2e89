"""Packages on disk: ``<data>/packages/<package-id>/<county> IVY 2026/`` with its manifest.json.

``Package.dir`` is the deliverable folder itself (the files to send and ``manifest.json``); its
parent, ``Package.root``, is the package-id folder, which also keeps the drawn signature as
evidence. A folder still being built is named ``.building-<id>`` and is never listed; its builder
holds ``.building-<id>.lock`` (a :class:`~kiosk.locks.FileLock`, which dies with its holder), so a
folder whose lock is free was left by a build that was killed, and recovery removes it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.errors import BadInput
from kiosk.fsutil import read_json, sha256_file
from kiosk.locks import FileLock
from kiosk.package.naming import MANIFEST, PACKAGE_ID_PATTERN

BUILDING_PREFIX = ".building-"
_LOCK_SUFFIX = ".lock"


def packages_root() -> Path:
    return paths.data_dir("packages")


def building_lock(root: Path, package_id: str) -> FileLock:
    """Held by the builder of ``.building-<package_id>`` for as long as it works on it."""
    return FileLock(root / f"{BUILDING_PREFIX}{package_id}{_LOCK_SUFFIX}")


def discard_abandoned_builds(root: Path | None = None) -> list[str]:
    """Remove the staging folders (and lock files) of builds that died; the names removed.

    A staging folder whose lock someone holds is being built right now and is left alone."""
    root = root or packages_root()
    removed = []
    for path in sorted(root.glob(f"{BUILDING_PREFIX}*")):
        if path.name.endswith(_LOCK_SUFFIX):
            if not (root / path.name[: -len(_LOCK_SUFFIX)]).exists():
                _drop_free_lock(FileLock(path))
            continue
        lock = building_lock(root, path.name[len(BUILDING_PREFIX):])
        if not lock.try_acquire():
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
            if not path.exists():
                removed.append(path.name)
        finally:
            lock.release()
            lock.path.unlink(missing_ok=True)
    return removed


def _drop_free_lock(lock: FileLock) -> None:
    if lock.try_acquire():
        lock.release()
        lock.path.unlink(missing_ok=True)


@dataclass
class Package:
    id: str
    dir: Path  # the deliverable folder: 「高雄市 IVY 2026」, holding the files and manifest.json
    manifest: dict[str, Any]
    reused: bool = False  # build_package found this package already made from the same take and consent
    previous: list[str] = field(default_factory=list)  # other packages made earlier from the same take

    @property
    def root(self) -> Path:
        """The package-id folder around the deliverable folder."""
        return self.dir.parent

    @property
    def files(self) -> list[Path]:
        """Video, photos and the consent PDF, in manifest order (manifest.json itself excluded)."""
        return [self.dir / entry["name"] for entry in self.manifest["files"]]

    @property
    def county(self) -> str:
        return self.manifest["county"]

    @property
    def name(self) -> str:
        return self.manifest["name"]

    @property
    def contact(self) -> dict[str, str]:
        return dict(self.manifest["consent"]["contact"])

    @property
    def total_bytes(self) -> int:
        return sum(int(entry["bytes"]) for entry in self.manifest["files"])

    @property
    def checks(self) -> list[dict[str, Any]]:
        return list(self.manifest.get("checks", []))

    def summary(self) -> dict[str, Any]:
        """The ``package`` JSON document (SPEC §4 keys first; more may follow)."""
        return {
            "package": self.id,
            "dir": str(self.dir),
            "files": [str(path) for path in self.files],
            "bytes": self.total_bytes,
            "checks": self.checks,
            "name": self.name,
            "county": self.county,
            "override": self.manifest.get("override"),
            "delivery": self.manifest.get("delivery"),
            "created_at": self.manifest.get("created_at"),
            "reused": self.reused,
            "previous_packages": self.previous,
        }

    def verify(self) -> list[str]:
        """Files that are missing or whose size or SHA-256 no longer match the manifest."""
        problems = []
        for entry in self.manifest["files"]:
            path = self.dir / entry["name"]
            if not path.is_file():
                problems.append(f"{entry['name']}: missing")
            elif path.stat().st_size != entry["bytes"] or sha256_file(path) != entry["sha256"]:
                problems.append(f"{entry['name']}: changed")
        return problems


def _deliverable_dir(package_root: Path) -> Path | None:
    """The one sub-folder of a package-id folder that holds a manifest."""
    found = [child for child in sorted(package_root.iterdir()) if (child / MANIFEST).is_file()]
    return found[0] if len(found) == 1 else None


def _read(deliverable: Path) -> Package:
    try:
        manifest = read_json(deliverable / MANIFEST)
        return Package(id=manifest["package_id"], dir=deliverable, manifest=manifest)
    except (OSError, ValueError, KeyError, TypeError):
        raise BadInput(f"套件的 manifest.json 損壞：{deliverable}",
                       f"the package's manifest.json is damaged: {deliverable}") from None


def load_package(ref: str | Path) -> Package:
    """A package by id, by its package-id folder or by its deliverable folder; BadInput if none."""
    candidate = Path(ref)
    deliverable: Path | None = None
    if (candidate / MANIFEST).is_file():
        deliverable = candidate
    elif candidate.is_dir() and candidate.name.startswith("IVY2026-"):
        deliverable = _deliverable_dir(candidate)
    elif PACKAGE_ID_PATTERN.match(str(ref)) and (packages_root() / str(ref)).is_dir():
        deliverable = _deliverable_dir(packages_root() / str(ref))
    if deliverable is None:
        raise BadInput(f"找不到這個套件：{ref}", f"No such package: {ref}")
    return _read(deliverable)


def list_packages() -> list[Package]:
    """Every readable package, newest first (package ids sort by creation time)."""
    packages = []
    for root in sorted(packages_root().iterdir(), reverse=True):
        if not root.is_dir() or root.name.startswith(BUILDING_PREFIX):
            continue
        deliverable = _deliverable_dir(root)
        if deliverable is None:
            continue
        try:
            packages.append(_read(deliverable))
        except BadInput:
            continue
    return packages
