"""Parity questions a denial raises: limits or criteria that may apply to MH/SUD more strictly.

A flag means a difference *needs explanation* by the plan, never that the law was broken. Only
raised where federal parity reaches the plan (never for Medicare), using the comparators the case
records (what the plan does for a comparable medical/surgical benefit).
"""

from __future__ import annotations

from dataclasses import dataclass

from mhnotebook.models import Case
from mhnotebook.models.vocab import LevelOfCare
from mhnotebook.rules.applicability import LawVerdict


@dataclass(frozen=True, slots=True)
class ParityFlag:
    flag: str
    why: str
    comparators: tuple[str, ...]
    citation: str

    def as_dict(self) -> dict[str, object]:
        return {
            "flag": self.flag,
            "why": self.why,
            "comparators": list(self.comparators),
            "citation": self.citation,
        }


_QTL_CITATION = "29 CFR 2590.712(c)(3)"
_NQTL_CITATION = "29 CFR 2590.712(c)(4)"


def parity_flags(case: Case, paths: list[str], laws: list[LawVerdict]) -> list[ParityFlag]:
    """Parity questions for this denial (empty when parity law does not reach the plan)."""
    parity = next((law for law in laws if law.law == "mhpaea"), None)
    if parity is None or parity.applies == "no":
        return []
    comparators = tuple(
        f"{c.benefit}: {c.fact}" + (f" ({c.classification})" if c.classification else "")
        for c in case.comparators
    )
    unsure = " (first settle whether parity applies: " + parity.question + ")" if parity.question else ""
    flags = []
    if "D" in paths:
        flags.append(
            ParityFlag(
                "mh_sud_limit",
                "A visit or day limit on MH/SUD care is allowed only if the same type of limit applies to "
                "substantially all medical/surgical benefits in the classification, and no more restrictively "
                "than the predominant level: this limit needs explanation" + unsure,
                comparators,
                _QTL_CITATION,
            )
        )
    if "not_covered_benefit" in paths and case.service.level_of_care in (
        LevelOfCare.residential,
        LevelOfCare.partial_hospitalization,
        LevelOfCare.intensive_outpatient,
    ):
        flags.append(
            ParityFlag(
                "mh_sud_level_excluded",
                f"Excluding {case.service.level_of_care.label.lower()} while covering its medical/surgical analogue "
                "(skilled nursing, inpatient rehabilitation) is a nonquantitative limit that needs explanation"
                + unsure,
                comparators,
                _NQTL_CITATION,
            )
        )
    if comparators and {"A", "B", "F"} & set(paths):
        flags.append(
            ParityFlag(
                "medical_management_comparison",
                "Prior authorization, concurrent review and medical-necessity criteria for MH/SUD must be comparable "
                "to, and applied no more stringently than, those for medical/surgical care: the comparators recorded "
                "suggest a difference that needs explanation" + unsure,
                comparators,
                _NQTL_CITATION,
            )
        )
    return flags
