"""Sensitivity of a benefits-summary analysis to its stated payment shares.

Researchers rarely have a plan's projected payments, only its summary of benefits. Each level's
share is then an assumption; this module moves each share across its plausible range (one at a
time, the others rescaled to keep the total at one) and reports which conclusions hold throughout
and which flip, so a finding is stated only as strongly as the assumptions allow.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from mhnotebook.models.parity import BenefitsSummaryFile, SummaryComparisonInput
from mhnotebook.rules.parity.levels import format_level, number_text
from mhnotebook.rules.parity.qtl import Comparison, QtlResult, evaluate_comparison


@dataclass(frozen=True)
class Scenario:
    name: str
    shares: tuple[Fraction, ...]
    result: QtlResult


@dataclass(frozen=True)
class Sensitivity:
    """One comparison under its stated shares and every one-at-a-time variation."""

    stated: QtlResult
    scenarios: tuple[Scenario, ...]

    def flips(self, conclusion: str) -> tuple[str, ...]:
        """Names of the scenarios where a conclusion differs from the stated-shares result."""
        base = _conclusion(self.stated, conclusion)
        return tuple(s.name for s in self.scenarios if _conclusion(s.result, conclusion) != base)

    def robust(self) -> dict[str, bool]:
        return {c: not self.flips(c) for c in CONCLUSIONS}

    def as_json(self) -> dict[str, Any]:
        return {
            "stated": self.stated.as_json(),
            "conclusions": {
                c: {
                    "stated": _json(_conclusion(self.stated, c)),
                    "holds": not self.flips(c),
                    "flips_in": list(self.flips(c)),
                }
                for c in CONCLUSIONS
            },
        }


CONCLUSIONS = ("substantially_all", "predominant_level", "mh_sud_permitted")


def _conclusion(result: QtlResult, name: str) -> Any:
    return getattr(result, name)


def _json(value: Any) -> Any:
    return number_text(value) if isinstance(value, Fraction) else value


def vary_shares(comparison: Comparison, model: SummaryComparisonInput, spread: Fraction) -> Sensitivity:
    """Evaluate the stated shares, then each level's low and high share with the rest rescaled."""
    stated_shares = tuple(p for _, p in comparison.rows)
    stated = evaluate_comparison(comparison)
    scenarios = []
    rtype = comparison.requirement
    for i, entry in enumerate(model.medical_surgical):
        old = stated_shares[i]
        low = entry.low if entry.low is not None else max(Fraction(0), old - spread)
        high = entry.high if entry.high is not None else min(Fraction(1), old + spread)
        for tag, new in (("low", low), ("high", high)):
            rest = 1 - old
            if new == old or rest == 0:
                continue
            factor = (1 - new) / rest
            shares = tuple(new if j == i else s * factor for j, s in enumerate(stated_shares))
            rows = tuple((level, share) for (level, _), share in zip(comparison.rows, shares, strict=True))
            level_name = format_level(comparison.rows[i][0], rtype)
            result = evaluate_comparison(replace(comparison, rows=rows))
            scenarios.append(
                Scenario(f"{level_name} share {tag} ({number_text(new * 100)}%)", shares, result)
            )
    return Sensitivity(stated=stated, scenarios=tuple(scenarios))


def analyse_summary(
    summary: BenefitsSummaryFile, comparisons: tuple[Comparison, ...]
) -> tuple[Sensitivity, ...]:
    """The sensitivity of every comparison in a loaded benefits summary."""
    return tuple(
        vary_shares(c, m, summary.share_spread) for c, m in zip(comparisons, summary.comparisons, strict=True)
    )
