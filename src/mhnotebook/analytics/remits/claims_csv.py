"""A practice's billing export (CSV) read through a column mapping, into the same tables as an 835.

Billing systems name their columns differently ("Payer", "Ins Co", "Primary Carrier"...), so the
user maps ours to theirs once. A wrong delimiter, encoding, a missing column, an amount or a date
that is not one: each gives a message with the file, the line and what was expected, and nothing
half-read comes back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mhnotebook.analytics.remits.reader import MASK
from mhnotebook.errors import ClaimsCsvError

if TYPE_CHECKING:
    import pandas as pd

#: Our field → what it means. The first six are required in a mapping.
FIELDS = {
    "claim_id": "the practice's claim or invoice number",
    "payer": "the insurer or plan billed",
    "service_date": "date of service",
    "procedure_code": "CPT, HCPCS or revenue code",
    "charge": "amount billed for the line",
    "paid": "amount the payer paid for the line",
    "group": "claim adjustment group code (CO, PR, OA, PI)",
    "carc": "claim adjustment reason code, alone (50) or with its group (CO-50)",
    "rarcs": "remark codes, separated by commas or spaces",
    "patient_name": "patient name (masked unless asked)",
    "member_id": "member ID (masked unless asked)",
}
REQUIRED = ("claim_id", "payer", "service_date", "procedure_code", "charge", "paid")
_OTHER_DELIMITERS = {";": "semicolon", "\t": "tab", "|": "pipe", ",": "comma"}


def read_claims_csv(
    path: str | Path,
    mapping: Mapping[str, str],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    date_format: str | None = None,
    unmask: bool = False,
) -> pd.DataFrame:
    """Read a billing export: ``mapping`` is our field → the export's column name.

    >>> read_claims_csv("export.csv", {"claim_id": "Claim #", "payer": "Insurance", ...})  # doctest: +SKIP
    """
    import pandas as pd

    source = str(path)
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ClaimsCsvError(
            source, f"the mapping names unknown fields {unknown}; known: {', '.join(FIELDS)}"
        )
    missing_fields = [f for f in REQUIRED if f not in mapping]
    if missing_fields:
        raise ClaimsCsvError(source, f"the mapping lacks required fields: {', '.join(missing_fields)}")
    text = _decode(Path(path), encoding, source)
    header_line = text.splitlines()[0] if text.strip() else ""
    if not header_line:
        raise ClaimsCsvError(source, "the file is empty", line=1)
    header = next(csv.reader([header_line], delimiter=delimiter))
    if len(header) == 1:
        for other, name in _OTHER_DELIMITERS.items():
            if other != delimiter and other in header_line:
                raise ClaimsCsvError(
                    source,
                    f"the header has a single column; the file looks {name}-separated: use delimiter={other!r}",
                    line=1,
                )
    header = [h.strip().lstrip("\ufeff") for h in header]
    absent = [f"{column!r} (for {field})" for field, column in mapping.items() if column not in header]
    if absent:
        raise ClaimsCsvError(
            source,
            f"column(s) {', '.join(absent)} not in the header; the header has: {', '.join(header)}",
            line=1,
        )
    try:
        raw = pd.read_csv(
            io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except pd.errors.ParserError as exc:
        raise ClaimsCsvError(source, f"cannot split the rows: {exc}") from None
    raw.columns = header
    frame = pd.DataFrame({field: raw[column].str.strip() for field, column in mapping.items()})
    for field in ("charge", "paid"):
        frame[field] = _amounts(frame[field], source, mapping[field])
    frame["service_date"] = _dates(frame["service_date"], source, mapping["service_date"], date_format)
    for field in ("group", "carc", "rarcs", "patient_name", "member_id"):
        if field not in frame:
            frame[field] = ""
    split = frame["carc"].str.extract(r"^(?:(?P<g>[A-Z]{2})-)?(?P<c>.*)$")
    frame["group"] = frame["group"].where(frame["group"] != "", split["g"].fillna(""))
    frame["carc"] = split["c"].fillna("")
    frame["rarcs"] = frame["rarcs"].str.replace(r"[\s;,]+", ",", regex=True).str.strip(",")
    if not unmask:
        for field in ("patient_name", "member_id"):
            frame[field] = frame[field].where(frame[field] == "", MASK)
    frame["line"] = range(2, len(frame) + 2)
    return frame


def _decode(path: Path, encoding: str, source: str) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClaimsCsvError(source, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ClaimsCsvError(
            source,
            f"byte 0x{data[exc.start]:02x} is not {encoding} text; exports from Windows are often "
            "encoding='cp1252' (or 'latin-1')",
            line=line,
        ) from None


def _amounts(values: pd.Series, source: str, column: str) -> pd.Series:
    import pandas as pd

    cleaned = values.str.replace(r"[$,\s]", "", regex=True).str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    numbers = pd.to_numeric(cleaned.where(cleaned != "", None), errors="coerce")
    bad = numbers.isna() & (cleaned != "")
    if bad.any():
        first = int(bad.to_numpy().argmax())
        raise ClaimsCsvError(
            source,
            f"column {column!r}: {values.iloc[first]!r} is not an amount (like 125.00)",
            line=first + 2,
        )
    return numbers.astype("float64")


def _dates(values: pd.Series, source: str, column: str, date_format: str | None) -> pd.Series:
    import pandas as pd

    parsed = pd.to_datetime(values.where(values != "", None), format=date_format or "mixed", errors="coerce")
    bad = parsed.isna() & (values != "")
    if bad.any():
        first = int(bad.to_numpy().argmax())
        hint = f" in the format {date_format!r}" if date_format else " (give date_format, e.g. '%m/%d/%Y')"
        raise ClaimsCsvError(
            source, f"column {column!r}: {values.iloc[first]!r} is not a date{hint}", line=first + 2
        )
    return parsed


def claims_csv_frames(frame: pd.DataFrame, source: str = "billing export") -> tuple[pd.DataFrame, ...]:
    """Claims, service lines and adjustments in the reader's shape, for ``find_denied_lines``.

    Each row is a service line; a row with a CARC is one adjustment taking ``charge - paid``. The
    export has no remittance date, so the service date stands in for it (months count by service).
    """
    import pandas as pd

    by_claim = frame.groupby("claim_id", sort=False)
    claims = pd.DataFrame(
        {
            "claim_id": range(by_claim.ngroups),
            "file": source,
            "payer_name": by_claim["payer"].first().to_numpy(),
            "payer_id": "",
            "remit_date": by_claim["service_date"].max().to_numpy(),
            "status": "1",
            "charge": by_claim["charge"].sum().to_numpy(),
            "paid": by_claim["paid"].sum().to_numpy(),
        }
    )
    claim_index = by_claim.ngroup().to_numpy()
    lines = pd.DataFrame(
        {
            "claim_id": claim_index,
            "line_id": range(len(frame)),
            "procedure_code": frame["procedure_code"].to_numpy(),
            "charge": frame["charge"].to_numpy(),
            "paid": frame["paid"].to_numpy(),
            "service_date": frame["service_date"].to_numpy(),
            "rarcs": frame["rarcs"].to_numpy(),
        }
    )
    coded = frame["carc"] != ""
    adjustments = pd.DataFrame(
        {
            "claim_id": claim_index[coded.to_numpy()],
            "line_id": pd.array(lines["line_id"][coded.to_numpy()].to_numpy(), dtype="Int64"),
            "level": "line",
            "group": frame.loc[coded, "group"].to_numpy(),
            "carc": frame.loc[coded, "carc"].to_numpy(),
            "amount": (frame.loc[coded, "charge"] - frame.loc[coded, "paid"].fillna(0)).to_numpy(),
            "quantity": float("nan"),
            "rarcs": frame.loc[coded, "rarcs"].to_numpy(),
        }
    )
    return claims, lines, adjustments
