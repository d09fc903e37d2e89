"""Errors that reach the operator: a message in both languages and the CLI exit code."""

from __future__ import annotations

import errno

from kiosk.language import EN, current


def operator_language() -> str:
    """The operator's language (``kiosk.language``): the GUI's choice, else ``IVY_KIOSK_LANG``, else zh-TW."""
    return current()


class KioskError(Exception):
    """Something the operator must hear about, said in words they can act on.

    ``exit_code`` follows SPEC §4: 1 when the thing checked or attempted failed, 2 for bad input.
    """

    exit_code = 1

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, language: str | None = None) -> str:
        return self.en if (language or current()) == EN else self.zh

    def __str__(self) -> str:
        return self.message()


class BadInput(KioskError):
    """The operator (or a script) asked for something that cannot be done as asked."""

    exit_code = 2


class SourceError(KioskError):
    """A camera or microphone could not be opened or stopped delivering."""


class RecordingError(KioskError):
    """The encoder or the file system failed during a take."""


class DiskFull(KioskError):
    """The drive holding the data folder has no room left (exit 1: the attempt failed, nothing is lost)."""


class FolderUnusable(BadInput):
    """The data folder (or a file in it) cannot be used as it is: a file where a folder should be,
    read-only, no permission (exit 2: the operator must fix where the data lives)."""


_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def disk_full(where: object) -> DiskFull:
    return DiskFull(
        f"磁碟已滿：{where} 沒有空間了。請刪除不需要的檔案（或換一顆有空間的磁碟）後再試一次；已錄下與已排入寄件匣的內容都還在。",
        f"The disk is full: no room left for {where}. Free some space (or use a drive with room), then try "
        "again; everything already recorded or queued is still there.",
    )


def folder_unusable(where: object, problem_zh: str, problem_en: str) -> FolderUnusable:
    return FolderUnusable(
        f"資料夾無法使用：{where}（{problem_zh}）。請修正它的權限，或把環境變數 IVY_KIOSK_HOME 指向可寫入的資料夾。",
        f"The data folder cannot be used: {where} ({problem_en}). Fix its permissions, or point the "
        "IVY_KIOSK_HOME variable at a folder you can write to.",
    )


def from_os_error(exc: OSError, where: object | None = None) -> KioskError | None:
    """The operator's words for a file-system error that has an obvious remedy; None for the others."""
    place = where if where is not None else (exc.filename or "?")
    if exc.errno in _DISK_FULL:
        return disk_full(place)
    if exc.errno == errno.EROFS:
        return folder_unusable(place, "唯讀", "read-only")
    if exc.errno in _NOT_WRITABLE:
        return folder_unusable(place, "沒有寫入權限", "no permission to write")
    if isinstance(exc, FileExistsError | NotADirectoryError) or exc.errno == errno.ENOTDIR:
        return folder_unusable(place, "這是一個檔案，不是資料夾", "a file is where a folder should be")
    return None
