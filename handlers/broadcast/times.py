"""Reading a date and time a coordinator types to schedule a broadcast.

Written the Finnish way (``24.12. 18:00``, the year optional, a colon or a dot in the time) or
as ISO (``2026-12-24 18:00``), in the network's time zone. A date without a year that is more
than a day past means next year's ("24.12." typed in January).
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, timedelta
from typing import Any

TIME_EXAMPLE = "24.12. 18:00"
_TIME = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})?\s+(\d{1,2})[:.](\d{2})\s*$"
    r"|^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})\s*$"
)


def parse_local_time(text: str, now: datetime, zone: Any) -> datetime | None:
    """``24.12. 18:00``, ``24.12.2026 18:00`` or ``2026-12-24 18:00`` in ``zone``."""
    match = _TIME.match(text)
    if match is None:
        return None
    try:
        if match.group(1):
            day, month = int(match.group(1)), int(match.group(2))
            hour, minute = int(match.group(4)), int(match.group(5))
            if match.group(3):
                return datetime(int(match.group(3)), month, day, hour, minute, tzinfo=zone)
            # Without a year: the first occurrence from a day ago on, so "24.12." in January
            # is next December and "31.12. 23:59" just after New Year is (refused as) past.
            since = now.astimezone(zone) - timedelta(days=1)
            for year in (since.year, since.year + 1):
                with contextlib.suppress(ValueError):  # 29.2. in a year without one
                    moment = datetime(year, month, day, hour, minute, tzinfo=zone)
                    if moment >= since:
                        return moment
            return None
        else:
            moment = datetime(
                int(match.group(6)),
                int(match.group(7)),
                int(match.group(8)),
                int(match.group(9)),
                int(match.group(10)),
                tzinfo=zone,
            )
    except ValueError:
        return None
    return moment
