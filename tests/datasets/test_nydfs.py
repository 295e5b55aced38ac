"""The NY DFS external appeal loader on a small synthetic export with the published columns."""

from __future__ import annotations

import pandas as pd
import pytest

from mhnotebook.analytics.nydfs import classify_decision, load_nydfs
from mhnotebook.errors import DatasetError

COLUMNS = [
    "Case Number", "Diagnosis", "Treatment", "Health Plan", "Coverage Type", "Appeal Decision",
    "Denial Reason", "Gender", "Age Range", "Decision Year", "Agent",
    "Summary 1", "Summary 2", "Summary 3", "Summary 4", "References 1", "References 2", "References 3", "References 4",
]  # fmt: skip


def synthetic_export() -> pd.DataFrame:
    """Synthetic rows (invented for the test, not DFS data)."""
    rows = [
        ["SYN-001", "Mental Health", "Residential treatment", "Synthetic Plan A", "HMO", "Overturned", "Medical necessity",
         "F", "13-18", "2023", "IPRO", "Summary part 1", "part 2", "", "", "Ref A", "", "", ""],
        ["SYN-002", "Substance Use", "Inpatient rehab", "Synthetic Plan B", "PPO", "Upheld", "Medical necessity",
         "M", "30-39", "2023", "MCMC", "", "", "", "", "", "", "", ""],
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        ["SYN-003", "Cancer", "Proton therapy", "Synthetic Plan A", "HMO", "Overturned in Part", "Experimental",
         "F", "60-64", "2024", "IPRO", "", "", "", "", "", "", "", ""],
        ["SYN-004", "Cardiac", "Stent", "Synthetic Plan C", "EPO", "Withdrawn", "Medical necessity",
         "M", "50-59", "n/a", "IPRO", "", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)


def test_synthetic_xlsx_loads_with_outcomes_summaries_and_a_report(tmp_path):
    path = tmp_path / "dfs.xlsx"
    synthetic_export().to_excel(path, index=False)
    data = load_nydfs(path)
    frame = data.decisions
    assert frame["case_number"].tolist() == ["SYN-001", "SYN-002", "SYN-003", "SYN-004"]
    assert frame["outcome"].tolist() == ["Overturned", "Upheld", "Overturned", "Other"]
    assert frame.loc[0, "summary"] == "Summary part 1\npart 2" and frame.loc[0, "references"] == "Ref A"
    assert frame["decision_year"].tolist()[:3] == [2023, 2023, 2024] and pd.isna(
        frame["decision_year"].iloc[3]
    )
    assert data.report.dropped == ["1 rows without a case number (blank lines)"]
    assert any("Withdrawn" in f for f in data.report.flagged)
    assert any("'n/a' kept as missing" in f for f in data.report.flagged)


def test_csv_export_loads_and_a_semicolon_file_is_named(tmp_path):
    good = tmp_path / "dfs.csv"
    synthetic_export().to_csv(good, index=False)
    assert len(load_nydfs(good).decisions) == 4
    bad = tmp_path / "semi.csv"
    synthetic_export().to_csv(bad, index=False, sep=";")
    with pytest.raises(
        DatasetError, match=r"semi\.csv: line 1 \(header\): missing NY DFS export columns.*';'-separated"
    ):
        load_nydfs(bad)


def test_wrong_sheet_and_wrong_encoding_name_the_file(tmp_path):
    path = tmp_path / "dfs.xlsx"
    synthetic_export().to_excel(path, index=False, sheet_name="Data")
    with pytest.raises(DatasetError, match=r"dfs\.xlsx: sheet 'Appeals'"):
        load_nydfs(path, sheet="Appeals")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        synthetic_export().to_csv(index=False).replace("Synthetic Plan A", "Plán A").encode("latin-1")
    )
    with pytest.raises(DatasetError, match=r"latin\.csv: not UTF-8"):
        load_nydfs(latin)


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Overturned", "Overturned"),
        (" upheld ", "Upheld"),
        ("Overturned in Part", "Overturned"),
        ("Settled", "Other"),
    ],
)
def test_decisions_classify_by_prefix(text, outcome):
    assert classify_decision(text) == outcome
