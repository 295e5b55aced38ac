"""Deadlines as an iCalendar (.ics) file, so they land in whatever calendar program a person uses.

Why the ``icalendar`` library: RFC 5545 escaping (commas, semicolons, backslashes, line breaks) and
line folding at 75 octets without splitting a UTF-8 character are easy to get subtly wrong, and a
calendar program that mis-reads a file drops the event silently.

Calendars sync to the cloud, so the CALLER passes de-identified text (a case label, never the
patient's name). This module writes what it is given, exactly; it only refuses what no calendar
can hold faithfully: a naive datetime (which time zone?), ASCII control characters (RFC 5545 TEXT
forbids them), an empty or repeated UID (a calendar would merge two deadlines into one).

Line breaks come back as ``\\n``: iCalendar TEXT has one line-break escape, so ``\\r\\n`` and ``\\r``
are written as ``\\n``. Times are kept to the second (iCalendar has no fractions of a second).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from icalendar import Event

#: Identifies the program that wrote the file (RFC 5545 3.7.3); fixed, so output is reproducible.
PRODID = "-//mhnotebook//Deadlines//EN"
#: Every event carries this category, so a person can find (or hide) mhnotebook's events at once.
CATEGORY = "mhnotebook"

# RFC 5545 3.3.11: TEXT may hold any character but the ASCII controls other than HTAB; line breaks
# are escaped (\n) by the writer, so CR and LF are allowed here.
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CalendarItem:
    """One deadline as a calendar event.

    >>> CalendarItem(
    ...     uid="store1-case7-internal_appeal@mhnotebook",
    ...     title="File internal appeal: Teen residential appeal",
    ...     due=date(2027, 5, 21),
    ...     description="What to file, the rule and its citation. Verify against the notice.",
    ... ).alarm_days
    (7, 1)
    """

    uid: str  # stable across exports (e.g. "<store-id>-<case key>-<deadline name>@mhnotebook")
    title: str  # e.g. "File internal appeal: Teen residential appeal"
    due: date | datetime  # date -> all-day event; aware datetime -> timed event (UTC in file)
    description: str  # what, the rule and its citation, "verify against the notice"
    alarm_days: tuple[int, ...] = (7, 1)  # display alarms this many days before

    def __post_init__(self) -> None:
        where = f"calendar item {self.uid!r}"
        if not isinstance(self.uid, str) or not self.uid.strip():
            raise ValueError(f"calendar item uid: expected a non-empty text, got {self.uid!r}")
        for field in ("uid", "title", "description"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise ValueError(f"{where}: {field} must be text, got {type(value).__name__}")
            bad = _FORBIDDEN_CONTROL.search(value)
            if bad:
                raise ValueError(
                    f"{where}: {field} holds control character U+{ord(bad.group()):04X} at position "
                    f"{bad.start()}, which iCalendar text cannot carry"
                )
        if "\n" in self.uid or "\r" in self.uid:
            raise ValueError(f"{where}: uid must be one line")
        if isinstance(self.due, datetime):
            if self.due.tzinfo is None or self.due.utcoffset() is None:
                raise ValueError(
                    f"{where}: due {self.due.isoformat()} has no time zone; pass an aware datetime "
                    "(or a date for an all-day deadline)"
                )
        elif not isinstance(self.due, date):
            raise ValueError(f"{where}: due must be a date or an aware datetime, got {self.due!r}")
        for days in self.alarm_days:
            if isinstance(days, bool) or not isinstance(days, int) or days < 0:
                raise ValueError(
                    f"{where}: alarm_days must be whole days before the deadline (0 or more), got {days!r}"
                )


def deadlines_calendar(items: Iterable[CalendarItem], *, name: str, generated_at: datetime) -> bytes:
    """RFC 5545 bytes: VCALENDAR (PRODID -//mhnotebook//..., VERSION 2.0, X-WR-CALNAME) with one VEVENT each.

    ``generated_at`` (aware) becomes every event's DTSTAMP, so the same input gives the same bytes.
    Events appear in the order given.
    """
    from icalendar import Calendar, vText

    stamp = _utc(generated_at, "generated_at")
    if _FORBIDDEN_CONTROL.search(name):
        raise ValueError("calendar name holds an ASCII control character, which iCalendar text cannot carry")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    # X-WR-CALNAME is an extension property: icalendar escapes it only when given as vText.
    calendar.add("x-wr-calname", vText(_one_kind_of_line_break(name)))
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, CalendarItem):
            raise TypeError(f"expected CalendarItem, got {type(item).__name__}")
        if item.uid in seen:
            raise ValueError(f"calendar item uid {item.uid!r} appears twice; a calendar would keep only one")
        seen.add(item.uid)
        calendar.add_component(_event(item, stamp))
    return bytes(calendar.to_ical())


def _event(item: CalendarItem, stamp: datetime) -> Event:
    from icalendar import Alarm, Event

    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", stamp)
    if isinstance(item.due, datetime):
        start = _utc(item.due, "due")
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
    else:  # all-day: DTEND is exclusive, so the next day
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
    title = _one_kind_of_line_break(item.title)
    event.add("summary", title)
    event.add("description", _one_kind_of_line_break(item.description))
    event.add("transp", "TRANSPARENT")  # a deadline is not a meeting: it must not block free/busy
    event.add("categories", [CATEGORY])
    for days in sorted(set(item.alarm_days), reverse=True):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", title)  # required for DISPLAY alarms (RFC 5545 3.6.6)
        alarm.add("trigger", timedelta(days=-days))
        event.add_component(alarm)
    return event


def _utc(moment: datetime, field: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{field} {moment.isoformat()} has no time zone; pass an aware datetime")
    return moment.astimezone(UTC).replace(microsecond=0)


def _one_kind_of_line_break(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


__all__ = ["CATEGORY", "PRODID", "CalendarItem", "deadlines_calendar"]
