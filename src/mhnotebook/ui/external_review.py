"""Widgets for notebook 07: report years, review type and groups; IMR table and chart redraw.

Figures come from :mod:`mhnotebook.analytics.imr_metrics`; this module only wires controls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mhnotebook.analytics import charts
from mhnotebook.analytics.imr import describe_grouping, grouping_sentence
from mhnotebook.analytics.imr_metrics import filter_decisions, overturn_table, summarize_imr
from mhnotebook.ui._display import html_table, message, show

if TYPE_CHECKING:
    from mhnotebook.analytics.imr import ImrData

ALL = "__all__"


class ExternalReviewExplorer:
    """IMR overturn rates, MH/SUD vs other care, for the chosen years and review type."""

    def __init__(self, data: ImrData) -> None:
        import ipywidgets as w

        self.data = data
        years = sorted(int(y) for y in data.decisions["report_year"].unique())
        types = sorted(data.decisions["review_type"].unique())
        self.years = w.IntRangeSlider(
            value=(years[0], years[-1]), min=years[0], max=years[-1], description="Years"
        )
        self.review_type = w.Dropdown(
            options=[("All review types", ALL), *((t, t) for t in types)],
            value=ALL,
            description="Review type",
        )
        self.groups = w.SelectMultiple(
            options=["MH/SUD", "Other", "Autism"], value=("MH/SUD", "Other"), description="Compare", rows=3
        )
        self.summary = w.Output()
        self.chart = w.Output()
        self.about = w.Output()
        self.last_chart: Any = None
        self.last_summary: dict[str, Any] = {}
        for control in (self.years, self.review_type, self.groups):
            control.observe(lambda _change: self.refresh(), names="value")
        self.widget = w.VBox(
            [w.HBox([self.years, self.review_type]), self.groups, self.summary, self.chart, self.about]
        )
        self.refresh()

    def refresh(self) -> None:
        low, high = self.years.value
        kept, said = filter_decisions(
            self.data.decisions,
            years=tuple(range(low, high + 1)),
            review_types=() if self.review_type.value == ALL else (self.review_type.value,),
        )
        groups = tuple(self.groups.value) or ("MH/SUD", "Other")
        if kept.empty:
            show(self.summary, message("No decisions match these filters."))
            show(self.chart)
            return
        self.last_summary = summarize_imr(kept, describe_grouping(), [grouping_sentence(), *said])
        show(
            self.summary,
            html_table(group_table(self.last_summary), "IMR decisions overturned (Wilson 95% CI)"),
        )
        self.last_chart = charts.chart_imr_by_year(
            overturn_table(kept, ["report_year", "group"]), "IMR overturn rate by report year", groups
        )
        show(self.chart, self.last_chart)
        show(self.about, self.data.provenance(tuple(said)))


def group_table(summary: dict[str, Any]) -> Any:
    """Overall, MH/SUD (and its MH and SUD parts), other care and autism, one row each."""
    import pandas as pd

    parts = [
        ("All IMRs", summary["overall"]),
        ("MH/SUD", summary["mh_sud"]),
        ("  MH (non-SUD)", summary["mh_sud_subgroups"]["MH (non-SUD)"]),
        ("  SUD", summary["mh_sud_subgroups"]["SUD"]),
        ("Other care", summary["other"]),
        ("Autism (apart)", summary["autism"]),
    ]
    rows = []
    for label, p in parts:
        if p["n"]:
            rows.append(
                (
                    label,
                    f"{p['n']:,}",
                    f"{p['overturned']:,}",
                    f"{p['rate']:.1%}",
                    f"{p['ci_low']:.1%}–{p['ci_high']:.1%}",
                )
            )
        else:
            rows.append((label, "0", "0", "—", "—"))
    return pd.DataFrame(rows, columns=["Group", "Decisions", "Overturned", "Rate", "95% CI"])
