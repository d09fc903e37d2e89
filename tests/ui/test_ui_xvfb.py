"""On a real X server (Xvfb) with real input through XTest: what offscreen Qt cannot show.

Each scenario runs ``x_probe.py`` in its own process under ``xvfb-run`` (the tests' own Qt runs
offscreen). Xvfb is one of the system packages ``./dev setup`` installs.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from kiosk import procs

PROBE = Path(__file__).with_name("x_probe.py")
XVFB_RUN = shutil.which("xvfb-run")


def run_probe(scenario: str, kiosk_home: Path, size: str = "1366x768x24") -> dict:
    assert XVFB_RUN, "xvfb-run is missing: run ./dev setup (it installs xvfb)"
    env = dict(os.environ, IVY_KIOSK_HOME=str(kiosk_home))
    env.pop("QT_QPA_PLATFORM", None)
    result = procs.run([XVFB_RUN, "-a", "-s", f"-screen 0 {size}", sys.executable, str(PROBE), scenario],
                       timeout=180, env=env)
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]
    return json.loads(result.stdout.decode().strip().splitlines()[-1])


def test_keys_work_right_after_every_pin_prompt_without_a_click(kiosk_home):
    seen = run_probe("pin-focus", kiosk_home)
    assert seen == {key: True for key in seen} and len(seen) == 10, seen


def test_a_real_wheel_scrolls_settings_and_leaves_the_fields_alone(kiosk_home):
    seen = run_probe("wheel", kiosk_home)
    assert seen == {"port": 2525, "scrolled": True, "county_same": True}


def test_a_screens_keys_work_at_the_first_start_and_after_a_sidebar_click(kiosk_home):
    seen = run_probe("screen-keys", kiosk_home)
    assert seen == {key: True for key in seen} and len(seen) == 5, seen
