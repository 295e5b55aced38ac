"""Case-log charts are specs: the timeline's axes, state colours and today rule; pattern bars per outcome."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from mhnotebook.analytics.case_charts import (
    STATE_COLORS,
    chart_deadline_timeline,
    chart_denial_patterns,
)
from mhnotebook.analytics.theme import PALETTE

AS_OF = date(2026, 11, 22)


def _deadlines(n: int = 3) -> pd.DataFrame:
    states = ["overdue", "due_soon", "upcoming"]
    return pd.DataFrame(
        {
            "case": [f"k{i}" for i in range(n)],
            "label": [f"Case {i}" for i in range(n)],
            "what": [f"Step {i}" for i in range(n)],
            "clock": ["you"] * n,
            "due": pd.to_datetime([f"2026-11-{20 + i:02d}" for i in range(n)]),
            "state": [states[i % 3] for i in range(n)],
            "days_left": [i - 2 for i in range(n)],
            "rule": ["30 days"] * n,
            "citation": ["29 CFR 2560.503-1(i)"] * n,
        }
    )


def _layers(spec: dict) -> tuple[dict, dict]:
    points, rule = spec["layer"]
    return points, rule


def test_the_timeline_puts_due_dates_on_x_cases_on_y_and_a_rule_at_today():
    spec = chart_deadline_timeline(_deadlines(), AS_OF).to_dict()
    points, rule = _layers(spec)
    enc = points["encoding"]
    assert enc["x"]["field"] == "due" and enc["x"]["type"] == "temporal"
    assert enc["y"]["field"] == "label"
    assert enc["color"]["field"] == "state" and enc["shape"]["field"] == "state"  # not colour alone
    assert [t["field"] for t in enc["tooltip"]] == ["label", "what", "clock", "due", "days_left", "citation"]
    assert rule["mark"]["type"] == "rule" and rule["encoding"]["x"]["field"] == "today"
    assert rule["data"]["values"] == [{"today": "2026-11-22"}]
    assert "3 open deadlines" in spec["title"]["subtitle"]


def test_state_colours_come_from_the_colour_blind_safe_palette():
    spec = chart_deadline_timeline(_deadlines(), AS_OF).to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Overdue", "Due soon", "Upcoming"]
    assert scale["range"] == [STATE_COLORS["overdue"], STATE_COLORS["due_soon"], STATE_COLORS["upcoming"]]
    assert set(scale["range"]) <= set(PALETTE)


def test_a_long_board_is_cut_to_the_most_pressing_and_says_so():
    spec = chart_deadline_timeline(_deadlines(9), AS_OF, limit=4).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["label"] for r in rows] == ["Case 0", "Case 1", "Case 2", "Case 3"]
    assert "(the 4 most pressing shown)" in spec["title"]["subtitle"]


def test_pattern_bars_split_each_group_into_open_won_lost_and_other():
    frame = pd.DataFrame(
        {"insurer": ["Plan A", "Plan B"], "cases": [5, 1], "open": [2, 1], "won": [1, 0], "lost": [1, 0]}
    )
    spec = chart_denial_patterns(frame, "insurer").to_dict()
    rows = next(iter(spec["datasets"].values()))
    got = {(r["value"], r["outcome"]): r["count"] for r in rows}
    assert got == {
        ("Plan A", "Open"): 2,
        ("Plan A", "Won"): 1,
        ("Plan A", "Lost"): 1,
        ("Plan A", "Closed, other"): 1,
        ("Plan B", "Open"): 1,
    }
    assert spec["encoding"]["y"]["sort"] == ["Plan A", "Plan B"]
    assert spec["mark"]["type"] == "bar" and spec["title"] == "Denials by insurer"
    with pytest.raises(ValueError, match="no 'reviewer' column"):
        chart_denial_patterns(frame, "reviewer")
