"""The remittances explorer, driven without a browser: filters redraw the chart, table and provenance."""

from __future__ import annotations

import pytest

from mhnotebook.analytics.remits.denials import find_denied_lines
from mhnotebook.analytics.remits.reader import read_remittances
from mhnotebook.paths import samples_dir
from mhnotebook.ui.remits import remits_explorer


@pytest.fixture(scope="module")
def explorer():
    batch = read_remittances([samples_dir() / "remits"], progress=False)
    return remits_explorer(batch, find_denied_lines(batch))


def _table_html(explorer) -> str:
    (output,) = explorer.table.outputs
    return output["data"]["text/html"]


def test_it_starts_with_every_denied_line(explorer):
    assert str(len(explorer.denied)) in explorer.status.value
    assert explorer.chart.outputs and explorer.table.outputs and explorer.about.outputs
    assert (
        "filter: patient names and member identifiers masked"
        in explorer.about.outputs[0]["data"]["text/html"]
    )


def test_a_path_filter_redraws_table_status_and_provenance(explorer):
    explorer.paths.value = ("B",)
    try:
        html = _table_html(explorer)
        assert "B: Not medically necessary" in html and "timely" not in html
        assert "filters: path in B" in explorer.status.value
        assert "filter: path in B" in explorer.about.outputs[0]["data"]["text/html"]
    finally:
        explorer.paths.value = ()


def test_a_payer_filter_and_an_empty_result(explorer):
    payer = explorer.payers.options[0]
    explorer.payers.value = (payer,)
    explorer.paths.value = (
        ("timely_filing",) if payer != "COMMONWEALTH EXAMPLE MEDICAL ASSISTANCE PROGRAM" else ("B",)
    )
    try:
        assert "No denied lines match" in explorer.chart.outputs[0].get("text", "")
        assert "<b>0</b> denied line(s)" in explorer.status.value
    finally:
        explorer.paths.value = ()
        explorer.payers.value = ()


def test_switching_the_view_draws_another_chart(explorer):
    explorer.view.value = "month"
    try:
        data = explorer.chart.outputs[0]["data"]
        assert "remittance month" in str(data)
    finally:
        explorer.view.value = "path"


def test_user_text_is_escaped_in_the_table(explorer):
    denied = explorer.denied.copy()
    denied["payer_name"] = denied["payer_name"].astype(str)
    denied.loc[denied.index[0], "payer_name"] = "<script>alert(1)</script>"
    other = remits_explorer(explorer.batch, denied)
    html = _table_html(other)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
