"""Small statistics the metrics share: proportions with Wilson score intervals."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Proportion:
    """``k`` of ``n`` with a Wilson score interval (good at small n and near 0 or 1, unlike Wald)."""

    n: int
    k: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None

    def as_dict(self, k_name: str = "k") -> dict[str, Any]:
        return {
            "n": self.n,
            k_name: self.k,
            "rate": self.rate,
            "ci_low": self.ci_low,
            "ci_high": self.ci_high,
        }


def wilson(k: int, n: int, z: float = 1.959963984540054) -> Proportion:
    """Wilson score interval for ``k`` successes in ``n`` trials (95% by default)."""
    if n < 0 or k < 0 or k > n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return Proportion(0, 0, None, None, None)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Rounding can leave the bound a hair past the rate at k = 0 or k = n; the exact bound is the rate.
    low = 0.0 if k == 0 else max(0.0, min(p, centre - half))
    high = 1.0 if k == n else min(1.0, max(p, centre + half))
    return Proportion(n, k, p, low, high)
