"""Wheel build hook: ``resources/`` (fonts, translations, brand, licences) goes into the wheel as
``kiosk/resources``, where ``kiosk.paths.resource()`` finds it, as it does in the frozen app.

Only for a real wheel: an editable install reads ``resources/`` from the checkout itself (a copy in
site-packages would go stale with every new translation), which hatchling's plain
``force-include`` would make anyway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ResourcesInPackage(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"][str(Path(self.root) / "resources")] = "kiosk/resources"
