"""Case files in and out: ``load_case`` and ``validate_case_file`` report every problem at once."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mhnotebook.errors import CaseFileError
from mhnotebook.models import Case, Event
from mhnotebook.validation.consistency import TimelineEntry, check_case, check_timeline
from mhnotebook.validation.fileformat import LineIndex, dump_yaml, parse_case_text, read_text
from mhnotebook.validation.issues import Issue, ValidationReport, sort_issues
from mhnotebook.validation.messages import explain_validation_error

CASE_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def validate_case_data(
    data: Any, *, source: str = "<case>", lines: LineIndex | None = None, today: date | None = None
) -> ValidationReport:
    """Validate already-parsed data (from a form or an API); every problem, located."""
    lines = lines or LineIndex()
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else type(data).__name__
        issue = Issue(
            "error",
            f"holds {shape}; a case file holds one case: a section with patient, plan and "
            "service (one case per file)",
            file=source,
            line=1,
        )
        return ValidationReport(source, (issue,))
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        issues = explain_validation_error(Case, exc) + check_timeline(_parseable_events(data))
        return ValidationReport(
            source, sort_issues([i.located(source, lines.line_of(i.loc)) for i in issues])
        )
    issues = [i.located(source, lines.line_of(i.loc)) for i in check_case(case, today=today)]
    ordered = sort_issues(issues)
    return ValidationReport(
        source, ordered, case if not any(i.severity == "error" for i in ordered) else None
    )


def _parseable_events(data: dict[str, Any]) -> list[TimelineEntry]:
    """The events that are valid on their own, so order errors show beside field errors."""
    events = data.get("events")
    timeline: list[TimelineEntry] = []
    for i, raw in enumerate(events if isinstance(events, list) else []):
        try:
            event = Event.model_validate(raw)
        except ValidationError:
            continue
        timeline.append((i, event.kind, event.at))
    return timeline


def validate_case_file(path: str | Path, *, today: date | None = None) -> ValidationReport:
    """Read, parse and validate one case file; never raises for a bad file, reports instead."""
    path = Path(path)
    source = str(path)
    text, problems = read_text(path)
    if text is None:
        return ValidationReport(source, tuple(problems))
    as_json = path.suffix.lower() == ".json"
    data, problems = parse_case_text(text, source, as_json=as_json)
    if problems:
        return ValidationReport(source, tuple(problems))
    return validate_case_data(data, source=source, lines=LineIndex(text), today=today)


def load_case(path: str | Path, *, today: date | None = None) -> Case:
    """Load a case file (YAML or JSON) or raise :class:`CaseFileError` listing every error.

    >>> case = load_case(sample_case_path("residential-eating-disorder"))  # doctest: +SKIP
    """
    report = validate_case_file(path, today=today)
    if report.case is None:
        raise CaseFileError(report)
    return report.case


def dump_case(case: Case, *, as_json: bool = False) -> str:
    """Serialize a case as YAML (default) or JSON text that :func:`load_case` reads back.

    Empty and default fields are left out so files stay short; ``schema_version`` always leads.
    """
    data = {"schema_version": case.schema_version, **case.model_dump(mode="json", exclude_defaults=True)}
    if as_json:
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return dump_yaml(data)


def save_case(case: Case, path: str | Path) -> Path:
    """Write a case file readable by its owner only (0600); the format follows the suffix."""
    from mhnotebook.paths import write_private_file

    path = Path(path)
    if path.suffix.lower() not in CASE_FILE_SUFFIXES:
        raise ValueError(f"{path}: a case file ends in .yaml, .yml or .json")
    return write_private_file(path, dump_case(case, as_json=path.suffix.lower() == ".json"))
