"""Properties of the date arithmetic the deadline rules rely on."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from mhnotebook.rules.counting import (
    add_days,
    add_hours,
    add_months_clamped,
    add_months_or_first_of_next,
    federal_holidays,
    is_business_day,
    roll_to_business_day,
)

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
months = st.integers(min_value=0, max_value=24)


@given(days, months)
def test_months_land_on_the_same_day_or_the_first_of_the_next_month(start, n):
    due = add_months_or_first_of_next(start, n)
    target_month = (start.month - 1 + n) % 12 + 1
    if due.day == start.day:
        assert due.month == target_month
    else:
        # No such day in the target month: the first day of the month after it.
        assert (
            due.day == 1
            and start.day > calendar.monthrange(due.year if due.month != 1 else due.year - 1, target_month)[1]
        )
        assert due.month == target_month % 12 + 1


@given(days, months)
def test_clamped_months_never_run_past_the_target_month_and_are_never_later(start, n):
    clamped = add_months_clamped(start, n)
    assert clamped.month == (start.month - 1 + n) % 12 + 1
    assert clamped <= add_months_or_first_of_next(start, n)


def test_the_federal_rule_examples():
    assert add_months_or_first_of_next(date(2025, 10, 30), 4) == date(2026, 3, 1)  # no Feb 30
    assert add_months_or_first_of_next(date(2023, 10, 29), 4) == date(2024, 2, 29)  # leap year
    assert add_months_or_first_of_next(date(2022, 10, 29), 4) == date(2023, 3, 1)
    assert add_months_clamped(date(2025, 8, 31), 6) == date(2026, 2, 28)


@given(days, st.integers(min_value=0, max_value=400))
def test_days_are_calendar_days(start, n):
    assert (add_days(start, n) - start).days == n


zones = st.sampled_from(
    ["America/New_York", "America/Los_Angeles", "America/Chicago", "UTC", "America/Phoenix"]
)


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31)),
    zones,
    st.sampled_from([24, 48, 72]),
)
def test_hour_clocks_count_elapsed_time_across_midnight_and_dst(naive, zone, hours):
    start = naive.replace(tzinfo=ZoneInfo(zone))
    due = add_hours(start, hours)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=hours)
    assert due.tzinfo == start.tzinfo


def test_72_hours_across_the_spring_dst_change_shows_one_hour_later_on_the_clock():
    start = datetime(2026, 3, 7, 10, 0, tzinfo=ZoneInfo("America/New_York"))  # DST starts Mar 8
    assert add_hours(start, 72).hour == 11


@given(days)
def test_rolling_gives_the_first_business_day_on_or_after(day):
    rolled = roll_to_business_day(day)
    assert rolled >= day and is_business_day(rolled)
    assert all(not is_business_day(day + timedelta(days=i)) for i in range((rolled - day).days))


def test_observed_holidays():
    assert date(2026, 7, 3) in federal_holidays(2026)  # July 4 2026 is a Saturday
    assert not is_business_day(date(2021, 12, 31))  # New Year's Day 2022 fell on a Saturday
    assert date(2020, 6, 19) not in federal_holidays(2020)  # Juneteenth from 2021
    assert date(2026, 11, 26) in federal_holidays(2026)  # Thanksgiving, 4th Thursday
    assert roll_to_business_day(date(2026, 11, 26)) == date(2026, 11, 27)
