"""The objects a kiosk session shares: what the window and its screens are built from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config import Settings
from kiosk.ui.flow import SubmissionFlow
from kiosk.ui.i18n import LanguageManager
from kiosk.ui.outbox_controller import OutboxController
from kiosk.ui.studio_session import StudioSession
from kiosk.ui.take_controller import TakeController


@dataclass
class AppContext:
    settings: Settings
    config_path: Path
    languages: LanguageManager
    session: StudioSession
    takes: TakeController
    outbox: OutboxController
    flow: SubmissionFlow
    demo: bool = False
    settings_saved_ok: bool = True  # config.toml loaded cleanly: the GUI may write it (language choice)
