"""The third-party issuer x state x claims-year panel (claims years 2015-2024) as an issuer table.

We hold raw CMS workbooks only for claims years 2021-2024; the panel fills 2015-2020 for trend
charts. It is another author's derivation, so every output built on it says so, and where both
exist the raw workbooks win (:func:`combine_issuer_years`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mhnotebook.analytics.load_report import LoadReport
from mhnotebook.analytics.tic_puf import BLANK, ISSUER_NUMBERS, REPORTED, _check
from mhnotebook.errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd

PANEL_SOURCE = (
    "third-party harmonised panel (MIT, araceli-vargas-research/insured-but-unprotected), built from CMS PUFs"
)


@lru_cache(maxsize=1)
def panel_map() -> dict[str, Any]:
    text = resources.files("mhnotebook.analytics").joinpath("maps/tic_panel_columns.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def load_tic_panel(path: str | Path) -> tuple[pd.DataFrame, LoadReport]:
    """Read the panel CSV into the same issuer schema as :func:`~mhnotebook.analytics.tic_puf.load_tic_puf`."""
    import pandas as pd

    path = Path(path)
    spec = panel_map()
    try:
        raw = pd.read_csv(path, dtype={"issuer_id": str, "state": str}, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise DatasetError(
            path,
            "",
            f"not the UTF-8 comma-separated issuer x state x year panel ({first}); PUF workbooks are .xlsx",
        ) from None
    needed = [*spec["required"], *spec["numbers"].values(), *spec["unsplit_totals"].values()]
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise DatasetError(
            path, "line 1 (header)", f"missing columns {missing}; is this the comma-separated panel?"
        )
    report = LoadReport(source=path.name, rows_read=len(raw))
    out = pd.DataFrame(
        {
            "claims_year": raw["claims_year"].astype(int),
            "puf_year": raw["puf_publication_year"].astype(int),
            "state": raw["state"],
            "issuer_id": raw["issuer_id"].str.zfill(5),
            "issuer_name": raw["issuer_name"],
            "sadp_only": False,
            "exchange_type": None,
            "plans": float("nan"),
        }
    )
    unsplit = raw["claims_year"] < int(spec["first_split_claims_year"])
    for canon, src in spec["numbers"].items():
        values = raw[src].astype("Float64")
        if canon in spec["unsplit_totals"]:
            values = values.where(~unsplit, raw[spec["unsplit_totals"][canon]].astype("Float64"))
        out[canon] = values
        out[f"{canon}_status"] = values.notna().map({True: REPORTED, False: BLANK})
    out["anomalies"] = [[] for _ in range(len(out))]
    out["source"] = "third-party panel"
    assert set(ISSUER_NUMBERS) <= set(out.columns)
    report.rows_kept = len(out)
    report.notes.append(
        f"claims years before {spec['first_split_claims_year']}: reported totals used as in-network figures (no split)"
    )
    return _check(out, path, "issuers"), report


def combine_issuer_years(raw_years: list[pd.DataFrame], panel: pd.DataFrame | None) -> pd.DataFrame:
    """Raw workbook issuers for the years we have, the panel for the other years."""
    import pandas as pd

    frames = [f.assign(source="CMS PUF workbook") for f in raw_years]
    have = {int(y) for f in raw_years for y in f["claims_year"].unique()}
    if panel is not None:
        frames.append(panel[~panel["claims_year"].isin(have)])
    combined = pd.concat(frames, ignore_index=True)
    return combined.sort_values(["claims_year", "state", "issuer_id"], ignore_index=True)
