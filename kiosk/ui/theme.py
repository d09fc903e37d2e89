"""Look and feel shared by every screen: the bundled font, sizes and the style sheet.

The bundled Noto Sans TC is registered at start and made the application font, so every laptop
renders the same glyphs and the same line lengths (layouts tested here hold everywhere).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

from kiosk import paths

log = logging.getLogger(__name__)

FONT_FILES = ("fonts/NotoSansTC-Regular.otf", "fonts/NotoSansTC-Bold.otf")
FALLBACK_FAMILY = "Noto Sans CJK TC"

MIN_CONTROL_PX = 48  # SPEC §2: large controls, ≥ 48 px
BASE_FONT_PX = 17
BIG_FONT_PX = 22

# Colours chosen for contrast on a dark kiosk background (WCAG AA for the text sizes used).
BACKGROUND = "#14171c"
SURFACE = "#1f242c"
TEXT = "#f2f4f7"
MUTED = "#aab2bf"
ACCENT = "#2f9e6a"  # IVY green: primary actions
DANGER = "#d93636"  # REC, stop
WARNING = "#e8a317"  # DEMO, short take
FOCUS = "#ffd34d"

_registered_family: str | None = None


def register_fonts() -> str:
    """Register the bundled fonts once; returns the family name (the fallback if a file is missing)."""
    global _registered_family
    if _registered_family:
        return _registered_family
    family = FALLBACK_FAMILY
    for relative in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(paths.resource(relative)))
        if font_id < 0:
            log.warning("bundled font not loaded: %s", relative)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            family = families[0]
    _registered_family = family
    return family


def apply(app: QApplication) -> None:
    """Bundled font, dark palette and the style sheet, for the whole application."""
    family = register_fonts()
    font = QFont(family)
    font.setPixelSize(BASE_FONT_PX)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyle("Fusion")  # the same widget style on Windows, macOS and Linux
    app.setPalette(_palette())
    app.setStyleSheet(STYLE_SHEET)


def _palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: BACKGROUND,
        QPalette.ColorRole.WindowText: TEXT,
        QPalette.ColorRole.Base: SURFACE,
        QPalette.ColorRole.AlternateBase: BACKGROUND,
        QPalette.ColorRole.Text: TEXT,
        QPalette.ColorRole.Button: SURFACE,
        QPalette.ColorRole.ButtonText: TEXT,
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: SURFACE,
        QPalette.ColorRole.ToolTipText: TEXT,
        QPalette.ColorRole.PlaceholderText: MUTED,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


STYLE_SHEET = f"""
QWidget {{ color: {TEXT}; }}
QPushButton, QToolButton {{
    min-height: {MIN_CONTROL_PX}px; min-width: {MIN_CONTROL_PX}px;
    padding: 4px 14px; border-radius: 8px;
    background: #2c333d; border: 2px solid #3b4452;
}}
QPushButton:hover {{ background: #36404c; }}
QPushButton:focus, QToolButton:focus, QListWidget:focus {{ border: 2px solid {FOCUS}; }}
QPushButton:disabled {{ color: #69717d; background: #22272e; border-color: #2a3038; }}
QPushButton:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: #ffffff; }}
QPushButton[role="primary"] {{ background: {ACCENT}; border-color: {ACCENT}; color: #ffffff; font-weight: bold; }}
QPushButton[role="primary"]:disabled {{ background: #24473a; border-color: #24473a; color: #8fb3a2; }}
QPushButton[role="danger"] {{ background: {DANGER}; border-color: {DANGER}; color: #ffffff; font-weight: bold; }}
QPushButton[role="danger"]:disabled {{ background: #4a2626; border-color: #4a2626; color: #b08a8a; }}
QPushButton[role="nav"] {{ text-align: left; padding-left: 12px; background: transparent; border-color: transparent;
    min-height: {MIN_CONTROL_PX - 8}px; padding-top: 2px; padding-bottom: 2px; }}
QPushButton[role="nav"]:checked {{ background: {ACCENT}; color: #ffffff; }}
QPushButton[role="nav"]:focus {{ border: 2px solid {FOCUS}; }}
QLabel[role="title"] {{ font-size: {BIG_FONT_PX}px; font-weight: bold; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="banner-demo"] {{ background: {WARNING}; color: #111111; font-weight: bold; padding: 4px 10px;
    border-radius: 6px; }}
QLabel[role="warning"] {{ color: {WARNING}; }}
QLabel[role="cue"] {{ font-size: {BIG_FONT_PX}px; font-weight: bold; }}
QFrame[role="panel"] {{ background: {SURFACE}; border-radius: 10px; }}
QProgressBar {{ min-height: 22px; border: 1px solid #3b4452; border-radius: 6px; background: #0e1014;
    text-align: center; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 5px; }}
QProgressBar[phase="keep-going"]::chunk {{ background: {WARNING}; }}
QLineEdit {{ min-height: {MIN_CONTROL_PX}px; padding: 0 10px; border-radius: 8px; border: 2px solid #3b4452;
    background: {SURFACE}; font-size: {BIG_FONT_PX}px; }}
QLineEdit:focus {{ border-color: {FOCUS}; }}
QListWidget {{ background: {SURFACE}; border-radius: 8px; border: 2px solid #2a3038; }}
QListWidget::item {{ min-height: {MIN_CONTROL_PX}px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: #ffffff; }}
QToolTip {{ color: {TEXT}; background: {SURFACE}; border: 1px solid #3b4452; }}
"""


def style(widget, role: str) -> None:
    """Give a widget a style-sheet role (``primary``, ``danger``, ``nav``, ``title`` …)."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
