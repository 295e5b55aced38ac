"""Deadlines as an iCalendar file any calendar program imports, de-identified unless asked.

Calendars sync to the cloud, so an event's title names the case by its label (never the patient)
unless ``with_names`` is set. Each event's UID is stable per case and clock, so importing a newer
export updates the event instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from mhnotebook.rendering.ics import CalendarItem, deadlines_calendar
from mhnotebook.store.records import DeadlineRow

_VERIFY = "Verify against the notice and the plan document. mhnotebook is not legal advice."


def calendar_items(rows: Iterable[DeadlineRow], *, with_names: bool = False) -> list[CalendarItem]:
    """One calendar event per deadline: whose move it is, what, and for which case."""
    items = []
    for row in rows:
        who = "You" if row.clock == "file_by" else "The plan"
        case = f"{row.case_label} ({row.patient_name})" if with_names else row.case_label
        lines = [f"{who}: {row.what}", f"Case: {case} [{row.case_key}]", f"Rule: {row.rule}"]
        if row.citation:
            lines.append(f"Citation: {row.citation}")
        lines += [f"Counted from: {row.counted_from}", _VERIFY]
        items.append(
            CalendarItem(
                uid=f"{row.case_key}/{row.name}/{row.counted_from}@mhnotebook",
                title=f"{who}: {row.what} - {case}",
                due=_when(row),
                description="\n".join(lines),
            )
        )
    return items


def deadlines_ics(
    rows: Iterable[DeadlineRow], *, with_names: bool = False, generated_at: datetime | None = None
) -> bytes:
    """The .ics bytes for ``rows`` (``generated_at`` stamps the file; default now)."""
    return deadlines_calendar(
        calendar_items(rows, with_names=with_names),
        name="mhnotebook deadlines",
        generated_at=generated_at or datetime.now(UTC),
    )


def _when(row: DeadlineRow) -> date | datetime:
    """Hour clocks (urgent appeals) keep their time; day clocks are all-day events."""
    if "T" in row.due:
        moment = datetime.fromisoformat(row.due)
        if moment.tzinfo is not None:
            return moment
    return row.due_day
