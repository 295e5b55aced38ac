"""QTL results as pandas tables: the published examples beside the engine, and a plan's verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mhnotebook.paths import samples_dir
from mhnotebook.rules.parity.plan_file import plan_from_data, read_structured
from mhnotebook.rules.parity.qtl import PlanVerdict, evaluate_comparison

if TYPE_CHECKING:
    import pandas as pd

STATED_KEYS = ("fraction_subject", "substantially_all", "predominant_level", "levels_combined")


def worked_examples_table(path: Path | None = None) -> pd.DataFrame:
    """One row per (example, result): the source's stated value, the computed value, and whether they agree."""
    import pandas as pd

    data = read_structured(path or samples_dir() / "parity" / "worked-examples.yaml")
    rows = []
    for example in data["examples"]:
        result = evaluate_comparison(plan_from_data(example["comparison"]).comparisons[0]).as_json()
        for key in STATED_KEYS:
            stated, computed = example["stated"][key], result[key]
            rows.append(
                {
                    "example": example["name"],
                    "result": key,
                    "stated in the source": _text(stated),
                    "computed": _text(computed),
                    "agree": stated == computed,
                }
            )
    return pd.DataFrame(rows)


def _text(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, list):
        return " + ".join(f"{v}" for v in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def verdict_table(verdict: PlanVerdict) -> pd.DataFrame:
    """One row per comparison: where, type, fraction subject, predominant level, MH/SUD level, pass/fail."""
    import pandas as pd

    rows = []
    for r in verdict.results:
        j = r.as_json()
        rows.append(
            {
                "comparison": r.comparison.label or j["classification"],
                "classification": j["classification"],
                "type": j["requirement_type"],
                "fraction subject": j["fraction_subject"],
                "substantially all": j["substantially_all"],
                "predominant level": j["predominant_level"] or "none",
                "MH/SUD level": j["mh_sud_level"] or "none",
                "MH/SUD permitted": "pass" if r.mh_sud_permitted else "FAIL",
            }
        )
    return pd.DataFrame(rows)
