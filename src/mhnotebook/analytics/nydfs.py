"""New York DFS external appeal export (a workbook the user downloads) as a tidy decisions table.

The real file may not be at hand (DFS publishes it without a reuse licence), so the loader is
tested on a small synthetic workbook with the published column list.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mhnotebook.analytics.load_report import LoadReport
from mhnotebook.errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd


@lru_cache(maxsize=1)
def nydfs_map() -> dict[str, Any]:
    text = resources.files("mhnotebook.analytics").joinpath("maps/nydfs_columns.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


@dataclass(frozen=True)
class NydfsData:
    decisions: pd.DataFrame
    report: LoadReport


def classify_decision(text: str) -> str:
    spec = nydfs_map()["outcomes"]
    value = text.strip().lower()
    if any(value.startswith(p.lower()) for p in spec["overturned_prefixes"]):
        return "Overturned"
    if any(value.startswith(p.lower()) for p in spec["upheld_prefixes"]):
        return "Upheld"
    return "Other"


def load_nydfs(path: str | Path, sheet: str | int = 0) -> NydfsData:
    """Read the export (.xlsx, or .csv saved from it); the header row must hold every listed column."""
    import pandas as pd
    from python_calamine import CalamineError

    path = Path(path)
    if not path.is_file():
        raise DatasetError(path, "", "file not found")
    try:
        if path.suffix.lower() == ".csv":
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            place = "line 1 (header)"
        else:
            raw = pd.read_excel(path, sheet_name=sheet, dtype=str, keep_default_na=False, engine="calamine")
            place = f"sheet {sheet!r} row 1 (header)"
    except UnicodeDecodeError as exc:
        raise DatasetError(
            path, "", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save as UTF-8 CSV"
        ) from None
    except ValueError as exc:  # pandas: unknown sheet name
        raise DatasetError(path, f"sheet {sheet!r}", str(exc)) from None
    except (zipfile.BadZipFile, CalamineError):
        raise DatasetError(path, "", "not an Excel .xlsx workbook") from None
    spec = nydfs_map()
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in spec["columns"].values() if c not in raw.columns]
    if missing:
        hint = " (is it ';'-separated?)" if len(raw.columns) == 1 and ";" in raw.columns[0] else ""
        raise DatasetError(path, place, f"missing NY DFS export columns {missing}{hint}")
    report = LoadReport(source=path.name, rows_read=len(raw))
    frame = raw.rename(columns={v: k for k, v in spec["columns"].items()})[list(spec["columns"])].copy()
    for prefix in spec["optional_prefixes"]:
        parts = sorted(c for c in raw.columns if c.startswith(prefix))
        frame[prefix.lower()] = (
            raw[parts].agg(lambda r: "\n".join(x for x in r if x), axis=1) if parts else ""
        )
    blank = frame["case_number"].str.strip().eq("")
    if blank.any():
        report.dropped.append(f"{int(blank.sum())} rows without a case number (blank lines)")
        frame = frame[~blank]
    year = pd.to_numeric(frame["decision_year"].str.strip(), errors="coerce")
    bad_year = frame["decision_year"].str.strip().ne("") & year.isna()
    for idx in frame.index[bad_year]:
        report.flagged.append(
            f"row {idx + 2}: decision year {frame.at[idx, 'decision_year']!r} kept as missing"
        )
    frame["decision_year"] = year.round().astype("Int64")
    frame["outcome"] = frame["appeal_decision"].map(classify_decision)
    other = frame["outcome"].eq("Other")
    if other.any():
        values = sorted(set(frame.loc[other, "appeal_decision"]))
        report.flagged.append(f"{int(other.sum())} decisions neither overturned nor upheld: {values}")
    report.rows_kept = len(frame)
    from mhnotebook.analytics.schemas import validate

    return NydfsData(validate(frame.reset_index(drop=True), "nydfs", path), report)
