"""Settings (config.toml): defaults, round trip, and errors that name the line or the key."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk import config, organiser
from kiosk.errors import BadInput

GOOD = """\
[event]
county = "臺北市"

[contact]
name = "王小明"
organisation = "臺北市政府社會局"
title = "科員"
phone = "02-2720 8889 #1234"
email = "wang@example.org.tw"

[delivery]
to = "ingo.se@vtaiwan.org"
retention_days = 14

[delivery.smtp]
host = "smtp.example.org"
port = 587
security = "starttls"
from = "kiosk@example.org"

[devices]
camera = "HD Pro Webcam C920"
mic = "USB Audio, MME"

[cues]
turn_at_s = 6
cheer_at_s = 10.5

[kiosk]
language = "en"
pin = 135790
"""


def test_every_key_of_a_full_file_is_read() -> None:
    settings = config.parse(GOOD)
    assert settings.event.county == "臺北市"
    assert settings.contact.phone == "02-2720 8889 #1234"
    assert settings.delivery.retention_days == 14
    assert (settings.delivery.smtp.port, settings.delivery.smtp.security) == (587, "starttls")
    assert settings.delivery.smtp.from_ == "kiosk@example.org"
    assert settings.devices.camera == "HD Pro Webcam C920"
    assert settings.cues.turn_at_s == 6.0 and settings.cues.cheer_at_s == 10.5
    assert settings.kiosk.pin == "135790"  # a number in the file is still a PIN string
    assert settings.unknown_keys == [] and settings.warnings == []


def test_save_then_load_gives_the_same_settings(kiosk_home: Path) -> None:
    settings = config.parse(GOOD)
    path = kiosk_home / "config.toml"
    config.save(settings, path)
    assert config.load(path) == settings
    assert "from = " in path.read_text(encoding="utf-8")  # the TOML key, not the Python name
    assert not path.with_name("config.toml.tmp").exists()


def test_a_missing_file_gives_the_defaults(kiosk_home: Path) -> None:
    settings = config.load(kiosk_home / "config.toml")
    assert settings == config.Settings()
    assert settings.delivery.to == organiser.RECIPIENT
    assert settings.event.county in organiser.COUNTIES


def test_malformed_toml_names_the_line() -> None:
    text = GOOD.replace('title = "科員"', 'title = "科員')  # an unclosed string on line 7
    with pytest.raises(BadInput) as caught:
        config.parse(text)
    assert "line 7" in caught.value.en and "第 7 行" in caught.value.zh


@pytest.mark.parametrize(
    ("old", "new", "key", "line"),
    [
        ("port = 587", "port = 70000", "delivery.smtp.port", 17),
        ('security = "starttls"', 'security = "plain"', "delivery.smtp.security", 18),
        ('county = "臺北市"', 'county = "台北"', "event.county", 2),
        ('email = "wang@example.org.tw"', 'email = "wang-at-example"', "contact.email", 9),
        ('phone = "02-2720 8889 #1234"', 'phone = "call me"', "contact.phone", 8),
        ("retention_days = 14", "retention_days = 0", "delivery.retention_days", 13),
        ("cheer_at_s = 10.5", "cheer_at_s = 5", "cues.cheer_at_s", 27),
        ("turn_at_s = 6", "turn_at_s = 0", "cues.turn_at_s", 26),
        ("pin = 135790", 'pin = "12"', "kiosk.pin", 31),
        ('language = "en"', 'language = "fr"', "kiosk.language", 30),
        ("port = 587", 'port = "587"', "delivery.smtp.port", 17),
        ('camera = "HD Pro Webcam C920"', 'camera = ""', "devices.camera", 22),
    ],
)
def test_a_wrong_value_names_its_key_and_line(old: str, new: str, key: str, line: int) -> None:
    assert old in GOOD
    with pytest.raises(config.ConfigValueError) as caught:
        config.parse(GOOD.replace(old, new))
    error = caught.value
    assert error.key == key
    assert key in error.en and key in error.zh
    assert error.line == line and f"line {line}" in error.en
    assert error.exit_code == 2


def test_a_section_given_as_a_value_names_the_key() -> None:
    with pytest.raises(config.ConfigValueError) as caught:
        config.parse('delivery = "ingo.se@vtaiwan.org"\n')
    assert caught.value.key == "delivery" and "table" in caught.value.en


def test_unknown_keys_are_kept_as_warnings_not_errors() -> None:
    settings = config.parse(GOOD.replace("[cues]", "[cues]\nturn_at = 3") + "\n[extra]\nwhatever = true\n")
    assert settings.unknown_keys == ["cues.turn_at", "extra"]
    assert settings.warnings == ["unknown key ignored: cues.turn_at", "unknown key ignored: extra"]
    assert settings.cues.turn_at_s == 6.0  # the misspelt key changed nothing


def test_save_refuses_an_invalid_settings_object(kiosk_home: Path) -> None:
    settings = config.Settings()
    settings.delivery.smtp.port = 0
    path = kiosk_home / "config.toml"
    with pytest.raises(config.ConfigValueError) as caught:
        config.save(settings, path)
    assert caught.value.key == "delivery.smtp.port"
    assert not path.exists()  # nothing half-right is written


def test_a_file_that_is_not_utf8_is_bad_input(kiosk_home: Path) -> None:
    path = kiosk_home / "config.toml"
    path.write_bytes('[event]\ncounty = "臺北市"\n'.encode("big5"))
    with pytest.raises(BadInput) as caught:
        config.load(path)
    assert "UTF-8" in caught.value.en


def test_line_of_key_finds_dotted_keys_and_tables() -> None:
    text = '[delivery]\nsmtp.port = 25\n[kiosk]\n"pin" = "1"  # comment\n'
    assert config.line_of_key(text, "delivery.smtp.port") == 2
    assert config.line_of_key(text, "kiosk.pin") == 4
    assert config.line_of_key(text, "kiosk") == 3
    assert config.line_of_key(text, "event.county") is None


@pytest.mark.parametrize(("phone", "valid"), [("07-3438100", True), ("(02) 2345 6789", True),
                                              ("+886 912 345 678", True), ("0912-345-678 分機 12", True),
                                              ("12345", False), ("call me", False)])
def test_phone_numbers_as_people_write_them(phone: str, valid: bool) -> None:
    assert config.is_valid_phone(phone) is valid


# -- the CLI: a bad settings file is bad input (exit 2), the message names the line or key ---------


def _preflight(cli_env: dict[str, str], python_exe: str) -> subprocess.CompletedProcess:
    return subprocess.run([python_exe, "-m", "kiosk", "preflight", "--json"], env=cli_env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120, check=False)


def test_cli_malformed_config_exits_2_naming_the_line(kiosk_home: Path, cli_env: dict, python_exe: str) -> None:
    (kiosk_home / "config.toml").write_text('[event]\ncounty = "臺北市"\n[delivery\n', encoding="utf-8")
    result = _preflight(cli_env, python_exe)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "line 3" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[delivery.smtp]\nport = 99999\n", "delivery.smtp.port"),
        ('[delivery.smtp]\nsecurity = "none"\n', "delivery.smtp.security"),
        ('[event]\ncounty = "台中"\n', "event.county"),
    ],
)
def test_cli_wrong_value_exits_2_naming_the_key(
    kiosk_home: Path, cli_env: dict, python_exe: str, text: str, key: str
) -> None:
    (kiosk_home / "config.toml").write_text(text, encoding="utf-8")
    result = _preflight(cli_env, python_exe)
    assert result.returncode == 2
    assert key in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_config_error_is_in_chinese_by_default(kiosk_home: Path, cli_env: dict, python_exe: str) -> None:
    (kiosk_home / "config.toml").write_text("[delivery.smtp]\nport = 0\n", encoding="utf-8")
    result = _preflight({**cli_env, "IVY_KIOSK_LANG": "zh-TW"}, python_exe)
    assert result.returncode == 2
    assert "第 2 行" in result.stderr and "delivery.smtp.port" in result.stderr
