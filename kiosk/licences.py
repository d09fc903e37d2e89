"""What the kiosk ships and under which licence: the facts the About / licences screen shows.

Qt-free. The licence texts are files under ``resources/licenses/`` (and, in the frozen app, the
OpenCV texts build.spec copies there); the Python libraries are listed from their installed
metadata, and the ffmpeg program's exact build is read from the binary itself.
"""

from __future__ import annotations

# Python distributions bundled in the frozen app and listed on the About screen (build.spec copies
# their metadata into the bundle so importlib.metadata answers there too).
LISTED_DISTRIBUTIONS = ("PySide6-Essentials", "PySide6-Addons", "shiboken6", "opencv-python-headless", "numpy",
                        "imageio-ffmpeg", "ffmpeg-python", "Pillow", "sounddevice", "platformdirs", "keyring",
                        "fpdf2", "fonttools", "pypdfium2", "aiosmtpd", "trustme", "cryptography")
