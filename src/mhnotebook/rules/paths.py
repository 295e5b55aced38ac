"""The denial paths (A-F and four more) and their tracks, from ``tables/denial_paths.yaml``.

Triage, the letters and the remittance analytics all name paths by these ids, so a path's label,
remedy and external-review scope are defined once.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache

from mhnotebook.rules.rule_table import CitedRow, load_table


class Track(StrEnum):
    """What kind of decision the plan made (decides the remedy's family)."""

    eligibility = "eligibility"
    authorization = "authorization"
    clinical = "clinical"
    administrative = "administrative"


class PathRow(CitedRow):
    """One path: what to do about a kind of denial."""

    id: str
    label: str
    track: Track
    remedy: str
    externally_reviewable: bool
    narrows: str | None = None
    """A more specific kind of another path (level of care is a medical-necessity question about the
    setting): on equal evidence it ranks first, because its remedy is the more precise one."""


PATH_IDS = (
    "A",
    "B",
    "C",
    "D",
    "E",
    "F",
    "timely_filing",
    "eligibility",
    "experimental",
    "not_covered_benefit",
)


@cache
def path_rows() -> dict[str, PathRow]:
    """Every path by id, in the table's order."""
    return {row.id: row for row in load_table("denial_paths", PathRow)}


def path(path_id: str) -> PathRow:
    """One path by id (``KeyError`` names the known ids)."""
    rows = path_rows()
    if path_id not in rows:
        raise KeyError(f"unknown path {path_id!r}; known: {', '.join(rows)}")
    return rows[path_id]


def path_label(path_id: str) -> str:
    """``"B: Not medically necessary"``-style label for tables and charts."""
    row = path(path_id)
    return f"{row.id}: {row.label}" if len(row.id) == 1 else row.label
