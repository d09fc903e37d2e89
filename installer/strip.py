"""Symbol stripping for the Linux bundle (build.spec), made safe for patchelf-rewritten libraries.

``strip`` corrupts libraries that patchelf rewrote (extra LOAD segments at the end: Qt's own FFmpeg
libraries, auditwheel's grafted ones): the copy then fails with "ELF load command address/offset not
page-aligned", and Qt quietly loses its media back-end. So only a library with a symbol table to
drop and the linker's plain layout is stripped, and a stripped copy whose segments no longer line
up is thrown away in favour of the original.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PT_LOAD = 1
SHT_SYMTAB = 2
PLAIN_LOAD_SEGMENTS = 4  # R, R+X, R, R+W as GNU ld lays out a shared library


def _header(data: bytes) -> tuple[int, int, int, int, int, int] | None:
    """(phoff, phentsize, phnum, shoff, shentsize, shnum) of a 64-bit little-endian ELF, else None."""
    if len(data) < 64 or data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        return None
    phoff, shoff = struct.unpack_from("<QQ", data, 0x20)
    phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", data, 0x36)
    return phoff, phentsize, phnum, shoff, shentsize, shnum


def load_segments(data: bytes) -> list[tuple[int, int, int]]:
    """(offset, virtual address, alignment) of every LOAD segment."""
    header = _header(data)
    if header is None:
        return []
    phoff, phentsize, phnum = header[:3]
    segments = []
    for index in range(phnum):
        kind, _flags, offset, vaddr, _paddr, _filesz, _memsz, align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + index * phentsize)
        if kind == PT_LOAD:
            segments.append((offset, vaddr, align))
    return segments


def has_symbol_table(data: bytes) -> bool:
    header = _header(data)
    if header is None:
        return False
    _phoff, _phentsize, _phnum, shoff, shentsize, shnum = header
    return any(struct.unpack_from("<I", data, shoff + index * shentsize + 4)[0] == SHT_SYMTAB
               for index in range(shnum) if shoff + (index + 1) * shentsize <= len(data))


def aligned(data: bytes) -> bool:
    return all(align <= 1 or offset % align == vaddr % align for offset, vaddr, align in load_segments(data))


def worth_stripping(path: Path) -> bool:
    data = path.read_bytes()
    return has_symbol_table(data) and 0 < len(load_segments(data)) <= PLAIN_LOAD_SEGMENTS


def stripped_copy(source: Path, target: Path) -> Path:
    """``target``, a stripped copy of ``source``, or ``source`` itself when stripping is unsafe or useless."""
    if not worth_stripping(source):
        return source
    strip = shutil.which("strip")
    if strip is None:
        return source
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)
    # A build step on the build machine, not the app: kiosk.procs (hidden consoles, logs) is for the app.
    subprocess.run([strip, "--strip-unneeded", str(target)], check=True)
    return target if aligned(target.read_bytes()) else source
