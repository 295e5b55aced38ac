"""Which classifications and sub-classifications a plan compares within, by plan type (cited table).

Group and individual coverage use six classifications; Medicaid managed care and CHIP use four.
Getting the set wrong changes every result, so an unknown name is refused rather than guessed.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from mhnotebook.rules.rule_table import CitedRow, load_table


class PlanFamilyRow(CitedRow):
    plan_type: str
    plan_family: str
    label: str


class ClassificationRow(CitedRow):
    plan_family: str
    classification: str
    label: str
    network: Literal["in_network", "out_of_network"] | None = None
    outpatient: bool = False
    drugs: bool = False


class SubClassificationRow(CitedRow):
    kind: Literal["outpatient_split", "network_tier"]
    name: str
    label: str
    plan_family: str


def plan_families() -> tuple[PlanFamilyRow, ...]:
    return load_table("parity_plan_families", PlanFamilyRow)


@cache
def plan_family_of(plan_type: str) -> PlanFamilyRow | None:
    """The plan family row for a plan type, or None when MHPAEA's tests here do not cover it."""
    return next((row for row in plan_families() if row.plan_type == plan_type), None)


@cache
def classifications_for(plan_type: str) -> tuple[ClassificationRow, ...]:
    """The classification set a plan type compares within (empty for an unknown plan type)."""
    family = plan_family_of(plan_type)
    if family is None:
        return ()
    rows = load_table("parity_classifications", ClassificationRow)
    return tuple(row for row in rows if row.plan_family == family.plan_family)


@cache
def sub_classifications_for(plan_type: str) -> tuple[SubClassificationRow, ...]:
    family = plan_family_of(plan_type)
    if family is None:
        return ()
    rows = load_table("parity_sub_classifications", SubClassificationRow)
    return tuple(row for row in rows if row.plan_family == family.plan_family)
