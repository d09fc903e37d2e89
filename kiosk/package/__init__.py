"""The deliverable: consent record, naming, consent PDF, manifest, requirement checks, builder.

Qt-free. The outbox, the GUI and the CLI use this API::

    build_package(take, consent, settings=..., override_reason=None) -> Package
    load_package("IVY2026-…" or a folder) -> Package;  list_packages() -> [Package]
    load_consent_file(path) -> Consent;  check_take(take, consent, settings) -> [Check]

``Package.dir`` is the deliverable folder 「高雄市 IVY 2026」 (files + manifest.json); ``Package.root``
the package-id folder around it.
"""

from kiosk.package.builder import ChecksFailed, build_package, check_take
from kiosk.package.checks import CHECK_LABELS, CHECKS, Check
from kiosk.package.consent import Consent, Contact, load_consent_file
from kiosk.package.notice import NOTICE_VERSION
from kiosk.package.store import Package, list_packages, load_package, packages_root

__all__ = [
    "CHECKS",
    "CHECK_LABELS",
    "NOTICE_VERSION",
    "Check",
    "ChecksFailed",
    "Consent",
    "Contact",
    "Package",
    "build_package",
    "check_take",
    "list_packages",
    "load_consent_file",
    "load_package",
    "packages_root",
]
