"""Parity plan benefit files: the medical/surgical levels with their projected payments, and the MH/SUD level.

These models check shape only (present, non-negative, exact numbers). Whether a classification,
type or unit exists is a rule question, answered in ``rules/parity/plan_file.py`` against the cited
tables. Numbers become ``fractions.Fraction`` at the edge so no float ever reaches a threshold.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, model_validator


def to_fraction(value: Any) -> Fraction:
    """An exact number from YAML/CSV input: 200, "200", 12.5, "12.5", "1/3", "$1,000" or "15%".

    Floats go through their shortest decimal text (0.15 -> 3/20), never their binary value.
    Units are kept for the level parser; here a leading ``$`` and thousands commas are dropped.
    """
    if type(value) is int:  # the common case first: a plan file is mostly whole numbers
        return Fraction(value)
    if isinstance(value, bool):
        raise ValueError("expected a number, got true/false")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip().replace(",", "").removeprefix("$").strip()
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"expected a number like 200, 12.5 or 1/3, got {value!r}") from None
    raise ValueError(f"expected a number, got {type(value).__name__}")


def fraction_text(value: Fraction) -> str:
    """An exact fraction as "n/d" (or "n" when whole): the JSON form of every share and fraction."""
    return str(value)


ExactNumber = Annotated[
    Fraction, BeforeValidator(to_fraction), PlainSerializer(fraction_text, return_type=str)
]
RawLevel = Annotated[
    int | float | str | None,
    Field(description="The level as written: 20, '$20', '15%', '30 visits', or null for none / no limit."),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class MedicalSurgicalLevel(_Strict):
    """One medical/surgical level of the type in the classification and the plan payments it covers."""

    level: RawLevel = None
    projected_payments: ExactNumber = Field(
        description="Medical/surgical plan payments expected for the plan year for benefits at this level "
        "(any reasonable projection; for deductibles and out-of-pocket maximums, as if the threshold "
        "had not been met)."
    )

    @model_validator(mode="after")
    def _payments_not_negative(self) -> MedicalSurgicalLevel:
        # The sign of a Fraction is its numerator's: an int test, cheaper than Fraction < 0 per row.
        if self.projected_payments.numerator < 0:
            raise ValueError(f"projected_payments must be zero or more, got {self.projected_payments}")
        return self


class QtlComparisonInput(_Strict):
    """One comparison: one type of requirement or limit, in one classification (or sub-classification)."""

    classification: str = Field(description="The benefit classification, e.g. outpatient_in_network.")
    sub_classification: str | None = Field(
        default=None, description="office_visits or all_other_outpatient (outpatient classifications only)."
    )
    network_tier: str | None = Field(
        default=None, description="An in-network provider tier, when the plan has tiers (in-network only)."
    )
    drug_tier: str | None = Field(
        default=None, description="A prescription drug tier (prescription_drugs classification only)."
    )
    tiers_set_on_reasonable_factors: bool | None = Field(
        default=None,
        description="For drug tiers: whether the tiers rest on reasonable factors (cost, efficacy, generic "
        "vs brand, mail order) regardless of M/S or MH/SUD use. Unknown unless stated.",
    )
    requirement_type: str = Field(description="copayment, coinsurance, deductible, visit_limit, ...")
    coverage_unit: str | None = Field(
        default=None, description="individual, family, ... (each coverage unit is its own type)."
    )
    unit: str | None = Field(
        default=None, description="Optional: the unit of the levels, checked against the type's unit."
    )
    medical_surgical: list[MedicalSurgicalLevel] = Field(
        min_length=1, description="Every medical/surgical level in the classification with its payments."
    )
    mh_sud_level: RawLevel = None
    mh_sud_accumulates_separately: bool = Field(
        default=False,
        description="For deductibles and out-of-pocket maximums: true when MH/SUD benefits have their own "
        "deductible or maximum that accumulates apart from medical/surgical.",
    )
    label: str | None = Field(default=None, description="A short name for the comparison, shown in reports.")


class DollarLimitCategory(_Strict):
    """A category of medical/surgical benefits and the aggregate dollar limit on it (null = unlimited)."""

    category: str | None = None
    limit: ExactNumber | None = Field(default=None, description="Dollar limit; null when unlimited.")
    projected_payments: ExactNumber

    @model_validator(mode="after")
    def _not_negative(self) -> DollarLimitCategory:
        if self.projected_payments < 0:
            raise ValueError(f"projected_payments must be zero or more, got {self.projected_payments}")
        if self.limit is not None and self.limit <= 0:
            raise ValueError(f"limit must be more than zero (use null for unlimited), got {self.limit}")
        return self


class DollarLimitInput(_Strict):
    """An aggregate lifetime or annual dollar limit comparison (29 CFR 2590.712(b))."""

    limit_kind: str = Field(description="lifetime or annual.")
    medical_surgical: list[DollarLimitCategory] = Field(min_length=1)
    mh_sud_limit: ExactNumber | None = Field(default=None, description="MH/SUD limit; null when none.")
    applied_jointly: bool = Field(
        default=False,
        description="True when one limit applies to M/S and MH/SUD benefits together without distinction.",
    )
    unlimited_upper_estimate: ExactNumber | None = Field(
        default=None,
        description="For the weighted average: a reasonable estimate of the upper limit for the unlimited "
        "categories (the rule asks for one).",
    )
    label: str | None = None

    @model_validator(mode="after")
    def _known_kind(self) -> DollarLimitInput:
        if self.limit_kind not in ("lifetime", "annual"):
            raise ValueError(f"limit_kind must be lifetime or annual, got {self.limit_kind!r}")
        return self


class PlanBenefitFile(_Strict):
    """A whole plan: every comparison, plus aggregate dollar limits if any."""

    synthetic: bool = Field(default=False, description="True for made-up sample data.")
    plan_name: str | None = None
    plan_type: str = Field(default="group", description="group, individual, medicaid_managed_care or chip.")
    comparisons: list[QtlComparisonInput] = Field(default_factory=list)
    dollar_limits: list[DollarLimitInput] = Field(default_factory=list)


class AssumedShare(_Strict):
    """A level from a benefits summary with the analyst's stated share of payments (no claims data)."""

    level: RawLevel = None
    share: ExactNumber = Field(
        description="Stated share of the classification's M/S payments, e.g. 1/5 or 0.2."
    )
    low: ExactNumber | None = Field(
        default=None, description="Lowest plausible share (default: share - spread)."
    )
    high: ExactNumber | None = Field(
        default=None, description="Highest plausible share (default: share + spread)."
    )

    @model_validator(mode="after")
    def _in_range(self) -> AssumedShare:
        for name in ("share", "low", "high"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 1:
                raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if self.low is not None and self.low > self.share:
            raise ValueError(f"low ({self.low}) is above share ({self.share})")
        if self.high is not None and self.high < self.share:
            raise ValueError(f"high ({self.high}) is below share ({self.share})")
        return self


class SummaryComparisonInput(_Strict):
    """A comparison from a benefits summary: levels with stated shares instead of projected payments."""

    classification: str
    sub_classification: str | None = None
    network_tier: str | None = None
    drug_tier: str | None = None
    requirement_type: str
    coverage_unit: str | None = None
    unit: str | None = None
    medical_surgical: list[AssumedShare] = Field(min_length=1)
    mh_sud_level: RawLevel = None
    mh_sud_accumulates_separately: bool = False
    label: str | None = None


class BenefitsSummaryFile(_Strict):
    """Levels only, as a summary of benefits shows them, with stated assumptions about each level's share."""

    synthetic: bool = False
    plan_name: str | None = None
    plan_type: str = "group"
    kind: str = Field(description="Always benefits_summary.")
    share_spread: ExactNumber = Field(
        default=Fraction(1, 10),
        description="How far each share may plausibly move either way when low/high are not given.",
    )
    assumptions: str | None = Field(default=None, description="Where the stated shares come from.")
    comparisons: list[SummaryComparisonInput] = Field(min_length=1)
