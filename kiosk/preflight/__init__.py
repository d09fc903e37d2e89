"""The day-before and at-the-venue checks (SPEC §2 screen 1, ``ivy-kiosk preflight``).

Each check answers one question an AV crew has - will this camera, microphone, laptop and account
do the job? - with a status (ok, warn, fail), what was found and how to fix it, in both languages.
``run_preflight`` runs them all; the CLI and the preflight screen only present the report.
"""

from kiosk.preflight.result import TITLES, CheckResult, PreflightReport
from kiosk.preflight.runner import GROUPS, PreflightOptions, run_preflight

__all__ = ["GROUPS", "TITLES", "CheckResult", "PreflightOptions", "PreflightReport", "run_preflight"]
