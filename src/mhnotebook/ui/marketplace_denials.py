"""Widgets for notebook 06: pick a claims year, state, issuer, network and reasons; tables and charts redraw.

All figures come from :mod:`mhnotebook.analytics.denial_metrics`; this module only wires controls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mhnotebook.analytics import charts
from mhnotebook.analytics import denial_metrics as dm
from mhnotebook.analytics.tic_puf import reason_labels
from mhnotebook.ui._display import html_table, message, show

if TYPE_CHECKING:
    from mhnotebook.analytics.tic_dataset import TicDataset

ALL = "__all__"


class MarketplaceDenialsExplorer:
    """Filters on the left, headline table and charts on the right; ``.widget`` is what to display."""

    def __init__(self, data: TicDataset) -> None:
        import ipywidgets as w

        self.data = data
        years = data.claims_years
        states = sorted(data.issuers["state"].unique())
        self.year = w.Dropdown(options=years, value=years[-1], description="Claims year")
        self.state = w.Dropdown(
            options=[("All states", ALL), *((s, s) for s in states)], value=ALL, description="State"
        )
        self.issuer = w.Dropdown(options=[("All issuers", ALL)], value=ALL, description="Issuer")
        self.network = w.ToggleButtons(
            options=[("In-network", "in_network"), ("Out-of-network", "out_of_network")],
            value="in_network",
            description="Network",
        )
        self.reasons = w.SelectMultiple(
            options=[(label, key) for key, label in reason_labels().items()],
            value=tuple(reason_labels()),
            description="Reasons",
            rows=6,
            layout=w.Layout(width="520px"),
        )
        self.exclude_anomalies = w.Checkbox(
            value=False,
            description="Leave out issuers with flagged anomalies",
            indent=False,  # the whole sentence shows instead of being cut at the description width
        )
        self.summary = w.Output()
        self.charts = w.Output()
        self.about = w.Output()
        self.last_charts: dict[str, Any] = {}
        self.last_summary: dict[str, Any] = {}
        self._refresh_issuers()
        for control in (self.year, self.state):
            control.observe(self._on_scope, names="value")
        for control in (self.issuer, self.network, self.reasons, self.exclude_anomalies):
            control.observe(lambda _change: self.refresh(), names="value")
        controls = w.VBox(
            [self.year, self.state, self.issuer, self.network, self.reasons, self.exclude_anomalies]
        )
        self.widget = w.VBox([controls, self.summary, self.charts, self.about])
        self.refresh()

    def _on_scope(self, _change: Any) -> None:
        self._refresh_issuers()
        self.refresh()

    def _refresh_issuers(self) -> None:
        frame = self.data.issuers[self.data.issuers["claims_year"] == self.year.value]
        if self.state.value != ALL:
            frame = frame[frame["state"] == self.state.value]
        frame = frame[~frame["sadp_only"]].sort_values(["issuer_name", "state"])
        options = [("All issuers", ALL)] + [
            (f"{n} ({s})", i)
            for n, s, i in zip(frame["issuer_name"], frame["state"], frame["issuer_id"], strict=True)
        ]
        keep = self.issuer.value if self.issuer.value in {v for _, v in options} else ALL
        with self.issuer.hold_trait_notifications():
            self.issuer.options = options
            self.issuer.value = keep

    def filters(self, *, all_years: bool = False) -> dm.PufFilters:
        return dm.PufFilters(
            years=() if all_years else (int(self.year.value),),
            states=() if self.state.value == ALL else (self.state.value,),
            issuer_ids=() if self.issuer.value == ALL else (self.issuer.value,),
            exclude_anomalies=bool(self.exclude_anomalies.value),
            reasons=tuple(self.reasons.value) if len(self.reasons.value) < len(reason_labels()) else (),
        )

    def refresh(self) -> None:
        """Recompute every table and chart for the current controls."""
        filters = self.filters()
        issuers = dm.filter_issuers(self.data.issuers, filters)
        if issuers.empty:
            show(self.summary, message("No issuer matches these filters."))
            show(self.charts)
            return
        summary = dm.summarize_years(self.data.issuers, self.data.reasons, filters)[0]
        self.last_summary = summary
        show(self.summary, html_table(headline_table(summary), f"Claims year {summary['claims_year']}"))
        network = self.network.value
        label = dm.NETWORKS[network]
        trend_issuers = dm.filter_issuers(self.data.issuers, self.filters(all_years=True))
        reasons = dm.filter_reasons(self.data.reasons, self.data.issuers, self.filters(all_years=True))
        self.last_charts = {
            "issuers": charts.chart_denial_rate_by_issuer(
                dm.issuer_denial_rates(issuers, network),
                f"{label} denial rate by issuer, claims year {self.year.value}",
            ),
            "trend": charts.chart_denial_trend(
                dm.denial_rates_by_network(trend_issuers, ["claims_year"]), "Denial rate by claims year"
            ),
            "network": charts.chart_network_comparison(
                dm.denial_rates_by_network(trend_issuers, ["claims_year"]), "In- vs out-of-network"
            ),
            "reasons": charts.chart_reasons_stacked(dm.reason_shares(reasons), "Why claims were denied"),
            "funnel": charts.chart_appeals_funnel(
                dm.appeals_funnel(issuers),
                f"From claims to overturned appeals, claims year {self.year.value}",
            ),
        }
        show(self.charts, *self.last_charts.values())
        provenance = self.data.provenance(summary["filters"])
        show(self.about, provenance)


def headline_table(summary: dict[str, Any]) -> Any:
    """The CLI summary as a two-column table for people (percentages, counts with separators)."""
    import pandas as pd

    def pct(v: float | None) -> str:
        return "not reported" if v is None else f"{v:.1%}"

    def count(v: int | None) -> str:
        return "not reported" if v is None else f"{v:,}"

    rows = [
        ("Issuers (issuer × state)", count(summary["issuers"])),
        ("In-network claims", count(summary["in_network_claims"])),
        (
            "In-network claims denied",
            f"{count(summary['in_network_denied'])} ({pct(summary['in_network_denial_rate'])})",
        ),
        ("Out-of-network claims denied", pct(summary["out_of_network_denial_rate"])),
        ("Internal appeals filed", count(summary["internal_appeals_filed"])),
        (
            "Internal appeals overturned",
            f"{count(summary['internal_appeals_overturned'])} ({pct(summary['internal_appeal_overturn_rate'])})",
        ),
        ("Internal appeals upheld", pct(summary["internal_appeal_upheld_rate"])),
        (
            "Behavioral-health share of medical-necessity denials",
            pct(summary["behavioral_health_share_of_medical_necessity_denials"]),
        ),
    ]
    return pd.DataFrame(rows, columns=["Measure", "Value"])
