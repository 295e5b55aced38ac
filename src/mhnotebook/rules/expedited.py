"""Expedited (urgent) review: should the user ask for it, and does the request bind the plan?

Safety comes first: any recorded risk shows the crisis resources before anything else and defaults
to asking for expedited review. Post-service claims are never urgent (the care was given).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from mhnotebook.models import Case
from mhnotebook.models.vocab import DenialStage, PlanType, Requester
from mhnotebook.rules.rule_table import CitedRow, load_table


class ExpeditedRow(CitedRow):
    """Whose urgency statement binds a plan type."""

    plan_types: tuple[PlanType, ...]
    binding_requesters: tuple[Requester, ...]
    rule: str


class CrisisRow(CitedRow):
    line: str


@dataclass(frozen=True, slots=True)
class ExpeditedVerdict:
    """Whether to ask for expedited review, why, and whether the plan must grant it."""

    expedited: bool
    binding: bool
    basis: tuple[str, ...]
    citation: str
    to_find_out: tuple[str, ...] = ()


@cache
def _rows() -> dict[PlanType, ExpeditedRow]:
    return {pt: row for row in load_table("expedited", ExpeditedRow) for pt in row.plan_types}


@cache
def crisis_banner() -> tuple[str, ...]:
    """The crisis lines, in order (988 first, then 911 for immediate danger)."""
    return tuple(row.line for row in load_table("crisis_resources", CrisisRow))


def crisis_banner_for(case: Case) -> tuple[str, ...]:
    """The crisis lines when any risk is recorded, else nothing."""
    return crisis_banner() if case.clinical.risk else ()


def decide_expedited(case: Case) -> ExpeditedVerdict:
    """Apply the plan type's urgency rule to the recorded risk and the expedited request."""
    stage = case.denial.stage if case.denial else None
    row = _rows().get(case.plan.plan_type)
    citation = row.citation if row else ""
    risks = [r.category.label for r in case.clinical.risk]
    request = case.expedited_request
    requester = request.requested_by if request else Requester.none
    basis: list[str] = []
    if stage is DenialStage.post_service:
        # Urgent handling exists for care still to be given (for ERISA/ACA plans the "urgent care
        # claim" definition, 29 CFR 2560.503-1(m)(1)); a payment dispute over past care is never urgent.
        where = f" ({row.citation})" if row else ""
        basis = [f"post-service claim: the care was already given, so the claim is never urgent{where}"]
        if risks:
            basis.append(
                "risk is recorded: if care is still needed now, ask for it as a new urgent pre-service request"
            )
        return ExpeditedVerdict(False, False, tuple(basis), citation)
    find_out: list[str] = []
    binding = bool(row and requester in row.binding_requesters and requester is not Requester.none)
    if risks:
        basis.append(f"safety risk recorded ({', '.join(risks)}): ask for expedited review")
    if requester is not Requester.none:
        who = requester.label.lower()
        if binding:
            basis.append(f"a {who} asked for expedited review: for this plan type that binds the plan")
        else:
            basis.append(
                f"the {who} asked for expedited review: the plan decides whether the standard time could seriously jeopardize health"
            )
            if row and row.binding_requesters:
                binders = " or ".join(r.label.lower() for r in row.binding_requesters)
                basis.append(f"a statement from a {binders} would bind the plan: ask for one")
    if stage is DenialStage.concurrent:
        basis.append(
            "ongoing care is being cut or not extended: a concurrent-care decision has its own short clocks"
        )
    if stage is None:
        find_out.append(
            "was the care denied before it started, during it, or after it (as a claim)? Post-service claims are never urgent"
        )
    if row:
        basis.append(row.rule)
    else:
        find_out.append(
            "the plan type is not known: the rule on who can make the plan expedite depends on it"
        )
    expedited = bool(risks) or requester is not Requester.none
    if expedited and requester is Requester.none:
        basis.append("nobody has asked yet: until someone does, the plan's standard clocks run")
    if not expedited:
        basis.insert(0, "no risk recorded and nobody asked for expedited review: standard clocks apply")
    return ExpeditedVerdict(expedited, binding and expedited, tuple(basis), citation, tuple(find_out))
