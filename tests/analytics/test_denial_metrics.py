"""Denial, reason and appeal metrics on small hand-built tables with answers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mhnotebook.analytics.denial_metrics import (
    PufFilters,
    appeal_rates,
    appeals_funnel,
    behavioral_health_share,
    denial_rates,
    denial_rates_by_network,
    issuer_denial_rates,
    reason_shares,
    summarize_years,
)
from mhnotebook.analytics.stats import wilson

NA = float("nan")


def issuers() -> pd.DataFrame:
    rows = [
        # year, state, id, recv_in, den_in, recv_out, den_out, filed, overturned, sadp, anomalies
        (2022, "TX", "11111", 1000, 200, 100, 40, 50, 20, False, []),
        (2022, "TX", "22222", 3000, 300, 100, 60, 30, 15, False, []),
        (2022, "OK", "33333", 500, NA, 50, 10, NA, NA, False, []),  # suppressed in-network denials
        (2022, "OK", "44444", 900, 900, 0, 0, 0, 0, True, []),  # dental-only: excluded by default
        (2021, "TX", "11111", 800, 80, NA, NA, 10, 12, False, ["internal appeals overturned > filed"]),
    ]
    cols = ["claims_year", "state", "issuer_id", "claims_received_in_network", "claims_denied_in_network",
            "claims_received_out_of_network", "claims_denied_out_of_network", "internal_appeals_filed",
            "internal_appeals_overturned", "sadp_only", "anomalies"]  # fmt: skip
    frame = pd.DataFrame(rows, columns=cols)
    frame["issuer_name"] = "Issuer " + frame["issuer_id"]
    frame["source"] = "CMS PUF workbook"
    for c in cols[3:9]:
        frame[c] = frame[c].astype("Float64")
    return frame


def reasons() -> pd.DataFrame:
    rows = [
        (2022, "TX", "11111", "not_medically_necessary_bh_only", 30, 0),
        (2022, "TX", "11111", "not_medically_necessary_excl_bh", 90, 1),
        (2022, "TX", "11111", "other", 80, 0),
        (2022, "TX", "22222", "other", NA, 2),
    ]
    frame = pd.DataFrame(
        rows, columns=["claims_year", "state", "issuer_id", "reason", "denied", "plans_suppressed"]
    )
    frame["reason_label"] = frame["reason"]
    frame["denied"] = frame["denied"].astype("Float64")
    return frame


def test_in_network_rate_pools_only_issuers_reporting_both_figures():
    kept = issuers()[~issuers()["sadp_only"]]
    rates = denial_rates(kept[kept["claims_year"] == 2022], ["claims_year"])
    assert rates["issuers"].tolist() == [2]
    assert rates["rate"].iloc[0] == pytest.approx(500 / 4000)


def test_out_of_network_rates_and_the_network_table():
    kept = issuers()[(~issuers()["sadp_only"]) & (issuers()["claims_year"] == 2022)]
    table = denial_rates_by_network(kept, ["claims_year"])
    assert table.set_index("network")["rate"].to_dict() == pytest.approx(
        {"In-network": 500 / 4000, "Out-of-network": 110 / 250}
    )


def test_issuer_rates_give_the_range_largest_first():
    table = issuer_denial_rates(issuers()[issuers()["claims_year"] == 2022])
    assert table["issuer_id"].tolist()[:2] == ["44444", "11111"]
    assert table["rate"].max() == 1.0 and table["rate"].min() == pytest.approx(0.1)


def test_reason_shares_sum_to_one_and_a_suppressed_reason_is_missing_not_zero():
    table = reason_shares(reasons())
    assert table["share"].sum() == pytest.approx(1.0)
    assert table.set_index("reason")["denied"].to_dict()["other"] == 80
    assert table.set_index("reason")["share"].to_dict()["other"] == pytest.approx(80 / 200)


def test_behavioral_health_share_of_medical_necessity_denials():
    table = behavioral_health_share(reasons())
    assert table["bh_share"].iloc[0] == pytest.approx(30 / 120)


def test_appeal_rates_and_upheld_is_the_complement():
    kept = issuers()[(~issuers()["sadp_only"]) & (issuers()["claims_year"] == 2022)]
    table = appeal_rates(kept).iloc[0]
    assert table["overturn_rate"] == pytest.approx(35 / 80)
    assert table["upheld_rate"] == pytest.approx(45 / 80)
    assert table["appeal_rate"] == pytest.approx(80 / (240 + 360))


def test_funnel_keeps_only_issuers_with_every_stage_so_stages_nest():
    funnel = appeals_funnel(issuers()[issuers()["claims_year"] == 2022])
    assert funnel["count"].tolist() == [4900, 1400, 80, 35]
    assert funnel["count"].is_monotonic_decreasing


def test_summary_has_the_issue_keys_null_out_of_network_before_the_split_and_states_filters():
    summary = summarize_years(issuers(), reasons(), PufFilters())
    first, second = summary
    assert first["claims_year"] == 2021 and first["out_of_network_denial_rate"] is None
    assert any("no in/out-of-network split" in f for f in first["filters"])
    assert second["in_network_denial_rate"] == pytest.approx(0.125)
    assert second["out_of_network_denial_rate"] == pytest.approx(110 / 250)
    assert second["internal_appeals_filed"] == 80 and second["internal_appeals_overturned"] == 35
    assert second["reason_shares"]["other"] == pytest.approx(0.4)
    assert "SADP-only (dental) issuers excluded from medical denial rates" in second["filters"]
    for key in ("issuers", "in_network_claims", "in_network_denied", "internal_appeal_overturn_rate"):
        assert key in second


def test_filters_by_state_and_anomalies_are_applied_and_described():
    summary = summarize_years(issuers(), None, PufFilters(states=("TX",), exclude_anomalies=True))
    assert [s["claims_year"] for s in summary] == [2022]
    assert summary[0]["issuers"] == 2
    assert "states TX" in summary[0]["filters"]


def test_wilson_matches_a_worked_example():
    # 8 of 10: Wilson 95% interval (0.4902, 0.9433) to 4 places.
    p = wilson(8, 10)
    assert (round(p.ci_low, 4), round(p.ci_high, 4)) == (0.4902, 0.9433)
    assert wilson(0, 0).rate is None


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_rate_and_stays_in_0_1(kn):
    k, n = kn
    p = wilson(k, n)
    if n:
        assert 0 <= p.ci_low <= p.rate <= p.ci_high <= 1
        assert not math.isnan(p.ci_low)


def test_published_comparison_reports_the_gap_in_percentage_points():
    from mhnotebook.analytics.denial_metrics import compare_with_published

    summary = [{"claims_year": 2023, "in_network_denial_rate": 0.2, "out_of_network_denial_rate": None,
                "internal_appeal_upheld_rate": 0.56}]  # fmt: skip
    table = compare_with_published(summary).set_index("measure")
    assert table.loc["In-network claims denied", "difference_points"] == 1.0
    assert pd.isna(table.loc["Out-of-network claims denied", "ours"])
    assert table.loc["Internal appeals upheld", "difference_points"] == 0.0
