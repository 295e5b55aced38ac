"""Which bodies of law reach this plan, from ``tables/applicability.yaml``.

The same denial is fought under different rules for a self-funded employer plan, an insured one,
Medicaid or Medicare; saying which apply (and which do not, and why) keeps letters from citing the
wrong law. Missing facts give "unknown" and the question that settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Literal

from mhnotebook.models import Case
from mhnotebook.models.vocab import Funding, LevelOfCare, PlanType
from mhnotebook.rules.deadlines import EMPLOYER_PLAN_TYPES
from mhnotebook.rules.rule_table import CitedRow, load_table

Applies = Literal["yes", "no", "unknown"]


class LawRow(CitedRow):
    """One condition under which a body of law does or does not apply."""

    law: str
    name: str
    plan_types: tuple[PlanType, ...]
    applies: bool
    why: str
    funding: tuple[Funding, ...] | None = None
    nongrandfathered_only: bool = False
    retiree_only: bool | None = None
    min_employer_size: int | None = None
    max_employer_size: int | None = None
    states: tuple[str, ...] | None = None
    needs: Literal["sud", "emergency", "coverage_lost", "not_drug"] | None = None


@dataclass(frozen=True, slots=True)
class LawVerdict:
    """Whether one body of law applies to the case, why, and what to find out if unsure."""

    law: str
    name: str
    applies: Applies
    why: str
    citation: str
    question: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "law": self.law,
            "name": self.name,
            "applies": self.applies,
            "why": self.why,
            "citation": self.citation,
            "question": self.question,
        }


@cache
def law_rows() -> tuple[LawRow, ...]:
    return load_table("applicability", LawRow)


@cache
def _rows_by_plan_type() -> dict[PlanType, tuple[LawRow, ...]]:
    return {pt: tuple(r for r in law_rows() if pt in r.plan_types) for pt in PlanType}


SELF_FUNDED_QUESTION = (
    "Is the plan self-funded or fully insured? Ask HR or read the Summary Plan Description "
    '("self-funded", "claims administrator" or "ASO" mean self-funded).'
)
GRANDFATHERED_QUESTION = "Is the plan grandfathered? The plan documents must say so if it is."
SIZE_QUESTION = "Does the employer have more than 50 employees? Ask HR."


def _has_sud(case: Case) -> bool:
    sud_levels = {LevelOfCare.withdrawal_management, LevelOfCare.opioid_treatment_program}
    if case.service.level_of_care in sud_levels:
        return True
    return any(
        str(d.code).upper().startswith("F1")
        and str(d.code)[1:3].isdigit()
        and 10 <= int(str(d.code)[1:3]) <= 19
        for d in case.service.diagnoses
    )


def _needs(row: LawRow, case: Case, coverage_lost: bool) -> bool:
    if row.needs == "sud":
        return _has_sud(case)
    if row.needs == "emergency":
        return case.service.level_of_care is LevelOfCare.emergency
    if row.needs == "coverage_lost":
        return coverage_lost
    if row.needs == "not_drug":
        return case.service.drug is None
    return True


def _judge(row: LawRow, case: Case, on: date, coverage_lost: bool) -> tuple[bool, str | None] | None:
    """None: the row does not fit. (fits, question): fits, possibly pending a question."""
    plan = case.plan
    if plan.plan_type not in row.plan_types or not row.in_force(on):
        return None
    if row.states is not None and plan.state not in row.states:
        return None
    if not _needs(row, case, coverage_lost):
        return None
    question = None
    if row.funding is not None and plan.plan_type in EMPLOYER_PLAN_TYPES:
        if plan.funding is Funding.unknown:
            question = SELF_FUNDED_QUESTION
        elif plan.funding not in row.funding:
            return None
    if row.nongrandfathered_only:
        if plan.grandfathered is True:
            return None
        if plan.grandfathered is None:
            question = question or GRANDFATHERED_QUESTION
    if row.retiree_only is not None and bool(plan.retiree_only) != row.retiree_only:
        return None
    size = plan.employer_size
    if row.max_employer_size is not None and (size is None or size > row.max_employer_size):
        return None
    if row.min_employer_size is not None:
        if size is None:
            question = question or SIZE_QUESTION
        elif size < row.min_employer_size:
            return None
    return True, question


def applicable_law(case: Case, on: date, *, coverage_lost: bool = False) -> list[LawVerdict]:
    """Every body of law the table knows, judged for this case (first fitting row per law wins)."""
    verdicts: dict[str, LawVerdict] = {}
    for row in _rows_by_plan_type()[case.plan.plan_type]:
        if row.law in verdicts:
            continue
        judged = _judge(row, case, on, coverage_lost)
        if judged is None:
            continue
        _, question = judged
        if question:
            applies: Applies = "unknown"
        else:
            applies = "yes" if row.applies else "no"
        verdicts[row.law] = LawVerdict(row.law, row.name, applies, row.why, row.citation, question)
    return list(verdicts.values())
