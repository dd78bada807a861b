"""Dates and times in a court's own time zone.

The database keeps naive UTC timestamps (``db.utcnow``); what a court calls
"today", and the wall-clock times its users type, are in ``Court.zone``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import overload

from ..db import utcnow


def court_today(court, now: datetime | None = None) -> date:
    """Today's date in the court's time zone; ``now`` (naive UTC, default
    the current time) lets a caller or a test fix the moment."""
    now = now or utcnow()
    return now.replace(tzinfo=UTC).astimezone(court.zone).date()


@overload
def to_utc(court, local: datetime) -> datetime: ...
@overload
def to_utc(court, local: None) -> None: ...
def to_utc(court, local: datetime | None) -> datetime | None:
    """A naive wall-clock time typed in the court's zone → naive UTC for storage."""
    if local is None:
        return None
    return local.replace(tzinfo=court.zone).astimezone(UTC).replace(tzinfo=None)


@overload
def to_local(court, stored: datetime) -> datetime: ...
@overload
def to_local(court, stored: None) -> None: ...
def to_local(court, stored: datetime | None) -> datetime | None:
    """A stored naive-UTC time → the court's naive wall-clock time."""
    if stored is None:
        return None
    return stored.replace(tzinfo=UTC).astimezone(court.zone).replace(tzinfo=None)
