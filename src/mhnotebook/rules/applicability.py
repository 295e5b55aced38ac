"""Which bodies of law reach this plan, from ``tables/applicability.yaml``.

The same denial is fought under different rules for a self-funded employer plan, an insured one,
Medicaid or Medicare; saying which apply (and which do not, and why) keeps letters from citing the
wrong law. Missing facts give "unknown" and the question that settles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
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


#: ICD-10-CM F10-F19: mental and behavioral disorders due to psychoactive substance use (coding.md).
_SUD_DIAGNOSIS = re.compile(r"F1\d", re.IGNORECASE)


def _has_sud(case: Case) -> bool:
    sud_levels = {LevelOfCare.withdrawal_management, LevelOfCare.opioid_treatment_program}
    if case.service.level_of_care in sud_levels:
        return True
    return any(_SUD_DIAGNOSIS.match(str(d.code)) for d in case.service.diagnoses)


@dataclass(frozen=True, slots=True)
class _PlanFacts:
    """The facts applicability looks at (hashable, so answers are cached across cases)."""

    plan_type: PlanType
    funding: Funding
    grandfathered: bool | None
    state: str | None
    employer_size: int | None
    retiree_only: bool | None
    sud: bool
    emergency: bool
    drug: bool
    coverage_lost: bool


def _needs(row: LawRow, f: _PlanFacts) -> bool:
    if row.needs == "sud":
        return f.sud
    if row.needs == "emergency":
        return f.emergency
    if row.needs == "coverage_lost":
        return f.coverage_lost
    if row.needs == "not_drug":
        return not f.drug
    return True


def _judge(row: LawRow, f: _PlanFacts, on: date) -> tuple[bool, str | None] | None:
    """None: the row does not fit. (fits, question): fits, possibly pending a question."""
    if f.plan_type not in row.plan_types or not row.in_force(on):
        return None
    if row.states is not None and f.state not in row.states:
        return None
    if not _needs(row, f):
        return None
    question = None
    if row.funding is not None and f.plan_type in EMPLOYER_PLAN_TYPES:
        if f.funding is Funding.unknown:
            question = SELF_FUNDED_QUESTION
        elif f.funding not in row.funding:
            return None
    if row.nongrandfathered_only:
        if f.grandfathered is True:
            return None
        if f.grandfathered is None:
            question = question or GRANDFATHERED_QUESTION
    if row.retiree_only is not None and bool(f.retiree_only) != row.retiree_only:
        return None
    size = f.employer_size
    if row.max_employer_size is not None and (size is None or size > row.max_employer_size):
        return None
    if row.min_employer_size is not None:
        if size is None:
            question = question or SIZE_QUESTION
        elif size < row.min_employer_size:
            return None
    return True, question


@lru_cache(maxsize=4096)
def _verdicts(f: _PlanFacts, on: date) -> tuple[LawVerdict, ...]:
    verdicts: dict[str, LawVerdict] = {}
    for row in _rows_by_plan_type()[f.plan_type]:
        if row.law in verdicts:
            continue
        judged = _judge(row, f, on)
        if judged is None:
            continue
        _, question = judged
        if question:
            applies: Applies = "unknown"
        else:
            applies = "yes" if row.applies else "no"
        verdicts[row.law] = LawVerdict(row.law, row.name, applies, row.why, row.citation, question)
    return tuple(verdicts.values())


def applicable_law(case: Case, on: date, *, coverage_lost: bool = False) -> list[LawVerdict]:
    """Every body of law the table knows, judged for this case (first fitting row per law wins)."""
    plan = case.plan
    facts = _PlanFacts(
        plan_type=plan.plan_type,
        funding=plan.funding,
        grandfathered=plan.grandfathered,
        state=plan.state,
        employer_size=plan.employer_size,
        retiree_only=plan.retiree_only,
        sud=_has_sud(case),
        emergency=case.service.level_of_care is LevelOfCare.emergency,
        drug=case.service.drug is not None,
        coverage_lost=coverage_lost,
    )
    return list(_verdicts(facts, on))


def plan_type_excluded_from(law: str, plan_type: PlanType) -> LawRow | None:
    """The row saying a law never reaches this plan type (e.g. MHPAEA and Medicare), if there is one.

    Only unconditional rows count (no state, funding, size or retiree condition), so other modules
    (the parity engine) can refuse a plan type with the same reason and citation triage gives.
    """
    for row in law_rows():
        unconditional = (
            row.states is None
            and row.funding is None
            and row.retiree_only is None
            and row.min_employer_size is None
            and row.max_employer_size is None
            and row.needs is None
        )
        if row.law == law and not row.applies and unconditional and plan_type in row.plan_types:
            return row
    return None
