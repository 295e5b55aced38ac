"""What a loader dropped, suppressed or flagged, so no table is presented as more complete than it is."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LoadReport:
    """One file's load: rows read and kept, legend tokens met, rows dropped and anomalies flagged.

    ``dropped`` and ``flagged`` hold short sentences with the reason and a count, for people;
    ``tokens`` counts missing-value markers by meaning (``suppressed`` kept apart from
    ``not_available``), for tests and the CLI.
    """

    source: str
    rows_read: int = 0
    rows_kept: int = 0
    tokens: Counter[str] = field(default_factory=Counter)
    dropped: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "missing_cells": dict(sorted(self.tokens.items())),
            "dropped": list(self.dropped),
            "flagged": list(self.flagged),
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        lines = [f"{self.source}: {self.rows_read} rows read, {self.rows_kept} kept"]
        if self.tokens:
            lines.append("  missing cells: " + ", ".join(f"{k} {v}" for k, v in sorted(self.tokens.items())))
        lines += [f"  dropped: {d}" for d in self.dropped]
        lines += [f"  flagged: {f}" for f in self.flagged]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def reports_table(reports: list[LoadReport] | tuple[LoadReport, ...]) -> Any:
    """One row per file: rows read and kept, suppressed and other missing cells, flags and drops."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "file": r.source,
                "rows_read": r.rows_read,
                "rows_kept": r.rows_kept,
                "suppressed_cells": r.tokens.get("suppressed", 0),
                "other_missing_cells": sum(v for k, v in r.tokens.items() if k != "suppressed"),
                "flagged": len(r.flagged),
                "dropped": len(r.dropped),
            }
            for r in reports
        ]
    )
