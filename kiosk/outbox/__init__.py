"""The outbox: packages wait here, durably, until the mail server has confirmed them (SPEC §4–5).

* :mod:`~kiosk.outbox.store` — the SQLite database (one row per mail) and its states;
* :mod:`~kiosk.outbox.message` — building each mail once, to an ``.eml`` file;
* :mod:`~kiosk.outbox.transport` — SMTP over TLS, the failure words, ``probe_account``, ``send_test_mail``;
* :mod:`~kiosk.outbox.credentials` — the password, from the OS keyring or an environment variable;
* :mod:`~kiosk.outbox.service` — :class:`Outbox`: enqueue, list, retry, export, recover, purge;
* :mod:`~kiosk.outbox.runner` — :class:`Runner`: delivering what is due, one runner at a time;
* :mod:`~kiosk.outbox.doubles` — a manual clock and a scripted transport for tests.
"""

from kiosk.outbox.runner import PassReport, Runner
from kiosk.outbox.service import Outbox, RecoverReport, open_outbox, recover, recover_outbox, unsent_packages
from kiosk.outbox.status import PackageStatus
from kiosk.outbox.store import BLOCKED, FAILED, QUEUED, RETRY_WAIT, SENDING, SENT, STATES

__all__ = [
    "BLOCKED", "FAILED", "QUEUED", "RETRY_WAIT", "SENDING", "SENT", "STATES", "Outbox", "PackageStatus",
    "PassReport", "RecoverReport", "Runner", "open_outbox", "recover", "recover_outbox", "unsent_packages",
]
