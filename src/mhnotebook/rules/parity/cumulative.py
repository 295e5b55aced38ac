"""Cumulative requirements: a separate MH/SUD deductible or out-of-pocket maximum is not permitted.

Equal or lower does not save it (29 CFR 2590.712(c)(3)(v)): separate accumulation itself is the
problem, because it makes a patient meet two thresholds instead of one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mhnotebook.rules.parity.statements import qtl_rule

if TYPE_CHECKING:
    from mhnotebook.rules.parity.qtl import Comparison


def separate_accumulation_step(comparison: Comparison) -> str | None:
    """The explanation step when MH/SUD accumulates separately (making it not permitted), else None."""
    if not (comparison.requirement.cumulative and comparison.mh_sud_accumulates_separately):
        return None
    rule = qtl_rule("cumulative_separate")
    return (
        f"6. MH/SUD benefits have their own {comparison.requirement.label.lower()} that accumulates "
        f"separately: not permitted whatever its amount. {rule.statement} ({rule.citation})"
    )
