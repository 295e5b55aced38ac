"""Who to escalate to, from ``tables/regulators.yaml``.

The regulator depends on the plan type and funding, not on the insurer's name: the same insurer
administers self-funded plans (EBSA) and sells insured ones (the state). When the path's fix is a
corrected claim, no regulator is needed first.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Literal

from mhnotebook.models import Case
from mhnotebook.models.vocab import Funding, PlanType
from mhnotebook.rules.deadlines import EMPLOYER_PLAN_TYPES
from mhnotebook.rules.rule_table import CitedRow, load_table

RegulatorId = Literal["ebsa", "state_doi", "cms", "state_medicaid_agency", "opm", "none"]

#: In parallel, for patterns rather than one claim (regulators.md: accreditors, parity enforcers).
ACCREDITOR_ROUTE = "NCQA or URAC, if the plan is accredited: complaints about patterns such as late decisions or no peer-to-peer offered (URAC accepts no health information)"
PARITY_ROUTE = "state parity enforcement (the insurance department's parity unit or the attorney general) for parity problems"
PARALLEL_ROUTES = (ACCREDITOR_ROUTE, PARITY_ROUTE)


class RegulatorRow(CitedRow):
    plan_types: tuple[PlanType, ...]
    funding: tuple[Funding, ...] | None = None
    states: tuple[str, ...] | None = None
    primary: RegulatorId
    secondary: tuple[RegulatorId, ...]
    name: str
    why: str


@dataclass(frozen=True, slots=True)
class Escalation:
    """The regulator to escalate to, the other routes, and why."""

    primary: RegulatorId
    secondary: tuple[RegulatorId, ...]
    name: str
    why: str
    citation: str
    parallel: tuple[str, ...] = PARALLEL_ROUTES
    unsupported: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "primary": self.primary,
            "secondary": list(self.secondary),
            "name": self.name,
            "why": self.why,
            "citation": self.citation,
            "parallel": list(self.parallel),
            "unsupported": self.unsupported,
        }


@cache
def regulator_rows() -> tuple[RegulatorRow, ...]:
    return load_table("regulators", RegulatorRow)


def _fits(row: RegulatorRow, plan_type: PlanType, funding: Funding, state: str | None) -> bool:
    if plan_type not in row.plan_types:
        return False
    if row.states is not None and state not in row.states:
        return False
    return not (row.funding is not None and plan_type in EMPLOYER_PLAN_TYPES and funding not in row.funding)


def escalation(case: Case, primary_path: str | None, *, parity_applies: bool = True) -> Escalation:
    """The escalation ladder for this plan; a corrected claim comes before any regulator.

    Parity enforcers are offered only when the parity law may reach the plan (never for Medicare).
    """
    plan = case.plan
    found = _escalation(plan.plan_type, plan.funding, plan.state, primary_path == "E")
    if parity_applies:
        return found
    return replace(found, parallel=tuple(route for route in found.parallel if route != PARITY_ROUTE))


@lru_cache(maxsize=1024)
def _escalation(plan_type: PlanType, funding: Funding, state: str | None, coding_fix: bool) -> Escalation:
    if plan_type is PlanType.tricare:
        return Escalation(
            "none",
            (),
            "TRICARE is not covered by mhnotebook",
            "TRICARE has its own appeal system outside the rules mhnotebook knows; follow the appeal rights on the notice.",
            "",
            (),
            unsupported="TRICARE plans are not supported: mhnotebook has no rules for them.",
        )
    row = next(r for r in regulator_rows() if _fits(r, plan_type, funding, state))
    if coding_fix:
        return Escalation(
            "none",
            tuple(dict.fromkeys(x for x in (row.primary, *row.secondary) if x != "none")),
            f"none yet: the fix is a corrected claim. If the plan will not process it, then {row.name}",
            "A coding or billing error is fixed by resubmitting, not by a complaint.",
            row.citation,
        )
    return Escalation(row.primary, row.secondary, row.name, row.why, row.citation)
