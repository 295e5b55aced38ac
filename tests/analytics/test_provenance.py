"""Exports carry their source, date range, filters and caveat inside the file."""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd
import pytest

from mhnotebook.analytics.provenance import (
    Provenance,
    export_chart,
    export_table,
    read_table_export,
    with_provenance,
)

PROV = Provenance(
    source="Test source <b>",
    date_range="claims years 2021-2024",
    caveat="Self-reported by issuers.",
    filters=("SADP-only issuers excluded",),
    generated_on=date(2026, 11, 22),
    package_version="9.9",
)


def test_with_filters_returns_a_new_record_and_keeps_order_without_duplicates():
    more = PROV.with_filters("state = TX", "SADP-only issuers excluded", "")
    assert more.filters == ("SADP-only issuers excluded", "state = TX")
    assert PROV.filters == ("SADP-only issuers excluded",)


def test_csv_export_has_a_commented_header_and_reads_back(tmp_path):
    frame = pd.DataFrame({"issuer": ["A #1", "B"], "rate": [0.25, 0.5]})
    path = export_table(frame, tmp_path / "t.csv", PROV)
    text = path.read_text()
    assert text.startswith("# source: Test source <b>\n")
    assert "# filter: SADP-only issuers excluded\n" in text
    assert "# caveat: Self-reported by issuers.\n" in text
    assert "# generated on 2026-11-22 by mhnotebook 9.9\n" in text
    back, head = read_table_export(path)
    pd.testing.assert_frame_equal(back, frame)
    assert head == PROV.lines()


def test_html_export_escapes_text(tmp_path):
    frame = pd.DataFrame({"issuer": ["<script>x</script>"]})
    text = export_table(frame, tmp_path / "t.html", PROV).read_text()
    assert "<script>" not in text
    assert "Test source &lt;b&gt;" in text and "About this data" in text


def test_unknown_suffix_is_refused_with_the_path(tmp_path):
    with pytest.raises(ValueError, match=r"t\.xlsx"):
        export_table(pd.DataFrame(), tmp_path / "t.xlsx", PROV)


def _chart() -> alt.Chart:
    return alt.Chart(pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})).mark_bar().encode(x="x", y="y")


def test_chart_spec_carries_provenance_in_caption_and_usermeta():
    spec = with_provenance(_chart(), PROV).to_dict()
    assert spec["usermeta"]["provenance"]["filters"] == ["SADP-only issuers excluded"]
    assert spec["title"]["orient"] == "bottom"
    assert spec["title"]["text"] == "Source: Test source <b> (claims years 2021-2024)"
    assert "caveat: Self-reported by issuers." in spec["title"]["subtitle"]


@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_chart_exports_offline(tmp_path, suffix):
    path = export_chart(_chart(), tmp_path / f"c{suffix}", PROV)
    data = path.read_bytes()
    assert len(data) > 500
    if suffix == ".png":
        assert data.startswith(b"\x89PNG")
    elif suffix == ".svg":
        assert b"Self-reported by issuers." in data
    else:
        assert b"cdn.jsdelivr" not in data and b"Self-reported by issuers." in data
