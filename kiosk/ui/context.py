"""The objects a kiosk session shares: what the window and its screens are built from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.studio_session import StudioSession
from kiosk.ui.take_controller import TakeController


@dataclass
class AppContext:
    settings: Settings
    config_path: Path
    languages: LanguageManager
    session: StudioSession
    takes: TakeController
    demo: bool = False
    outbox: Any = None  # kiosk.ui.outbox_controller.OutboxController: the app-wide sender, if built
    take: Any = None  # the kept take chosen for sending
    consent: Any = None  # kiosk.package.Consent from the consent screen, for the send screen

    def injectables(self) -> dict[str, Any]:
        """What a screen's constructor may ask for, by parameter name (see kiosk.ui.screens).
        The take and the consent are offered only once they exist."""
        optional = {"take": self.take, "consent": self.consent, "outbox_controller": self.outbox}
        return {
            **{name: value for name, value in optional.items() if value is not None},
            "settings": self.settings,
            "config_path": self.config_path,
            "languages": self.languages,
            "session": self.session,
            "studio": self.session.studio,
            "takes": self.takes,
            "take_controller": self.takes,
            "demo": self.demo,
            "parent": None,
        }
