"""Every real CMS PUF workbook loads with the right layout, legend meanings and issuer totals."""

from __future__ import annotations

import pandas as pd
import pytest

from mhnotebook.analytics.tic_panel import load_tic_panel
from mhnotebook.analytics.tic_puf import ISSUER_NUMBERS
from tests.datasets.conftest import PUF_FILES


@pytest.mark.parametrize(
    ("year", "layout", "puf_year"),
    [(2021, "puf2023", 2023), (2022, "puf2024", 2024), (2023, "puf2025", 2025), (2024, "puf2025", 2026)],
)
def test_each_workbook_maps_to_its_puf_year_layout(puf_by_year, year, layout, puf_year):
    data = puf_by_year[year]
    assert (data.claims_year, data.puf_year, data.layout) == (year, puf_year, layout)
    assert data.report.rows_kept == data.report.rows_read == len(data.plans)
    assert "self-reported by QHP issuers" in data.disclaimer


@pytest.mark.parametrize("year", sorted(PUF_FILES))
def test_issuers_are_one_row_per_issuer_and_state_counted_independently(real_dir, puf_by_year, year):
    raw = pd.read_excel(
        real_dir / "tic-puf" / PUF_FILES[year], sheet_name=1, header=2, dtype=str, engine="openpyxl"
    )
    expected = raw.dropna(subset=["State"]).drop_duplicates(["Issuer_ID", "State"])
    assert len(puf_by_year[year].issuers) == len(expected)
    assert len(puf_by_year[year].plans) == raw["State"].notna().sum()


@pytest.mark.parametrize("year", sorted(PUF_FILES))
def test_issuer_totals_match_the_third_party_panel_built_independently(real_dir, puf_by_year, year):
    panel, _ = load_tic_panel(real_dir / "tic-puf" / "derived_issuer_state_year_2015-2024.csv")
    theirs = panel[panel["claims_year"] == year][list(ISSUER_NUMBERS)].sum()
    ours = puf_by_year[year].issuers[list(ISSUER_NUMBERS)].sum()
    pd.testing.assert_series_equal(ours, theirs, check_names=False)


def test_puf2023_out_of_network_column_is_a_reason_not_a_count(puf_by_year):
    data = puf_by_year[2021]
    assert data.plans["plan_claims_denied_out_of_network"].isna().all()
    premera = data.plans[data.plans["plan_id"] == "38344AK1060001"].iloc[0]
    assert premera["reason_out_of_network"] == 143
    assert premera["plan_claims_denied_in_network"] == 59633
    assert data.issuers["claims_received_out_of_network"].isna().all()


def test_puf2024_reads_the_header_with_cms_stray_quote_as_the_out_of_network_count(puf_by_year):
    issuers = puf_by_year[2022].issuers
    assert issuers["claims_denied_out_of_network"].notna().sum() > 100
    pacific = issuers[(issuers["issuer_id"] == "10091") & (issuers["state"] == "OR")].iloc[0]
    assert (pacific["claims_denied_out_of_network"], pacific["claims_denied_in_network"]) == (4675, 24602)


def test_legend_tokens_are_missing_with_suppressed_kept_apart(puf_by_year):
    data = puf_by_year[2021]
    premera = data.issuers[(data.issuers["issuer_id"] == "38344") & (data.issuers["state"] == "AK")].iloc[0]
    assert pd.isna(premera["external_appeals_filed"])
    assert premera["external_appeals_filed_status"] == "suppressed"
    assert premera["internal_appeals_filed"] == 2156
    tokens = puf_by_year[2023].report.tokens
    assert tokens["suppressed"] > 0 and tokens["not_required"] > 0 and tokens["new_to_exchange"] > 0
    # a suppressed cell is never counted as zero in a reason total
    reasons = puf_by_year[2023].reasons
    assert (reasons["plans_suppressed"] > 0).any()


def test_known_anomalies_are_flagged_and_kept(puf_by_year):
    issuers = puf_by_year[2023].issuers
    nd = issuers[(issuers["issuer_id"] == "37160") & (issuers["state"] == "ND")].iloc[0]
    assert "out-of-network denied > received" in nd["anomalies"]
    assert any("37160, ND" in f for f in puf_by_year[2023].report.flagged)
    assert any("internal appeals overturned > filed" in f for f in puf_by_year[2021].report.flagged)


def test_panel_covers_claims_years_2015_to_2024_with_unsplit_years_as_in_network(real_dir):
    panel, report = load_tic_panel(real_dir / "tic-puf" / "derived_issuer_state_year_2015-2024.csv")
    assert sorted(panel["claims_year"].unique()) == list(range(2015, 2025))
    raw = pd.read_csv(real_dir / "tic-puf" / "derived_issuer_state_year_2015-2024.csv")
    early = panel[panel["claims_year"] < 2022]
    expected = raw.loc[raw["claims_year"] < 2022, "claims_received_total_reported"]
    assert early["claims_received_in_network"].sum() == expected.sum() > 0
    assert early["claims_received_out_of_network"].isna().all()
    assert report.rows_read == report.rows_kept == len(panel)
