"""Which service lines a payer denied, on which path, and which look worth appealing.

A denial is often not CLP02 = 4: most are line-level (a CAS on the service line) or a claim
processed with zero paid. So every adjustment is classified with the shared CARC table
(``rules.denial_codes``), and a line counts as denied when:

- a line-level adjustment with a denial code takes a positive amount from it; or
- its claim was denied as a whole (CLP02 = 4), or processed (CLP02 = 1/2/3) with nothing paid and a
  claim-level denial code; claims without service lines give one claim-level row.

Reversals (CLP02 = 22) are never denials. Contractual write-downs (CO-45) and cost sharing (PR-1,
PR-2, PR-3) are not denial signals in the table, so a line paid zero because of a deductible is
not counted. The path's remedy and track (``rules.paths``) say whether to appeal.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from mhnotebook.analytics.remits.reader import REVERSAL_STATUS
from mhnotebook.rules.denial_codes import classify_adjustment
from mhnotebook.rules.paths import Track, path_rows

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.analytics.remits.reader import RemittanceBatch

#: Shown where no code in the table explains a denied line.
UNCLASSIFIED = "unclassified"
DENIED_COLUMNS = [
    "file", "claim_id", "line_id", "payer_name", "payer_id", "remit_date", "month", "service_date",
    "status", "procedure_code", "charge", "paid", "denied_amount", "group", "carc", "code", "rarcs",
    "path", "path_label", "carc_label", "reason", "citation", "basis", "worth_appealing", "action", "why",
]  # fmt: skip
_PROCESSED = ("1", "2", "3", "19", "20", "21")


def classify_adjustments(adjustments: pd.DataFrame) -> pd.DataFrame:
    """``adjustments`` with the verdict of each code: ``denies``, ``path``, ``carc_label``, ``reason``.

    Each distinct (group, CARC, RARCs) is classified once, so ten million rows cost a few thousand
    look-ups and one join.
    """
    import pandas as pd

    keys = ["group", "carc", "rarcs"]
    distinct = adjustments[keys].drop_duplicates()
    verdicts = [
        classify_adjustment(g or None, c, tuple(r.split(",")) if r else ())
        for g, c, r in distinct.itertuples(index=False)
    ]
    distinct = distinct.assign(
        denies=[v.denies for v in verdicts],
        path=pd.array([v.path for v in verdicts], dtype="str"),
        carc_label=[v.carc_label for v in verdicts],
        reason=[v.reason for v in verdicts],
        citation=[v.citation for v in verdicts],
    )
    return adjustments.merge(distinct, on=keys, how="left", sort=False)


@cache
def appeal_advice(path: str | None) -> tuple[bool, str, str]:
    """``(worth_appealing, action, why)`` for a path, read from the paths table.

    Clinical and authorization denials are appealed (with external review where the table says
    so); coding and timely-filing problems are corrected, not appealed; coverage and benefit-limit
    denials are worth appealing once the coverage facts are checked. Unclassified lines need the
    payer's explanation first.
    """
    if path is None:
        return (
            False,
            "ask the payer",
            "no code on this line is in mhnotebook's table: read the remark codes and the payer's explanation",
        )
    row = path_rows()[path]
    review = " External review is available for this kind of denial." if row.externally_reviewable else ""
    if row.track in (Track.clinical, Track.authorization):
        return True, "appeal", f"{row.remedy}{review}"
    if row.track is Track.eligibility:
        return True, "check coverage, then appeal", f"{row.remedy}{review}"
    return False, "correct and resubmit", f"{row.remedy} (an administrative problem, not a clinical one)"


def find_denied_lines(batch: RemittanceBatch) -> pd.DataFrame:
    """One row per denied service line (or per denied claim without lines), largest amount first."""
    return denied_lines_from_frames(batch.claims, batch.service_lines, batch.adjustments)


def denied_lines_from_frames(
    claims: pd.DataFrame, lines: pd.DataFrame, adjustments: pd.DataFrame
) -> pd.DataFrame:
    """The work of :func:`find_denied_lines` on plain frames (the benchmark and tests build them)."""
    import pandas as pd

    claim_info = claims[["claim_id", "file", "payer_name", "payer_id", "remit_date", "status", "paid"]]
    claim_info = claim_info[claim_info["status"] != REVERSAL_STATUS]
    verdicts = classify_adjustments(adjustments)
    denying = verdicts[verdicts["denies"] & (verdicts["amount"] > 0)]
    denying = denying[denying["claim_id"].isin(claim_info["claim_id"])]
    # The strongest denial signal of each line, then of each claim (largest amount first).
    denying = denying.sort_values("amount", ascending=False, kind="stable")
    line_level = denying[denying["line_id"].notna()]
    line_amount = line_level.groupby("line_id", sort=False)["amount"].sum()
    line_primary = line_level.drop_duplicates("line_id").set_index("line_id")
    claim_level = denying[denying["line_id"].isna()].drop_duplicates("claim_id").set_index("claim_id")

    denied_claim_status = claim_info["status"].eq("4")
    zero_paid = claim_info["status"].isin(_PROCESSED) & claim_info["paid"].fillna(0).eq(0)
    whole_claim = set(
        claim_info.loc[
            denied_claim_status | (zero_paid & claim_info["claim_id"].isin(claim_level.index)), "claim_id"
        ]
    )

    candidates = lines[lines["claim_id"].isin(claim_info["claim_id"])]
    by_line = candidates["line_id"].isin(line_primary.index)
    by_claim = candidates["claim_id"].isin(whole_claim) & ~by_line & candidates["paid"].fillna(0).le(0)
    chosen = candidates[by_line | by_claim].copy()
    chosen["basis"] = "line adjustment"
    chosen.loc[by_claim[by_line | by_claim].to_numpy(), "basis"] = "claim denied"
    from_line = chosen["basis"].eq("line adjustment")
    columns = ["group", "carc", "rarcs", "path", "carc_label", "reason", "citation"]
    primary = pd.DataFrame(index=chosen.index, columns=columns, dtype="object")
    if from_line.any():
        primary.loc[from_line, columns] = line_primary.loc[
            chosen.loc[from_line, "line_id"], columns
        ].to_numpy()
    on_claim = ~from_line & chosen["claim_id"].isin(claim_level.index)
    if on_claim.any():
        primary.loc[on_claim, columns] = claim_level.loc[chosen.loc[on_claim, "claim_id"], columns].to_numpy()
    chosen = chosen.drop(columns=["rarcs"]).join(primary)
    chosen["denied_amount"] = chosen["line_id"].map(line_amount)
    fallback = chosen["denied_amount"].isna()
    chosen.loc[fallback, "denied_amount"] = (chosen["charge"] - chosen["paid"].fillna(0))[fallback]

    # Claims with no service lines: one claim-level row each.
    with_lines = set(lines["claim_id"])
    bare = claim_info[
        ~claim_info["claim_id"].isin(with_lines)
        & (denied_claim_status | claim_info["claim_id"].isin(claim_level.index))
    ]
    bare_rows = pd.DataFrame(
        {
            "claim_id": bare["claim_id"],
            "line_id": pd.array([pd.NA] * len(bare), dtype="Int64"),
            "procedure_code": "",
            "charge": claims.set_index("claim_id").loc[bare["claim_id"], "charge"].to_numpy(),
            "paid": bare["paid"].to_numpy(),
            "service_date": pd.NaT,
            "basis": "claim denied (no service lines)",
        }
    )
    if len(bare):
        bare_primary = claim_level.reindex(bare["claim_id"])[columns].reset_index(drop=True)
        bare_rows = pd.concat([bare_rows.reset_index(drop=True), bare_primary], axis=1)
        bare_rows["denied_amount"] = bare_rows["claim_id"].map(
            denying[denying["line_id"].isna()].groupby("claim_id")["amount"].sum()
        )
        bare_rows["denied_amount"] = bare_rows["denied_amount"].fillna(
            bare_rows["charge"] - bare_rows["paid"]
        )
    denied = pd.concat([chosen, bare_rows], ignore_index=True) if len(bare) else chosen.reset_index(drop=True)
    return _finish(denied, claim_info)


def _finish(denied: pd.DataFrame, claim_info: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    denied = denied.drop(columns=[c for c in ("file", "status") if c in denied.columns])
    denied = denied.merge(
        claim_info[["claim_id", "file", "payer_name", "payer_id", "remit_date", "status"]],
        on="claim_id",
        how="left",
    )
    denied["line_id"] = denied["line_id"].astype("Int64")
    denied["path"] = denied["path"].astype("object").where(denied["path"].notna(), None)
    has_code = denied["carc"].notna()
    denied["code"] = (
        denied["group"].fillna("").astype(str) + "-" + denied["carc"].fillna("").astype(str)
    ).where(has_code, UNCLASSIFIED)
    labels = {p: row.label if len(p) > 1 else f"{p}: {row.label}" for p, row in path_rows().items()}
    denied["path_label"] = denied["path"].map(labels).fillna(UNCLASSIFIED)
    for column in ("carc_label", "reason", "citation", "group", "carc", "rarcs"):
        denied[column] = denied[column].fillna("").astype(str)
    missing = denied["reason"].eq("")
    denied.loc[missing, "reason"] = "claim denied (CLP02 = 4) with no adjustment code in mhnotebook's table"
    advice = {p: appeal_advice(p) for p in [*path_rows(), None]}
    picked = [advice[p if isinstance(p, str) else None] for p in denied["path"]]
    denied["worth_appealing"] = [a[0] for a in picked]
    denied["action"] = [a[1] for a in picked]
    denied["why"] = [a[2] for a in picked]
    denied["month"] = (
        denied["remit_date"].dt.to_period("M").astype(str).where(denied["remit_date"].notna(), "")
    )
    denied["path"] = denied["path"].fillna(UNCLASSIFIED).astype(str)
    denied["denied_amount"] = denied["denied_amount"].astype("float64")
    denied = denied.sort_values(["denied_amount", "claim_id"], ascending=[False, True], kind="stable")
    return pd.DataFrame(denied[DENIED_COLUMNS]).reset_index(drop=True)
