"""Statistical comparison of NQTL outcomes: MH/SUD versus medical/surgical rates.

A higher MH/SUD denial rate is a warning sign only when it is unlikely to be chance, and a plan with
many NQTLs and metrics will show some differences by chance alone. So each difference gets a 95%
confidence interval (Newcombe's hybrid score interval, which behaves with small counts), a p-value
(Fisher's exact test when any expected cell is under 5, else the chi-square test), and the p-values
are adjusted for multiple comparisons (Holm by default; Benjamini-Hochberg on request).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

Z95 = 1.959963984540054  # the normal quantile for a two-sided 95% interval


def wilson_interval(x: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for x successes in n trials (vectorised)."""
    p = x / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return centre - half, centre + half


def compare_proportions(
    x1: np.ndarray | list[int],
    n1: np.ndarray | list[int],
    x2: np.ndarray | list[int],
    n2: np.ndarray | list[int],
    *,
    adjust: Literal["holm", "bh", "none"] = "holm",
) -> pd.DataFrame:
    """Rates, difference (1 minus 2) with a 95% CI, the test used, raw and adjusted p-values.

    >>> compare_proportions([30], [100], [15], [100])["difference"].round(2).tolist()
    [0.15]
    """
    import pandas as pd
    from scipy import stats

    x1a, n1a, x2a, n2a = (np.asarray(v, dtype=float) for v in (x1, n1, x2, n2))
    if np.any(n1a <= 0) or np.any(n2a <= 0):
        raise ValueError("every rate needs a denominator above zero")
    if np.any(x1a > n1a) or np.any(x2a > n2a) or np.any(x1a < 0) or np.any(x2a < 0):
        raise ValueError("counts must be between zero and their denominator")
    p1, p2 = x1a / n1a, x2a / n2a
    diff = p1 - p2
    l1, u1 = wilson_interval(x1a, n1a)
    l2, u2 = wilson_interval(x2a, n2a)
    lower = diff - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    upper = diff + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)

    total = n1a + n2a
    successes = x1a + x2a
    failures = total - successes
    expected = np.minimum.reduce([n1a * successes, n1a * failures, n2a * successes, n2a * failures]) / total
    small = expected < 5
    pvalues = np.ones_like(p1)
    # Chi-square (no continuity correction) for the large tables, vectorised.
    pooled = successes / total
    var = pooled * (1 - pooled) * (1 / n1a + 1 / n2a)
    with np.errstate(divide="ignore", invalid="ignore"):
        zstat = np.where(var > 0, diff / np.sqrt(var), 0.0)
    pvalues = 2 * stats.norm.sf(np.abs(zstat))
    for i in np.flatnonzero(small):
        table = [[x1a[i], n1a[i] - x1a[i]], [x2a[i], n2a[i] - x2a[i]]]
        pvalues[i] = stats.fisher_exact(np.asarray(table, dtype=np.int64)).pvalue
    adjusted = adjust_pvalues(pvalues, adjust)
    return pd.DataFrame(
        {
            "rate_1": p1,
            "rate_2": p2,
            "difference": diff,
            "ci_low": lower,
            "ci_high": upper,
            "test": np.where(small, "Fisher exact", "chi-square"),
            "p_value": pvalues,
            "p_adjusted": adjusted,
        }
    )


def adjust_pvalues(pvalues: np.ndarray, method: Literal["holm", "bh", "none"] = "holm") -> np.ndarray:
    """Holm step-down (family-wise error) or Benjamini-Hochberg (false discovery rate)."""
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    if m == 0 or method == "none":
        return p.copy()
    if method == "bh":
        from scipy import stats

        return np.asarray(stats.false_discovery_control(p, method="bh"))
    if method != "holm":
        raise ValueError(f"unknown adjustment {method!r}; use holm, bh or none")
    order = np.argsort(p)
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out
