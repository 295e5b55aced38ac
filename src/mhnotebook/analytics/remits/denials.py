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

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from mhnotebook.analytics.remits.reader import REVERSAL_STATUS
from mhnotebook.rules.denial_codes import CodeVerdict, classify_adjustment
from mhnotebook.rules.paths import Track, path_label, path_rows

if TYPE_CHECKING:
    import numpy as np
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
#: Why a row counts as denied (``basis``), by code.
BASES = ("line adjustment", "claim denied", "claim denied (no service lines)")


def _verdict_ids(adjustments: pd.DataFrame) -> tuple[np.ndarray, list[CodeVerdict]]:
    """Each adjustment's index into the verdicts of the distinct (group, CARC, RARCs) it carries.

    Ten million adjustments hold a few thousand distinct codes: they are classified once each and
    joined back by integer index (no string joins), which keeps the 10-million-line summary fast.
    """
    import numpy as np
    import pandas as pd

    parts = [pd.factorize(adjustments[c], use_na_sentinel=False) for c in ("group", "carc", "rarcs")]
    (g, g_values), (c, c_values), (r, r_values) = parts
    combined = (g.astype("int64") * len(c_values) + c) * len(r_values) + r
    ids, combos = _dense_factorize(combined)
    verdicts = []
    for combo in combos:
        group = g_values[combo // (len(c_values) * len(r_values))]
        carc = c_values[(combo // len(r_values)) % len(c_values)]
        rarcs = r_values[combo % len(r_values)]
        group = group if isinstance(group, str) and group else None
        rarcs = tuple(rarcs.split(",")) if isinstance(rarcs, str) and rarcs else ()
        verdicts.append(classify_adjustment(group, str(carc), rarcs))
    return np.asarray(ids, dtype="int64"), verdicts


def _dense_factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` for small non-negative integers, by table look-up instead of hashing.

    Codes are numbered in order of value (not of appearance); that is all callers need.
    """
    import numpy as np
    import pandas as pd

    if len(values) == 0 or values.max() > 50_000_000:
        codes, uniques = pd.factorize(values)
        return np.asarray(codes, dtype="int64"), np.asarray(uniques)
    present = np.zeros(int(values.max()) + 1, dtype=bool)
    present[values] = True
    uniques = np.flatnonzero(present)
    table = np.cumsum(present, dtype="int64") - 1
    return table[values], uniques


def classify_adjustments(adjustments: pd.DataFrame) -> pd.DataFrame:
    """``adjustments`` with the verdict of each code: ``denies``, ``path``, ``carc_label``, ``reason``."""
    import numpy as np

    ids, verdicts = _verdict_ids(adjustments)
    out = adjustments.copy()
    out["denies"] = np.array([v.denies for v in verdicts], dtype=bool)[ids] if verdicts else False
    for column in ("path", "carc_label", "reason", "citation"):
        out[column] = _categorical([getattr(v, column) or "" for v in verdicts], ids)
    return out


def _categorical(values: list[str], codes: np.ndarray) -> pd.Categorical:
    """``values[codes]`` as a categorical, without building millions of Python strings."""
    import pandas as pd

    value_codes, categories = pd.factorize(pd.Series(values, dtype="object"))
    return pd.Categorical.from_codes(value_codes[codes] if len(values) else codes, categories=categories)


def _positions(keys: np.ndarray, lookup: np.ndarray) -> np.ndarray:
    """Position of each ``lookup`` value in ``keys`` (-1 when absent), like ``Index.get_indexer``.

    Claim and line ids are small dense integers (the reader numbers them from 0), so a direct
    table beats hashing ten million values; other keys fall back to the hash index.
    """
    import numpy as np
    import pandas as pd

    if keys.dtype.kind in "iu" and lookup.dtype.kind in "iu" and len(keys):
        low, high = int(keys.min()), int(keys.max())
        if low >= 0 and high < 4 * (len(keys) + len(lookup)) + 1024:
            table = np.full(high + 1, -1, dtype="int64")
            table[keys] = np.arange(len(keys))
            inside = (lookup >= 0) & (lookup <= high)
            out = np.full(len(lookup), -1, dtype="int64")
            out[inside] = table[lookup[inside]]
            return out
    return pd.Index(keys).get_indexer(lookup)


def _first_per_key(keys: np.ndarray, amounts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each key: its row with the largest amount (first such row), and the sum of its amounts."""
    import numpy as np

    if len(keys) == 0:
        empty = np.array([], dtype="int64")
        return empty, empty, np.array([], dtype="float64")
    if keys.min() >= 0:
        counts = np.bincount(keys)[keys]
    else:
        _, inverse, per_key = np.unique(keys, return_inverse=True, return_counts=True)
        counts = per_key[inverse]
    single = np.flatnonzero(counts == 1)  # most lines carry one denial code: no sort needed
    several = np.flatnonzero(counts > 1)
    order = several[np.lexsort((-amounts[several], keys[several]))]
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]]) if len(order) else order
    sums = np.add.reduceat(amounts[order], starts) if len(order) else np.array([], dtype="float64")
    rows = np.concatenate([single, order[starts]])
    return keys[rows], rows, np.concatenate([amounts[single], sums])


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


def detect_denials(claims: pd.DataFrame, lines: pd.DataFrame, adjustments: pd.DataFrame) -> Detected:
    """Which lines (and line-less claims) are denied, and the verdict that explains each.

    Integer arrays only, no text: :func:`denied_lines_from_frames` turns them into a table and
    :func:`summarize_denials` counts them, so both read denials the same way.
    """
    import numpy as np

    claim_ids = claims["claim_id"].to_numpy()
    status = claims["status"]
    reversal = status.eq(REVERSAL_STATUS).to_numpy(dtype=bool)
    claim_paid = claims["paid"].fillna(0).to_numpy()

    ids, verdicts = _verdict_ids(adjustments)
    unclassified = len(verdicts)  # the index used for lines no code in the table explains
    denies_by_id = np.array([v.denies for v in verdicts] + [False], dtype=bool)
    amount = adjustments["amount"].fillna(0).to_numpy()
    adj_claim_pos = _positions(claim_ids, adjustments["claim_id"].to_numpy())
    denying = denies_by_id[ids] & (amount > 0) & ~reversal[adj_claim_pos]
    line_ids = adjustments["line_id"].to_numpy(dtype="float64", na_value=np.nan)
    on_line = denying & ~np.isnan(line_ids)
    on_claim = denying & np.isnan(line_ids)

    # The strongest denial signal of each line and of each claim, and what they took in all.
    keyed_lines, line_rows, line_sums = _first_per_key(line_ids[on_line].astype("int64"), amount[on_line])
    line_vid = ids[on_line][line_rows]
    claim_pos_on = adj_claim_pos[on_claim]
    keyed_claims, claim_rows, claim_sums = _first_per_key(claim_pos_on, amount[on_claim])
    claim_vid = np.full(len(claims), unclassified, dtype="int64")
    claim_vid[keyed_claims] = ids[on_claim][claim_rows]
    claim_denied_sum = np.full(len(claims), np.nan)
    claim_denied_sum[keyed_claims] = claim_sums
    has_claim_code = np.zeros(len(claims), dtype=bool)
    has_claim_code[keyed_claims] = True
    processed = status.isin(_PROCESSED).to_numpy(dtype=bool)
    whole_claim = status.eq("4").to_numpy(dtype=bool) | (processed & (claim_paid == 0) & has_claim_code)
    whole_claim &= ~reversal

    line_claim_pos = _positions(claim_ids, lines["claim_id"].to_numpy())
    line_position = _positions(keyed_lines, lines["line_id"].to_numpy())
    by_line = line_position >= 0
    line_paid = lines["paid"].fillna(0).to_numpy()
    by_claim = ~by_line & whole_claim[line_claim_pos] & (line_paid <= 0)
    chosen = np.flatnonzero(by_line | by_claim)
    chosen_by_line = by_line[chosen]
    vid = np.where(chosen_by_line, line_vid[line_position[chosen]], claim_vid[line_claim_pos[chosen]])
    charge = lines["charge"].to_numpy()[chosen]
    paid = line_paid[chosen]
    denied_amount = np.where(chosen_by_line, line_sums[line_position[chosen]], charge - paid)
    pos = line_claim_pos[chosen]
    basis_codes = np.where(chosen_by_line, 0, 1)

    # Claims without service lines give one claim-level row each.
    has_lines = np.zeros(len(claims), dtype=bool)
    has_lines[line_claim_pos[line_claim_pos >= 0]] = True
    bare = np.flatnonzero(~has_lines & ~reversal & (whole_claim | has_claim_code))
    bare_charge = claims["charge"].to_numpy()[bare]
    bare_amount = np.where(
        np.isnan(claim_denied_sum[bare]), bare_charge - claim_paid[bare], claim_denied_sum[bare]
    )
    n_bare = len(bare)
    pos = np.concatenate([pos, bare])
    vid = np.concatenate([vid, claim_vid[bare]])
    return Detected(
        verdicts=verdicts,
        claim_pos=pos,
        verdict=vid,
        line_rows=chosen,
        line_charge=charge,
        line_paid=paid,
        denied_amount=np.concatenate([denied_amount, bare_amount]).astype("float64"),
        basis=np.concatenate([basis_codes, np.full(n_bare, 2)]),
        bare_charge=bare_charge,
        bare_paid=claim_paid[bare],
    )


@dataclass(frozen=True)
class Detected:
    """The denied rows as arrays: line rows first, then claims without lines (``bare``)."""

    verdicts: list[CodeVerdict]
    """Distinct verdicts; index ``len(verdicts)`` means unclassified."""
    claim_pos: np.ndarray
    verdict: np.ndarray
    line_rows: np.ndarray
    line_charge: np.ndarray
    line_paid: np.ndarray
    denied_amount: np.ndarray
    basis: np.ndarray
    bare_charge: np.ndarray
    bare_paid: np.ndarray

    @property
    def n_bare(self) -> int:
        return len(self.claim_pos) - len(self.line_rows)


def denied_lines_from_frames(
    claims: pd.DataFrame, lines: pd.DataFrame, adjustments: pd.DataFrame
) -> pd.DataFrame:
    """The work of :func:`find_denied_lines` on plain frames (the CSV loader and benchmark use it).

    Text columns come back as categoricals: a practice's millions of denied lines share a few
    hundred reasons.
    """
    import numpy as np
    import pandas as pd

    found = detect_denials(claims, lines, adjustments)
    pos, vid, chosen, n_bare = found.claim_pos, found.verdict, found.line_rows, found.n_bare
    claim_ids = claims["claim_id"].to_numpy()
    frame = pd.DataFrame(
        {
            "file": _take(claims["file"], pos),
            "claim_id": claim_ids[pos],
            "line_id": pd.array(
                np.concatenate([lines["line_id"].to_numpy()[chosen], np.zeros(n_bare, "int64")]),
                dtype="Int64",
            ),
            "payer_name": _take(claims["payer_name"], pos),
            "payer_id": _take(claims["payer_id"], pos),
            "remit_date": claims["remit_date"].to_numpy()[pos],
            "month": month_labels(claims["remit_date"].to_numpy()[pos]),
            "service_date": np.concatenate(
                [lines["service_date"].to_numpy()[chosen], np.full(n_bare, np.datetime64("NaT", "ns"))]
            ),
            "status": _take(claims["status"], pos),
            "procedure_code": _take(lines["procedure_code"], np.concatenate([chosen, np.full(n_bare, -1)])),
            "charge": np.concatenate([found.line_charge, found.bare_charge]),
            "paid": np.concatenate([found.line_paid, found.bare_paid]),
            "denied_amount": found.denied_amount,
        }
    )
    if n_bare:
        frame.loc[frame.index[-n_bare:], "line_id"] = pd.NA
    _add_verdict_columns(frame, vid, found.verdicts)
    frame["basis"] = pd.Categorical.from_codes(found.basis, categories=list(BASES))
    order = np.lexsort((frame["claim_id"].to_numpy(), -frame["denied_amount"].to_numpy()))
    return pd.DataFrame(frame.take(order)[DENIED_COLUMNS]).reset_index(drop=True)


def _take(column: pd.Series, positions: np.ndarray) -> pd.Categorical:
    """``column[positions]`` as a categorical (a few payers or files repeated millions of times).

    A position of -1 gives an empty string (a row with no such value, e.g. a claim without lines).
    """
    import numpy as np
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, uniques = column.cat.codes.to_numpy(), list(column.cat.categories)
    else:
        codes, found = pd.factorize(column, use_na_sentinel=False)
        uniques = ["" if not isinstance(v, str) else v for v in found]
    if "" not in uniques:
        uniques.append("")
    blank = uniques.index("")
    picked = (
        np.where(positions >= 0, codes[np.maximum(positions, 0)], blank)
        if len(codes)
        else np.full(len(positions), blank)
    )
    categories, remap = np.unique(np.asarray(uniques, dtype="object").astype(str), return_inverse=True)
    return pd.Categorical.from_codes(remap[picked], categories=categories)


def month_labels(dates: np.ndarray) -> pd.Categorical:
    """``YYYY-MM`` of each date ("" when missing), computed once per distinct month."""
    import numpy as np
    import pandas as pd

    months = dates.astype("datetime64[M]")
    codes, uniques = pd.factorize(months, use_na_sentinel=False)
    labels = ["" if np.isnat(m) else str(m) for m in np.asarray(uniques, dtype="datetime64[M]")]
    labels_codes, categories = pd.factorize(pd.Series(labels, dtype="object"))
    return pd.Categorical.from_codes(labels_codes[codes], categories=categories)


def _add_verdict_columns(frame: pd.DataFrame, vid: np.ndarray, verdicts: list[CodeVerdict]) -> None:
    """Code, path, labels, reason and appeal advice of each row, from its verdict index."""
    labels = {p: path_label(p) for p in path_rows()}
    paths = [v.path for v in verdicts] + [None]
    advice = [appeal_advice(p) for p in paths]
    text = {
        "group": [v.group or "" for v in verdicts] + [""],
        "carc": [v.carc for v in verdicts] + [""],
        "code": [f"{v.group}-{v.carc}" if v.group else v.carc for v in verdicts] + [UNCLASSIFIED],
        "rarcs": [",".join(v.rarcs) for v in verdicts] + [""],
        "path": [p or UNCLASSIFIED for p in paths],
        "path_label": [labels[p] if p else UNCLASSIFIED for p in paths],
        "carc_label": [v.carc_label for v in verdicts] + [""],
        "reason": [v.reason for v in verdicts]
        + ["claim denied (CLP02 = 4) with no adjustment code in mhnotebook's table"],
        "citation": [v.citation for v in verdicts] + [""],
        "action": [a[1] for a in advice],
        "why": [a[2] for a in advice],
    }
    for column, values in text.items():
        frame[column] = _categorical(values, vid)
    import numpy as np

    frame["worth_appealing"] = np.array([a[0] for a in advice], dtype=bool)[vid]
