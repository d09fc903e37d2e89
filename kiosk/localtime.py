"""Times as people at the event read them: the computer's local time, with its UTC offset.

Records keep ISO 8601 with an offset (``2026-11-27T16:42:00+08:00``); what a person reads (the consent
PDF, preflight) says ``2026-11-27 16:42:00 (UTC+08:00)``: the same moment in the local zone, so a time
stored in UTC by another program is not shown as if it were the event's clock.
"""

from __future__ import annotations

import datetime as dt


def zone_text(moment: dt.datetime) -> str:
    """``UTC+08:00`` for an aware time; ``UTC?`` for a naive one (no offset known)."""
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:5]}" if offset else "UTC?"


def local_text(value: str | dt.datetime, zone: dt.tzinfo | None = None) -> str:
    """An ISO 8601 time (or a datetime) in the local zone (``zone`` for tests): ``2026-11-27 16:42:00
    (UTC+08:00)``. A naive time is taken as local already; text that is not a time is returned as it is."""
    try:
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return str(value)
    local = moment.astimezone(zone)
    return f"{local.strftime('%Y-%m-%d %H:%M:%S')} ({zone_text(local)})"
