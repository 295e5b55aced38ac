"""Prescription drug tiers: the tests run within a tier, not across tiers ((c)(3)(iii)(A)).

The tier exemption depends on how tiers were set (reasonable factors, regardless of M/S or MH/SUD
use), which is an NQTL question the numbers cannot answer; the explanation says what was assumed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mhnotebook.rules.parity.statements import qtl_rule

if TYPE_CHECKING:
    from mhnotebook.rules.parity.qtl import Comparison


def drug_tier_steps(comparison: Comparison) -> list[str]:
    """Explanation steps for a drug-tier comparison."""
    rule = qtl_rule("drug_tiers")
    steps = [f"Drug tier '{comparison.drug_tier}': {rule.statement} ({rule.citation})"]
    reasonable = comparison.tiers_set_on_reasonable_factors
    if reasonable is None:
        steps.append(
            "Whether the tiers rest on reasonable factors is not stated: the tier-by-tier result below "
            "holds only if they do; check how the tiers were set (an NQTL question)."
        )
    elif reasonable is False:
        steps.append(
            "The file says the tiers do NOT rest on reasonable factors: the tier exemption is not "
            "available, so the tests should be run across the whole prescription drug classification."
        )
    return steps
