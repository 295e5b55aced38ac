"""Schemas every loaded table must meet (pandera), checked on load with every failure collected.

Why pandera: it checks a DataFrame against a declared schema and, with ``lazy=True``, reports every
failing column and value at once, as our case-file validation does. 0.35 works with pandas 3.
Counts are non-negative where present; missing is allowed (legend tokens), never negative.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _schemas() -> dict[str, Any]:
    import pandera.pandas as pa

    def count() -> pa.Column:
        return pa.Column("Float64", pa.Check.ge(0), nullable=True)

    state = pa.Column(str, pa.Check.str_matches(r"^[A-Z]{2}$"))
    issuer_id = pa.Column(str, pa.Check.str_matches(r"^\d{5}$"))
    year = pa.Column(int, pa.Check.in_range(2010, 2100))
    from mhnotebook.analytics import tic_puf

    numbers = {c: count() for c in tic_puf._all_numeric()}
    issuer_numbers = {c: count() for c in tic_puf.ISSUER_NUMBERS}
    imr_outcome = pa.Column(str, pa.Check.isin(["Overturned", "Upheld"]))
    return {
        "plans": pa.DataFrameSchema(
            {
                "claims_year": year,
                "state": state,
                "issuer_id": issuer_id,
                "plan_id": pa.Column(str),
                **numbers,
            },
            strict=False,
        ),
        "issuers": pa.DataFrameSchema(
            {
                "claims_year": year,
                "state": state,
                "issuer_id": issuer_id,
                "sadp_only": pa.Column(bool),
                **issuer_numbers,
            },
            unique=["claims_year", "state", "issuer_id"],
        ),
        "imr": pa.DataFrameSchema(
            {
                "reference_id": pa.Column(str, unique=True),
                "report_year": pa.Column(int, pa.Check.in_range(2001, 2100)),
                "outcome": imr_outcome,
                "diagnosis_category": pa.Column(str, nullable=True),
                "treatment_category": pa.Column(str, nullable=True),
                "group": pa.Column(str, pa.Check.isin(["MH/SUD", "Autism", "Other"])),
            }
        ),
        "nydfs": pa.DataFrameSchema(
            {
                "case_number": pa.Column(str, unique=True),
                "decision_year": pa.Column("Int64", pa.Check.in_range(1990, 2100), nullable=True),
                "appeal_decision": pa.Column(str),
                "outcome": pa.Column(str, pa.Check.isin(["Overturned", "Upheld", "Other"])),
            }
        ),
    }


def validate(frame: Any, name: str, path: object) -> Any:
    """``frame`` checked against schema ``name``; :class:`DatasetError` lists every failure."""
    import pandera.errors as pe

    from mhnotebook.errors import DatasetError

    try:
        return _schemas()[name].validate(frame, lazy=True)
    except pe.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = [
            f"column {row.column!r}: {row.check} (value {row.failure_case!r}, row {row.index})"
            for row in cases.head(20).itertuples()
        ]
        more = f"; and {len(cases) - 20} more" if len(cases) > 20 else ""
        raise DatasetError(path, f"{name} table", "schema check failed: " + "; ".join(lines) + more) from None
