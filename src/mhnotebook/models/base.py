"""The base every case-model class shares, and the date types case files use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


@dataclass(frozen=True)
class TypeLabel:
    """Plain words for a field's type, shown in the data dictionary and in forms."""

    text: str


class CaseModel(BaseModel):
    """Strict about unknown fields (a typo must not vanish silently); whitespace trimmed."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=True,
        populate_by_name=True,
    )


def _parse_when(value: Any) -> date | datetime:
    """Accept an ISO date or a timezone-aware date-time; refuse a clock time with no zone.

    Hour-based clocks (72 hours for urgent appeals) cross midnight and DST: without an offset the
    same text means different instants, so it is refused with a hint rather than guessed.
    """
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        return value
    elif isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                "expected an ISO date (2026-03-14) or a date-time with a UTC offset "
                "(2026-03-14T09:30:00-05:00)"
            ) from None
    else:
        raise ValueError(
            "expected an ISO date (2026-03-14) or a date-time with a UTC offset (2026-03-14T09:30:00-05:00)"
        )
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(
            "a date-time needs its UTC offset (2026-03-14T09:30:00-05:00), or give the date only"
        )
    return parsed


def _parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        raise ValueError("expected a date without a time, like 2026-03-14")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("expected a date like 2026-03-14 (year-month-day)")


#: A calendar date (YYYY-MM-DD).
Day = Annotated[date, BeforeValidator(_parse_date), TypeLabel("date (YYYY-MM-DD)")]
#: A date, or a timezone-aware date-time where the hour matters (urgent clocks).
When = Annotated[
    date | datetime, BeforeValidator(_parse_when), TypeLabel("date, or date-time with UTC offset")
]


def strictly_before(a: date | datetime, b: date | datetime) -> bool:
    """``a`` is before ``b``; a bare date is before another only if its day is earlier."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a < b
    return day_of(a) < day_of(b)


def day_of(when: date | datetime) -> date:
    return when.date() if isinstance(when, datetime) else when
