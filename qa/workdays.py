"""Working days in Kyrgyzstan: the `holidays` package's KG calendar plus the overrides in rules.yaml.

Why both: the package follows the Labour Code (including the 2025 Code: 23 Feb and 7-8 Nov are
working days, 2-6 Jan and 2-8 May are days off) and the yearly dates of Orozo Ait and Kurman Ait,
but days moved by a Cabinet decree are announced during the year and an installed version of the
package may predate them. `knowledge/rules.yaml` (`working_calendar`) restates the Labour Code
rules, so that an older package cannot bring back a repealed holiday, and lists the moved days.

`WorkCalendar.is_working_day` is the one question everything else asks; `add_working_days` and
the deadline helpers of Law No. 67 build on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import holidays as holiday_data

WEEKEND = (5, 6)  # Saturday, Sunday


def _month_day(text: str) -> tuple[int, int]:
    month, day = (int(part) for part in str(text).split("-"))
    date(2000, month, day)  # raises ValueError for "02-30"
    return month, day


@dataclass(frozen=True)
class Overrides:
    """What rules.yaml adds to or takes from the package's calendar."""

    # (first year, (month, day) ...): yearly days off / yearly dates that are no longer holidays
    yearly_days_off: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] = ()
    yearly_not_holidays: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] = ()
    days_off: frozenset[date] = frozenset()  # moved by decree: a day off even on a weekday
    working_days: frozenset[date] = frozenset()  # moved by decree: a working day even on a Saturday

    @classmethod
    def from_rules(cls, data: dict | None) -> Overrides:
        if not data:
            return cls()
        yearly_off, yearly_not = [], []
        for rule in data.get("yearly", ()) or ():
            first = int(rule["from_year"])
            if rule.get("days_off"):
                yearly_off.append((first, tuple(_month_day(d) for d in rule["days_off"])))
            if rule.get("not_holidays"):
                yearly_not.append((first, tuple(_month_day(d) for d in rule["not_holidays"])))
        moved = data.get("moved_by_decree") or {}
        return cls(
            yearly_days_off=tuple(yearly_off),
            yearly_not_holidays=tuple(yearly_not),
            days_off=frozenset(_as_date(item["date"]) for item in moved.get("days_off") or ()),
            working_days=frozenset(_as_date(item["date"]) for item in moved.get("working_days") or ()),
        )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass
class WorkCalendar:
    overrides: Overrides = field(default_factory=Overrides)
    _package: Any = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        # Public holidays only: the package's "workday" category lists commemorative days that are
        # worked. Its `weekend_workdays` are the Saturdays worked by decree.
        self._package = holiday_data.country_holidays("KG")

    def _yearly(self, day: date) -> bool | None:
        """True: a day off by a yearly rule; False: no longer a holiday; None: no yearly rule."""
        md = (day.month, day.day)
        for first, dates in self.overrides.yearly_days_off:
            if day.year >= first and md in dates:
                return True
        for first, dates in self.overrides.yearly_not_holidays:
            if day.year >= first and md in dates:
                return False
        return None

    def is_holiday(self, day: date) -> bool:
        """A public holiday or a day off by the Labour Code or a decree (weekends aside)."""
        if day in self.overrides.days_off:
            return True
        if day in self.overrides.working_days:
            return False
        yearly = self._yearly(day)
        if yearly is not None:
            return yearly
        return day in self._package

    def is_working_day(self, day: date) -> bool:
        if day in self.overrides.days_off:
            return False
        if day in self.overrides.working_days:
            return True
        yearly = self._yearly(day)
        if yearly is True:
            return False
        if yearly is False:  # no longer a holiday: an ordinary day
            _ = day in self._package  # fills the package's year, and its weekend_workdays, first
            return day.weekday() not in WEEKEND or day in self._package.weekend_workdays
        return self._package.is_working_day(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The day on which `days` working days after `start` have passed (start itself not counted)."""
        day = start
        while days > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def holiday_names(self, start: date, end: date) -> list[tuple[date, str]]:
        """Days off other than weekends in [start, end], with the package's name where it has one."""
        out, day = [], start
        while day <= end:
            if self.is_holiday(day):
                out.append((day, str(self._package.get(day) or "")))
            day += timedelta(days=1)
        return out


def validate_overrides(data: Any) -> list[str]:
    """Problems in rules.yaml `working_calendar` (an empty list when it is sound)."""
    if data is None:
        return []
    if not isinstance(data, dict):
        return ["working_calendar must be a mapping (yearly:, moved_by_decree:)"]
    problems: list[str] = []
    for index, rule in enumerate(data.get("yearly") or ()):
        where = f"yearly[{index}]"
        if not isinstance(rule, dict):
            problems.append(f"{where}: must be a mapping (from_year:, days_off: or not_holidays:, source:)")
            continue
        if not isinstance(rule.get("from_year"), int):
            problems.append(f"{where}: from_year must be a year")
        if not rule.get("days_off") and not rule.get("not_holidays"):
            problems.append(f"{where}: give days_off or not_holidays (\"MM-DD\" dates)")
        if not rule.get("source"):
            problems.append(f"{where}: say where the rule comes from (source:)")
        for key in ("days_off", "not_holidays"):
            for text in rule.get(key) or ():
                try:
                    _month_day(text)
                except (ValueError, TypeError):
                    problems.append(f"{where}.{key}: '{text}' is not a MM-DD date")
    moved = data.get("moved_by_decree") or {}
    if not isinstance(moved, dict):
        return [*problems, "moved_by_decree must be a mapping (days_off:, working_days:)"]
    seen: dict[str, set[date]] = {}
    for key in ("days_off", "working_days"):
        seen[key] = set()
        for index, item in enumerate(moved.get(key) or ()):
            where = f"moved_by_decree.{key}[{index}]"
            if not isinstance(item, dict) or "date" not in item:
                problems.append(f"{where}: must be a mapping with date: and source:")
                continue
            try:
                day = _as_date(item["date"])
            except ValueError:
                problems.append(f"{where}: '{item['date']}' is not a date (YYYY-MM-DD)")
                continue
            if not item.get("source"):
                problems.append(f"{where}: say which decree moved {day.isoformat()} (source:)")
            if day in seen[key]:
                problems.append(f"{where}: {day.isoformat()} is listed twice")
            seen[key].add(day)
            if key == "working_days" and day.weekday() not in WEEKEND:
                problems.append(f"{where}: {day.isoformat()} is a weekday; list only a Saturday or Sunday made a working day")
    for day in sorted(seen.get("days_off", set()) & seen.get("working_days", set())):
        problems.append(f"moved_by_decree: {day.isoformat()} is both a day off and a working day")
    return problems

