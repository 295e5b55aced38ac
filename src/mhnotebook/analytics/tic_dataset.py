"""Load a mix of PUF workbooks and the third-party panel into one issuer and one reason table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mhnotebook.analytics.load_report import LoadReport

if TYPE_CHECKING:
    import pandas as pd

    from mhnotebook.analytics.provenance import Provenance


@dataclass(frozen=True)
class TicDataset:
    """Issuers (every claims year loaded), reasons (workbook years only) and one report per file."""

    issuers: pd.DataFrame
    reasons: pd.DataFrame
    reports: tuple[LoadReport, ...]
    disclaimer: str
    uses_panel: bool

    @property
    def claims_years(self) -> list[int]:
        return sorted(int(y) for y in self.issuers["claims_year"].unique())

    def provenance(self, filters: Sequence[str] = ()) -> Provenance:
        from mhnotebook.analytics.tic_puf import tic_provenance

        return tic_provenance(self.claims_years, tuple(filters), third_party=self.uses_panel)


def load_tic_dataset(paths: Sequence[str | Path], *, show_progress: bool | None = None) -> TicDataset:
    """``.xlsx`` paths are CMS workbooks, a ``.csv`` is the third-party panel (used for other years)."""
    import pandas as pd

    from mhnotebook.analytics.progress import track
    from mhnotebook.analytics.tic_panel import combine_issuer_years, load_tic_panel
    from mhnotebook.analytics.tic_puf import load_tic_puf
    from mhnotebook.errors import DatasetError

    workbooks, panel, reports = [], None, []
    for path in track([Path(p) for p in paths], "Reading CMS PUF files", show=show_progress):
        if path.suffix.lower() == ".csv":
            panel, report = load_tic_panel(path)
            reports.append(report)
        elif path.suffix.lower() in {".xlsx", ".xlsm"}:
            workbooks.append(load_tic_puf(path))
            reports.append(workbooks[-1].report)
        else:
            raise DatasetError(path, "", "expected a CMS PUF workbook (.xlsx) or the panel (.csv)")
    years = [w.claims_year for w in workbooks]
    if len(set(years)) != len(years):
        raise DatasetError(
            ", ".join(map(str, paths)), "", f"the same claims year was given twice: {sorted(years)}"
        )
    issuers = combine_issuer_years([w.issuers for w in workbooks], panel)
    reasons = (
        pd.concat([w.reasons for w in workbooks], ignore_index=True)
        if workbooks
        else pd.DataFrame(
            columns=[
                "claims_year",
                "state",
                "issuer_id",
                "reason",
                "reason_label",
                "denied",
                "plans_suppressed",
            ]
        )
    )
    disclaimer = workbooks[0].disclaimer if workbooks else ""
    return TicDataset(
        issuers,
        reasons,
        tuple(reports),
        disclaimer,
        bool(panel is not None and set(issuers["source"]) != {"CMS PUF workbook"}),
    )
