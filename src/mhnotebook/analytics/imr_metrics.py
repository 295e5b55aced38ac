"""Overturn rates for IMR decisions: overall, MH/SUD vs other care, by year and by review type.

Each rate carries a Wilson 95% interval: yearly MH/SUD counts are in the tens to hundreds, so a
bare percentage would overstate how much one year differs from the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mhnotebook.analytics.stats import wilson

if TYPE_CHECKING:
    import pandas as pd


def _prop(frame: pd.DataFrame) -> dict[str, Any]:
    return wilson(int(frame["overturned"].sum()), len(frame)).as_dict("overturned")


def overturn_table(decisions: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """n, overturned, rate and Wilson interval per group of ``by`` (tidy, for charts and tables)."""
    import pandas as pd

    rows = []
    for keys, part in decisions.groupby(by, sort=True):
        keys = keys if isinstance(keys, tuple) else (keys,)
        rows.append({**dict(zip(by, keys, strict=True)), **_prop(part)})
    columns = [*by, "n", "overturned", "rate", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns)


def filter_decisions(
    decisions: pd.DataFrame,
    *,
    years: tuple[int, ...] = (),
    review_types: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """The decisions kept and a sentence per filter applied."""
    out, said = decisions, []
    if years:
        out = out[out["report_year"].isin(years)]
        said.append("report years " + ", ".join(map(str, sorted(years))))
    if review_types:
        out = out[out["review_type"].isin(review_types)]
        said.append("review types " + ", ".join(review_types))
    if groups:
        out = out[out["group"].isin(groups)]
        said.append("groups " + ", ".join(groups))
    return out, said


def summarize_imr(
    decisions: pd.DataFrame, grouping_description: dict[str, Any], filters: list[str]
) -> dict[str, Any]:
    """The CLI's IMR summary: overall, mh_sud, other, autism, by_year, by_type, groups, filters."""
    mh = decisions[decisions["group"] == "MH/SUD"]
    by_year = overturn_table(decisions, ["report_year", "group"])
    by_type = overturn_table(decisions, ["review_type", "group"])

    def records(table: pd.DataFrame) -> list[dict[str, Any]]:
        return [
            {k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}
            for r in table.to_dict("records")
        ]

    return {
        "overall": _prop(decisions),
        "mh_sud": _prop(mh),
        "mh_sud_subgroups": {name: _prop(mh[mh["subgroup"] == name]) for name in ("MH (non-SUD)", "SUD")},
        "other": _prop(decisions[decisions["group"] == "Other"]),
        "autism": _prop(decisions[decisions["group"] == "Autism"]),
        "by_year": records(by_year),
        "by_type": records(by_type),
        "groups": grouping_description,
        "filters": filters,
    }
