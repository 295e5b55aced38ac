"""Charts for the case log: deadlines on a timeline, denials grouped by insurer, path, service, reviewer.

Builders take the frames :mod:`mhnotebook.store.dashboard` and :mod:`mhnotebook.store.patterns`
make (analytics sits below the store, so they take frames, never the store). State colours come
from the project's colour-blind-safe palette, and each state also has its own mark shape, so an
overdue deadline is told apart without colour.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from mhnotebook.analytics.theme import PALETTE

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

#: Deadline states in the order they are shown, each with a colour (Okabe-Ito) and a shape.
STATE_COLORS = {"overdue": PALETTE[5], "due_soon": PALETTE[1], "upcoming": PALETTE[0], "met": PALETTE[2]}
STATE_SHAPES = {"overdue": "triangle-up", "due_soon": "diamond", "upcoming": "circle", "met": "square"}
STATE_WORDS = {"overdue": "Overdue", "due_soon": "Due soon", "upcoming": "Upcoming", "met": "Met"}
#: More deadlines than this on one timeline are cut to the soonest (a chart of thousands is unreadable).
TIMELINE_LIMIT = 300
_DIMENSION_TITLES = {
    "insurer": "Insurer",
    "path": "Denial path",
    "service": "Service",
    "reviewer": "Reviewer",
}


def chart_deadline_timeline(
    frame: pd.DataFrame, as_of: date, *, limit: int = TIMELINE_LIMIT
) -> alt.LayerChart | alt.FacetChart:
    """One point per deadline (x: due date, y: case label, colour and shape: state), a rule at today."""
    import altair as alt
    import pandas as pd

    shown = frame.head(limit)
    data = pd.DataFrame(
        {
            "due": pd.to_datetime(shown["due"]).dt.strftime("%Y-%m-%d"),
            "label": shown["label"].astype(str).str.slice(0, 60),
            "state": shown["state"].map(STATE_WORDS).fillna(shown["state"]),
            "what": shown["what"].astype(str),
            "clock": shown["clock"].astype(str),
            "days_left": shown["days_left"].astype("int64"),
            "citation": shown["citation"].fillna("").astype(str),
        }
    )
    states = [s for s in STATE_WORDS if STATE_WORDS[s] in set(data["state"])] or list(STATE_WORDS)[:3]
    scale = alt.Scale(domain=[STATE_WORDS[s] for s in states], range=[STATE_COLORS[s] for s in states])
    shapes = alt.Scale(domain=[STATE_WORDS[s] for s in states], range=[STATE_SHAPES[s] for s in states])
    subtitle = f"As of {as_of.isoformat()}; {len(frame)} open deadlines"
    if len(frame) > limit:
        subtitle += f" (the {limit} most pressing shown)"
    points = (
        alt.Chart(data)
        .mark_point(size=110, filled=True, opacity=0.9)
        .encode(
            x=alt.X("due:T", title="Due", axis=alt.Axis(format="%b %d")),
            y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("state:N", scale=scale, title="State"),
            shape=alt.Shape("state:N", scale=shapes, title="State"),
            tooltip=[
                alt.Tooltip("label:N", title="Case"),
                alt.Tooltip("what:N", title="What"),
                alt.Tooltip("clock:N", title="Whose move"),
                alt.Tooltip("due:T", title="Due", format="%Y-%m-%d"),
                alt.Tooltip("days_left:Q", title="Days left"),
                alt.Tooltip("citation:N", title="Citation"),
            ],
        )
    )
    today = (
        alt.Chart(alt.Data(values=[{"today": as_of.isoformat()}]))
        .mark_rule(color="#222222", strokeDash=[4, 3])
        .encode(x="today:T", tooltip=[alt.Tooltip("today:T", title="Today", format="%Y-%m-%d")])
    )
    return alt.layer(points, today).properties(
        title=alt.TitleParams("Deadlines across open cases", subtitle=subtitle),
        width=460,
        height=alt.Step(22),
    )


def chart_denial_patterns(frame: pd.DataFrame, dimension: str, *, top: int = 15) -> alt.Chart:
    """Bars: cases per ``dimension`` value (largest first), split into open, won, lost and other."""
    import altair as alt
    import pandas as pd

    if dimension not in frame.columns:
        raise ValueError(f"the frame has no {dimension!r} column (columns: {', '.join(frame.columns)})")
    shown = frame.head(top)
    other = shown["cases"] - shown["open"] - shown["won"] - shown["lost"]
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "value": shown[dimension].astype(str),
                    "outcome": name,
                    "count": counts,
                    "total": shown["cases"],
                }
            )
            for name, counts in (
                ("Open", shown["open"]),
                ("Won", shown["won"]),
                ("Lost", shown["lost"]),
                ("Closed, other", other),
            )
        ],
        ignore_index=True,
    )
    long = long[long["count"] > 0].astype({"count": "int64", "total": "int64"})
    outcomes = alt.Scale(
        domain=["Open", "Won", "Lost", "Closed, other"], range=[PALETTE[0], PALETTE[2], PALETTE[5], "#999999"]
    )
    title = _DIMENSION_TITLES.get(dimension, dimension)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X("sum(count):Q", title="Cases denied", axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(
                "value:N", title=None, sort=list(shown[dimension].astype(str)), axis=alt.Axis(labelLimit=320)
            ),
            color=alt.Color("outcome:N", scale=outcomes, title="Outcome"),
            order=alt.Order("outcome:N"),
            tooltip=[
                alt.Tooltip("value:N", title=title),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("count:Q", title="Cases"),
                alt.Tooltip("total:Q", title="All cases"),
            ],
        )
        .properties(title=f"Denials by {title.lower()}", width=420, height=alt.Step(20))
    )
