"""The call-log form, without widgets: its fields, and typed values turned into a checked ``Event``.

Labels and help text come from the event models' descriptions (``CallContact``, ``CallRecord``), so
the form cannot drift from what the store keeps. Values are kept as typed (plain text and ISO
dates), so a half-filled form can be saved and restored exactly; ``check_call`` reports every
problem under the form field it belongs to, never as a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from mhnotebook.models import Event
from mhnotebook.models.events import CallContact, CallRecord
from mhnotebook.ui.letter_form import FormField, describe

#: The two kinds of call the form logs, as the dropdown shows them.
CALL_KINDS = (("Peer-to-peer call with the plan's reviewer", "peer_to_peer"), ("Phone call", "phone_call"))
#: Time zones offered for the call's time: a zone (not a fixed offset) gets daylight saving right.
TIME_ZONES = (
    ("Eastern (New York)", "America/New_York"),
    ("Central (Chicago)", "America/Chicago"),
    ("Mountain (Denver)", "America/Denver"),
    ("Mountain, no DST (Phoenix)", "America/Phoenix"),
    ("Pacific (Los Angeles)", "America/Los_Angeles"),
    ("Alaska (Anchorage)", "America/Anchorage"),
    ("Hawaii (Honolulu)", "Pacific/Honolulu"),
    ("Atlantic (Puerto Rico)", "America/Puerto_Rico"),
    ("UTC", "UTC"),
)
_LABELS = {
    "contact.role": "Who they were",
    "contact.name": "Name",
    "contact.credentials": "Credentials",
    "contact.specialty": "Specialty",
    "contact.organization": "Organization",
    "contact.phone": "Phone",
    "contact.reference_number": "Reference number",
    "call.criteria_cited": "Criteria cited",
    "call.outcome": "Outcome",
    "call.alternative_proposed": "Alternative proposed",
    "call.documents_requested": "Documents requested",
    "call.documents_promised_by": "Documents promised by",
}
_LONG = {"call.criteria_cited", "call.alternative_proposed", "call.documents_requested"}
_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)


def _described(key: str) -> FormField:
    section, name = key.split(".")
    owner = CallContact if section == "contact" else CallRecord
    found = describe(name, _LABELS[key], owner=owner)
    kind = "long" if key in _LONG else found.kind
    return FormField(key, found.label, kind, found.help, found.choices, found.default)


#: Every field of the form, in display order: when, who, what was settled, notes.
FIELDS: dict[str, FormField] = {
    "date": FormField("date", "Date of the call", "date", "The day the call took place."),
    "time": FormField(
        "time",
        "Time",
        "text",
        "When it started, e.g. 13:30 or 1:30 pm (leave blank to log the date only).",
    ),
    "zone": FormField(
        "zone", "Time zone", "choice", "Your time zone, for the time above.", TIME_ZONES, "America/New_York"
    ),
    **{key: _described(key) for key in _LABELS},
    "note": FormField("note", "Notes", "long", str(Event.model_fields["note"].description or "")),
}
WHEN_FIELDS = ("date", "time", "zone")
CONTACT_FIELDS = tuple(k for k in FIELDS if k.startswith("contact."))
RECORD_FIELDS = tuple(k for k in FIELDS if k.startswith("call."))


def blank_values(kind: str = "peer_to_peer") -> dict[str, Any]:
    """An empty form; the contact is the plan's reviewer for a peer-to-peer call."""
    values: dict[str, Any] = {key: (f.default if f.kind == "choice" else "") for key, f in FIELDS.items()}
    values["contact.role"] = "plan_reviewer" if kind == "peer_to_peer" else "plan_representative"
    return values


@dataclass(frozen=True)
class CallCheck:
    """The form checked: the event to log (``None`` while a problem is left) and problems by field."""

    event: Event | None
    problems: dict[str, list[str]] = field(default_factory=dict)


def parse_time(text: str) -> time:
    """``13:30``, ``9``, ``1:30 pm``: a clock time, or ``ValueError`` saying what is expected."""
    m = _TIME.match(text)
    if not m:
        raise ValueError("expected a time like 13:30 or 1:30 pm")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    suffix = (m.group(3) or "").lower().replace(".", "")
    if suffix:
        if not 1 <= hour <= 12:
            raise ValueError("with am or pm, the hour is 1 to 12")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError("expected a time like 13:30 or 1:30 pm (hours 0-23, minutes 0-59)")
    return time(hour, minute)


def _when(values: dict[str, Any], today: date, problems: dict[str, list[str]]) -> date | datetime | None:
    raw_day = str(values.get("date") or "").strip()
    if not raw_day:
        problems.setdefault("date", []).append("Give the date of the call.")
        return None
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        problems.setdefault("date", []).append("Expected a date like 2026-11-20.")
        return None
    if day > today:
        problems.setdefault("date", []).append(
            f"This date is after today ({today.isoformat()}): a call is logged once it has taken place."
        )
        return None
    raw_time = str(values.get("time") or "").strip()
    if not raw_time:
        return day
    try:
        clock = parse_time(raw_time)
    except ValueError as exc:
        problems.setdefault("time", []).append(str(exc).capitalize() + ".")
        return None
    try:
        zone = ZoneInfo(str(values.get("zone") or "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        problems.setdefault("zone", []).append("Unknown time zone: pick one from the list.")
        return None
    return datetime.combine(day, clock, tzinfo=zone)


def _text(raw: Any) -> str | None:
    text = "" if raw is None else str(raw).strip()
    return text or None


def event_data(kind: str, values: dict[str, Any], at: date | datetime | None) -> dict[str, Any]:
    """The event as data (empty fields left out), ready for ``Event.model_validate``."""
    contact = {k.split(".")[1]: _text(values.get(k)) for k in CONTACT_FIELDS}
    record = {k.split(".")[1]: _text(values.get(k)) for k in RECORD_FIELDS}
    data: dict[str, Any] = {"kind": kind, "at": at}
    if any(v for k, v in contact.items() if k != "role"):
        data["contact"] = {k: v for k, v in contact.items() if v is not None}
    if any(record.values()):
        data["call"] = {k: v for k, v in record.items() if v is not None}
    if _text(values.get("note")):
        data["note"] = _text(values.get("note"))
    return data


def check_call(kind: str, values: dict[str, Any], *, today: date) -> CallCheck:
    """Check the form; every problem is listed under its field (``form`` for the form as a whole)."""
    problems: dict[str, list[str]] = {}
    if kind not in dict((v, t) for t, v in CALL_KINDS):
        problems.setdefault("kind", []).append("Pick peer-to-peer call or phone call.")
    at = _when(values, today, problems)
    data = event_data(kind, values, at if at is not None else today)
    promised = _text(values.get("call.documents_promised_by"))
    if promised and at is not None:
        try:
            if date.fromisoformat(promised) < (at.date() if isinstance(at, datetime) else at):
                problems.setdefault("call.documents_promised_by", []).append(
                    "This date is before the call: documents are promised on the call, for a later day."
                )
        except ValueError:
            pass  # the model reports the format below
    try:
        event = Event.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = tuple(str(p) for p in error["loc"])
            key = ".".join(loc[:2]) if loc[0] in ("contact", "call") and len(loc) > 1 else loc[0]
            key = key if key in FIELDS else ("date" if key == "at" else "form")
            problems.setdefault(key, []).append(str(error["msg"]).removeprefix("Value error, "))
        return CallCheck(None, problems)
    return CallCheck(None if problems else event, problems)


def values_of_event(event: Event) -> dict[str, Any]:
    """The form filled from a logged event (to show or correct a call)."""
    values = blank_values(event.kind)
    at = event.at
    if isinstance(at, datetime):
        values["date"] = at.date().isoformat()
        values["time"] = at.strftime("%H:%M")
        key = getattr(at.tzinfo, "key", None)
        values["zone"] = key if key in dict((v, t) for t, v in TIME_ZONES) else "UTC"
        if values["zone"] == "UTC":
            values["date"] = at.astimezone(ZoneInfo("UTC")).date().isoformat()
            values["time"] = at.astimezone(ZoneInfo("UTC")).strftime("%H:%M")
    else:
        values["date"] = at.isoformat()
    for section, model in (("contact", event.contact), ("call", event.call)):
        if model is None:
            continue
        for name, value in model.model_dump(mode="json", exclude_none=True).items():
            if f"{section}.{name}" in FIELDS:
                values[f"{section}.{name}"] = value
    values["note"] = event.note or ""
    return values


__all__ = [
    "CALL_KINDS",
    "FIELDS",
    "TIME_ZONES",
    "CallCheck",
    "blank_values",
    "check_call",
    "event_data",
    "parse_time",
    "values_of_event",
]
