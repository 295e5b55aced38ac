"""The care that was requested or given: level of care, service lines, diagnoses."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from mhnotebook.models.base import CaseModel, Day, TypeLabel
from mhnotebook.models.codes import (
    NDC,
    DenialCode,
    DiagnosisCode,
    Modifier,
    PlaceOfService,
    ProcedureCode,
    infer_code_system,
)
from mhnotebook.models.vocab import CodeSystem, LevelOfCare, Supervision

_TRISTATE_WORDS = {"true": True, "yes": True, "false": False, "no": False, "unknown": None, "": None}


def _tristate(value: Any) -> Any:
    """``true``/``false``/``unknown`` in a file; ``None`` in Python means not known yet."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRISTATE_WORDS:
        return _TRISTATE_WORDS[value.strip().lower()]
    raise ValueError("expected true, false or unknown")


#: True, False, or None for "unknown".
Tristate = Annotated[bool | None, BeforeValidator(_tristate), TypeLabel("true / false / unknown")]


class Diagnosis(CaseModel):
    """An ICD-10-CM diagnosis on the claim or request, with the clinician's own words."""

    code: DiagnosisCode = Field(..., description="ICD-10-CM code, e.g. F33.2.")
    description: str | None = Field(
        None, description="The diagnosis in the clinician's words (not the official code title)."
    )
    primary: bool = Field(False, description="The principal diagnosis being treated.")


class ServiceLine(CaseModel):
    """One billed or requested line: the detail coding checks need (time bands, modifiers, POS)."""

    code: ProcedureCode = Field(..., description="CPT, HCPCS or revenue code, e.g. 90837, H0015 or 0905.")
    code_system: CodeSystem | None = Field(
        None, description="Code set of the code; inferred from its shape when left out."
    )
    modifiers: list[Modifier] = Field(
        default_factory=list, description="Modifiers in billed order, e.g. [95] for audio-video telehealth."
    )
    place_of_service: PlaceOfService | None = Field(
        None, description="Two-digit place of service (where the patient was), e.g. 11 office, 10 home."
    )
    minutes: int | None = Field(
        None, ge=0, le=24 * 60, description="Face-to-face minutes documented (time-based codes)."
    )
    units: int | None = Field(None, ge=0, description="Units billed or requested.")
    date: Day | None = Field(None, description="Date of service (or first day requested).")
    rendering_provider: str | None = Field(
        None, description="Who delivered the service (name or NPI of a provider in the case)."
    )
    supervision: Supervision | None = Field(
        None, description="How the rendering clinician was supervised, if a supervisee delivered it."
    )
    supervising_provider: str | None = Field(
        None, description="The supervising clinician (name or NPI), when supervision applies."
    )
    charge: float | None = Field(None, ge=0, description="Billed charge in dollars.")
    paid: float | None = Field(None, ge=0, description="Amount the plan paid on this line, in dollars.")
    codes: list[DenialCode] = Field(
        default_factory=list,
        description="Adjustment and remark codes the remittance put on this line (CO-4, N122...).",
    )

    @model_validator(mode="after")
    def _infer_code_system(self) -> ServiceLine:
        if self.code_system is None:
            object.__setattr__(self, "code_system", infer_code_system(self.code))
        return self


class DrugRequest(CaseModel):
    """A prescription drug request (Part D and pharmacy benefits): what, how much, for how long."""

    name: str = Field(
        ..., min_length=1, description="Drug name and form, e.g. 'buprenorphine-naloxone film'."
    )
    strength: str | None = Field(None, description="Strength, e.g. '8 mg-2 mg'.")
    quantity: float | None = Field(None, gt=0, description="Quantity per fill, e.g. 90 (films).")
    days_supply: int | None = Field(None, gt=0, description="Days the fill lasts, e.g. 30.")
    ndc: NDC | None = Field(
        None, description="National Drug Code from the label or pharmacy (11 digits, 5-4-2)."
    )


class Service(CaseModel):
    """What was requested or delivered, at what level of care."""

    description: str = Field(
        ...,
        min_length=1,
        description="The care in plain words, e.g. 'residential treatment for anorexia nervosa'.",
    )
    level_of_care: LevelOfCare | None = Field(
        None, description="Setting and intensity of the care requested or given."
    )
    lines: list[ServiceLine] = Field(
        default_factory=list, description="Service lines billed or requested, with their codes and details."
    )
    diagnoses: list[Diagnosis] = Field(
        default_factory=list, description="ICD-10-CM diagnoses, principal first."
    )
    in_network: Tristate = Field(
        None, description="Is the provider in the plan's network? true, false or unknown."
    )
    sessions_requested: int | None = Field(
        None, ge=0, description="Number of sessions or visits requested (outpatient)."
    )
    days_requested: int | None = Field(
        None, ge=0, description="Number of days requested (programs and facilities)."
    )
    start_date: Day | None = Field(None, description="First day of the requested or delivered care.")
    end_date: Day | None = Field(None, description="Last day of the care, if it has ended or is planned.")
    facility: str | None = Field(None, description="Program or facility where the care is given.")
    drug: DrugRequest | None = Field(None, description="The drug requested, for pharmacy and Part D denials.")
