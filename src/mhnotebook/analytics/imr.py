"""California DMHC Independent Medical Review decisions (both vintages) as one tidy table.

Each row is one IMR decision with ``outcome`` (Overturned / Upheld) and ``group`` (MH/SUD,
Autism, Other) from the grouping in ``maps/imr_groups.yaml``, which every output states. Cite
"DMHC IMR Data, 2001 - Current"; copies we derive are marked modified.
"""

from __future__ import annotations

import csv
import io
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

GROUPS = ("MH/SUD", "Autism", "Other")
DERIVED_LABEL = "derived and filtered by mhnotebook; not the official DMHC file"


def _map(name: str) -> dict[str, Any]:
    text = resources.files("mhnotebook.analytics").joinpath(f"maps/{name}").read_text("utf-8")
    return dict(yaml.safe_load(text))


@lru_cache(maxsize=1)
def imr_layouts() -> dict[str, Any]:
    return _map("imr_columns.yaml")


@lru_cache(maxsize=1)
def default_grouping() -> dict[str, Any]:
    """The MH/SUD grouping shipped with mhnotebook (``maps/imr_groups.yaml``)."""
    return _map("imr_groups.yaml")


def describe_grouping(grouping: dict[str, Any] | None = None) -> dict[str, Any]:
    """The grouping as plain data for outputs: which categories count as what, and the order."""
    g = grouping or default_grouping()
    return {
        "name": g.get("name", "custom grouping"),
        "order": "autism first, then MH/SUD, else other",
        "autism": {k: list(v) for k, v in g["autism"].items()},
        "mh_sud": {k: list(v) for k, v in g["mh_sud"].items()},
        "sud_subgroup": {k: list(v) for k, v in g["sud"].items()},
    }


def grouping_sentence(grouping: dict[str, Any] | None = None) -> str:
    g = grouping or default_grouping()
    return (
        "MH/SUD = diagnosis category in {"
        + ", ".join(g["mh_sud"]["diagnosis_categories"])
        + "} or treatment category in {"
        + ", ".join(g["mh_sud"]["treatment_categories"])
        + "}; autism ("
        + ", ".join(g["autism"]["diagnosis_categories"] + g["autism"]["treatment_categories"])
        + ", or the Autism sub-category) shown apart; everything else is Other"
    )


@dataclass(frozen=True)
class ImrData:
    decisions: pd.DataFrame
    report: LoadReport
    vintage: str
    modified: str | None

    def provenance(self, filters: tuple[str, ...] = ()) -> Provenance:
        years = sorted(int(y) for y in self.decisions["report_year"].unique())
        return imr_provenance(years, filters, self.modified)


def imr_provenance(
    years: list[int], filters: tuple[str, ...] = (), modified: str | None = None
) -> Provenance:
    layouts = imr_layouts()
    labels = "; ".join(x for x in (modified, DERIVED_LABEL) if x)
    return Provenance(
        source=f"California DMHC Independent Medical Review decisions ({layouts['url']})",
        date_range=f"report years {years[0]}–{years[-1]}" if years else "no rows",
        caveat=(
            "IMRs are decisions on denials enrollees took to external review in California DMHC-regulated plans; "
            "they are not a sample of all denials. Single-year MH/SUD counts are small: read the intervals."
        ),
        filters=(grouping_sentence(), *filters),
        citation=layouts["citation"],
        modified=labels,
    )


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        raise DatasetError(
            path,
            "",
            "this is an Excel workbook (or another zip file); the IMR loader reads the DMHC CSV export",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DatasetError(
            path, f"line {line}", f"not UTF-8 text (byte {data[exc.start]:#04x}); save the file as UTF-8 CSV"
        ) from None


def _detect_vintage(path: Path, first_line: str) -> dict[str, Any]:
    for layout in imr_layouts()["vintages"]:
        header = [h.strip() for h in first_line.split(layout["delimiter"])]
        if set(layout["columns"].values()) <= set(header):
            return dict(layout)
    for layout in imr_layouts()["vintages"]:
        for other in (";", ",", "\t"):
            if other != layout["delimiter"] and set(layout["columns"].values()) <= {
                h.strip() for h in first_line.split(other)
            }:
                raise DatasetError(
                    path,
                    "line 1 (header)",
                    f"the {layout['name']} IMR layout is {layout['delimiter']!r}-separated but this file uses {other!r}",
                )
    raise DatasetError(
        path,
        "line 1 (header)",
        "not a DMHC IMR file: expected the columns of the 2016-era (';') or current (',') layout, got "
        + repr(first_line[:200]),
    )


def load_imr(path: str | Path, grouping: dict[str, Any] | None = None) -> ImrData:
    """Read either IMR vintage; rows with an unknown determination or year stop the load with the line."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise DatasetError(path, "", "file not found")
    text = _decode(path)
    first = text.split("\n", 1)[0].rstrip("\r")
    layout = _detect_vintage(path, first)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=layout["delimiter"]))
    header, body = [h.strip() for h in rows[0]], rows[1:]
    wanted = {**layout["columns"], **{k: v for k, v in (layout.get("optional") or {}).items() if v in header}}
    index = {canon: header.index(src) for canon, src in wanted.items()}
    report = LoadReport(source=path.name, rows_read=len(body))
    records = []
    determinations = imr_layouts()["determinations"]
    for line_no, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            report.dropped.append(f"line {line_no}: blank line")
            continue
        if len(row) != len(header):
            raise DatasetError(path, f"line {line_no}", f"expected {len(header)} fields, found {len(row)}")
        rec = {canon: row[i].strip() for canon, i in index.items()}
        if rec["determination"] not in determinations:
            raise DatasetError(
                path,
                f"line {line_no}, column {wanted['determination']!r}",
                f"unknown determination {rec['determination']!r}",
            )
        if not rec["report_year"].isdigit():
            raise DatasetError(
                path,
                f"line {line_no}, column {wanted['report_year']!r}",
                f"report year {rec['report_year']!r} is not a year",
            )
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=list(wanted))
    frame["report_year"] = frame["report_year"].astype(int)
    frame["outcome"] = frame["determination"].map(determinations)
    frame["overturned"] = frame["outcome"].eq("Overturned")
    frame["age_range"] = frame["age_range"].str.replace("_", "-").str.replace(" to ", "-")
    for col in (
        "diagnosis_category",
        "diagnosis_sub_category",
        "treatment_category",
        "treatment_sub_category",
    ):
        frame[col] = frame[col].mask(frame[col].eq(""))
    frame = assign_groups(frame, grouping)
    frame.insert(0, "vintage", layout["name"])
    report.rows_kept = len(frame)
    report.notes.append(f"vintage {layout['name']}: {layout['note']}")
    report.notes.append("grouping: " + grouping_sentence(grouping))
    blank_age = int(frame["age_range"].eq("").sum())
    if blank_age:
        report.notes.append(f"{blank_age} rows with no age range (kept)")
    from mhnotebook.analytics.schemas import validate

    frame = validate(frame, "imr", path)
    return ImrData(frame, report, layout["name"], layout.get("modified"))


def assign_groups(frame: pd.DataFrame, grouping: dict[str, Any] | None = None) -> pd.DataFrame:
    """Add ``group`` (MH/SUD, Autism, Other) and ``subgroup`` (SUD / MH (non-SUD)) per the grouping."""
    import numpy as np

    g = grouping or default_grouping()
    dx, sub, tx = frame["diagnosis_category"], frame["diagnosis_sub_category"], frame["treatment_category"]
    mh_dx = dx.isin(g["mh_sud"]["diagnosis_categories"])
    autism = (
        dx.isin(g["autism"]["diagnosis_categories"])
        | (mh_dx & sub.isin(g["autism"].get("diagnosis_sub_categories", [])))
        | tx.isin(g["autism"]["treatment_categories"])
    )
    mh_sud = ~autism & (mh_dx | tx.isin(g["mh_sud"]["treatment_categories"]))
    sud = mh_sud & (
        dx.isin(g["sud"]["diagnosis_categories"]) | sub.isin(g["sud"]["diagnosis_sub_categories"])
    )
    out = frame.copy()
    out["group"] = np.select([autism.to_numpy(), mh_sud.to_numpy()], ["Autism", "MH/SUD"], "Other")
    out["subgroup"] = np.select([sud.to_numpy(), mh_sud.to_numpy()], ["SUD", "MH (non-SUD)"], "")
    return out
