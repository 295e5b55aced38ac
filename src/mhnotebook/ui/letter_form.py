"""The letter form: which case facts a clinician edits, by section, and how typed values become a case.

Pure functions, tested without widgets. The form is described from the case model itself: each field
is a dotted path into the case (``clinical.measures``), its widget kind follows the field's type and
its help text is the model's description, so the form and the case file cannot drift apart.

The form keeps every fact it does not show (service lines, events, notes...): typed values are
merged into the case data the form was loaded from. It also keeps what was typed even when it is
not valid yet (``FormValues`` are plain text, dates and lists), so a half-filled form can be saved
and restored exactly. Checking it, and finding a case to preview meanwhile, is ``form_check``.
"""

from __future__ import annotations

import copy
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel

from mhnotebook.models import Case
from mhnotebook.models.vocab import LabelledEnum
from mhnotebook.ui.case_form import merge_event_dates

Kind = Literal[
    "text",
    "long",
    "date",
    "when",
    "int",
    "number",
    "choice",
    "tristate",
    "bool",
    "lines",
    "codes",
    "records",
    "event",
]
#: What the form shows for each field kind, as typed (JSON/YAML-safe: saved as it is).
FormValues = dict[str, Any]

#: The empty case a blank form starts from.
BLANK_CASE_DATA: dict[str, Any] = {"schema_version": 1, "patient": {}, "plan": {}, "service": {}}

_TRISTATE = {None: "unknown", True: "yes", False: "no"}
_LONG = {
    "patient.contact.address",
    "representative.address",
    "plan.appeals_address",
    "service.description",
    "denial.text",
    "denial.criteria.unmet_criterion",
    "clinical.new_information",
    "clinical.treatment_plan.discharge_criteria",
    "detail",
    "outcome",
    "evidence",
    "adherence",
    "expedited_request.statement",
    "fact",
}
_CODES = {"denial.codes"}
_COLUMN_LABELS = {
    "npi": "NPI",
    "licence_type": "Licence",
    "composite_score": "Composite score",
    "date_of_birth": "Date of birth",
    "first_available": "First appointment",
    "distance_miles": "Distance (miles)",
}
_ITEM_NAMES = {
    "service.diagnoses": "diagnosis",
    "clinical.risk": "risk",
    "clinical.symptoms": "symptom",
    "clinical.functional_impairment": "impairment",
    "clinical.treatment_history": "earlier treatment",
    "clinical.medications": "medication",
    "clinical.measures": "score",
    "clinical.level_of_care_ratings": "rating",
    "providers": "clinician or program",
    "dimensions": "dimension",
    "provider_search": "contact tried",
    "comparators": "comparison",
}
_EVENTS = {
    "denial_dated": ("Date on the denial notice", "Printed on the notice; some clocks count from it."),
    "denial_received": (
        "Date the denial was received",
        "When the notice arrived; most clocks count from it.",
    ),
}


@dataclass(frozen=True)
class FormField:
    """One thing the form asks for: where it goes in the case, its label, help text and widget kind."""

    key: str
    label: str
    kind: Kind
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    default: str = ""
    columns: tuple[FormField, ...] = ()
    item: str = "item"

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    @property
    def name(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class Section:
    """A group of fields under one heading (a tab, or a fold inside the clinical tab)."""

    id: str
    title: str
    fields: tuple[FormField, ...]
    parts: tuple[Section, ...] = ()


# --- the form, described from the case model ---------------------------------------------------


def _unwrap(annotation: Any) -> tuple[bool, bool, Any]:
    """``(is_list, optional, inner type)`` of a field annotation (Annotated and unions unwrapped).

    ``date | datetime`` (a moment where the hour may matter) unwraps to ``datetime``, so the form
    keeps a time of day instead of cutting it to a date.
    """
    is_list = optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = datetime if datetime in args else args[0]
        elif origin in (list, tuple):
            is_list = True
            annotation = typing.get_args(annotation)[0]
        else:
            return is_list, optional, annotation


def _model_field(path: tuple[str, ...]) -> tuple[type[BaseModel], str]:
    """The model class that owns the last name in ``path``, and that name."""
    owner: type[BaseModel] = Case
    for name in path[:-1]:
        _, _, inner = _unwrap(owner.model_fields[name].annotation)
        owner = inner
    return owner, path[-1]


def _choices(enum: type[Enum]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (member.label if isinstance(member, LabelledEnum) else str(member.value), str(member.value))
        for member in enum
    )


def describe(key: str, label: str | None = None, *, owner: type[BaseModel] | None = None) -> FormField:
    """The form field for a case path (or a field of ``owner``, for the columns of a list)."""
    if key.startswith("events."):
        kind_label, help_text = _EVENTS[key.split(".", 1)[1]]
        return FormField(key, label or kind_label, "event", help_text)
    model, name = (owner, key) if owner is not None else _model_field(tuple(key.split(".")))
    info = model.model_fields[name]
    is_list, optional, inner = _unwrap(info.annotation)
    text = label or _COLUMN_LABELS.get(name, name.replace("_", " ").capitalize())
    help_text = str(info.description or "")
    if is_list and isinstance(inner, type) and issubclass(inner, BaseModel):
        columns = tuple(describe(col, owner=inner) for col in inner.model_fields)
        return FormField(key, text, "records", help_text, columns=columns, item=_ITEM_NAMES.get(key, "item"))
    if is_list:
        return FormField(key, text, "codes" if key in _CODES else "lines", help_text)
    if isinstance(inner, type) and issubclass(inner, Enum):
        if isinstance(info.default, Enum):
            return FormField(key, text, "choice", help_text, _choices(inner), str(info.default.value))
        blank = "(choose)" if info.is_required() else "(not stated)"
        return FormField(key, text, "choice", help_text, ((blank, ""), *_choices(inner)))
    if inner is bool:
        return FormField(key, text, "tristate" if optional else "bool", help_text)
    if inner is datetime:
        return FormField(key, text, "when", help_text)
    if inner is date:
        return FormField(key, text, "date", help_text)
    if inner is int:
        return FormField(key, text, "int", help_text)
    if inner is float:
        return FormField(key, text, "number", help_text)
    return FormField(key, text, "long" if key in _LONG or name in _LONG else "text", help_text)


def _section(id: str, title: str, *fields: tuple[str, str] | str, parts: tuple[Section, ...] = ()) -> Section:
    described = tuple(describe(f) if isinstance(f, str) else describe(f[0], f[1]) for f in fields)
    return Section(id, title, described, parts)


SECTIONS: tuple[Section, ...] = (
    _section(
        "patient",
        "Patient",
        ("patient.name", "Full name"),
        ("patient.date_of_birth", "Date of birth"),
        ("patient.pronouns", "Pronouns"),
        ("patient.member_id", "Member ID"),
        ("patient.group_number", "Group number"),
        ("patient.contact.phone", "Phone"),
        ("patient.contact.address", "Mailing address"),
        ("representative.name", "Representative (if any)"),
        ("representative.relationship", "Relationship"),
        ("representative.phone", "Representative's phone"),
        ("representative.address", "Representative's address"),
    ),
    _section(
        "plan",
        "Plan",
        ("plan.insurer", "Insurer or administrator"),
        ("plan.plan_name", "Plan name"),
        ("plan.plan_type", "Plan type"),
        ("plan.funding", "Funding"),
        ("plan.state", "State (2 letters)"),
        ("plan.employer", "Employer"),
        ("plan.employer_size", "Employer size"),
        ("plan.appeals_address", "Appeals address"),
        ("plan.appeals_fax", "Appeals fax"),
        ("plan.appeals_phone", "Appeals phone"),
    ),
    _section(
        "service",
        "Service",
        ("service.description", "Service requested"),
        ("service.level_of_care", "Level of care"),
        ("service.diagnoses", "Diagnoses"),
        ("service.start_date", "First day of care"),
        ("service.end_date", "Last day of care"),
        ("service.days_requested", "Days requested"),
        ("service.sessions_requested", "Sessions requested"),
        ("service.facility", "Program or facility"),
        ("service.in_network", "In network?"),
        ("provider_search", "In-network clinicians tried"),
    ),
    _section(
        "denial",
        "Denial",
        ("denial.text", "Denial reason (as written)"),
        ("denial.codes", "Codes on the notice"),
        ("denial.reference_number", "Reference number"),
        ("denial.claim_number", "Claim number"),
        ("denial.authorization_number", "Authorization number"),
        ("denial.stage", "When care was denied"),
        ("denial.level", "Denial level"),
        "events.denial_dated",
        "events.denial_received",
        ("denial.criteria.name", "Criteria named"),
        ("denial.criteria.edition", "Criteria edition"),
        ("denial.criteria.unmet_criterion", "Criterion said to be unmet"),
        ("denial.reviewer.name", "Plan's reviewer"),
        ("denial.reviewer.credentials", "Reviewer's credentials"),
        ("denial.reviewer.specialty", "Reviewer's specialty"),
        parts=(
            _section(
                "expedited",
                "Expedited (urgent) review",
                ("expedited_request.requested_by", "Urgent review asked by"),
                ("expedited_request.at", "When it was asked"),
                ("expedited_request.statement", "Statement of urgency"),
            ),
            _section("parity", "Parity: medical/surgical comparisons", ("comparators", "Comparisons")),
        ),
    ),
    Section(
        "clinical",
        "Clinical",
        (),
        (
            _section("risk", "Risk", ("clinical.risk", "Safety risks")),
            _section("symptoms", "Symptoms", ("clinical.symptoms", "Symptoms")),
            _section("impairment", "Functional impairment", ("clinical.functional_impairment", "Impairment")),
            _section(
                "history",
                "Treatment history",
                ("clinical.treatment_history", "Earlier treatment"),
                ("clinical.medications", "Medications"),
            ),
            _section("measures", "Measures", ("clinical.measures", "Scores")),
            _section("rating", "Level-of-care rating", ("clinical.level_of_care_ratings", "Ratings")),
            _section(
                "treatment_plan",
                "Treatment plan",
                ("clinical.treatment_plan.modality", "Treatment approach"),
                ("clinical.treatment_plan.frequency", "Frequency"),
                ("clinical.treatment_plan.duration", "Expected duration"),
                ("clinical.treatment_plan.goals", "Goals (one per line)"),
                ("clinical.treatment_plan.discharge_criteria", "Discharge criteria"),
                ("clinical.treatment_plan.review_date", "Review date"),
                ("clinical.new_information", "New information"),
            ),
        ),
    ),
    _section("signer", "Care team (signer)", ("providers", "Clinicians and programs")),
)


def all_fields(sections: tuple[Section, ...] = SECTIONS) -> list[FormField]:
    """Every field of the form, in display order."""
    found: list[FormField] = []
    for section in sections:
        found += section.fields
        found += all_fields(section.parts)
    return found


FIELDS: dict[str, FormField] = {f.key: f for f in all_fields()}


# --- typed values <-> case data ----------------------------------------------------------------


def _number_text(value: Any) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def raw_value(field: FormField, value: Any) -> Any:
    """What the form shows for a case value (``None``: not in the case)."""
    kind = field.kind
    if kind == "records":
        return [
            {col.name: raw_value(col, (row or {}).get(col.name)) for col in field.columns}
            for row in value or []
        ]
    if kind == "bool":
        return bool(value)
    if kind == "tristate":
        return _TRISTATE.get(value, "unknown")
    if kind == "lines":
        return "\n".join(str(v) for v in value or [])
    if kind == "codes":
        return ", ".join(str(v) for v in value or [])
    if value is None:
        return field.default if kind == "choice" else ""
    if kind in ("int", "number"):
        return _number_text(value)
    if kind in ("date", "event"):
        return str(value)[:10]
    if kind == "when":
        return when_text(value)
    return str(value)


def when_text(value: Any) -> str:
    """A moment as ISO text (``T`` between date and time): a saved form reads dates back as objects."""
    return value.isoformat() if isinstance(value, date) else str(value)


def _counts(field: FormField) -> bool:
    return field.kind != "bool" and not (field.kind == "choice" and field.default)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def data_value(field: FormField, raw: Any) -> Any:
    """The case value for what the form shows (``None``: leave it out of the case)."""
    kind = field.kind
    if kind == "records":
        rows = []
        for row in raw if isinstance(raw, list) else []:
            if not isinstance(row, dict):
                continue
            item = {col.name: data_value(col, row.get(col.name)) for col in field.columns}
            # A row counts once something is typed or chosen; a checkbox or a preset choice alone is no entry.
            if any(not _blank(item[col.name]) for col in field.columns if _counts(col)):
                rows.append({k: v for k, v in item.items() if v is not None})
        return rows
    if kind == "bool":
        return bool(raw)
    if kind == "tristate":
        return {"yes": True, "no": False}.get(str(raw))
    text = "" if raw is None else str(raw)
    if kind == "lines":
        return [line.strip() for line in text.splitlines() if line.strip()]
    if kind == "codes":
        return [c.strip() for c in text.replace(";", ",").split(",") if c.strip()]
    return text.strip() or None


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if not isinstance(data, dict):
            return None
        data = data.get(name)
    return data


def _first_event_day(data: dict[str, Any], kind: str) -> str | None:
    for event in data.get("events") or []:
        if isinstance(event, dict) and event.get("kind") == kind:
            return str(event.get("at", ""))[:10] or None
    return None


def form_values(data: dict[str, Any]) -> FormValues:
    """The form filled from case data (what a case file or a sample holds)."""
    values: FormValues = {}
    for field in FIELDS.values():
        if field.kind == "event":
            values[field.key] = _first_event_day(data, field.name) or ""
        else:
            values[field.key] = raw_value(field, _get(data, field.path))
    return values


def set_at(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for name in path[:-1]:
        child = node.get(name)
        if not isinstance(child, dict):
            child = {}
            node[name] = child
        node = child
    if value is None:
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def _optional_objects() -> list[tuple[str, ...]]:
    """Sections the case may leave out (contact, representative, denial, criteria...), deepest first."""
    found: set[tuple[str, ...]] = set()
    for field in FIELDS.values():
        for depth in range(1, len(field.path)):
            prefix = field.path[:depth]
            model, name = _model_field(prefix)
            info = model.model_fields[name]
            is_list, optional, inner = _unwrap(info.annotation)
            if optional and not is_list and isinstance(inner, type) and issubclass(inner, BaseModel):
                found.add(prefix)
    return sorted(found, key=len, reverse=True)


_OPTIONAL_OBJECTS = _optional_objects()


def _holds_only_defaults(model: type[BaseModel], values: dict[str, Any]) -> bool:
    for name, value in values.items():
        info = model.model_fields.get(name)
        if info is None:
            return False
        default = info.get_default(call_default_factory=True)
        default = default.value if isinstance(default, Enum) else default
        if value != default and not _blank(value):
            return False
    return True


def case_data_from_form(base: dict[str, Any], values: FormValues) -> dict[str, Any]:
    """The case data with the form's values applied; every fact the form does not show is kept.

    A section left holding nothing but defaults (no denial yet, no representative) is left out, so
    a prior-authorization letter is not given an empty denial.
    """
    data = copy.deepcopy(base)
    dates: dict[str, date | None] = {}
    for key, raw in values.items():
        field = FIELDS.get(key)
        if field is None:
            continue
        value = data_value(field, raw)
        if field.kind == "event":
            try:
                dates[field.name] = date.fromisoformat(value) if value else None
            except ValueError:
                dates[field.name] = None
        else:
            set_at(data, field.path, value)
    if dates:
        data["events"] = merge_event_dates(list(data.get("events") or []), dates)
    for path in _OPTIONAL_OBJECTS:
        section = _get(data, path)
        if isinstance(section, dict):
            model, name = _model_field(path)
            _, _, inner = _unwrap(model.model_fields[name].annotation)
            if _holds_only_defaults(inner, section):
                set_at(data, path, None)
    return data


__all__ = [
    "BLANK_CASE_DATA",
    "FIELDS",
    "SECTIONS",
    "FormField",
    "FormValues",
    "Section",
    "all_fields",
    "case_data_from_form",
    "data_value",
    "describe",
    "form_values",
    "raw_value",
    "set_at",
    "when_text",
]
