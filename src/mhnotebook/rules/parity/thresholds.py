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

    def met_by_ratio(self, numerator: int, denominator: int) -> bool:
        """``met_by(numerator / denominator)`` by cross-multiplying integers (denominator > 0).

        Still exact, without building a Fraction per test: the engine asks this for every level's
        share and every running sum of a plan, so the gcd each Fraction costs adds up.
        """
        if type(numerator) is not int or type(denominator) is not int or denominator <= 0:
            raise TypeError("thresholds compare exact integer ratios with a positive denominator")
        left = numerator * self.threshold.denominator
        right = self.threshold.numerator * denominator
        if self.boundary == "at_least":
            return left >= right
        if self.boundary == "more_than":
            return left > right
        return left < right


@cache
def threshold(test: str) -> ThresholdRow:
    for row in load_table("parity_thresholds", ThresholdRow):
        if row.test == test:
            return row
    raise KeyError(f"no parity threshold named {test!r}")
