"""Loading the cited rule tables in ``rules/tables/*.yaml``.

Rules are data so a reviewer can check each row against its source without reading code. Every
row names its citation and the domain-reference file it was taken from; a row that changed over
time says from when and until when it applies. Tables are validated once, on first use, and a
mistake names the file, row and field.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from importlib.resources import abc as resources_abc
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from mhnotebook.errors import MhnotebookError
from mhnotebook.validation.fileformat import CaseFileLoader


class RuleTableError(MhnotebookError):
    """A rule table that ships with mhnotebook is malformed (a packaging or editing mistake)."""


class CitedRow(BaseModel):
    """One rule: what it says plus where it comes from, and the dates it is in force."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    citation: str
    """The legal source, e.g. ``29 CFR 2560.503-1(h)(3)(i)``."""
    source: str
    """The domain-reference file (and section) the row was taken from, e.g. ``deadlines.md``."""
    applies_from: date | None = None
    """First day the rule applies (inclusive); ``None`` = no known start."""
    applies_to: date | None = None
    """Last day the rule applies (inclusive); ``None`` = still in force."""
    note: str | None = None
    """What to verify, or how the row reads the source."""

    @model_validator(mode="after")
    def _dates_in_order(self) -> CitedRow:
        if self.applies_from and self.applies_to and self.applies_to < self.applies_from:
            raise ValueError("applies_to is before applies_from")
        return self

    def in_force(self, on: date) -> bool:
        """Whether the rule applies on this day."""
        if self.applies_from is not None and on < self.applies_from:
            return False
        return not (self.applies_to is not None and on > self.applies_to)


Row = TypeVar("Row", bound=BaseModel)


def _tables_dir() -> resources_abc.Traversable:
    return resources.files("mhnotebook.rules").joinpath("tables")


@cache
def _raw_table(name: str) -> dict[str, Any]:
    resource = _tables_dir().joinpath(f"{name}.yaml")
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleTableError(f"no rule table named {name!r} in mhnotebook/rules/tables/") from None
    try:
        data = yaml.load(text, Loader=CaseFileLoader)
    except yaml.YAMLError as exc:
        raise RuleTableError(f"{name}.yaml is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise RuleTableError(f"{name}.yaml: expected a mapping with a 'rows' list")
    return data


_validated: dict[tuple[str, type], tuple[Any, ...]] = {}


def load_table(name: str, row_model: type[Row]) -> tuple[Row, ...]:
    """Rows of ``rules/tables/<name>.yaml`` validated as ``row_model`` (cached per process)."""
    key = (name, row_model)
    if key not in _validated:
        rows = []
        for index, raw in enumerate(_raw_table(name)["rows"]):
            try:
                rows.append(row_model.model_validate(raw))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                raise RuleTableError(f"{name}.yaml row {index + 1}: {where}: {first['msg']}") from None
        _validated[key] = tuple(rows)
    return _validated[key]  # type: ignore[return-value]


def table_names() -> list[str]:
    """Every rule table that ships (for the tests that check each row's citation)."""
    root = _tables_dir()
    return sorted(p.name.removesuffix(".yaml") for p in root.iterdir() if p.name.endswith(".yaml"))
