"""IVY 2026 pledge kiosk.

The Qt-free core lives in the sub-packages ``capture`` (camera and microphone sources),
``recording`` (encoder, takes, stills, crash recovery), ``package`` (the deliverable),
``outbox`` (durable sending) and ``preflight``; ``config``, ``paths`` and ``procs`` are shared
plumbing. ``ui`` is the thin PySide6 layer and ``cli`` the command line; both drive the core.
"""

__version__ = "0.1.0"
APP_NAME = "ivy-kiosk"
