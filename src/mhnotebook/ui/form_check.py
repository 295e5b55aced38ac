"""Checking the letter form, and finding a case the preview can show while the form is unfinished.

Validation reports every problem with its location, so the wizard can put each one next to its
field. A half-filled form must still preview: a blank name the case model cannot do without becomes
a visible fill-in marker, and a value that cannot be right is left out of the preview (and reported)
instead of stopping it. Pure functions, tested without widgets.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from mhnotebook.models import Case
from mhnotebook.ui.letter_form import FIELDS, set_at
from mhnotebook.validation import validate_case_data
from mhnotebook.validation.issues import Issue, Loc

#: Facts the case model cannot be built without: while blank, the preview shows a fill-in marker.
REQUIRED_TEXT: dict[Loc, str] = {
    ("patient", "name"): "patient.name",
    ("plan", "insurer"): "plan.insurer",
    ("service", "description"): "service.description",
}


@dataclass(frozen=True)
class FormCheck:
    """The form checked: problems by field, and a case to preview even when some are unsolved."""

    case: Case | None
    issues: tuple[Issue, ...]
    placeholders: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def blocking(self) -> list[Issue]:
        """Errors a fill-in marker cannot stand for (a value that is wrong, not just missing)."""
        return [i for i in self.errors if tuple(i.loc) not in REQUIRED_TEXT]


def placeholder(label: str) -> str:
    """The visible marker a blank required name shows in the preview and a marked export."""
    return f"[fill in: {label}]"


def _loc_key(loc: Loc) -> tuple[tuple[bool, Any], ...]:
    return tuple((isinstance(p, str), p) for p in loc)


def _remove(data: dict[str, Any], loc: Loc, missing: bool) -> None:
    """Leave the value at ``loc`` out: the list item that holds it, or the key (its section if missing)."""
    last_index = max((i for i, p in enumerate(loc) if isinstance(p, int)), default=None)
    target = loc[: last_index + 1] if last_index is not None else (loc[:-1] if missing else loc)
    if not target:
        return
    node: Any = data
    for part in target[:-1]:
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return
    if isinstance(node, list) and isinstance(target[-1], int) and target[-1] < len(node):
        node.pop(target[-1])
    elif isinstance(node, dict):
        node.pop(target[-1], None)


def check_form(data: dict[str, Any], *, today: date | None = None) -> FormCheck:
    """Validate the form's case data; when it fails, find the closest case that previews."""
    from mhnotebook.rendering.letters.manifest import field_label

    report = validate_case_data(data, source="the form", today=today)
    if report.case is not None:
        return FormCheck(report.case, report.issues)
    trial = copy.deepcopy(data)
    placeholders: list[str] = []
    for _ in range(6):
        try:
            return FormCheck(Case.model_validate(trial), report.issues, tuple(placeholders))
        except ValidationError as exc:
            removals = []
            for error in exc.errors(include_url=False):
                loc = tuple(error["loc"])
                if loc in REQUIRED_TEXT:
                    label = field_label(REQUIRED_TEXT[loc])
                    set_at(trial, tuple(str(p) for p in loc), placeholder(label))
                    placeholders.append(label)
                else:
                    removals.append((loc, error["type"] == "missing"))
            for loc, missing in sorted(set(removals), key=lambda r: _loc_key(r[0]), reverse=True):
                _remove(trial, loc, missing)
    return FormCheck(None, report.issues, tuple(placeholders))


def field_for_issue(loc: Loc, data: dict[str, Any]) -> tuple[str, Loc] | None:
    """Which form field an issue points at, and the rest of its location (row, column) inside it."""
    if len(loc) >= 2 and loc[0] == "events" and isinstance(loc[1], int):
        events = data.get("events") or []
        kind = events[loc[1]].get("kind") if loc[1] < len(events) else None
        key = f"events.{kind}"
        return (key, ()) if key in FIELDS else None
    for depth in range(len(loc), 0, -1):
        if all(isinstance(p, str) for p in loc[:depth]):
            key = ".".join(str(p) for p in loc[:depth])
            if key in FIELDS:
                return key, tuple(loc[depth:])
    return None


__all__ = ["REQUIRED_TEXT", "FormCheck", "check_form", "field_for_issue", "placeholder"]
