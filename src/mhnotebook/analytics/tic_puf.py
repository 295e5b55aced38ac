"""CMS Transparency in Coverage PUF workbooks into tidy plan, issuer and reason tables.

The traps (see ``maps/tic_puf_columns.yaml`` and ../shared/data/real/README.md) are handled here,
once: the header is on row 3; columns are mapped per PUF-year layout, never by name alone; legend
tokens (``*``, ``**``, ``***``, ``N/A``) become missing values with their meaning kept in a status
column; issuer-level figures repeat on every plan row and are de-duplicated on (issuer_id, state);
anomalies (denied > received, overturned > filed) are flagged, not dropped.

>>> data = load_tic_puf(samples_dir() / "tic-puf" / "tc-puf-py2025_claims2023.xlsx")  # doctest: +SKIP
>>> data.issuers[["state", "issuer_name", "claims_denied_in_network"]].head()  # doctest: +SKIP
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from mhnotebook.analytics.load_report import LoadReport
from mhnotebook.analytics.provenance import Provenance
from mhnotebook.errors import DatasetError

if TYPE_CHECKING:
    import pandas as pd

SOURCE = "CMS Transparency in Coverage PUF, individual-market medical QHPs (HealthCare.gov states)"
SCOPE = (
    "HealthCare.gov states only (FFE, SBE-FP), individual market, figures self-reported by issuers "
    "to CMS; not indicative of issuer quality."
)
#: Status values of a numeric cell: a number, one of the legend meanings, or blank.
REPORTED, BLANK, UNREADABLE = "reported", "blank", "unreadable"
ISSUER_NUMBERS = (
    "claims_received_in_network",
    "claims_received_out_of_network",
    "claims_denied_in_network",
    "claims_denied_out_of_network",
    "claims_resubmitted_in_network",
    "claims_resubmitted_out_of_network",
    "internal_appeals_filed",
    "internal_appeals_overturned",
    "external_appeals_filed",
    "external_appeals_overturned",
)
_SHEET_RE = re.compile(r"^Transparency (\d{4}) - Ind QHP$")


@lru_cache(maxsize=1)
def column_maps() -> dict[str, Any]:
    """The per-layout column maps (package data, ``maps/tic_puf_columns.yaml``)."""
    text = resources.files("mhnotebook.analytics").joinpath("maps/tic_puf_columns.yaml").read_text("utf-8")
    return dict(yaml.safe_load(text))


def reason_labels() -> dict[str, str]:
    """Canonical reason -> label, in the order CMS lists them."""
    return dict(column_maps()["reasons"])


def layout_for(puf_year: int, path: Path | str = "") -> dict[str, Any]:
    for layout in column_maps()["layouts"]:
        if puf_year in layout["puf_years"]:
            return dict(layout)
    known = sorted(y for lay in column_maps()["layouts"] for y in lay["puf_years"])
    raise DatasetError(
        path,
        f"sheet 'Transparency {puf_year} - Ind QHP'",
        f"unknown PUF layout for PUF year {puf_year}; known: {known}",
    )


@dataclass(frozen=True)
class TicPufYear:
    """One workbook, loaded: plan rows, de-duplicated issuers, reasons (long) and what happened."""

    puf_year: int
    claims_year: int
    layout: str
    plans: pd.DataFrame
    issuers: pd.DataFrame
    reasons: pd.DataFrame
    report: LoadReport
    disclaimer: str

    @property
    def has_network_split(self) -> bool:
        return (
            bool(self.issuers["claims_received_out_of_network_status"].ne(BLANK).any())
            and self.layout != "puf2023"
        )


def parse_cells(values: list[Any], tokens: dict[str, str]) -> tuple[list[float | None], list[str]]:
    """Numbers and a status per cell: legend tokens and blanks are missing (None), never zero."""
    numbers: list[float | None] = []
    status: list[str] = []
    for value in values:
        if value is None or (isinstance(value, str) and not value.strip()):
            numbers.append(None)
            status.append(BLANK)
        elif isinstance(value, bool):
            numbers.append(None)
            status.append(UNREADABLE)
        elif isinstance(value, int | float):
            numbers.append(float(value))
            status.append(REPORTED)
        else:
            text = str(value).strip()
            if text in tokens:
                numbers.append(None)
                status.append(tokens[text])
                continue
            try:
                numbers.append(float(text.replace(",", "")))
                status.append(REPORTED)
            except ValueError:
                numbers.append(None)
                status.append(UNREADABLE)
    return numbers, status


def _open_sheet(path: Path) -> tuple[list[list[Any]], int, str, str]:
    """The Ind QHP sheet's rows (row 1 first), its PUF year, its name, and the disclaimer text.

    Read with python-calamine (a Rust xlsx reader): about ten times faster than openpyxl on these
    workbooks, and it returns plain values (blank cells as empty strings).
    """
    import python_calamine as calamine

    if not path.is_file():
        raise DatasetError(path, "", "file not found")
    try:
        book = calamine.CalamineWorkbook.from_path(str(path))
    except calamine.CalamineError as exc:
        raise DatasetError(
            path, "", f"not an Excel .xlsx workbook ({exc.__class__.__name__}: {exc})"
        ) from None
    matches = [(name, _SHEET_RE.match(name)) for name in book.sheet_names]
    found = [(name, int(m.group(1))) for name, m in matches if m]
    if len(found) != 1:
        raise DatasetError(
            path,
            "sheets",
            "expected exactly one sheet named 'Transparency <PUF year> - Ind QHP' (a CMS Transparency in "
            f"Coverage PUF); found {book.sheet_names}",
        )
    name, puf_year = found[0]
    disclaimer = ""
    if "PUF Data Disclaimer" in book.sheet_names:
        rows = book.get_sheet_by_name("PUF Data Disclaimer").to_python()
        disclaimer = "\n".join(str(c).strip() for row in rows for c in row if str(c).strip())
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    return rows, puf_year, name, disclaimer


def load_tic_puf(path: str | Path) -> TicPufYear:
    """Read one PUF workbook; raise :class:`DatasetError` naming file and place on a bad layout."""
    import pandas as pd

    path = Path(path)
    all_rows, puf_year, sheet_name, disclaimer = _open_sheet(path)
    maps = column_maps()
    layout = layout_for(puf_year, path)
    header_row = int(maps["header_row"])
    if len(all_rows) < header_row:
        raise DatasetError(path, f"sheet {sheet_name!r} row {header_row}", "no header row")
    header = [str(c).strip() if c is not None else "" for c in all_rows[header_row - 1]]
    rows = iter(all_rows[header_row:])
    wanted = {
        **layout["text"],
        **layout["numbers"],
        **{f"reason_{k}": v for k, v in layout["reasons"].items()},
    }
    missing = [src for src in wanted.values() if src not in header]
    if missing:
        raise DatasetError(
            path,
            f"sheet {sheet_name!r} row {header_row}",
            f"header does not match the PUF {puf_year} layout {layout['name']!r}; missing columns: {missing}",
        )
    index = {canon: header.index(src) for canon, src in wanted.items()}
    body = [r for r in rows if any(c is not None and str(c).strip() for c in r)]
    report = LoadReport(source=f"{path.name} [{sheet_name}]", rows_read=len(body))
    tokens: dict[str, str] = maps["legend_tokens"]
    claims_year = puf_year + int(maps["claims_year_offset"])

    columns: dict[str, Any] = {}
    for canon in layout["text"]:
        col = [r[index[canon]] if index[canon] < len(r) else None for r in body]
        columns[canon] = [None if v is None else str(v).strip() for v in col]
    for canon in (*layout["numbers"], *(f"reason_{k}" for k in layout["reasons"])):
        col = [r[index[canon]] if index[canon] < len(r) else None for r in body]
        numbers, status = parse_cells(col, tokens)
        columns[canon] = numbers
        columns[f"{canon}_status"] = status
        for position, st in enumerate(status):
            if st not in (REPORTED, BLANK):
                report.tokens[st] += 1
            if st == UNREADABLE:
                report.flagged.append(
                    f"row {header_row + 1 + position}, column {wanted[canon]!r}: unreadable value {col[position]!r} kept as missing"
                )
    plans = pd.DataFrame(columns)
    plans.insert(0, "claims_year", claims_year)
    plans.insert(1, "puf_year", puf_year)
    plans["issuer_id"] = plans["issuer_id"].str.replace(r"\.0$", "", regex=True).str.zfill(5)
    plans["sadp_only"] = plans["sadp_only"].str.lower().eq("yes")
    if "exchange_type" not in plans:
        plans["exchange_type"] = None
    for canon in _all_numeric():
        for suffix, fill in (("", float("nan")), ("_status", BLANK)):
            if f"{canon}{suffix}" not in plans:
                plans[f"{canon}{suffix}"] = fill
    plans = plans.astype({c: "Float64" for c in _all_numeric()})
    plans = _check(plans, path, "plans")
    issuers = _issuers(plans, report)
    reasons = _reasons(plans, layout)
    report.rows_kept = len(plans)
    report.notes.append(f"layout {layout['name']}: {layout['note']}")
    report.notes.append(f"{len(issuers)} issuer-state rows after de-duplicating {len(plans)} plan rows")
    return TicPufYear(puf_year, claims_year, layout["name"], plans, issuers, reasons, report, disclaimer)


def _all_numeric() -> list[str]:
    numbers = {c for lay in column_maps()["layouts"] for c in lay["numbers"]}
    reasons = [f"reason_{k}" for k in column_maps()["reasons"]]
    return sorted(numbers) + reasons


def _issuers(plans: pd.DataFrame, report: LoadReport) -> pd.DataFrame:
    """One row per (issuer_id, state): issuer fields repeat on every plan row, so take them once."""
    issuer_cols = [f"issuer_{c}" for c in ISSUER_NUMBERS]
    keys = ["claims_year", "puf_year", "state", "issuer_id"]
    grouped = plans.groupby(keys, sort=True, dropna=False)
    first = grouped.agg(
        issuer_name=("issuer_name", "first"),
        sadp_only=("sadp_only", "max"),
        exchange_type=("exchange_type", "first"),
        plans=("plan_id", "size"),
        **{c: (f"issuer_{c}", "first") for c in ISSUER_NUMBERS},
        **{f"{c}_status": (f"issuer_{c}_status", "first") for c in ISSUER_NUMBERS},
    ).reset_index()
    differing = grouped[issuer_cols].nunique(dropna=False).gt(1).any(axis=1)
    first["anomalies"] = [
        ["issuer figures differ across plan rows"] if d else [] for d in differing.to_numpy()
    ]
    checks = (
        ("claims_denied_in_network", "claims_received_in_network", "in-network denied > received"),
        (
            "claims_denied_out_of_network",
            "claims_received_out_of_network",
            "out-of-network denied > received",
        ),
        ("internal_appeals_overturned", "internal_appeals_filed", "internal appeals overturned > filed"),
        ("external_appeals_overturned", "external_appeals_filed", "external appeals overturned > filed"),
    )
    for part, whole, label in checks:
        bad = (first[part] > first[whole]).fillna(False).to_numpy()
        for i in bad.nonzero()[0]:
            first.at[i, "anomalies"] = [*first.at[i, "anomalies"], label]
    for row in first.itertuples():
        if row.anomalies:
            report.flagged.append(
                f"{row.issuer_name} ({row.issuer_id}, {row.state}): {'; '.join(row.anomalies)}"
            )
    sadp = int(first["sadp_only"].sum())
    if sadp:
        report.notes.append(f"{sadp} SADP-only (dental) issuer rows kept and marked sadp_only=True")
    return _check(first, "issuers", "issuers")


def _reasons(plans: pd.DataFrame, layout: dict[str, Any]) -> pd.DataFrame:
    """Denials by reason summed over plans, long, with how many plan cells were suppressed or absent."""
    import pandas as pd

    labels = reason_labels()
    frames = []
    keys = ["claims_year", "state", "issuer_id"]
    for reason in layout["reasons"]:
        col = f"reason_{reason}"
        status = plans[f"{col}_status"]
        part = (
            plans.assign(
                _value=plans[col],
                _reported=status.eq(REPORTED),
                _suppressed=status.eq("suppressed"),
                _missing=~status.isin([REPORTED, "suppressed"]),
            )
            .groupby(keys, sort=True)
            .agg(
                denied=("_value", lambda s: s.sum(min_count=1)),
                plans_reported=("_reported", "sum"),
                plans_suppressed=("_suppressed", "sum"),
                plans_missing=("_missing", "sum"),
            )
            .reset_index()
        )
        part.insert(3, "reason", reason)
        part.insert(4, "reason_label", labels[reason])
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def _check(frame: pd.DataFrame, path: object, what: str) -> pd.DataFrame:
    from mhnotebook.analytics.schemas import validate

    return validate(frame, what, path)


def load_tic_pufs(
    paths: list[str | Path] | tuple[str | Path, ...], *, show_progress: bool | None = None
) -> list[TicPufYear]:
    """Load several workbooks (a progress bar when there are more than one), sorted by claims year."""
    from mhnotebook.analytics.progress import track

    loaded = [load_tic_puf(p) for p in track(list(paths), "Reading PUF workbooks", show=show_progress)]
    years = [d.claims_year for d in loaded]
    if len(set(years)) != len(years):
        raise DatasetError(
            ", ".join(str(p) for p in paths), "", f"the same claims year was given twice: {sorted(years)}"
        )
    return sorted(loaded, key=lambda d: d.claims_year)


def tic_provenance(
    claims_years: list[int], filters: tuple[str, ...] = (), *, third_party: bool = False
) -> Provenance:
    """Provenance for a table built from these claims years (the CMS disclaimer as caveat)."""
    years = sorted(set(claims_years))
    span = f"claims year {years[0]}" if len(years) == 1 else f"claims years {years[0]}–{years[-1]}"
    source = SOURCE
    if third_party:
        source += "; earlier years from a third-party harmonised panel (MIT, araceli-vargas-research)"
    return Provenance(
        source=source,
        date_range=span,
        caveat=f"{SCOPE} CMS: claims denials are not necessarily indicative of issuer strength or plan quality.",
        filters=filters,
        citation="CMS Transparency in Coverage PUF (PUF year = claims year + 2)",
    )
