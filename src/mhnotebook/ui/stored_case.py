"""How a form's case meets the stored one (pure functions, tested without widgets or a database).

A form shows a few facts of a case; the case log may have moved on since the form opened it (a call
logged in the call log, a letter marked sent). Saving must not undo that: the form's changes are
applied on top of the case as it is stored *now*, and only the fields the user changed win.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from mhnotebook.models import Case, Event
from mhnotebook.ui.case_form import FORM_EVENTS, FormValues


def merge_form_values(loaded: FormValues, typed: FormValues, current: FormValues) -> FormValues:
    """A three-way merge: what the user changed since ``loaded`` wins, the rest is ``current``.

    ``loaded`` is what the form showed when it opened (or last saved) the stored case, ``typed`` is
    what it shows now, ``current`` is the stored case as it is now. Event dates merge kind by kind.
    """
    merged: dict[str, Any] = {}
    for f in fields(FormValues):
        if f.name == "events":
            continue
        mine, was = getattr(typed, f.name), getattr(loaded, f.name)
        merged[f.name] = mine if mine != was else getattr(current, f.name)
    events: dict[str, Any] = {}
    for kind in FORM_EVENTS:
        mine, was = (typed.events or {}).get(kind), (loaded.events or {}).get(kind)
        events[kind] = mine if mine != was else (current.events or {}).get(kind)
    return replace(current, **merged, events=events)


def keep_logged_events(case: Case, stored: Case) -> Case:
    """``case`` plus the stored timeline's events it lacks, except the kinds the form edits.

    For "Update it" (the form's case replaces a stored one it did not open): the facts are the
    form's, but calls, letters sent and decisions logged on the stored case stay on its timeline.
    """
    have = [*case.events]
    extra: list[Event] = []
    for event in stored.events:
        if event in have:
            have.remove(event)
        elif event.kind not in FORM_EVENTS:
            extra.append(event)
    if not extra:
        return case
    data = case.model_dump(mode="json", exclude_none=True)
    data["events"] = [*data.get("events", []), *(e.model_dump(mode="json", exclude_none=True) for e in extra)]
    return Case.model_validate(data)


def free_key(wanted: str, taken: list[str] | set[str]) -> str:
    """``wanted`` if free, else ``wanted-2``, ``wanted-3``...: the key for "Save as new"."""
    taken = set(taken)
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


__all__ = ["free_key", "keep_logged_events", "merge_form_values"]
