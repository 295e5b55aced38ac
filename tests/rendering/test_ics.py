"""Deadlines as .ics: every field parses back as written, hostile text survives, output is stable."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from mhnotebook.rendering.ics import CATEGORY, PRODID, CalendarItem, deadlines_calendar

GENERATED_AT = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)

HOSTILE = [
    "Appeal, level 1; expedited",
    "back\\slash \\n not a newline \\, not a comma",
    "two\nlines\nand a third",
    "ملف الاستئناف — ערעור פנימי \u202eRLO\u202c mixed",
    "Deadline 📅⏰ 🧠💊 family: 👩‍👩‍👧",
    "x" * 500,
    "é" * 250 + "😀" * 125,
    'tab\there, colon: here, quote " here, <b>html</b>',
    "  leading and trailing spaces  ",
    "",
]


def _calendar(items: list[CalendarItem], name: str = "mhnotebook deadlines") -> Calendar:
    return Calendar.from_ical(deadlines_calendar(items, name=name, generated_at=GENERATED_AT))


def _calendar_name(calendar: Calendar) -> str:
    """X-WR-CALNAME as text: icalendar reads extension properties raw, so unescape per RFC 5545 3.3.11."""
    escapes = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], str(calendar["x-wr-calname"]))


def _item(uid: str = "s1-c1-internal_appeal@mhnotebook", **changes: object) -> CalendarItem:
    fields: dict[str, object] = {
        "uid": uid,
        "title": "File internal appeal: Teen residential appeal",
        "due": date(2027, 5, 21),
        "description": "What, the rule and its citation. Verify against the notice.",
    }
    fields.update(changes)
    return CalendarItem(**fields)  # type: ignore[arg-type]


def test_the_calendar_names_its_producer_version_and_title() -> None:
    calendar = _calendar([_item()], name="Deadlines — Group practice, shared; v2")
    assert str(calendar["prodid"]) == PRODID
    assert PRODID.startswith("-//mhnotebook//")
    assert str(calendar["version"]) == "2.0"
    assert _calendar_name(calendar) == "Deadlines — Group practice, shared; v2"
    assert len(calendar.walk("VEVENT")) == 1


def test_an_all_day_deadline_has_every_field() -> None:
    item = _item(alarm_days=(7, 1))
    [event] = _calendar([item]).events
    assert str(event["uid"]) == item.uid
    assert str(event["summary"]) == item.title
    assert str(event["description"]) == item.description
    assert event["dtstart"].params["VALUE"] == "DATE"
    assert event.decoded("dtstart") == date(2027, 5, 21)
    assert event.decoded("dtend") == date(2027, 5, 22)  # exclusive end: a one-day event
    assert event.decoded("dtstamp") == GENERATED_AT
    assert str(event["transp"]) == "TRANSPARENT"
    assert event.categories == [CATEGORY]
    alarms = event.walk("VALARM")
    assert [str(a["action"]) for a in alarms] == ["DISPLAY", "DISPLAY"]
    assert [a.decoded("trigger") for a in alarms] == [timedelta(days=-7), timedelta(days=-1)]
    assert all(str(a["description"]) == item.title for a in alarms)


def test_a_timed_deadline_is_written_in_utc_and_lasts_an_hour() -> None:
    due = datetime(2027, 1, 15, 17, 0, tzinfo=ZoneInfo("America/New_York"))
    [event] = _calendar([_item(due=due)]).walk("VEVENT")
    raw = deadlines_calendar([_item(due=due)], name="n", generated_at=GENERATED_AT)
    assert b"DTSTART:20270115T220000Z\r\n" in raw
    assert b"DTEND:20270115T230000Z\r\n" in raw
    assert event.decoded("dtstart") == due
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(hours=1)
    assert "VALUE" not in event["dtstart"].params


def test_a_date_and_a_datetime_on_the_same_day_give_different_kinds_of_event() -> None:
    day = _item("a@m", due=date(2027, 3, 1))
    timed = _item("b@m", due=datetime(2027, 3, 1, 12, tzinfo=UTC))
    raw = deadlines_calendar([day, timed], name="n", generated_at=GENERATED_AT)
    assert b"DTSTART;VALUE=DATE:20270301\r\n" in raw
    assert b"DTSTART:20270301T120000Z\r\n" in raw


def test_a_naive_datetime_is_refused_because_its_time_zone_is_unknown() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        _item(due=datetime(2027, 3, 1, 12))
    with pytest.raises(ValueError, match=r"generated_at .* no time zone"):
        deadlines_calendar([_item()], name="n", generated_at=datetime(2026, 11, 22, 9))


def test_the_stamp_is_generated_at_converted_to_utc() -> None:
    stamp = datetime(2026, 11, 22, 4, 30, 15, 999, tzinfo=timezone(timedelta(hours=-5)))
    raw = deadlines_calendar([_item()], name="n", generated_at=stamp)
    assert b"DTSTAMP:20261122T093015Z\r\n" in raw


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_round_trips_exactly(text: str) -> None:
    item = _item(
        uid=f"uid-{text[:20]}@mhnotebook".replace("\n", " "), title=text, description=text + "\n" + text
    )
    calendar = _calendar([item], name=text)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == text
    assert str(event["description"]) == text + "\n" + text
    assert str(event["uid"]) == item.uid
    assert _calendar_name(calendar) == text


def test_carriage_returns_come_back_as_the_one_line_break_icalendar_has() -> None:
    [event] = _calendar([_item(description="a\r\nb\rc\nd")]).walk("VEVENT")
    assert str(event["description"]) == "a\nb\nc\nd"


def test_every_physical_line_is_at_most_75_octets_and_ends_in_crlf() -> None:
    items = [_item(f"{i}@m", title=text, description=text * 3) for i, text in enumerate(HOSTILE)]
    raw = deadlines_calendar(items, name="😀" * 80, generated_at=GENERATED_AT)
    assert raw.endswith(b"\r\n")
    lines = raw[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long text really was folded
    raw.decode("utf-8")  # folding never splits a UTF-8 character... in a way that breaks decoding
    for line in lines:
        line.decode("utf-8")  # ...nor inside one physical line


def test_uids_are_unique_and_a_repeated_uid_is_refused() -> None:
    items = [_item(f"s1-c{i}-internal_appeal@mhnotebook") for i in range(5)]
    uids = [str(e["uid"]) for e in _calendar(items).walk("VEVENT")]
    assert uids == [i.uid for i in items]
    assert len(set(uids)) == 5
    with pytest.raises(ValueError, match="appears twice"):
        deadlines_calendar(
            [_item("same@m"), _item("same@m", title="other")], name="n", generated_at=GENERATED_AT
        )


def test_the_same_input_gives_the_same_bytes() -> None:
    items = [_item(f"{i}@m", title=text) for i, text in enumerate(HOSTILE)]
    first = deadlines_calendar(items, name="n", generated_at=GENERATED_AT)
    second = deadlines_calendar(list(items), name="n", generated_at=GENERATED_AT)
    assert first == second
    later = deadlines_calendar(items, name="n", generated_at=GENERATED_AT + timedelta(seconds=1))
    assert later != first  # the stamp is the input, not the wall clock


def test_an_empty_list_gives_a_calendar_without_events() -> None:
    calendar = _calendar([])
    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


def test_no_alarms_when_none_are_asked_for_and_alarms_on_the_day_with_zero() -> None:
    [quiet] = _calendar([_item(alarm_days=())]).walk("VEVENT")
    assert quiet.walk("VALARM") == []
    [on_the_day] = _calendar([_item(alarm_days=(0, 3, 3))]).walk("VEVENT")
    assert [a.decoded("trigger") for a in on_the_day.walk("VALARM")] == [timedelta(days=-3), timedelta(0)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"uid": ""}, "uid: expected a non-empty text"),
        ({"uid": "a\nb"}, "uid must be one line"),
        ({"title": "bell\x07"}, "title holds control character U\\+0007"),
        ({"description": "esc\x1b[31m"}, "description holds control character U\\+001B"),
        ({"alarm_days": (-1,)}, "alarm_days must be whole days"),
        ({"due": "2027-05-21"}, "due must be a date"),
    ],
)
def test_what_no_calendar_can_hold_is_refused_naming_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _item(**changes)


# Text iCalendar can carry: anything but the ASCII controls (tab and line feed allowed; carriage
# returns are normalised, tested above).
_TEXT = st.text(
    alphabet=st.characters(
        exclude_categories=["Cs"],
        exclude_characters=[chr(c) for c in [*range(0x09), *range(0x0B, 0x20), 0x7F]],
    ),
    max_size=300,
)
_DUE = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 30)),
    st.datetimes(
        min_value=datetime(1900, 1, 2),
        max_value=datetime(9998, 12, 30),
        timezones=st.sampled_from([UTC, ZoneInfo("America/Chicago"), ZoneInfo("Asia/Kolkata")]),
    ),
)


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(
        st.tuples(_TEXT, _TEXT, _DUE, st.lists(st.integers(0, 60), max_size=3, unique=True)), max_size=6
    ),
    name=_TEXT,
)
def test_any_list_of_items_round_trips(
    entries: list[tuple[str, str, date | datetime, list[int]]], name: str
) -> None:
    items = [
        CalendarItem(
            uid=f"{i}@mhnotebook",
            title=title,
            due=due,
            description=desc,
            alarm_days=tuple(alarms),
        )
        for i, (title, desc, due, alarms) in enumerate(entries)
    ]
    raw = deadlines_calendar(items, name=name, generated_at=GENERATED_AT)
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    calendar = Calendar.from_ical(raw)
    assert _calendar_name(calendar) == name
    events = calendar.walk("VEVENT")
    assert len(events) == len(items)
    for item, event in zip(items, events, strict=True):
        assert str(event["uid"]) == item.uid
        assert str(event["summary"]) == item.title
        assert str(event["description"]) == item.description
        if isinstance(item.due, datetime):
            # compared in UTC: Python never calls a time in a DST gap equal to one in another zone
            assert event.decoded("dtstart").astimezone(UTC) == item.due.astimezone(UTC).replace(microsecond=0)
        else:
            assert event.decoded("dtstart") == item.due
        triggers = [a.decoded("trigger") for a in event.walk("VALARM")]
        assert triggers == [timedelta(days=-d) for d in sorted(item.alarm_days, reverse=True)]
