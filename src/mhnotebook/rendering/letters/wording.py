"""How letters word dates, amounts and dated events: one place, so every letter reads the same."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mhnotebook.models import Case
from mhnotebook.rules.deadlines import Deadline


def when_text(value: date | datetime | None) -> str | None:
    """'October 21, 2026', or 'October 20, 2026, 1:30 PM (UTC-04:00)' for a moment."""
    if value is None:
        return None
    if isinstance(value, datetime):
        hour = value.strftime("%I:%M %p").lstrip("0")
        offset = value.strftime("%z")
        zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
        return f"{value:%B} {value.day}, {value.year}, {hour}{zone}"
    return f"{value:%B} {value.day}, {value.year}"


def money(value: float | None) -> str | None:
    return None if value is None else f"${value:,.2f}"


def events_text(case: Case, kind: str) -> list[dict[str, Any]]:
    """The events of one kind, earliest first, as dated text with their notes."""
    return [{"at": when_text(e.at), "note": e.note} for e in case.events_of(kind)]


def deadline_text(d: Deadline) -> dict[str, Any]:
    """A computed clock as letters print it: what, the due date in words, status, citation."""
    return {
        "what": d.what,
        "due": when_text(d.due),
        "status": str(d.status.value),
        "citation": d.citation,
        "clock": d.clock,
        "name": d.name,
    }
