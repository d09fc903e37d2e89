"""The PySide6 kiosk window: widgets and GUI-thread controllers only, no business logic.

Everything here drives the Qt-free core (``kiosk.capture``, ``kiosk.recording`` …); the core never
imports from here.
"""
