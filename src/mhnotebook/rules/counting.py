"""Counting days, months and hours the way the deadline rules say to.

Kept apart from the rules themselves so the arithmetic can be tested on its own properties:
month ends, leap years, the "first day of the fifth month" fallback, business-day rolls only where a
rule has one, and hour clocks that count elapsed time across midnight and DST.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import UTC, date, datetime, timedelta
from functools import cache

from mhnotebook.rules.rule_table import CitedRow, load_table


class HolidayRow(CitedRow):
    """A legal public holiday: a fixed date, or the nth weekday (Monday=0; nth -1 = last) of a month."""

    name: str
    month: int
    day: int | None = None
    weekday: int | None = None
    nth: int | None = None


def add_days(start: date, days: int) -> date:
    """Calendar days: day 0 is the start (the day of receipt or of the notice)."""
    return start + timedelta(days=days)


def add_months_or_first_of_next(start: date, months: int) -> date:
    """Add calendar months; if that day does not exist, the first day of the month after.

    ACA federal external review: "if there is no corresponding date four months after", the first
    day of the fifth month (Oct 30 + 4 months -> Mar 1). 45 CFR 147.136(d)(2)(i).
    """
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    last = _calendar.monthrange(year, month)[1]
    if start.day <= last:
        return date(year, month, start.day)
    return date(year + (month == 12), month % 12 + 1, 1)


def add_months_clamped(start: date, months: int) -> date:
    """Add calendar months; if that day does not exist, the month's last day (the earlier, safe reading).

    Used where a rule says "N months" with no fallback of its own (FEHB, California IMR).
    """
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    return date(year, month, min(start.day, _calendar.monthrange(year, month)[1]))


def add_hours(start: datetime, hours: int) -> datetime:
    """Elapsed hours, shown in the start's own time zone (72 h across a DST change is still 72 h)."""
    if start.tzinfo is None:
        raise ValueError("hour clocks need a time zone")
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(start.tzinfo)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, _calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7)


@cache
def federal_holidays(year: int) -> frozenset[date]:
    """Observed federal holidays of a year (a Saturday holiday on Friday, a Sunday one on Monday)."""
    days = set()
    for row in load_table("federal_holidays", HolidayRow):
        if row.day is not None:
            day = date(year, row.month, row.day)
        else:
            assert row.weekday is not None and row.nth is not None
            day = _nth_weekday(year, row.month, row.weekday, row.nth)
        if not row.in_force(day):
            continue
        if day.weekday() == 5:
            day -= timedelta(days=1)
        elif day.weekday() == 6:
            day += timedelta(days=1)
        days.add(day)
    return frozenset(days)


def is_business_day(day: date) -> bool:
    """Monday to Friday and not an observed federal holiday."""
    # A Saturday New Year's Day is observed on Dec 31 of the year before.
    return (
        day.weekday() < 5
        and day not in federal_holidays(day.year)
        and day not in federal_holidays(day.year + 1)
    )


def roll_to_business_day(day: date) -> date:
    """The day itself, or the next business day when it falls on a weekend or federal holiday."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day
