"""Bishkek time for scheduled announcements: parsing what an announcer types, showing it back.

Kyrgyzstan is UTC+6 all year (no daylight saving since 2005); zoneinfo is used when the system has
the tz database, a fixed +6 offset otherwise. Times are stored in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo

try:
    from zoneinfo import ZoneInfo

    BISHKEK: tzinfo = ZoneInfo("Asia/Bishkek")
except Exception:  # no tz database on this system
    BISHKEK = timezone(timedelta(hours=6), "Asia/Bishkek")

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2})[:.](\d{2})\s*$")
_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s+(\d{1,2})[:.](\d{2})\s*$")


def parse_bishkek_time(text: str) -> datetime | None:
    """"2026-12-01 09:00" or "01.12.2026 09:00" in Bishkek time → an aware UTC datetime; None if
    it is not a real date and time in one of these forms."""
    if match := _ISO.match(text):
        year, month, day, hour, minute = (int(g) for g in match.groups())
    elif match := _DOTTED.match(text):
        day, month, year, hour, minute = (int(g) for g in match.groups())
    else:
        return None
    try:
        local = datetime(year, month, day, hour, minute, tzinfo=BISHKEK)
    except ValueError:  # 31.02, 25:00…
        return None
    return local.astimezone(UTC)


def format_bishkek_time(moment: datetime) -> str:
    return moment.astimezone(BISHKEK).strftime("%d.%m.%Y %H:%M")
