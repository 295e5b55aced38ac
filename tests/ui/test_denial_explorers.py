"""The notebook 06 and 07 widgets, driven headlessly: set a control, read the Output and the charts."""

from __future__ import annotations

import pytest

from mhnotebook.analytics.imr import load_imr
from mhnotebook.analytics.sample_data import sample_imr_path, sample_puf_paths
from mhnotebook.analytics.tic_dataset import load_tic_dataset
from mhnotebook.ui.external_review import ExternalReviewExplorer
from mhnotebook.ui.marketplace_denials import ALL, MarketplaceDenialsExplorer


@pytest.fixture(scope="module")
def puf():
    return load_tic_dataset(sample_puf_paths()[2:], show_progress=False)  # claims years 2023-2024


@pytest.fixture(scope="module")
def imr():
    return load_imr(sample_imr_path())


def _html(out) -> str:
    return " ".join(o["data"].get("text/html", "") for o in out.outputs)


def test_opens_on_the_latest_year_with_a_headline_table_five_charts_and_provenance(puf):
    ui = MarketplaceDenialsExplorer(puf)
    assert ui.year.value == 2024
    assert "Claims year 2024" in _html(ui.summary) and "In-network claims denied" in _html(ui.summary)
    assert set(ui.last_charts) == {"issuers", "trend", "network", "reasons", "funnel"}
    assert len(ui.charts.outputs) == 5
    assert "DMHC" not in _html(ui.about) and "HealthCare.gov states only" in _html(ui.about)


def test_state_narrows_issuers_and_the_issuer_menu_and_the_filters_say_so(puf):
    ui = MarketplaceDenialsExplorer(puf)
    everyone = ui.last_summary["issuers"]
    ui.state.value = "TX"
    assert 0 < ui.last_summary["issuers"] < everyone
    assert "states TX" in ui.last_summary["filters"]
    assert all(label.endswith("(TX)") for label, value in ui.issuer.options if value != ALL)
    ui.issuer.value = ui.issuer.options[1][1]
    assert ui.last_summary["issuers"] == 1
    rows = ui.last_charts["issuers"].to_dict()["datasets"]
    assert max(len(v) for v in rows.values()) == 1


def test_year_network_and_reason_controls_redraw(puf):
    ui = MarketplaceDenialsExplorer(puf)
    ui.year.value = 2023
    assert ui.last_summary["claims_year"] == 2023
    ui.network.value = "out_of_network"
    assert ui.last_charts["issuers"].to_dict()["title"]["text"].startswith("Out-of-network")
    ui.reasons.value = ("not_medically_necessary_bh_only", "not_medically_necessary_excl_bh")
    assert set(ui.last_summary["reason_shares"]) == {
        "not_medically_necessary_bh_only",
        "not_medically_necessary_excl_bh",
    }
    assert any(f.startswith("reasons ") for f in ui.last_summary["filters"])


def test_a_filter_that_matches_nothing_says_so_instead_of_failing(puf):
    ui = MarketplaceDenialsExplorer(puf)
    ui.exclude_anomalies.value = True
    ui.state.value = "ND"
    ui.issuer.value = next(v for label, v in ui.issuer.options if "North Dakota" in label)
    assert "No issuer matches these filters." in _html(ui.summary)


def test_imr_explorer_compares_groups_and_follows_the_controls(imr):
    ui = ExternalReviewExplorer(imr)
    assert ui.last_summary["overall"]["n"] == 19228
    assert "MH/SUD" in _html(ui.summary) and "Wilson 95% CI" in _html(ui.summary)
    ui.years.value = (2015, 2016)
    assert {r["report_year"] for r in ui.last_summary["by_year"]} == {2015, 2016}
    assert "report years 2015, 2016" in ui.last_summary["filters"]
    ui.review_type.value = "Experimental/Investigational"
    assert {r["review_type"] for r in ui.last_summary["by_type"]} == {"Experimental/Investigational"}
    ui.groups.value = ("MH/SUD", "Autism")
    domain = ui.last_chart.to_dict()["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert domain == ["MH/SUD", "Autism"]
    assert "DMHC IMR Data, 2001 - Current" in _html(ui.about) and "modified: by a third party" in _html(
        ui.about
    )
