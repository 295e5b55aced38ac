"""Aggregate lifetime and annual dollar limits on MH/SUD benefits (29 CFR 2590.712(b)).

Three cases by the share of medical/surgical payments subject to a limit: under one-third (no MH/SUD
limit), at least two-thirds under one limit (same limit or a joint one), otherwise a payment-weighted
average. A lower dollar limit is the more restrictive one.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from mhnotebook.rules.parity.levels import number_text, percent_text
from mhnotebook.rules.parity.statements import qtl_rule
from mhnotebook.rules.parity.thresholds import threshold


@dataclass(frozen=True)
class DollarLimitComparison:
    limit_kind: str
    categories: tuple[tuple[Fraction | None, Fraction], ...]
    """(limit or None for unlimited, projected M/S payments) per category."""
    mh_sud_limit: Fraction | None
    applied_jointly: bool = False
    unlimited_upper_estimate: Fraction | None = None
    label: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class DollarLimitResult:
    comparison: DollarLimitComparison
    fraction_subject: Fraction
    case: str
    """none | single | weighted"""
    minimum_mh_sud_limit: Fraction | None
    """The lowest MH/SUD limit permitted (None in the 'none' case: no limit permitted at all)."""
    mh_sud_permitted: bool
    explanation: tuple[str, ...]
    citation: str

    def as_json(self) -> dict[str, Any]:
        return {
            "limit_kind": self.comparison.limit_kind,
            "fraction_subject": str(self.fraction_subject),
            "case": self.case,
            "minimum_mh_sud_limit": (
                None if self.minimum_mh_sud_limit is None else number_text(self.minimum_mh_sud_limit)
            ),
            "mh_sud_limit": (
                None if self.comparison.mh_sud_limit is None else number_text(self.comparison.mh_sud_limit)
            ),
            "mh_sud_permitted": self.mh_sud_permitted,
            "explanation": list(self.explanation),
            "citation": self.citation,
        }


def money(value: Fraction) -> str:
    return f"${number_text(value)}" if "/" not in number_text(value) else f"${float(value):,.2f} ({value})"


def evaluate_dollar_limit(comparison: DollarLimitComparison) -> DollarLimitResult:
    """Apply the one-third / two-thirds rule and, where needed, the weighted average."""
    kind = comparison.limit_kind
    total = sum((p for _, p in comparison.categories), Fraction(0))
    if total <= 0:
        raise ValueError("the medical/surgical projected payments add up to zero; nothing to measure")
    subject = sum((p for limit, p in comparison.categories if limit is not None), Fraction(0))
    fraction = subject / total
    mh = comparison.mh_sud_limit
    low, high = threshold("dollar_limit_low"), threshold("dollar_limit_high")
    steps = [
        f"1. Medical/surgical payments subject to an aggregate {kind} dollar limit: {number_text(subject)} / "
        f"{number_text(total)} = {fraction} ({percent_text(fraction)})."
    ]
    distinct = {limit for limit, _ in comparison.categories if limit is not None}
    if low.met_by(fraction):
        rule = qtl_rule("dollar_limit_none")
        permitted = mh is None
        steps.append(
            f"2. That is {low.wording}. {rule.statement} MH/SUD {kind} limit: "
            f"{'none' if mh is None else money(mh)}: {'permitted' if permitted else 'not permitted'}."
        )
        case, minimum = "none", None
    elif high.met_by(fraction) and len(distinct) == 1:
        rule = qtl_rule("dollar_limit_single")
        minimum = next(iter(distinct))
        permitted = comparison.applied_jointly or mh is None or mh >= minimum
        how = (
            "applied jointly without distinction"
            if comparison.applied_jointly
            else ("no MH/SUD limit" if mh is None else f"MH/SUD limit {money(mh)}")
        )
        steps.append(
            f"2. That is {high.wording}, all under one limit of {money(minimum)}. {rule.statement} "
            f"The plan has {how}: {'permitted' if permitted else 'not permitted (lower than the M/S limit)'}."
        )
        case = "single"
    else:
        rule = qtl_rule("dollar_limit_weighted")
        estimate = comparison.unlimited_upper_estimate
        unlimited = total - subject
        if unlimited > 0 and estimate is None:
            raise ValueError(
                "the weighted average needs unlimited_upper_estimate: a reasonable upper limit for the "
                "medical/surgical categories without a dollar limit"
            )
        weighted = sum((limit * p for limit, p in comparison.categories if limit is not None), Fraction(0))
        if unlimited > 0 and estimate is not None:
            weighted += estimate * unlimited
        minimum = weighted / total
        permitted = mh is None or mh >= minimum
        steps.append(
            f"2. Neither under one-third nor at least two-thirds under a single limit. {rule.statement} "
            f"Weighted average: {money(minimum)}."
        )
        steps.append(
            f"3. MH/SUD {kind} limit {'none' if mh is None else money(mh)}: "
            f"{'permitted' if permitted else 'not permitted (below the weighted average)'}."
        )
        case = "weighted"
    aca = qtl_rule("aca_dollar_limits")
    steps.append(f"Note: {aca.statement} ({aca.citation})")
    return DollarLimitResult(
        comparison=comparison,
        fraction_subject=fraction,
        case=case,
        minimum_mh_sud_limit=minimum,
        mh_sud_permitted=permitted,
        explanation=tuple(steps),
        citation=rule.citation,
    )
