"""Charts of a practice's denials: by path, by payer, by month. Specs only, no I/O.

Each builder aggregates first (:func:`~mhnotebook.analytics.remits.metrics.denials_by`), so a
million denied lines chart as a few dozen rows, and stacks or colours by whether the lines look
worth appealing, which is the question a practice brings to these charts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mhnotebook.analytics.remits.metrics import denials_by

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: How many payers a bar chart shows before grouping the rest as "other payers".
TOP_PAYERS = 12


def _by_worth(denied: pd.DataFrame, by: str) -> pd.DataFrame:
    """Counts per ``by`` value split into worth appealing / other, long form for stacking."""
    table = denials_by(denied, by)
    long = table.assign(other=table["denied_lines"] - table["worth_appealing"]).melt(
        id_vars=[by, "denied_lines", "denied_amount"],
        value_vars=["worth_appealing", "other"],
        var_name="advice",
        value_name="lines",
    )
    long["advice"] = long["advice"].map(
        {"worth_appealing": "looks worth appealing", "other": "correct, check or ask"}
    )
    return long


def _bar(data: pd.DataFrame, by: str, title: str, axis_title: str, sort: list[str]) -> alt.Chart:
    import altair as alt

    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", sort=sort, title=axis_title, axis=alt.Axis(labelLimit=320)),
            x=alt.X("sum(lines):Q", title="denied lines"),
            color=alt.Color(
                "advice:N",
                title="advice",
                sort=["looks worth appealing", "correct, check or ask"],
            ),
            order=alt.Order("advice:N", sort="descending"),
            tooltip=[
                alt.Tooltip(f"{by}:N", title=axis_title),
                alt.Tooltip("advice:N"),
                alt.Tooltip("lines:Q", title="denied lines"),
                alt.Tooltip("denied_lines:Q", title="all denied lines"),
                alt.Tooltip("denied_amount:Q", title="amount denied ($)", format=",.2f"),
            ],
        )
    )


def chart_denials_by_path(denied: pd.DataFrame) -> alt.Chart:
    """Denied lines per triage path, split by whether they look worth appealing."""
    data = _by_worth(denied, "path")
    order = list(denials_by(denied, "path")["path"])
    return _bar(data, "path", "Where the denials come from: triage path", "path", order)


def chart_denials_by_payer(denied: pd.DataFrame, *, top: int = TOP_PAYERS) -> alt.Chart:
    """Denied lines per payer (the ``top`` largest; the rest summed as "other payers")."""
    counts = denials_by(denied, "payer")
    keep = set(counts["payer"].head(top))
    names = denied["payer_name"].astype(str)
    payers = names.where(names.isin(keep), "other payers")
    data = _by_worth(denied.assign(payer_name=payers), "payer")
    order = [p for p in counts["payer"].head(top)] + (["other payers"] if len(counts) > top else [])
    return _bar(data, "payer", "Denied lines by payer", "payer", order)


def chart_denials_by_month(denied: pd.DataFrame) -> alt.Chart:
    """Denied lines per remittance month, stacked by path."""
    import altair as alt

    table = (
        denied.groupby(["month", "path_label"], observed=True)
        .agg(lines=("denied_amount", "size"), denied_amount=("denied_amount", "sum"))
        .reset_index()
    )
    table["denied_amount"] = table["denied_amount"].round(2)
    return (
        alt.Chart(table, title="Denied lines by remittance month and path")
        .mark_bar()
        .encode(
            x=alt.X("month:O", title="remittance month"),
            y=alt.Y("sum(lines):Q", title="denied lines"),
            color=alt.Color("path_label:N", title="path"),
            tooltip=[
                alt.Tooltip("month:O", title="month"),
                alt.Tooltip("path_label:N", title="path"),
                alt.Tooltip("lines:Q", title="denied lines"),
                alt.Tooltip("denied_amount:Q", title="amount denied ($)", format=",.2f"),
            ],
        )
    )
