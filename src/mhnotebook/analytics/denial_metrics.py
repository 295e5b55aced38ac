"""Denial, reason and appeal metrics from the PUF issuer and reason tables, with filters stated.

Rates are pooled (sum of denials / sum of claims) over issuers that reported BOTH figures of the
ratio: an issuer with a suppressed or missing figure leaves that ratio rather than count as zero.
Every function returns its table together with the sentences describing what was filtered, so the
sentences can travel into provenance, the CLI's ``filters`` and notebook captions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

NETWORKS = {"in_network": "In-network", "out_of_network": "Out-of-network"}
SCOPE_FILTERS = (
    "individual-market medical QHP sheet only (SHOP and stand-alone dental sheets not read)",
    "HealthCare.gov states only (FFE, SBE-FP, state plan management), as published by CMS",
)
RATE_RULE = (
    "each rate pools issuers that reported both figures (suppressed or missing figures leave the ratio)"
)
REASON_RULE = (
    "reason shares are of all reason entries (reasons overlap, so a share is not a share of claims denied)"
)


@dataclass(frozen=True)
class PufFilters:
    """Which issuers a table covers. Empty tuples mean 'all'."""

    years: tuple[int, ...] = ()
    states: tuple[str, ...] = ()
    issuer_ids: tuple[str, ...] = ()
    exclude_sadp: bool = True
    exclude_anomalies: bool = False
    reasons: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())

    def describe(self) -> list[str]:
        out = list(SCOPE_FILTERS)
        if self.exclude_sadp:
            out.append("SADP-only (dental) issuers excluded from medical denial rates")
        if self.exclude_anomalies:
            out.append("issuers with flagged anomalies (denied > received, overturned > filed) excluded")
        else:
            out.append("issuers with flagged anomalies kept as published (see the load report)")
        if self.years:
            out.append("claims years " + ", ".join(str(y) for y in sorted(self.years)))
        if self.states:
            out.append("states " + ", ".join(sorted(self.states)))
        if self.issuer_ids:
            out.append("issuers " + ", ".join(sorted(self.issuer_ids)))
        if self.reasons:
            out.append("reasons " + ", ".join(self.reasons))
        out.append(RATE_RULE)
        return [*out, *self.extra]


def filter_issuers(issuers: pd.DataFrame, filters: PufFilters) -> pd.DataFrame:
    keep = issuers.index == issuers.index
    if filters.exclude_sadp:
        keep &= ~issuers["sadp_only"].to_numpy(dtype=bool)
    if filters.exclude_anomalies:
        keep &= issuers["anomalies"].str.len().eq(0).to_numpy()
    if filters.years:
        keep &= issuers["claims_year"].isin(filters.years).to_numpy()
    if filters.states:
        keep &= issuers["state"].isin(filters.states).to_numpy()
    if filters.issuer_ids:
        keep &= issuers["issuer_id"].isin(filters.issuer_ids).to_numpy()
    return issuers[keep]


def filter_reasons(reasons: pd.DataFrame, issuers: pd.DataFrame, filters: PufFilters) -> pd.DataFrame:
    """Reason rows of the issuers kept by ``filters`` (and only the chosen reasons)."""
    kept = filter_issuers(issuers, filters)[["claims_year", "state", "issuer_id"]]
    out = reasons.merge(kept, on=["claims_year", "state", "issuer_id"], how="inner")
    if filters.reasons:
        out = out[out["reason"].isin(filters.reasons)]
    return out


def _pooled(frame: pd.DataFrame, part: str, whole: str, by: list[str]) -> pd.DataFrame:
    import pandas as pd

    both = frame[frame[part].notna() & frame[whole].notna()]
    if by:
        grouped = both.groupby(by, sort=True, dropna=False)
        out = grouped.agg(
            issuers=(part, "size"), **{whole: (whole, "sum"), part: (part, "sum")}
        ).reset_index()
    else:
        out = pd.DataFrame({"issuers": [len(both)], whole: [both[whole].sum()], part: [both[part].sum()]})
    out["rate"] = (out[part] / out[whole].where(out[whole] > 0)).astype("Float64")
    return out


def denial_rates(issuers: pd.DataFrame, by: list[str], network: str = "in_network") -> pd.DataFrame:
    """Denied / received claims for ``network`` ('in_network' or 'out_of_network'), grouped by ``by``."""
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {sorted(NETWORKS)}, got {network!r}")
    out = _pooled(issuers, f"claims_denied_{network}", f"claims_received_{network}", by)
    out = out.rename(columns={f"claims_denied_{network}": "denied", f"claims_received_{network}": "claims"})
    out["network"] = NETWORKS[network]
    return out


def denial_rates_by_network(issuers: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """In- and out-of-network rates stacked (long), for the in- vs out-of-network chart."""
    import pandas as pd

    frames = [denial_rates(issuers, by, n) for n in NETWORKS]
    out = pd.concat(frames, ignore_index=True)
    return out[out["issuers"] > 0].reset_index(drop=True)


def issuer_denial_rates(issuers: pd.DataFrame, network: str = "in_network") -> pd.DataFrame:
    """One rate per issuer-state-year (the range across insurers), largest first."""
    out = denial_rates(issuers, ["claims_year", "state", "issuer_id", "issuer_name"], network)
    return out.sort_values(["claims_year", "rate"], ascending=[True, False], ignore_index=True)


def reason_shares(reasons: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Denials by reason and each reason's share of all reason entries (sums to 1 per group)."""
    by = list(by or ["claims_year"])
    grouped = reasons.groupby([*by, "reason", "reason_label"], sort=False, dropna=False)
    out = grouped.agg(
        denied=("denied", lambda s: s.sum(min_count=1)),
        plans_suppressed=("plans_suppressed", "sum"),
    ).reset_index()
    out["denied"] = out["denied"].astype("Float64")
    total = out.groupby(by, dropna=False)["denied"].transform("sum")
    out["share"] = (out["denied"] / total.where(total > 0)).astype("Float64")
    return out


def behavioral_health_share(reasons: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Behavioral-health share of medical-necessity denials (PUF's BH-only column vs the rest)."""
    by = list(by or ["claims_year"])
    mn = reasons[
        reasons["reason"].isin(["not_medically_necessary_bh_only", "not_medically_necessary_excl_bh"])
    ]
    wide = mn.pivot_table(index=by, columns="reason", values="denied", aggfunc="sum").reset_index()
    wide.columns.name = None
    wide = wide.rename(
        columns={
            "not_medically_necessary_bh_only": "bh_denied",
            "not_medically_necessary_excl_bh": "other_denied",
        }
    )
    wide["medical_necessity_denied"] = wide["bh_denied"] + wide["other_denied"]
    wide["bh_share"] = (wide["bh_denied"] / wide["medical_necessity_denied"]).astype("Float64")
    return wide


def appeal_rates(issuers: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Internal appeals filed per denied claim and the share overturned, pooled as above."""
    by = list(by or ["claims_year"])
    frame = issuers.assign(
        claims_denied_total=issuers["claims_denied_in_network"].fillna(0)
        + issuers["claims_denied_out_of_network"].fillna(0)
    )
    frame.loc[issuers["claims_denied_in_network"].isna(), "claims_denied_total"] = float("nan")
    filed = _pooled(frame, "internal_appeals_filed", "claims_denied_total", by).rename(
        columns={"rate": "appeal_rate", "issuers": "issuers_appeal_rate"}
    )
    over = _pooled(issuers, "internal_appeals_overturned", "internal_appeals_filed", by).rename(
        columns={
            "rate": "overturn_rate",
            "issuers": "issuers_overturn_rate",
            "internal_appeals_filed": "appeals_filed_with_outcome",
        }
    )
    out = filed.merge(over, on=by, how="outer")
    out["upheld_rate"] = 1 - out["overturn_rate"]
    return out


def appeals_funnel(issuers: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Claims -> denied -> internal appeals -> overturned, long, among issuers reporting all four.

    Only issuers with every stage reported enter, so each stage is a subset of the one before (the
    PUF's suppressed appeal counts would otherwise make the funnel mix populations).
    """
    import pandas as pd

    by = list(by or ["claims_year"])
    cols = [
        "claims_received_in_network",
        "claims_denied_in_network",
        "internal_appeals_filed",
        "internal_appeals_overturned",
    ]
    complete = issuers.dropna(subset=cols)
    sums = complete.groupby(by, sort=True)[cols].sum().reset_index()
    labels = ["Claims (in-network)", "Denied", "Internal appeals", "Overturned"]
    rows = []
    for record in sums.to_dict("records"):
        for order, (col, label) in enumerate(zip(cols, labels, strict=True)):
            rows.append({**{k: record[k] for k in by}, "stage": label, "order": order, "count": record[col]})
    out = pd.DataFrame(rows)
    out["issuers"] = (
        out[by].merge(complete.groupby(by).size().rename("n").reset_index(), on=by)["n"].to_numpy()
    )
    return out


def summarize_years(
    issuers: pd.DataFrame, reasons: pd.DataFrame | None, filters: PufFilters
) -> list[dict[str, Any]]:
    """The CLI's per-claims-year summary (rates as fractions; None where a figure is absent)."""
    kept = filter_issuers(issuers, filters)
    sentences = filters.describe()
    rsn = filter_reasons(reasons, issuers, filters) if reasons is not None and len(reasons) else None
    out = []
    for year in sorted(kept["claims_year"].unique()):
        sub = kept[kept["claims_year"] == year]
        inn = denial_rates(sub, [])
        oon = denial_rates(sub, [], "out_of_network")
        app = appeal_rates(sub, ["claims_year"]).iloc[0]
        split = int(oon["issuers"].iloc[0]) > 0
        shares: dict[str, float] = {}
        bh = None
        if rsn is not None:
            year_reasons = rsn[rsn["claims_year"] == year]
            if len(year_reasons):
                table = reason_shares(year_reasons)
                reported = table[table["share"].notna()]
                shares = {
                    str(r): float(v) for r, v in zip(reported["reason"], reported["share"], strict=True)
                }
                bh_table = behavioral_health_share(year_reasons)
                bh = _num(bh_table["bh_share"].iloc[0]) if len(bh_table) else None
        source = str(sub["source"].iloc[0]) if "source" in sub else "CMS PUF workbook"
        year_filters = [*sentences]
        if not split:
            year_filters.append(
                f"claims year {year}: no in/out-of-network split (issuers reported in-network claims only); "
                "totals are the in-network figures"
            )
        if rsn is not None and shares:
            year_filters.append(REASON_RULE)
        out.append(
            {
                "claims_year": int(year),
                "issuers": len(sub),
                "in_network_claims": _int(inn["claims"].iloc[0]),
                "in_network_denied": _int(inn["denied"].iloc[0]),
                "in_network_denial_rate": _num(inn["rate"].iloc[0]),
                "out_of_network_claims": _int(oon["claims"].iloc[0]) if split else None,
                "out_of_network_denied": _int(oon["denied"].iloc[0]) if split else None,
                "out_of_network_denial_rate": _num(oon["rate"].iloc[0]) if split else None,
                "internal_appeals_filed": _int(app["appeals_filed_with_outcome"]),
                "internal_appeals_overturned": _int(app["internal_appeals_overturned"]),
                "internal_appeal_overturn_rate": _num(app["overturn_rate"]),
                "internal_appeal_upheld_rate": _num(app["upheld_rate"]),
                "behavioral_health_share_of_medical_necessity_denials": bh,
                "reason_shares": shares,
                "source": source,
                "filters": year_filters,
            }
        )
    return out


def _num(value: Any) -> float | None:
    import pandas as pd

    return None if value is None or pd.isna(value) else float(value)


def _int(value: Any) -> int | None:
    number = _num(value)
    return None if number is None else round(number)


def headline_by_year(summary: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per claims year with the headline rates (fractions) and counts, for tables."""
    import pandas as pd

    cols = [
        "claims_year",
        "issuers",
        "in_network_claims",
        "in_network_denial_rate",
        "out_of_network_denial_rate",
        "internal_appeals_filed",
        "internal_appeal_overturn_rate",
        "internal_appeal_upheld_rate",
        "behavioral_health_share_of_medical_necessity_denials",
        "source",
    ]
    frame = pd.DataFrame([{c: s[c] for c in cols} for s in summary], columns=cols)
    return frame.rename(
        columns={"behavioral_health_share_of_medical_necessity_denials": "bh_share_of_mn_denials"}
    )


def compare_with_published(summary: list[dict[str, Any]]) -> pd.DataFrame:
    """Our figures next to the published headline figures (``maps/published_checks.yaml``)."""
    from importlib import resources

    import pandas as pd
    import yaml

    spec = yaml.safe_load(
        resources.files("mhnotebook.analytics").joinpath("maps/published_checks.yaml").read_text("utf-8")
    )
    by_year = {s["claims_year"]: s for s in summary}
    rows = []
    for check in spec["checks"]:
        ours = by_year.get(check["claims_year"], {}).get(check["measure"])
        rows.append(
            {
                "claims_year": check["claims_year"],
                "measure": check["label"],
                "published_about": check["published"],
                "ours": None if ours is None else round(float(ours), 4),
                "difference_points": None
                if ours is None
                else round(100 * (float(ours) - check["published"]), 1),
            }
        )
    return pd.DataFrame(rows)
