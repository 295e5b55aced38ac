"""The types of financial requirement and QTL, with unit and direction of restrictiveness (cited table).

A lower visit or day limit is more restrictive while a higher copay is: the direction is data, so
"most restrictive first" and "no more restrictive than" mean the right thing for every type.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Literal

from mhnotebook.rules.rule_table import CitedRow, load_table


class RequirementTypeRow(CitedRow):
    requirement_type: str
    label: str
    kind: Literal["financial_requirement", "quantitative_treatment_limitation"]
    unit: Literal["dollars", "percent", "visits", "days", "episodes"]
    more_restrictive: Literal["higher", "lower"]
    cumulative: bool

    @property
    def is_limit(self) -> bool:
        """A QTL (visit/day/episode limit), where 'no limit' rather than 'zero' means not subject."""
        return self.kind == "quantitative_treatment_limitation"

    def stricter(self, a: Fraction, b: Fraction) -> bool:
        """Whether level ``a`` is more restrictive than level ``b`` for this type."""
        return a > b if self.more_restrictive == "higher" else a < b

    def restrictiveness_key(self, level: Fraction) -> Fraction:
        """Sort key: larger means more restrictive."""
        return level if self.more_restrictive == "higher" else -level


def requirement_types() -> tuple[RequirementTypeRow, ...]:
    return load_table("parity_requirement_types", RequirementTypeRow)


def requirement_type(name: str) -> RequirementTypeRow | None:
    return _types_by_name().get(name)


@cache
def _types_by_name() -> dict[str, RequirementTypeRow]:
    """The table indexed once: a plan file looks a type up for every comparison."""
    return {row.requirement_type: row for row in requirement_types()}
