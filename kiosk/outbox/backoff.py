"""When to try again after a temporary failure: exponential back-off with jitter.

15 s, 30 s, 1 min, 2 min … capped at 10 min, each delay drawn between half and all of its step
("equal jitter"), so many kiosks coming back online at once do not knock on the server together.
The result is stored in the database as ``next_attempt_at``, so a restart keeps the schedule.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field

BASE_S = 15.0
CAP_S = 600.0
# Drills and the tests' child processes shorten the schedule (e.g. 0.2); the app never sets it.
BASE_ENV = "IVY_OUTBOX_BACKOFF_BASE_S"


@dataclass
class Backoff:
    base_s: float = BASE_S
    cap_s: float = CAP_S
    rng: random.Random = field(default_factory=random.Random)

    def step(self, failures: int) -> float:
        """The un-jittered delay after ``failures`` consecutive failures (1 → base)."""
        exponent = max(0, failures - 1)
        return min(self.cap_s, self.base_s * (2.0 ** min(exponent, 30)))

    def delay(self, failures: int) -> float:
        step = self.step(failures)
        return self.rng.uniform(step / 2.0, step)

    @classmethod
    def from_environment(cls) -> Backoff:
        """The standard schedule, or one with the base from ``IVY_OUTBOX_BACKOFF_BASE_S``."""
        try:
            base = float(os.environ.get(BASE_ENV, BASE_S))
        except ValueError:
            base = BASE_S
        return cls(base_s=base if base > 0 else BASE_S)
