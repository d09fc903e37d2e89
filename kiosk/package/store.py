"""Packages on disk: ``<data>/packages/<package-id>/<county> IVY 2026/`` with its manifest.json.

``Package.dir`` is the deliverable folder itself (the files to send and ``manifest.json``); its
parent, ``Package.root``, is the package-id folder, which also keeps the drawn signature as
evidence. A folder still being built is named ``.building-<id>`` and is never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import paths
from kiosk.errors import BadInput
from kiosk.fsutil import read_json, sha256_file
from kiosk.package.naming import MANIFEST, PACKAGE_ID_PATTERN

BUILDING_PREFIX = ".building-"


def packages_root() -> Path:
    return paths.data_dir("packages")


@dataclass
class Package:
    id: str
    dir: Path  # the deliverable folder: 「高雄市 IVY 2026」, holding the files and manifest.json
    manifest: dict[str, Any]

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
