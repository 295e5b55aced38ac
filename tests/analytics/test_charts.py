"""Chart specs: the right marks, fields, tooltips and aggregated data, checked on chart.to_dict()."""

from __future__ import annotations

import pandas as pd

from mhnotebook.analytics import charts
from mhnotebook.analytics.denial_metrics import (
    appeals_funnel,
    denial_rates_by_network,
    issuer_denial_rates,
    reason_shares,
)
from mhnotebook.analytics.imr_metrics import overturn_table
from tests.analytics.test_denial_metrics import issuers, reasons


def _data(spec: dict, layer: int | None = None) -> list[dict]:
    datasets = spec["datasets"]
    name = (spec["layer"][layer] if layer is not None else spec)["data"]["name"]
    return datasets[name]


def test_issuer_chart_has_one_bar_per_issuer_a_pooled_rule_and_the_range():
    spec = charts.chart_denial_rate_by_issuer(
        issuer_denial_rates(issuers()[issuers()["claims_year"] == 2022]), "T"
    ).to_dict()
    bars, rule = spec["layer"]
    assert bars["mark"]["type"] == "bar" and rule["mark"]["type"] == "rule"
    assert bars["encoding"]["y"]["sort"] == "-x"
    assert {t["field"] for t in bars["encoding"]["tooltip"]} >= {"rate", "denied", "claims"}
    rows = _data(spec, 0)
    assert len(rows) == 3  # the issuer with suppressed denials has no rate and no bar
    pooled = rule["data"]["values"][0]["pooled"]
    assert pooled == (200 + 300 + 900) / (1000 + 3000 + 900)
    assert spec["title"]["subtitle"].startswith("3 issuers; range 10.0%–100.0%")


def test_reason_chart_stacks_shares_by_year():
    spec = charts.chart_reasons_stacked(reason_shares(reasons()), "Reasons").to_dict()
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["y"]["stack"] == "normalize"
    assert spec["encoding"]["color"]["field"] == "reason_label"
    assert len(set(spec["encoding"]["color"]["scale"]["range"])) == 10  # ten reasons, ten colours
    assert sum(r["share"] for r in _data(spec)) == 1.0


def test_trend_and_network_charts_use_network_colours_and_carry_denominators():
    rates = denial_rates_by_network(issuers()[~issuers()["sadp_only"]], ["claims_year"])
    trend = charts.chart_denial_trend(rates, "Trend").to_dict()
    assert trend["mark"]["type"] == "line"
    assert trend["encoding"]["color"]["scale"]["domain"] == ["In-network", "Out-of-network"]
    rows = _data(trend)
    assert {(r["claims_year"], r["network"]) for r in rows} == {
        (2021, "In-network"),
        (2022, "In-network"),
        (2022, "Out-of-network"),
    }
    network = charts.chart_network_comparison(rates, "Network").to_dict()
    assert network["encoding"]["column"]["field"] == "claims_year"
    assert {t["field"] for t in network["encoding"]["tooltip"]} >= {"denied", "claims"}


def test_funnel_orders_the_stages_and_uses_a_log_scale():
    spec = charts.chart_appeals_funnel(
        appeals_funnel(issuers()[issuers()["claims_year"] == 2022]), "Funnel"
    ).to_dict()
    assert spec["encoding"]["x"]["scale"]["type"] == "log"
    assert spec["encoding"]["y"]["sort"]["field"] == "order"
    assert [r["stage"] for r in sorted(_data(spec), key=lambda r: r["order"])] == [
        "Claims (in-network)", "Denied", "Internal appeals", "Overturned",
    ]  # fmt: skip


def test_imr_chart_has_lines_and_wilson_error_bars_for_the_chosen_groups():
    decisions = pd.DataFrame(
        {
            "report_year": [2015] * 4 + [2016] * 4,
            "group": ["MH/SUD", "MH/SUD", "Other", "Autism"] * 2,
            "overturned": [True, False, True, True, False, False, True, True],
        }
    )
    spec = charts.chart_imr_by_year(overturn_table(decisions, ["report_year", "group"]), "IMR").to_dict()
    bars, line = spec["layer"]
    assert bars["mark"]["type"] == "errorbar" and bars["encoding"]["y2"]["field"] == "ci_high"
    assert line["encoding"]["color"]["scale"]["domain"] == ["MH/SUD", "Other"]
    rows = _data(spec)
    assert {r["group"] for r in rows} == {"MH/SUD", "Other"}
    mh2015 = next(r for r in rows if r["group"] == "MH/SUD" and r["report_year"] == 2015)
    assert (mh2015["n"], mh2015["overturned"], mh2015["rate"]) == (2, 1, 0.5)
