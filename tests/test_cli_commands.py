"""The command line as a whole: every sub-command is there, usage errors are one line and exit 2."""

import subprocess
import sys

from kiosk.cli import build_parser


def test_every_sub_command_of_the_spec_is_available():
    parser = build_parser()
    for name in ("record", "package", "send", "outbox", "preflight", "recover", "self-test"):
        assert name in parser.format_help()


def run(args, env):
    return subprocess.run([sys.executable, "-m", "kiosk", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def test_an_unknown_sub_command_is_a_one_line_usage_error(cli_env):
    result = run(["fly-to-the-moon"], cli_env)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_missing_required_option_is_a_one_line_usage_error(cli_env):
    result = run(["record", "--camera", "demo"], cli_env)
    assert result.returncode == 2
    assert "--mic" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_help_works(cli_env):
    result = run(["--help"], cli_env)
    assert result.returncode == 0 and "ivy-kiosk" in result.stdout
