"""Where an operator can put or find files: removable drives first, then the usual folders.

Qt-free, for the kiosk's own file and folder picker (export to a USB drive; importing a clip later):
Windows drive letters (removable ones marked), ``/Volumes`` on macOS, ``/media`` and ``/run/media``
on Linux, then the home folder, the desktop and the documents folder. Listing never raises: a drive
that cannot be read is left out.
"""

from __future__ import annotations

import os
import shutil
import string
import sys
from dataclasses import dataclass
from pathlib import Path

# Windows GetDriveTypeW answers
_DRIVE_REMOVABLE, _DRIVE_FIXED, _DRIVE_REMOTE, _DRIVE_CDROM = 2, 3, 4, 5
_LINUX_MOUNT_ROOTS = (Path("/media"), Path("/run/media"))
_MAC_VOLUMES = Path("/Volumes")


@dataclass(frozen=True)
class Place:
    path: Path
    label: str  # the volume's or folder's own name ("KINGSTON", "Desktop", "C:")
    removable: bool  # a USB drive or card: offered first
    free_bytes: int | None = None


def _free(path: Path) -> int | None:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return None


def _windows_drives() -> list[Place]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    places = []
    mask = kernel32.GetLogicalDrives()
    for index, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << index):
            continue
        root = f"{letter}:\\"
        kind = kernel32.GetDriveTypeW(root)
        if kind not in (_DRIVE_REMOVABLE, _DRIVE_FIXED, _DRIVE_REMOTE):
            continue  # CD drives, RAM disks and unknown ones: nothing to save to
        name = ctypes.create_unicode_buffer(261)
        if not kernel32.GetVolumeInformationW(root, name, 261, None, None, None, None, 0):
            continue  # a card reader without a card
        label = f"{name.value} ({letter}:)" if name.value else f"{letter}:"
        places.append(Place(Path(root), label, kind == _DRIVE_REMOVABLE, _free(Path(root))))
    return places


def _mounted_under(roots: tuple[Path, ...], skip: set[Path]) -> list[Place]:
    """Mount points one or two levels down (``/media/<user>/<label>`` or ``/media/<label>``)."""
    places = []
    for root in roots:
        try:
            children = sorted(root.iterdir())
        except OSError:
            continue
        for child in children:
            try:
                if child.resolve() in skip or not child.is_dir():
                    continue
                if os.path.ismount(child):
                    places.append(Place(child, child.name, True, _free(child)))
                    continue
                for grandchild in sorted(child.iterdir()):
                    if grandchild.is_dir() and os.path.ismount(grandchild):
                        places.append(Place(grandchild, grandchild.name, True, _free(grandchild)))
            except OSError:
                continue
    return places


def removable_drives(platform: str = sys.platform, *, linux_roots: tuple[Path, ...] = _LINUX_MOUNT_ROOTS,
                     mac_volumes: Path = _MAC_VOLUMES) -> list[Place]:
    """Drives plugged in (USB sticks, cards), by platform; every drive letter on Windows."""
    try:
        if platform == "win32":
            return _windows_drives()
        if platform == "darwin":
            return _mounted_under((mac_volumes,), skip={Path("/")})  # the start-up disk links to /
        return _mounted_under(linux_roots, skip=set())
    except OSError:
        return []


def usual_folders(home: Path | None = None) -> list[Place]:
    home = home or Path.home()
    places = [Place(home, home.name or str(home), False, _free(home))]
    for name in ("Desktop", "Documents", "Downloads", "Videos", "Movies"):
        folder = home / name
        if folder.is_dir():
            places.append(Place(folder, name, False, None))
    return places


def places(home: Path | None = None, drives: list[Place] | None = None) -> list[Place]:
    """Removable drives first, then the other drives, then the usual folders."""
    drives = removable_drives() if drives is None else drives
    return ([d for d in drives if d.removable] + [d for d in drives if not d.removable] + usual_folders(home))


def subfolders(folder: Path) -> list[Path]:
    """The folders inside ``folder``, by name, hidden ones left out; [] when it cannot be read."""
    try:
        return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                      key=lambda p: p.name.lower())
    except OSError:
        return []


def files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files in ``folder`` whose suffix is one of ``suffixes`` (lower case, with the dot)."""
    try:
        return sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes
                       and not p.name.startswith(".")), key=lambda p: p.name.lower())
    except OSError:
        return []
