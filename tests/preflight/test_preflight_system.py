"""Disk, clock, fonts, data folder and settings file: each check in its ok, warn and fail states."""

from __future__ import annotations

import datetime as dt
import gc
import shutil
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.preflight import system

TAIPEI = dt.timezone(dt.timedelta(hours=8))


# -- disk ------------------------------------------------------------------------------------------


def test_disk_with_room_for_ten_takes_is_ok(kiosk_home: Path) -> None:
    result = system.check_disk(kiosk_home)
    assert result.status == "ok"
    assert result.data["takes"] >= 10
    assert result.data["free_bytes"] >= 10 * system.TAKE_BYTES


def test_disk_with_room_for_a_few_takes_warns(kiosk_home: Path) -> None:
    free = shutil.disk_usage(kiosk_home).free
    result = system.check_disk(kiosk_home, take_bytes=free // 4)  # "takes" this big: room for 4
    assert result.status == "warn"
    assert 3 <= result.data["takes"] <= 4
    assert "room for only" in result.detail_en and result.fix_en


def test_disk_without_room_for_one_take_fails(kiosk_home: Path) -> None:
    free = shutil.disk_usage(kiosk_home).free
    result = system.check_disk(kiosk_home, take_bytes=free * 2)
    assert (result.status, result.data["takes"]) == ("fail", 0)
    assert "not enough for even one take" in result.detail_en


def test_disk_of_a_folder_not_created_yet_uses_its_parent(kiosk_home: Path) -> None:
    result = system.check_disk(kiosk_home / "還沒有 not yet" / "takes")
    assert result.status == "ok"


# -- clock -----------------------------------------------------------------------------------------


def test_clock_in_taiwan_in_2026_is_ok() -> None:
    result = system.check_clock(dt.datetime(2026, 12, 1, 9, 30, tzinfo=TAIPEI))
    assert result.status == "ok" and "2026-12-01 09:30" in result.detail_en and "UTC+08:00" in result.detail_en


def test_clock_in_another_time_zone_warns() -> None:
    result = system.check_clock(dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC))
    assert result.status == "warn" and "UTC+00:00" in result.detail_en
    assert "Taipei" in result.fix_en


@pytest.mark.parametrize("year", [2001, 2025, 2099])
def test_clock_in_the_past_or_far_future_fails(year: int) -> None:
    result = system.check_clock(dt.datetime(year, 1, 1, tzinfo=TAIPEI))
    assert result.status == "fail" and str(year) in result.detail_en
    assert "automatically" in result.fix_en


def test_clock_reads_the_real_time_by_default() -> None:
    result = system.check_clock()
    assert result.data["now"][:4] == str(dt.datetime.now().year)


# -- fonts -----------------------------------------------------------------------------------------


def test_bundled_fonts_load_and_draw_every_county_name() -> None:
    result = system.check_fonts()
    assert result.status == "ok"
    assert {Path(f).name for f in result.data["files"]} == {"NotoSansTC-Regular.otf", "NotoSansTC-Bold.otf"}


def test_the_font_check_leaves_no_parsed_font_behind() -> None:
    """The parsed fonts (+20 MB in the window) go when the check ends, not at Python's next collection."""
    from fontTools.ttLib import TTFont

    gc.collect()
    gc.disable()  # only the check's own collection may free them
    try:
        assert system.check_fonts().status == "ok"
        left = [thing for thing in gc.get_objects() if isinstance(thing, TTFont)]
    finally:
        gc.enable()
    assert left == []


def test_missing_or_garbage_font_fails(tmp_path: Path) -> None:
    garbage = tmp_path / "壞掉 broken.otf"
    garbage.write_bytes(b"<html>not a font</html>")
    result = system.check_fonts([tmp_path / "missing.otf", garbage])
    assert result.status == "fail"
    assert "missing.otf is missing" in result.detail_en and "broken.otf is not a font" in result.detail_en
    assert "Reinstall" in result.fix_en


def test_font_without_the_chinese_glyphs_fails(tmp_path: Path) -> None:
    from fontTools import subset

    latin_only = tmp_path / "latin.otf"
    options = subset.Options()
    font = subset.load_font(str(paths.resource("fonts/NotoSansTC-Bold.otf")), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="IVY 2026 abc")
    subsetter.subset(font)
    font.save(str(latin_only))
    result = system.check_fonts([latin_only])
    assert result.status == "fail" and "cannot draw" in result.detail_en
    assert "市" in result.detail_en


# -- data folder -----------------------------------------------------------------------------------


def test_data_folder_writable_is_ok(kiosk_home: Path) -> None:
    result = system.check_data_folder(kiosk_home)
    assert result.status == "ok"
    assert list(kiosk_home.iterdir()) == []  # the probe file is gone again


def test_data_folder_that_is_a_file_fails(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "檔案 file"
    not_a_folder.write_text("x", encoding="utf-8")
    result = system.check_data_folder(not_a_folder)
    assert result.status == "fail" and "Cannot write" in result.detail_en
    assert "IVY_KIOSK_HOME" in result.fix_en


def test_data_folder_inside_a_synced_folder_warns(tmp_path: Path) -> None:
    result = system.check_data_folder(tmp_path / "OneDrive - 高雄市政府" / "ivy-kiosk")
    assert result.status == "warn" and "OneDrive" in result.detail_en


# -- settings file ---------------------------------------------------------------------------------


def test_valid_settings_file_is_ok(kiosk_home: Path) -> None:
    path = kiosk_home / "config.toml"
    path.write_text('[event]\ncounty = "花蓮縣"\n', encoding="utf-8")
    result = system.check_config(path)
    assert result.status == "ok" and "花蓮縣" in result.detail_en


def test_no_settings_file_yet_warns_with_the_default_county(kiosk_home: Path) -> None:
    result = system.check_config(kiosk_home / "config.toml")
    assert result.status == "warn" and "高雄市" in result.detail_en
    assert "county" in result.fix_en


def test_unknown_keys_warn(kiosk_home: Path) -> None:
    path = kiosk_home / "config.toml"
    path.write_text('[event]\ncounty = "花蓮縣"\ncountry = "TW"\n', encoding="utf-8")
    result = system.check_config(path)
    assert result.status == "warn" and "event.country" in result.detail_en
    assert result.data["unknown_keys"] == ["event.country"]


def test_malformed_settings_file_fails_naming_the_line(kiosk_home: Path) -> None:
    path = kiosk_home / "config.toml"
    path.write_text('[event]\ncounty = "花蓮縣"\n\n[contact\n', encoding="utf-8")
    result = system.check_config(path)
    assert result.status == "fail" and "line 4" in result.detail_en
