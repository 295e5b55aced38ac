"""Altair chart builders for denial and external-review tables: DataFrame in, chart spec out.

Every builder takes an already-aggregated table (one row per bar or point), so a chart never
carries claim-level rows and never hits Altair's row limit; no builder reads files or displays.
Tooltips name the figures with their counts so a rate is never shown without its denominator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mhnotebook.analytics.theme import PALETTE, PALETTE_10

if TYPE_CHECKING:
    import altair as alt
    import pandas as pd

PERCENT = ".1%"
GROUP_COLORS = {"MH/SUD": PALETTE[0], "Other": PALETTE[1], "Autism": PALETTE[2]}
NETWORK_COLORS = {"In-network": PALETTE[0], "Out-of-network": PALETTE[5]}


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable pandas dtypes as plain floats/objects so the JSON spec holds numbers and nulls."""
    out = frame.copy()
    for col in out.columns:
        if str(out[col].dtype) in {"Float64", "Int64", "boolean"}:
            out[col] = out[col].astype("float64")
    return out


def chart_denial_rate_by_issuer(rates: pd.DataFrame, title: str) -> alt.LayerChart | alt.FacetChart:
    """One bar per issuer-state (largest first) and a rule at the pooled rate; subtitle gives the range."""
    import altair as alt

    data = _plain(rates.dropna(subset=["rate"]))
    data = data.assign(label=data["issuer_name"].str.slice(0, 40) + " (" + data["state"] + ")")
    pooled = float(data["denied"].sum() / data["claims"].sum()) if len(data) else float("nan")
    subtitle = (
        f"{len(data)} issuers; range {data['rate'].min():.1%}–{data['rate'].max():.1%}; pooled {pooled:.1%}"
        if len(data)
        else "no issuer reported both figures"
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("rate:Q", title="Claims denied", axis=alt.Axis(format="%")),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=340)),
            tooltip=[
                alt.Tooltip("issuer_name:N", title="Issuer"),
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("rate:Q", title="Denial rate", format=PERCENT),
                alt.Tooltip("denied:Q", title="Denied", format=","),
                alt.Tooltip("claims:Q", title="Claims", format=","),
            ],
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"pooled": pooled}]))
        .mark_rule(color=PALETTE[5], strokeDash=[4, 3])
        .encode(x="pooled:Q", tooltip=[alt.Tooltip("pooled:Q", title="Pooled rate", format=PERCENT)])
    )
    return alt.layer(bars, rule).properties(
        title=alt.TitleParams(title, subtitle=subtitle), height=alt.Step(14), width=420
    )


def chart_reasons_stacked(shares: pd.DataFrame, title: str) -> alt.Chart:
    """Each claims year's reason entries as a 100% stacked bar (reasons overlap: shares of entries)."""
    import altair as alt

    data = _plain(shares.dropna(subset=["share"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("claims_year:O", title="Claims year"),
            y=alt.Y("share:Q", stack="normalize", title="Share of reason entries", axis=alt.Axis(format="%")),
            color=alt.Color(
                "reason_label:N",
                title="Reason",
                scale=alt.Scale(range=list(PALETTE_10)),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=360),
            ),
            order=alt.Order("share:Q", sort="descending"),
            tooltip=[
                alt.Tooltip("claims_year:O", title="Claims year"),
                alt.Tooltip("reason_label:N", title="Reason"),
                alt.Tooltip("share:Q", title="Share", format=PERCENT),
                alt.Tooltip("denied:Q", title="Denials", format=","),
            ],
        )
        .properties(
            title=alt.TitleParams(title, subtitle="Reasons overlap: shares are of reason entries"), width=360
        )
    )


def chart_denial_trend(rates: pd.DataFrame, title: str) -> alt.Chart:
    """Denial rate by claims year, one line per network; hollow points mark third-party panel years."""
    import altair as alt

    data = _plain(rates.dropna(subset=["rate"]))
    if "source" not in data:
        data = data.assign(source="CMS PUF workbook")
    return (
        alt.Chart(data)
        .mark_line(point=alt.OverlayMarkDef(size=70))
        .encode(
            x=alt.X("claims_year:O", title="Claims year"),
            y=alt.Y("rate:Q", title="Claims denied", axis=alt.Axis(format="%"), scale=alt.Scale(zero=True)),
            color=alt.Color(
                "network:N",
                title="Network",
                scale=alt.Scale(domain=list(NETWORK_COLORS), range=list(NETWORK_COLORS.values())),
            ),
            shape=alt.Shape("source:N", title="Source"),
            tooltip=[
                alt.Tooltip("claims_year:O", title="Claims year"),
                alt.Tooltip("network:N", title="Network"),
                alt.Tooltip("rate:Q", title="Denial rate", format=PERCENT),
                alt.Tooltip("denied:Q", title="Denied", format=","),
                alt.Tooltip("claims:Q", title="Claims", format=","),
                alt.Tooltip("issuers:Q", title="Issuers"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
        .properties(
            title=alt.TitleParams(title, subtitle="No network split before claims year 2022"), width=380
        )
    )


def chart_network_comparison(rates: pd.DataFrame, title: str) -> alt.Chart:
    """In- vs out-of-network denial rates side by side for each claims year."""
    import altair as alt

    data = _plain(rates.dropna(subset=["rate"]))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("network:N", title=None, axis=alt.Axis(labels=False, ticks=False)),
            y=alt.Y("rate:Q", title="Claims denied", axis=alt.Axis(format="%")),
            color=alt.Color(
                "network:N",
                title="Network",
                scale=alt.Scale(domain=list(NETWORK_COLORS), range=list(NETWORK_COLORS.values())),
            ),
            column=alt.Column("claims_year:O", title="Claims year"),
            tooltip=[
                alt.Tooltip("claims_year:O", title="Claims year"),
                alt.Tooltip("network:N", title="Network"),
                alt.Tooltip("rate:Q", title="Denial rate", format=PERCENT),
                alt.Tooltip("denied:Q", title="Denied", format=","),
                alt.Tooltip("claims:Q", title="Claims", format=","),
            ],
        )
        .properties(title=title, width=70)
    )


def chart_appeals_funnel(funnel: pd.DataFrame, title: str) -> alt.Chart:
    """Claims -> denied -> internal appeals -> overturned (log scale: the stages span six orders)."""
    import altair as alt

    data = _plain(funnel)
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("stage:N", sort=alt.EncodingSortField("order"), title=None),
            x=alt.X("count:Q", title="Count (log scale)", scale=alt.Scale(type="log")),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("count:Q", title="Count", format=","),
                alt.Tooltip("issuers:Q", title="Issuers reporting every stage"),
            ],
        )
        .properties(
            title=alt.TitleParams(title, subtitle="Only issuers that reported every stage"),
            width=420,
            height=alt.Step(28),
        )
    )


def chart_imr_by_year(
    table: pd.DataFrame, title: str, groups: tuple[str, ...] = ("MH/SUD", "Other")
) -> alt.LayerChart | alt.FacetChart:
    """Overturn rate by report year per group, with Wilson 95% intervals as error bars."""
    import altair as alt

    data = _plain(table[table["group"].isin(groups)])
    color = alt.Color(
        "group:N", title="Care", scale=alt.Scale(domain=list(groups), range=[GROUP_COLORS[g] for g in groups])
    )
    x = alt.X("report_year:O", title="Report year")
    tooltip = [
        alt.Tooltip("report_year:O", title="Year"),
        alt.Tooltip("group:N", title="Care"),
        alt.Tooltip("rate:Q", title="Overturned", format=PERCENT),
        alt.Tooltip("ci_low:Q", title="95% CI low", format=PERCENT),
        alt.Tooltip("ci_high:Q", title="95% CI high", format=PERCENT),
        alt.Tooltip("overturned:Q", title="Overturned"),
        alt.Tooltip("n:Q", title="Decisions"),
    ]
    base = alt.Chart(data)
    line = base.mark_line(point=True).encode(
        x=x,
        y=alt.Y("rate:Q", title="IMR decisions overturned", axis=alt.Axis(format="%")),
        color=color,
        tooltip=tooltip,
    )
    bars = base.mark_errorbar(ticks=True).encode(
        x=x, y=alt.Y("ci_low:Q", title=""), y2="ci_high:Q", color=color
    )
    return alt.layer(bars, line).properties(
        title=alt.TitleParams(title, subtitle="Bars: Wilson 95% intervals; single years are small samples"),
        width=480,
    )
