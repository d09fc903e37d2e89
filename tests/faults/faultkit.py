"""Helpers for the fault tests (imported by name: the test folders are not packages).

The outbox tests' and the package tests' conftest files are loaded here by path, so their fixtures
(the mail server, takes, consent files) and helpers (``write_package``, ``settings_for``) serve
these tests as they are.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kiosk import procs

TESTS = Path(__file__).resolve().parent.parent
PASSWORD_ENV = "IVY_SMTP_PASSWORD"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


outbox_fixtures = _load("faults_outbox_fixtures", TESTS / "outbox" / "conftest.py")
package_fixtures = _load("faults_package_fixtures", TESTS / "package" / "conftest.py")
write_package = outbox_fixtures.write_package
settings_for = outbox_fixtures.settings_for


@dataclass
class SmallDisk:
    mount: Path
    home: Path

    def free(self) -> int:
        return shutil.disk_usage(self.mount).free

    def fill(self, leave: int = 0) -> None:
        """Take all but about ``leave`` bytes (0: every last block)."""
        filler = self.mount / "filler.bin"
        with filler.open("ab") as fh:
            block = b"\0" * (1 << 20)
            while (room := self.free() - leave) > 0:
                try:
                    fh.write(block[: min(len(block), room)])
                    fh.flush()
                except OSError:
                    break

    def unfill(self) -> None:
        (self.mount / "filler.bin").unlink(missing_ok=True)

    def leftovers(self) -> list[str]:
        """Temporary or half-built things left anywhere in the data folder."""
        found = []
        for path in self.home.rglob("*"):
            name = path.name
            if name.endswith(".tmp") or name.startswith((".building-", ".partial")) or ".partial-" in name:
                found.append(str(path.relative_to(self.home)))
        return found


def mount(*args: str) -> subprocess.CompletedProcess:
    return procs.run(["mount", *args], timeout=30)


def remount_read_only(disk: SmallDisk) -> None:
    result = mount("-o", "remount,ro", str(disk.mount))
    assert result.returncode == 0, result.stderr


def stderr_line(result: subprocess.CompletedProcess) -> str:
    """The one-line reason; fails the test when stderr is anything else (a traceback, a log line)."""
    text = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text and "Logging error" not in text, text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, text
    return lines[0]
