"""The operator's path to a sent package: choose a kept take → consent → build the package → queue it.

One GUI-thread object holds where that path stands. Every way into the Consent, Send and Outbox
screens (sidebar, shortcut, button) asks :meth:`SubmissionFlow.route` where it leads, so each way
works in any order: with no take chosen yet, the take shown on Review (if kept) or the newest kept
take not yet packaged is chosen; without a take at all, Review says what to do; without a consent,
the Consent screen comes first. Building and queueing run in the background; the screens only show
the state and ask.

A consent is the county's authorisation for the package it goes into: it stays while the operator
picks another take, and is asked for again once a package has been queued.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.package import Consent, Package, build_package, list_packages
from kiosk.recording.take import Take, list_takes
from kiosk.ui.jobs import Job
from kiosk.ui.outbox_controller import OutboxController

log = logging.getLogger(__name__)


class FlowStage(enum.StrEnum):
    NO_TAKE = "no-take"  # nothing chosen for sending yet
    TAKE_CHOSEN = "take-chosen"  # a kept take: the consent form next
    CONSENTED = "consented"  # take and signed consent: the checklist and the big button
    BUILDING = "building"  # the package is being assembled
    QUEUING = "queuing"  # built; being put in the outbox
    QUEUED = "queued"  # safely in the outbox: the next package starts over


@dataclass(frozen=True)
class Route:
    """Where a request to open a screen leads, and why, when it leads somewhere else."""

    screen: str
    notice: str = ""


def packaged_take_ids() -> dict[str, list[str]]:
    """Take id → ids of the packages built from it (newest first)."""
    found: dict[str, list[str]] = {}
    for package in list_packages():
        take_id = str((package.manifest.get("take") or {}).get("id") or "")
        if take_id:
            found.setdefault(take_id, []).append(package.id)
    return found


class SubmissionFlow(QObject):
    changed = Signal()  # the stage, the take or the consent changed
    package_built = Signal(object)  # Package
    build_failed = Signal(object)  # the exception (``ChecksFailed`` carries the checks)
    queued = Signal(str)  # package id: on disk in the outbox
    queue_failed = Signal(str, str, str)  # package id, zh, en: NOT in the outbox

    def __init__(self, settings: Settings, outbox: OutboxController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.outbox = outbox
        self.take: Take | None = None
        self.consent: Consent | None = None
        self.package: Package | None = None
        self.last_queued: str | None = None  # the package id queued last (the Send screen says so)
        self._queuing: str | None = None
        self._build = Job("package-build", self)
        self._build.finished.connect(self._on_built)
        self._build.failed.connect(self._on_build_failed)
        outbox.queued.connect(self._on_queued)
        outbox.enqueue_failed.connect(self._on_enqueue_failed)

    # --- where things stand ---------------------------------------------------------------------

    @property
    def stage(self) -> FlowStage:
        if self._build.running:
            return FlowStage.BUILDING
        if self._queuing is not None:
            return FlowStage.QUEUING
        if self.take is None:
            return FlowStage.QUEUED if self.last_queued else FlowStage.NO_TAKE
        return FlowStage.TAKE_CHOSEN if self.consent is None else FlowStage.CONSENTED

    @property
    def busy(self) -> bool:
        return self.stage in (FlowStage.BUILDING, FlowStage.QUEUING)

    def route(self, screen: str, shown: Take | None = None) -> Route:
        """Where opening ``screen`` leads now (``shown``: the take on the Review screen)."""
        if screen not in ("consent", "send") or self.busy:
            return Route(screen)
        if self.take is None and not self._choose_default(shown):
            return Route("review", self.tr("Nothing to send yet: record a take, watch it on Review and "
                                           "press Keep (K)."))
        if screen == "send" and self.consent is None:
            return Route("consent", self.tr("Fill in and sign the consent form first: the checklist and "
                                            "the Send button come next."))
        return Route(screen)

    def _choose_default(self, shown: Take | None) -> bool:
        if shown is not None and shown.kept:
            return self.choose_take(shown)
        try:
            packaged = packaged_take_ids()
            newest = next((t for t in list_takes() if t.kept and t.state.has_video and t.id not in packaged), None)
        except (OSError, KioskError) as exc:
            log.error("cannot look for a kept take: %s", exc)
            return False
        return newest is not None and self.choose_take(newest)

    # --- the operator's steps -----------------------------------------------------------------------

    def choose_take(self, take: Take) -> bool:
        """A kept take is the one to send (Keep, Send this take, a kept take picked on Review)."""
        if self.busy or take.kept is not True or not take.state.has_video:
            return False
        if self.take is None or self.take.dir != take.dir:
            self.take = take
            self.package = None
            self.changed.emit()
        else:
            self.take = take  # the same take, perhaps with a swapped photo: the fresh record
        return True

    def forget_take(self, take: Take) -> None:
        """The take was set aside on Review: it is no longer the one to send."""
        if not self.busy and self.take is not None and self.take.dir == take.dir:
            self.take = None
            self.changed.emit()

    def give_consent(self, consent: Consent) -> None:
        self.consent = consent
        self.changed.emit()

    def send(self, override_reason: str | None = None) -> bool:
        """The big button: build the package in the background, then put it in the outbox."""
        if self.busy or self.take is None or self.consent is None:
            return False
        take, consent, settings = self.take, self.consent, self.settings
        self._build.start(lambda: build_package(take, consent, settings=settings, override_reason=override_reason))
        self.changed.emit()
        return True

    def queue_again(self) -> bool:
        """「Send again」 after the outbox could not take the package."""
        if self.package is None or self.busy:
            return False
        self._queue(self.package.id)
        return True

    # --- the background work ------------------------------------------------------------------------

    def _on_built(self, package: Package) -> None:
        self.package = package
        self.package_built.emit(package)
        self._queue(package.id)

    def _on_build_failed(self, exc: Exception) -> None:
        self.changed.emit()
        self.build_failed.emit(exc)

    def _queue(self, package_id: str) -> None:
        self._queuing = package_id
        self.changed.emit()
        self.outbox.send_package(package_id, self.settings)

    def _on_queued(self, package_id: str) -> None:
        if package_id != self._queuing:
            return
        self._queuing = None
        self.last_queued = package_id
        self.take = self.consent = self.package = None  # the next package needs its own consent
        self.changed.emit()
        self.queued.emit(package_id)

    def _on_enqueue_failed(self, package_id: str, zh: str, en: str) -> None:
        if package_id != self._queuing:
            return
        self._queuing = None
        self.changed.emit()
        self.queue_failed.emit(package_id, zh, en)
