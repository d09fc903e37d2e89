"""What the outbox needs to know about a package, read through ``kiosk.package.load_package``.

The package builder writes ``<data>/packages/<package-id>/<county> IVY 2026/manifest.json``. The
outbox takes the id, county, contact and files from it, and hashes every file again while reading
it: what is mailed must be exactly what was checked ("intact"), so a file changed since is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import BadInput, KioskError
from kiosk.fsutil import sha256_file
from kiosk.package import Package, load_package, packages_root

_CONTACT_FIELDS = ("name", "organisation", "title", "phone", "email")

__all__ = ["PackageFile", "PackageView", "load", "packages_root"]


@dataclass(frozen=True)
class PackageFile:
    path: Path
    name: str  # the name it carries in the mail (the call's naming: 「高雄市 IVY 2026.mp4」)
    role: str  # video | photo | consent
    size: int
    sha256: str


@dataclass(frozen=True)
class PackageView:
    id: str
    root: Path  # <data>/packages/<id>: what export copies and retention removes
    content_dir: Path  # the 「高雄市 IVY 2026」 folder holding the files and manifest.json
    county: str
    contact: dict[str, str]
    files: list[PackageFile]


def _file_entries(package: Package) -> list[PackageFile]:
    entries = []
    for item in package.manifest.get("files") or []:
        path = package.dir / str(item["name"])
        if not path.is_file():
            raise KioskError(
                f"素材包缺少檔案「{item['name']}」：請重新產生素材包",
                f"the package is missing the file {item['name']!r}: build the package again",
            )
        try:
            sha = sha256_file(path)
        except OSError as exc:
            raise KioskError(
                f"素材包的檔案「{item['name']}」無法讀取（{exc.strerror or exc}）",
                f"the package file {item['name']!r} cannot be read ({exc.strerror or exc})",
            ) from None
        if item.get("sha256") and item["sha256"] != sha:
            raise KioskError(
                f"素材包的檔案「{item['name']}」已被更動或損壞（SHA-256 不符）：請重新產生素材包",
                f"the package file {item['name']!r} was changed or damaged (SHA-256 mismatch): build the "
                "package again",
            )
        entries.append(PackageFile(path, path.name, str(item.get("role", "")), path.stat().st_size, sha))
    if not entries:
        raise BadInput("素材包沒有任何檔案", "the package lists no files")
    return entries


def load(ref: str | Path) -> PackageView:
    """The package (by id, package-id folder or deliverable folder) as the outbox sees it."""
    package = load_package(ref)
    try:
        county = str(package.county)
        contact_in = package.contact
    except (KeyError, TypeError, AttributeError) as exc:
        raise BadInput(
            f"素材包的 manifest.json 缺少欄位（{exc}）：請重新產生素材包",
            f"the package's manifest.json lacks a field ({exc}): build the package again",
        ) from None
    contact = {key: str(contact_in.get(key) or "") for key in _CONTACT_FIELDS}
    return PackageView(package.id, package.root, package.dir, county, contact, _file_entries(package))
