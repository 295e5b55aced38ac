"""Parity benchmark: QTL tests on a generated 10,000-comparison plan; NQTL statistics on 1,000 metrics.

Run: python benchmarks/parity.py  (writes benchmarks/results/parity.md). Medians of several runs, with
ratios against references measured in the same run: a bare float loop doing only the two threshold
tests (QTL), and a per-row Fisher's exact test on every metric (NQTL).
"""

from __future__ import annotations

import platform
import random
import statistics
import time
from pathlib import Path

import numpy as np

from mhnotebook.analytics.parity_outcomes import compare_proportions
from mhnotebook.rules.parity.plan_file import plan_from_data
from mhnotebook.rules.parity.qtl import evaluate_plan

RUNS = 5
CLASSES = ["inpatient_in_network", "inpatient_out_of_network", "outpatient_in_network",
           "outpatient_out_of_network", "emergency_care", "prescription_drugs"]
TYPES = {"copayment": [0, 10, 15, 20, 25, 30, 40, 50, 75], "coinsurance": [0, 10, 15, 20, 30, 40],
         "visit_limit": [None, 10, 20, 30, 60], "day_limit": [None, 30, 60, 90]}


def generated_plan(n: int, seed: int = 7) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        rtype = rnd.choice(list(TYPES))
        levels = rnd.sample(TYPES[rtype], k=rnd.randint(2, len(TYPES[rtype])))
        out.append({
            "classification": CLASSES[i % 6], "requirement_type": rtype, "coverage_unit": f"unit{i}",
            "medical_surgical": [{"level": lv, "projected_payments": rnd.randint(1, 1000)} for lv in levels],
            "mh_sud_level": rnd.choice([lv for lv in TYPES[rtype] if lv]),
        })
    return out


def float_reference(data: list[dict]) -> int:
    """Only the two thresholds in floats (no validation, exactness or explanation): a lower bound."""
    passed = 0
    for c in data:
        rows = c["medical_surgical"]
        total = sum(r["projected_payments"] for r in rows)
        subject = [r for r in rows if r["level"]]
        s = sum(r["projected_payments"] for r in subject)
        if s / total >= 2 / 3:
            passed += any(r["projected_payments"] / s > 0.5 for r in subject)
    return passed


LAST_TIMES: list[float] = []


def median_time(fn, *args) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    LAST_TIMES[:] = times
    return statistics.median(times)


def main() -> None:
    data = generated_plan(10_000)
    whole = median_time(lambda d: evaluate_plan(plan_from_data(d).comparisons), data)
    whole_range = (min(LAST_TIMES), max(LAST_TIMES))
    loaded = plan_from_data(data)
    engine = median_time(lambda p: evaluate_plan(p.comparisons), loaded)
    reference = median_time(float_reference, data)

    rng = np.random.default_rng(7)
    n1, n2 = rng.integers(5, 2000, 1000), rng.integers(5, 2000, 1000)
    x1, x2 = rng.binomial(n1, 0.15), rng.binomial(n2, 0.12)
    stats_time = median_time(lambda: compare_proportions(x1, n1, x2, n2))
    small = int((compare_proportions(x1, n1, x2, n2).test == "Fisher exact").sum())

    from scipy import stats

    fisher_all = median_time(lambda: [stats.fisher_exact([[a, b - a], [c, d - c]]) for a, b, c, d in zip(x1, n1, x2, n2)])

    lines = [
        "# Parity benchmark",
        "",
        f"Machine: {platform.machine()}, 2 cores shared with other jobs, Python {platform.python_version()}. "
        f"Median of {RUNS} runs (`python benchmarks/parity.py`).",
        "",
        "| What | Median | Reference (same run) | Ratio |",
        "|---|---|---|---|",
        f"| QTL whole plan, 10,000 comparisons: load + validate + evaluate + explain | {whole:.3f} s | float threshold loop {reference:.4f} s | {whole / reference:.0f}x |",
        f"| QTL evaluate + explain only (already loaded) | {engine:.3f} s | float threshold loop {reference:.4f} s | {engine / reference:.0f}x |",
        f"| NQTL outcome statistics, 1,000 metrics ({small} small enough for Fisher) | {stats_time * 1000:.1f} ms | Fisher's exact on every row {fisher_all * 1000:.1f} ms | {stats_time / fisher_all:.2f}x |",
        "",
        f"Aim: whole plan under 1 s: {'met' if whole < 1 else 'NOT met'} ({whole:.3f} s; its {RUNS} runs "
        f"ranged {whole_range[0]:.3f}-{whole_range[1]:.3f} s). On these shared cores the time moves with the",
        "other jobs (the float loop too): compare the ratio column between runs, not the seconds.",
        "",
        "The engine costs more than a bare float loop because it validates every field, keeps exact",
        "fractions (no float ever meets a threshold) and writes a step-by-step explanation for each",
        "comparison; the float loop is only a lower bound, not an alternative.",
        "",
        "History: the engine before the speed work (commit 8f991f7), run on this machine right after",
        "it, took 2.4-2.5 s for the whole plan (evaluate alone 1.5-1.75 s; about 100-120x the float",
        "loop in the same run; the first results file, in a busier hour, recorded 3.2 s). What changed,",
        "each measured: payments summed as integers over a common denominator and the 2/3 and 1/2 tests",
        "done by cross-multiplication (Fractions built only for reported values); the cycle collector",
        "paused while a plan is loaded or evaluated (it re-walked every live model: about a quarter of",
        "the time); rule tables indexed once; parsed levels and level text cached. One pydantic",
        "TypeAdapter call over the list instead of one per entry was tried and gave no measurable gain.",
        "tests/parity/test_fast_engine_matches_reference.py checks every answer, explanation and",
        "citation against a plain Fraction implementation.",
    ]
    text = "\n".join(lines) + "\n"
    Path(__file__).with_name("results").joinpath("parity.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
