"""The coverage: which plan, which law governs it, where appeals go."""

from __future__ import annotations

from pydantic import Field, field_validator

from mhnotebook.models.base import CaseModel
from mhnotebook.models.vocab import US_STATES, Funding, PlanType


class Plan(CaseModel):
    """The health plan that denied the care; its type and funding decide the rules that apply."""

    insurer: str = Field(
        ..., min_length=1, description="Insurer or claims administrator named on the card or notice."
    )
    plan_name: str | None = Field(None, description="Plan or product name, e.g. 'Choice PPO 2026'.")
    plan_type: PlanType = Field(
        PlanType.unknown,
        description="Kind of coverage; decides deadlines, regulators and which laws apply.",
    )
    funding: Funding = Field(
        Funding.unknown,
        description="Self-funded or fully insured (employer plans); the SPD or HR can tell you.",
    )
    grandfathered: bool | None = Field(
        None,
        description="Grandfathered under the ACA (pre-2010 plan unchanged since); the notice or SPD says so.",
    )
    state: str | None = Field(
        None, description="Two-letter state whose law and regulator govern the plan, e.g. 'CA'."
    )
    employer_size: int | None = Field(
        None,
        ge=1,
        description="Number of employees of the plan sponsor (small plans are exempt from parity).",
    )
    retiree_only: bool | None = Field(
        None, description="A plan covering only retirees (exempt from the federal parity law)."
    )
    employer: str | None = Field(None, description="Employer or plan sponsor, for employer plans.")
    appeals_address: str | None = Field(None, description="Where the plan says appeals must be mailed.")
    appeals_fax: str | None = Field(None, description="Fax number for appeals, from the denial notice.")
    appeals_phone: str | None = Field(None, description="Phone number for appeals and expedited requests.")

    @field_validator("state", mode="before")
    @classmethod
    def _known_state(cls, value: object) -> object:
        if value is None:
            return None
        if not isinstance(value, str) or value.strip().upper() not in US_STATES:
            raise ValueError("expected a two-letter US state or territory code such as CA, NY or DC")
        return value.strip().upper()
