"""What the insurer said: its words, its codes, its numbers, its reviewer and criteria."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, model_validator

from mhnotebook.models.base import CaseModel, Day, When
from mhnotebook.models.codes import DenialCode, RejectCode, is_remark_code, split_adjustment_code
from mhnotebook.models.vocab import DenialLevel, DenialStage, Requester


class CriteriaCited(CaseModel):
    """The criteria set the plan relied on; record the name and the unmet item, never its text."""

    name: str | None = Field(
        None, description="Criteria set named in the notice, e.g. 'InterQual', 'MCG', 'LOCUS'."
    )
    edition: str | None = Field(
        None, description="Edition or version of the criteria, e.g. '2025' or '4th edition'."
    )
    unmet_criterion: str | None = Field(
        None, description="The specific criterion the plan says is not met, in the notice's words."
    )


class Reviewer(CaseModel):
    """The plan's clinical reviewer; appeals may ask for their credentials and specialty."""

    name: str | None = Field(None, description="Reviewer's name as given in the notice or on the call.")
    credentials: str | None = Field(None, description="Reviewer's degree and licence, e.g. 'MD'.")
    specialty: str | None = Field(None, description="Reviewer's specialty, e.g. 'family medicine'.")


class AppealWindow(CaseModel):
    """A time window as a notice states it ('180 days', '6 months', '72 hours')."""

    amount: int = Field(..., ge=0, description="How many units.")
    unit: Literal["hours", "days", "months"] = Field(..., description="hours, days or months.")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return {"amount": value, "unit": "days"}
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d+)\s*(hours?|days?|months?)\s*", value.lower())
            if not match:
                raise ValueError("expected a window like '180 days', '6 months' or '72 hours'")
            unit = match[2] if match[2].endswith("s") else match[2] + "s"
            return {"amount": int(match[1]), "unit": unit}
        return value

    def __str__(self) -> str:
        return f"{self.amount} {self.unit}"


class Denial(CaseModel):
    """The adverse benefit determination being fought."""

    text: str | None = Field(
        None, description="The denial reason exactly as the insurer wrote it (copy it from the notice)."
    )
    codes: list[DenialCode] = Field(
        default_factory=list,
        description="Adjustment reason codes with group code (CO-50, PR-96) and remark codes (N115).",
    )
    pharmacy_reject_codes: list[RejectCode] = Field(
        default_factory=list,
        description="Pharmacy claim reject codes (NCPDP, e.g. 76 for a plan limit) for drug denials.",
    )
    claim_number: str | None = Field(None, description="Claim number from the notice or remittance.")
    reference_number: str | None = Field(None, description="Case, appeal or reference number the plan gave.")
    authorization_number: str | None = Field(
        None, description="Authorization or precertification number, if any was issued."
    )
    stage: DenialStage | None = Field(
        None, description="Whether the care was denied before it, during it or after it (as a claim)."
    )
    level: DenialLevel = Field(
        DenialLevel.initial,
        description="Initial denial, denial on internal appeal, or the final internal denial.",
    )
    criteria: CriteriaCited | None = Field(
        None, description="Criteria set the plan cited and the criterion it says is unmet."
    )
    reviewer: Reviewer | None = Field(None, description="The plan's reviewer who made the decision.")
    stated_appeal_window: AppealWindow | None = Field(
        None,
        description="Time to appeal as the notice itself states it, e.g. '180 days' (compared with the legal minimum).",
    )
    stated_appeal_deadline: Day | None = Field(
        None, description="Appeal deadline date if the notice prints one."
    )

    @property
    def adjustment_codes(self) -> list[tuple[str | None, str]]:
        """The CARCs as ``(group, reason)`` pairs; group is ``None`` when the file omitted it."""
        return [split_adjustment_code(c) for c in self.codes if not is_remark_code(c)]

    @property
    def remark_codes(self) -> list[str]:
        """The RARCs, which add detail to the adjustment codes."""
        return [c for c in self.codes if is_remark_code(c)]


class ExpeditedRequest(CaseModel):
    """Who asked for urgent handling: for ERISA, ACA and Medicare Advantage a physician's word binds."""

    requested_by: Requester = Field(
        Requester.none, description="Who asked the plan for expedited (urgent) review."
    )
    at: When | None = Field(None, description="When it was asked, with the time of day if known.")
    statement: str | None = Field(
        None, description="The requester's statement of why waiting could seriously jeopardize health."
    )
