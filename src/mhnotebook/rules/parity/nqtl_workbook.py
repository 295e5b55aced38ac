"""Reading an NQTL workbook (YAML), checking NQTL types and classifications against the cited tables."""

from __future__ import annotations

from pathlib import Path

from mhnotebook.errors import ParityInputError
from mhnotebook.models.nqtl import NqtlEntry, NqtlWorkbook
from mhnotebook.rules.parity.classifications import classifications_for
from mhnotebook.rules.parity.nqtl_checks import nqtl_types
from mhnotebook.rules.parity.plan_file import _check_plan_type, _validate, read_structured


def load_workbook(path: Path | str) -> NqtlWorkbook:
    path = Path(path)
    return workbook_from_data(read_structured(path), str(path))


def workbook_from_data(data: object, source: str = "<input>") -> NqtlWorkbook:
    """Validate a workbook whole, naming each NQTL entry (number, type, classification) and field."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ParityInputError(source, ["expected a mapping with an 'nqtls' list"])
    header = {k: v for k, v in data.items() if k != "nqtls"}
    raw_entries = data.get("nqtls")
    if not isinstance(raw_entries, list) or not raw_entries:
        problems.append("nqtls: expected a non-empty list of NQTL entries")
        raw_entries = []
    plan_type = str(header.get("plan_type", "group"))
    _check_plan_type(plan_type, problems)
    known_types = {row.nqtl for row in nqtl_types()}
    known_classes = {row.classification for row in classifications_for(plan_type)}
    entries = []
    for index, raw in enumerate(raw_entries, start=1):
        tag = ""
        if isinstance(raw, dict):
            tag = " (" + " / ".join(str(raw.get(k)) for k in ("nqtl", "classification") if raw.get(k)) + ")"
        name = f"NQTL {index}{tag}"
        entry = _validate(NqtlEntry, raw, name, problems)
        if entry is None:
            continue
        if entry.nqtl not in known_types:
            problems.append(
                f"{name}: nqtl: unknown {entry.nqtl!r}; expected one of {', '.join(sorted(known_types))}"
            )
        if known_classes and entry.classification not in known_classes:
            problems.append(
                f"{name}: classification: unknown {entry.classification!r} for plan type {plan_type}; "
                f"expected one of {', '.join(sorted(known_classes))}"
            )
        entries.append(entry)
    if problems:
        raise ParityInputError(source, problems)
    workbook = _validate(NqtlWorkbook, header | {"nqtls": entries}, "workbook", problems)
    if workbook is None:
        raise ParityInputError(source, problems)
    return workbook
