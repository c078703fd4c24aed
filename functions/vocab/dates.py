"""The one "today" Tandem counts by: the date in UTC. Deadlines, check-ins,
quiet stretches and certificates compare against it, in the cloud (where
Lambda runs in UTC) as on a laptop in any time zone."""
from __future__ import annotations

from datetime import date, datetime, timezone


def utc_today() -> date:
    return datetime.now(timezone.utc).date()
