"""NQTL comparative-analysis workbooks: one entry per NQTL, MH/SUD and medical/surgical side by side.

The columns follow the statute's required elements (29 U.S.C. 1185a(a)(8)(A)): plan terms and the
benefits they apply to, factors, evidentiary standards and sources, processes as written and in
operation, findings and conclusions; plus stringency measures and outcomes data.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, model_validator

from mhnotebook.models.parity import ExactNumber


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Outcomes(_Strict):
    """Operational data for one side over the analysis period (counts, not rates, so they can be tested)."""

    requests: NonNegativeInt | None = Field(
        default=None, description="Requests or claims subject to the NQTL."
    )
    denials: NonNegativeInt | None = Field(default=None, description="Of those, how many were denied.")
    appeals: NonNegativeInt | None = Field(default=None, description="Denials appealed.")
    overturns: NonNegativeInt | None = Field(default=None, description="Appeals that overturned the denial.")
    median_decision_days: ExactNumber | None = Field(default=None, description="Median days to a decision.")
    typical_approval_days: ExactNumber | None = Field(
        default=None, description="Most common length of an approval (days authorized)."
    )
    in_network_claims: NonNegativeInt | None = None
    out_of_network_claims: NonNegativeInt | None = None
    providers_in_network: NonNegativeInt | None = Field(
        default=None, description="Area providers in the network."
    )
    providers_in_area: NonNegativeInt | None = Field(
        default=None, description="All licensed providers in the area."
    )
    reimbursement_percent_of_benchmark: ExactNumber | None = Field(
        default=None, description="Average allowed amount as a percent of a benchmark such as Medicare."
    )

    @model_validator(mode="after")
    def _counts_fit(self) -> Outcomes:
        pairs = (
            ("denials", "requests"),
            ("appeals", "denials"),
            ("overturns", "appeals"),
            ("providers_in_network", "providers_in_area"),
        )
        for part, whole in pairs:
            a, b = getattr(self, part), getattr(self, whole)
            if a is not None and b is not None and a > b:
                raise ValueError(f"{part} ({a}) is more than {whole} ({b})")
        return self


class Side(_Strict):
    """One side (MH/SUD or medical/surgical) of an NQTL, in the statute's terms."""

    applies: bool = Field(
        description="Whether the NQTL applies to this side's benefits in the classification."
    )
    plan_terms: str | None = Field(default=None, description="The plan language imposing the NQTL.")
    benefits: list[str] = Field(default_factory=list, description="The benefits the NQTL applies to.")
    applies_to_all_benefits: bool = Field(
        default=False, description="True when every benefit of this side in the classification is subject."
    )
    factors: list[str] = Field(default_factory=list, description="Factors used to decide the NQTL applies.")
    evidentiary_standards: list[str] = Field(
        default_factory=list, description="Evidentiary standards (and their sources) for those factors."
    )
    processes_as_written: str | None = None
    processes_in_operation: str | None = None
    reviewer_qualifications: str | None = Field(default=None, description="Who decides (designations).")
    exclusions: list[str] = Field(default_factory=list, description="Settings or services excluded.")
    outcomes: Outcomes | None = None


class StringencyMeasure(_Strict):
    """A like-for-like measure of how hard the NQTL bites on each side (e.g. visits before review)."""

    name: str
    more_restrictive: Literal["higher", "lower"]
    mh_sud: ExactNumber
    medical_surgical: ExactNumber
    unit: str | None = None


class NqtlEntry(_Strict):
    """One NQTL in one classification."""

    nqtl: str = Field(description="The NQTL type (see the nqtl_types table), e.g. prior_authorization.")
    classification: str
    label: str | None = None
    mh_sud: Side
    medical_surgical: Side
    stringency_measures: list[StringencyMeasure] = Field(default_factory=list)
    comparative_analysis: str | None = Field(
        default=None,
        description="How the plan shows comparability and stringency, as written and in operation.",
    )
    findings: str | None = None
    conclusions: str | None = None


class NqtlWorkbook(_Strict):
    """A plan's NQTL comparative analyses."""

    synthetic: bool = False
    plan_name: str | None = None
    plan_type: str = "group"
    period: str | None = Field(default=None, description="The period the outcomes data cover.")
    nqtls: list[NqtlEntry] = Field(min_length=1)
