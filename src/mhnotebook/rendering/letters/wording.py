"""How letters word dates, amounts and dated events: one place, so every letter reads the same."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mhnotebook.models import Case, Event
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
    """The events of one kind, earliest first, as dated text with their notes.

    A logged call also carries who was on it (``contact``) and what it settled (``call``), so a
    follow-up letter can put the reviewer's own words and promises back in writing. Both are
    ``None`` when the event records neither.
    """
    return [
        {"at": when_text(e.at), "note": e.note, "contact": _contact_text(e), "call": _call_text(e)}
        for e in case.events_of(kind)
    ]


def _contact_text(event: Event) -> dict[str, Any] | None:
    """The person on a call as letters print it (``None`` when nothing about them was logged)."""
    c = event.contact
    if c is None:
        return None
    fields = (c.name, c.credentials, c.specialty, c.organization, c.phone, c.reference_number)
    if not any(fields):
        return None
    return {
        "role": c.role.label,
        "role_id": str(c.role),
        "name": c.name,
        "credentials": c.credentials,
        "specialty": c.specialty,
        "organization": c.organization,
        "phone": c.phone,
        "reference": c.reference_number,
    }


def _clause(text: str | None) -> str | None:
    """Typed text that a letter continues ("You cited: X."), without its own closing full stop."""
    return text.rstrip(". ") or None if text else None


def _call_text(event: Event) -> dict[str, Any] | None:
    """What a call settled, as letters print it (``None`` when nothing was recorded)."""
    r = event.call
    if r is None:
        return None
    found = {
        "criteria_cited": _clause(r.criteria_cited),
        "outcome": r.outcome.label if r.outcome else None,
        "outcome_id": str(r.outcome) if r.outcome else None,
        "alternative_proposed": _clause(r.alternative_proposed),
        "documents_requested": _clause(r.documents_requested),
        "documents_promised_by": when_text(r.documents_promised_by),
        "followed_up_in_writing": r.followed_up_in_writing,
    }
    return found if any(found.values()) else None


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
