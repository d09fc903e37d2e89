"""The laptop itself: disk space, clock, bundled fonts, the data folder and the settings file."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from kiosk import config, organiser
from kiosk.errors import KioskError
from kiosk.localtime import zone_text
from kiosk.preflight.result import CheckResult, failed, failed_from, passed, warned

TAKE_BYTES = 40_000_000  # a 15 s take with its intermediates, stills and package copy
WANTED_TAKES = 10
EARLIEST_YEAR = 2026  # the mail's Date and the consent time come from this clock
LATEST_YEAR = 2030
TAIWAN_OFFSET = dt.timedelta(hours=8)
FONT_FILES = ("fonts/NotoSansTC-Regular.otf", "fonts/NotoSansTC-Bold.otf")
# Text every bundled face must draw: the county names and the pledge line (overlay, PDF, file names).
FONT_MUST_DRAW = "".join(organiser.COUNTIES) + organiser.pledge_line("") + organiser.ORGANISER_ZH
_SYNCED_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud")

# ---------------------------------------------------------------- disk


def _existing(folder: Path) -> Path:
    """The folder, or its nearest existing parent (disk_usage needs a path that exists)."""
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            return candidate
    return folder


def check_disk(folder: Path, *, take_bytes: int = TAKE_BYTES, wanted_takes: int = WANTED_TAKES) -> CheckResult:
    free = shutil.disk_usage(_existing(folder)).free
    takes = free // take_bytes
    free_gb = free / 1e9
    data = {"free_bytes": free, "takes": int(takes), "take_bytes": take_bytes, "folder": str(folder)}
    fix = (
        f"刪除不需要的檔案或清空資源回收筒，騰出至少 {take_bytes * wanted_takes / 1e9:.1f} GB",
        f"Delete files you do not need or empty the recycle bin to free at least "
        f"{take_bytes * wanted_takes / 1e9:.1f} GB",
    )
    if takes >= wanted_takes:
        return passed("disk", f"剩餘 {free_gb:.1f} GB（約可錄 {takes} 段）",
                      f"{free_gb:.1f} GB free (room for about {takes} takes)", **data)
    if takes >= 1:
        return warned(
            "disk",
            (f"剩餘 {free_gb:.2f} GB，只夠錄約 {takes} 段（建議至少 {wanted_takes} 段）",
             f"{free_gb:.2f} GB free: room for only about {takes} takes (at least {wanted_takes} advised)"),
            fix, **data,
        )
    return failed(
        "disk",
        (f"剩餘 {free_gb:.2f} GB，連一段錄影都放不下", f"{free_gb:.2f} GB free: not enough for even one take"),
        fix, **data,
    )


# ---------------------------------------------------------------- clock


def check_clock(now: dt.datetime | None = None) -> CheckResult:
    """``now`` is the local time with its UTC offset (``datetime.now().astimezone()``)."""
    now = now or dt.datetime.now().astimezone()
    shown = now.strftime("%Y-%m-%d %H:%M")
    zone = zone_text(now)
    data = {"now": now.isoformat(timespec="seconds")}
    set_time_fix = (
        "請在電腦的「日期和時間」設定中開啟「自動設定時間」，或手動改成正確的日期時間",
        "Turn on \"Set time automatically\" in the computer's date and time settings, or set it by hand",
    )
    if not EARLIEST_YEAR <= now.year <= LATEST_YEAR:
        return failed(
            "clock",
            (f"電腦時間是 {shown}，顯然不對：郵件日期與授權時間都會錯",
             f"The computer's clock says {shown}, which cannot be right: the mail's date and the consent "
             "time would be wrong"),
            set_time_fix, **data,
        )
    if now.utcoffset() != TAIWAN_OFFSET:
        return warned(
            "clock",
            (f"時區是 {zone}，不是臺灣（UTC+08:00）：時間可能差好幾小時",
             f"The time zone is {zone}, not Taiwan (UTC+08:00): times may be hours off"),
            ("請把時區設為「(UTC+08:00) 台北」，並確認時間正確",
             "Set the time zone to (UTC+08:00) Taipei and check that the time is right"),
            **data,
        )
    return passed("clock", f"{shown}（{zone}）", f"{shown} ({zone})", **data)


# ---------------------------------------------------------------- fonts


def _font_problem(path: Path) -> tuple[str, str] | None:
    """Why ``path`` cannot draw the county names, or None when it can."""
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError:
        return (f"找不到字型檔 {path.name}", f"font file {path.name} is missing")
    if magic not in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
        return (f"{path.name} 不是字型檔", f"{path.name} is not a font file")
    try:
        from fontTools.ttLib import TTFont, TTLibError
    except ImportError:
        return None  # the header is right; without fontTools the glyphs cannot be listed
    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except (TTLibError, OSError, KeyError, ValueError, AssertionError) as exc:
        return (f"{path.name} 已損壞（{exc}）", f"{path.name} is damaged ({exc})")
    missing = [ch for ch in dict.fromkeys(FONT_MUST_DRAW) if not ch.isspace() and ord(ch) not in cmap]
    if missing:
        chars = "".join(missing[:10])
        return (f"{path.name} 缺少字：{chars}", f"{path.name} cannot draw: {chars}")
    return None


def check_fonts(files: Sequence[Path] | None = None) -> CheckResult:
    from kiosk.paths import resource

    files = list(files) if files is not None else [resource(name) for name in FONT_FILES]
    problems = [problem for problem in map(_font_problem, files) if problem]
    # A closed TTFont and its tables still point at each other: without a collection now, the
    # parsed cmaps (+20 MB for the two Noto fonts) stay in the window until Python next runs one.
    gc.collect()
    if problems:
        return failed(
            "fonts",
            ("；".join(zh for zh, _ in problems), "; ".join(en for _, en in problems)),
            ("請重新安裝本程式（內附的中文字型不完整）", "Reinstall the app (its bundled Chinese fonts are incomplete)"),
            files=[str(f) for f in files],
        )
    return passed("fonts", "內附中文字型完整", "Bundled Chinese fonts load", files=[str(f) for f in files])


# ---------------------------------------------------------------- data folder


def check_data_folder(folder: Path) -> CheckResult:
    """Write, sync, read back and delete a file: takes and the outbox live here."""
    probe = folder / ".preflight-write-test"
    content = "志工 IVY 2026\n".encode()
    data = {"folder": str(folder)}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with probe.open("wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        readable = probe.read_bytes() == content
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):  # a full disk must not keep the probe file
            probe.unlink(missing_ok=True)
        return failed(
            "data_folder",
            (f"資料夾 {folder} 無法寫入：{exc}", f"Cannot write to the data folder {folder}: {exc}"),
            ("確認磁碟沒有滿、沒有唯讀，或把環境變數 IVY_KIOSK_HOME 指向可寫入的資料夾",
             "Check that the disk is not full or read-only, or point IVY_KIOSK_HOME at a writable folder"),
            **data,
        )
    if not readable:
        return failed("data_folder", (f"資料夾 {folder} 讀回的內容不符", f"The data folder {folder} returned other data"),
                      ("請檢查磁碟是否有問題", "Check the disk for errors"), **data)
    synced = next((part for part in folder.parts if any(s in part.casefold() for s in _SYNCED_FOLDERS)), None)
    if synced:
        return warned(
            "data_folder",
            (f"資料夾位於雲端同步資料夾（{synced}）內：同步時可能鎖住檔案",
             f"The data folder is inside a cloud-synced folder ({synced}), which may lock files while syncing"),
            ("把 IVY_KIOSK_HOME 指向不同步的本機資料夾", "Point IVY_KIOSK_HOME at a local folder that is not synced"),
            **data,
        )
    return passed("data_folder", f"{folder} 可寫入", f"{folder} is writable", **data)


# ---------------------------------------------------------------- settings file


def check_config(path: Path) -> CheckResult:
    """The settings file loads; unknown keys (typos) and a missing file are warnings."""
    data = {"path": str(path)}
    try:
        settings = config.load(path)
    except KioskError as exc:
        return failed_from(
            "config", exc,
            ("在「設定」中重新儲存，或依訊息修正 config.toml", "Save the settings again, or fix config.toml as the message says"),
            **data,
        )
    if not path.exists():
        county = settings.event.county
        return warned(
            "config",
            (f"尚未儲存設定：目前使用預設值（縣市：{county}）", f"No settings saved yet: using defaults (county {county})"),
            ("請在「設定」中選擇縣市並填寫聯絡人", "Choose the county and enter the contact person in Settings"),
            **data,
        )
    if settings.unknown_keys:
        keys = ", ".join(settings.unknown_keys)
        return warned(
            "config",
            (f"config.toml 有無法辨識的設定（已忽略）：{keys}", f"config.toml has keys that mean nothing (ignored): {keys}"),
            ("檢查拼字，或刪除這些設定", "Check their spelling, or delete them"),
            unknown_keys=settings.unknown_keys, **data,
        )
    county = settings.event.county
    return passed("config", f"設定正常（縣市：{county}）", f"Settings are valid (county {county})", **data)
