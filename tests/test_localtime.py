"""Times as people read them: the local zone, with its offset."""

from __future__ import annotations

import datetime as dt
import re

from kiosk.localtime import local_text, zone_text

TAIPEI = dt.timezone(dt.timedelta(hours=8))
NEPAL = dt.timezone(dt.timedelta(hours=5, minutes=45))


def test_a_utc_time_is_shown_in_the_local_zone_with_its_offset() -> None:
    assert local_text("2026-11-27T08:42:00+00:00", TAIPEI) == "2026-11-27 16:42:00 (UTC+08:00)"
    assert local_text("2026-11-27T08:42:00Z", TAIPEI) == "2026-11-27 16:42:00 (UTC+08:00)"
    assert local_text("2026-11-27T16:42:00+08:00", NEPAL) == "2026-11-27 14:27:00 (UTC+05:45)"
    assert local_text(dt.datetime(2026, 11, 27, 23, 30, tzinfo=dt.UTC), TAIPEI) == "2026-11-28 07:30:00 (UTC+08:00)"


def test_the_offset_and_what_is_not_a_time() -> None:
    assert zone_text(dt.datetime(2026, 1, 1, tzinfo=dt.timezone(-dt.timedelta(hours=3)))) == "UTC-03:00"
    assert zone_text(dt.datetime(2026, 1, 1)) == "UTC?"
    assert local_text("not a time") == "not a time"
    shown = local_text("2026-11-27T16:42:00+08:00")  # the machine's own zone: still with its offset
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(UTC[+-]\d\d:\d\d\)", shown), shown
