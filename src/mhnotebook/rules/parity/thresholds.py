"""The exact thresholds (2/3, 1/2, 1/3) and which side of each the boundary falls on (cited table).

"At least two-thirds" and "more than one-half" meet exact boundaries in real plans (Example 2 sums
to exactly one-half), so the comparison is rational arithmetic, never floating point.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict

from mhnotebook.models.parity import to_fraction
from mhnotebook.rules.rule_table import CitedRow, load_table


class ThresholdRow(CitedRow):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    test: str
    threshold: Annotated[Fraction, BeforeValidator(to_fraction)]
    boundary: Literal["at_least", "more_than", "less_than"]
    wording: str

    def met_by(self, value: Fraction) -> bool:
        """Whether ``value`` satisfies the threshold, boundary included or excluded as the rule says."""
        if not isinstance(value, Fraction | int):
            raise TypeError("thresholds compare exact fractions only")
        if self.boundary == "at_least":
            return value >= self.threshold
        if self.boundary == "more_than":
            return value > self.threshold
        return value < self.threshold


@cache
def threshold(test: str) -> ThresholdRow:
    for row in load_table("parity_thresholds", ThresholdRow):
        if row.test == test:
            return row
    raise KeyError(f"no parity threshold named {test!r}")
