"""NQTL warning-sign checks that need no statistics: design as written, stated measures, data present.

Every check returns flags that say a difference NEEDS EXPLANATION, with the rule's basis ("2013 rule
/ statute" or "2024 rule, enforcement paused") and its verification tag; none declares a violation.
The outcome-rate checks (denials, overturns, out-of-network use) need a test of chance and live in
``analytics/parity_outcomes.py``, using the same table rows through :func:`make_flag`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from mhnotebook.models.nqtl import NqtlEntry, NqtlWorkbook
from mhnotebook.rules.rule_table import CitedRow, load_table

NEEDS_EXPLANATION = "NEEDS EXPLANATION"


class WarningSignRow(CitedRow):
    check: str
    basis: Literal["2013 rule / statute", "2024 rule, enforcement paused"]
    verification: Literal["V", "S", "U"]
    nqtl_types: list[str]
    """The NQTL types the check covers ('all' for every type)."""
    message: str


class NqtlTypeRow(CitedRow):
    nqtl: str
    label: str
    verification: Literal["V", "S", "U"]


def warning_signs() -> tuple[WarningSignRow, ...]:
    return load_table("nqtl_warning_signs", WarningSignRow)


def warning_sign(check: str) -> WarningSignRow:
    for row in warning_signs():
        if row.check == check:
            return row
    raise KeyError(f"no NQTL warning sign named {check!r}")


def nqtl_types() -> tuple[NqtlTypeRow, ...]:
    return load_table("nqtl_types", NqtlTypeRow)


@dataclass(frozen=True)
class Flag:
    """A difference that needs explanation in the comparative analysis (never a finding of violation)."""

    check: str
    nqtl: str
    classification: str
    detail: str
    message: str
    basis: str
    verification: str
    citation: str
    status: str = NEEDS_EXPLANATION

    def as_json(self) -> dict[str, str]:
        return {
            "status": self.status,
            "check": self.check,
            "nqtl": self.nqtl,
            "classification": self.classification,
            "message": self.message,
            "detail": self.detail,
            "basis": self.basis,
            "verification": self.verification,
            "citation": self.citation,
        }


def applies(row: WarningSignRow, entry: NqtlEntry) -> bool:
    return "all" in row.nqtl_types or entry.nqtl in row.nqtl_types


def make_flag(check: str, entry: NqtlEntry, detail: str) -> Flag | None:
    """A flag from the table row for ``check``, or None when that check does not cover this NQTL type."""
    row = warning_sign(check)
    if not applies(row, entry):
        return None
    return Flag(
        check=check,
        nqtl=entry.nqtl,
        classification=entry.classification,
        detail=detail,
        message=row.message,
        basis=row.basis,
        verification=row.verification,
        citation=row.citation,
    )


def _mh_sud_only(e: NqtlEntry) -> list[str]:
    if e.mh_sud.applies and not e.medical_surgical.applies:
        return ["MH/SUD: applies; medical/surgical: does not apply."]
    return []


def _missing_elements(e: NqtlEntry) -> list[str]:
    missing = []
    for side_name, side in (("MH/SUD", e.mh_sud), ("medical/surgical", e.medical_surgical)):
        if not side.applies:
            continue
        for field, label in (
            ("plan_terms", "plan terms"),
            ("benefits", "benefits it applies to"),
            ("factors", "factors"),
            ("evidentiary_standards", "evidentiary standards"),
            ("processes_as_written", "processes as written"),
            ("processes_in_operation", "processes in operation"),
        ):
            if not getattr(side, field):
                missing.append(f"{side_name}: {label}")
    for field, label in (
        ("comparative_analysis", "comparative analysis"),
        ("findings", "findings"),
        ("conclusions", "conclusions"),
    ):
        if not getattr(e, field):
            missing.append(label)
    return [f"Missing: {', '.join(missing)}."] if missing else []


def _both(e: NqtlEntry) -> bool:
    return e.mh_sud.applies and e.medical_surgical.applies


def _set_difference(e: NqtlEntry, field: str) -> list[str]:
    if not _both(e):
        return []
    mh, ms = set(getattr(e.mh_sud, field)), set(getattr(e.medical_surgical, field))
    if mh == ms or not (mh and ms):
        return []
    parts = []
    if mh - ms:
        parts.append(f"MH/SUD only: {', '.join(sorted(mh - ms))}")
    if ms - mh:
        parts.append(f"medical/surgical only: {', '.join(sorted(ms - mh))}")
    return ["; ".join(parts) + "."]


def _stringency(e: NqtlEntry) -> list[str]:
    out = []
    for m in e.stringency_measures:
        stricter = (
            m.mh_sud > m.medical_surgical if m.more_restrictive == "higher" else m.mh_sud < m.medical_surgical
        )
        if stricter:
            unit = f" {m.unit}" if m.unit else ""
            out.append(
                f"{m.name}: MH/SUD {m.mh_sud}{unit} vs medical/surgical {m.medical_surgical}{unit} "
                f"({m.more_restrictive} is more restrictive)."
            )
    return out


def _outcome_pair(e: NqtlEntry, field: str):  # type: ignore[no-untyped-def]
    a = e.mh_sud.outcomes and getattr(e.mh_sud.outcomes, field)
    b = e.medical_surgical.outcomes and getattr(e.medical_surgical.outcomes, field)
    return (a, b) if a is not None and b is not None and _both(e) else (None, None)


def _shorter_approvals(e: NqtlEntry) -> list[str]:
    mh, ms = _outcome_pair(e, "typical_approval_days")
    return (
        [f"Typical approval: MH/SUD {mh} days vs medical/surgical {ms} days."]
        if mh is not None and mh < ms
        else []
    )


def _longer_decisions(e: NqtlEntry) -> list[str]:
    mh, ms = _outcome_pair(e, "median_decision_days")
    return (
        [f"Median decision time: MH/SUD {mh} days vs medical/surgical {ms} days."]
        if mh is not None and mh > ms
        else []
    )


def _benchmark(e: NqtlEntry) -> list[str]:
    mh, ms = _outcome_pair(e, "reimbursement_percent_of_benchmark")
    if mh is not None and mh < ms:
        return [f"Reimbursement: MH/SUD {mh}% of benchmark vs medical/surgical {ms}%."]
    return []


def _data_missing(e: NqtlEntry) -> list[str]:
    missing = [
        name
        for name, side in (("MH/SUD", e.mh_sud), ("medical/surgical", e.medical_surgical))
        if side.applies
        and (side.outcomes is None or side.outcomes.requests is None or side.outcomes.denials is None)
    ]
    return [f"No request and denial counts for: {', '.join(missing)}."] if missing else []


def _facility_exclusion(e: NqtlEntry) -> list[str]:
    if e.mh_sud.exclusions and not e.medical_surgical.exclusions:
        return [
            f"MH/SUD excludes: {', '.join(e.mh_sud.exclusions)}; no comparable medical/surgical exclusion."
        ]
    return []


def _blanket_pa(e: NqtlEntry) -> list[str]:
    if _both(e) and e.mh_sud.applies_to_all_benefits and not e.medical_surgical.applies_to_all_benefits:
        return [
            "Applies to every MH/SUD benefit in the classification, to only some medical/surgical benefits."
        ]
    return []


def _reviewers(e: NqtlEntry) -> list[str]:
    mh, ms = e.mh_sud.reviewer_qualifications, e.medical_surgical.reviewer_qualifications
    if _both(e) and mh and ms and mh.strip().lower() != ms.strip().lower():
        return [f"Reviewers: MH/SUD {mh}; medical/surgical {ms}."]
    return []


#: The design checks, by the table's check name. Statistical checks are in analytics.parity_outcomes.
DESIGN_CHECKS: dict[str, Callable[[NqtlEntry], list[str]]] = {
    "mh_sud_only": _mh_sud_only,
    "missing_statutory_element": _missing_elements,
    "factors_differ": lambda e: _set_difference(e, "factors"),
    "evidentiary_standards_differ": lambda e: _set_difference(e, "evidentiary_standards"),
    "reimbursement_factors_differ": lambda e: _set_difference(e, "factors"),
    "stringency_measure_stricter": _stringency,
    "shorter_approvals": _shorter_approvals,
    "longer_decisions": _longer_decisions,
    "relevant_data_missing": _data_missing,
    "reimbursement_below_benchmark": _benchmark,
    "facility_type_exclusion": _facility_exclusion,
    "blanket_prior_authorization": _blanket_pa,
    "reviewer_qualifications_differ": _reviewers,
}

#: Checks that need a test of chance on outcome counts (computed in analytics.parity_outcomes).
STATISTICAL_CHECKS = (
    "higher_denial_rate",
    "higher_overturn_rate",
    "out_of_network_use_higher",
    "network_participation_lower",
)


def check_entry(entry: NqtlEntry) -> list[Flag]:
    """Every design warning sign for one NQTL entry."""
    flags = []
    for check, run in DESIGN_CHECKS.items():
        for detail in run(entry):
            flag = make_flag(check, entry, detail)
            if flag is not None:
                flags.append(flag)
    return flags


def check_workbook(workbook: NqtlWorkbook) -> list[Flag]:
    """Every design warning sign in a workbook, in entry order."""
    return [flag for entry in workbook.nqtls for flag in check_entry(entry)]
