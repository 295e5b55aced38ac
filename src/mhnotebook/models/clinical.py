"""The clinical picture a reviewer checks: risk, symptoms, function, history, measures, ratings, plan."""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from mhnotebook.models.base import CaseModel, Day
from mhnotebook.models.vocab import ImpairmentDomain, LevelOfCare, RatingInstrument, RiskCategory


class TextOrRecord(CaseModel):
    """A small record a file may also give as plain text (``- "insomnia"``): its description."""

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"description": value} if isinstance(value, str) else value


class RiskFlag(CaseModel):
    """A safety risk. Any risk shows crisis resources first and defaults to expedited review."""

    category: RiskCategory = Field(..., description="Kind of risk.")
    detail: str | None = Field(
        None, description="What was observed and when, e.g. 'passive SI with plan, 2026-03-02'."
    )
    date: Day | None = Field(None, description="When the risk was last assessed.")


class Symptom(TextOrRecord):
    """A current symptom, with onset and severity where documented."""

    description: str = Field(..., min_length=1, description="The symptom in clinical words.")
    onset: Day | None = Field(None, description="When it began or worsened.")
    severity: str | None = Field(None, description="Severity as documented, e.g. 'severe', 'daily'.")


class Impairment(TextOrRecord):
    """Functional impairment: what the condition stops the patient doing."""

    description: str = Field(..., min_length=1, description="What the patient cannot do, with examples.")
    domain: ImpairmentDomain = Field(ImpairmentDomain.other, description="Area of life affected.")


class PriorTreatment(CaseModel):
    """A past episode of care: failed or insufficient lower levels argue for the requested one."""

    level: LevelOfCare = Field(..., description="Level of care of the earlier treatment.")
    start: Day | None = Field(None, description="First day of that treatment.")
    end: Day | None = Field(None, description="Last day of that treatment.")
    provider: str | None = Field(None, description="Program or clinician who gave it.")
    outcome: str | None = Field(
        None, description="What happened, e.g. 'relapsed within 2 weeks of discharge'."
    )


class Medication(CaseModel):
    """A current or recent medication, with adherence (reviewers ask)."""

    name: str = Field(..., min_length=1, description="Medication name.")
    dose: str | None = Field(None, description="Dose and frequency, e.g. '16 mg daily'.")
    start: Day | None = Field(None, description="When it was started.")
    adherence: str | None = Field(None, description="Adherence and response as documented.")


class Measure(CaseModel):
    """One administration of a standardized measure; a series shows progress or deterioration."""

    instrument: str = Field(
        ..., min_length=1, description="Measure name, e.g. 'PHQ-9', 'C-SSRS', 'COWS', 'BMI'."
    )
    score: float | None = Field(None, description="The score or value recorded.")
    unit: str | None = Field(None, description="Unit of the value, e.g. 'kg', 'bpm', 'hours a week'.")
    result: str | None = Field(
        None, description="A result that is not a number, e.g. 'positive for fentanyl' (tests)."
    )
    date: Day = Field(..., description="When it was recorded.")
    note: str | None = Field(None, description="Context, e.g. 'at admission' or 'self-report'.")

    @model_validator(mode="after")
    def _has_a_value(self) -> Measure:
        if self.score is None and not self.result:
            raise ValueError("give the score, or the result for a test that has no number")
        return self

    @property
    def shown(self) -> str:
        """The value as a person reads it: '17', '52.4 kg' or 'negative'."""
        if self.score is None:
            return self.result or ""
        return f"{self.score:g}" + (f" {self.unit}" if self.unit else "")


class DimensionRating(CaseModel):
    """One dimension of a level-of-care instrument: the score and the evidence for it."""

    dimension: str = Field(
        ..., min_length=1, description="Dimension name or number as the instrument labels it."
    )
    score: float = Field(..., description="Rating given on that dimension.")
    evidence: str | None = Field(None, description="The clinical facts behind the rating.")


class LevelOfCareRating(CaseModel):
    """A rating on a nonprofit level-of-care tool. Record the result, never the licensed criteria text."""

    instrument: RatingInstrument = Field(..., description="Level-of-care tool used.")
    edition: str | None = Field(None, description="Edition or version, e.g. 'ASAM 3rd edition', 'LOCUS 20'.")
    level: str = Field(..., min_length=1, description="Level the rating indicates, e.g. '3.7' or 'Level 5'.")
    composite_score: float | None = Field(
        None, description="Composite score, for tools that have one (LOCUS)."
    )
    dimensions: list[DimensionRating] = Field(
        default_factory=list, description="Per-dimension scores with their evidence."
    )
    date: Day | None = Field(None, description="When the rating was done.")
    rater: str | None = Field(None, description="Who rated (name and credentials).")


class TreatmentPlan(CaseModel):
    """What the clinician proposes: a reviewer wants goals, frequency and a review date."""

    modality: str | None = Field(
        None, description="Treatment approach, e.g. 'DBT', 'family-based treatment'."
    )
    frequency: str | None = Field(None, description="How often, e.g. '5 days a week, 6 hours a day'.")
    duration: str | None = Field(None, description="Expected length, e.g. '4 weeks then re-review'.")
    goals: list[str] = Field(default_factory=list, description="Measurable treatment goals.")
    discharge_criteria: str | None = Field(None, description="What will show the patient can step down.")
    review_date: Day | None = Field(None, description="When progress will next be reviewed.")


class Clinical(CaseModel):
    """The clinical facts a medical-necessity letter is built from."""

    risk: list[RiskFlag] = Field(
        default_factory=list, description="Current safety risks; any entry shows crisis resources first."
    )
    symptoms: list[Symptom] = Field(
        default_factory=list, description="Current symptoms with dates and severity."
    )
    functional_impairment: list[Impairment] = Field(
        default_factory=list, description="How the condition limits work, school, self-care or relationships."
    )
    treatment_history: list[PriorTreatment] = Field(
        default_factory=list, description="Earlier treatment and levels of care, with outcomes."
    )
    medications: list[Medication] = Field(default_factory=list, description="Current and recent medications.")
    measures: list[Measure] = Field(
        default_factory=list, description="Standardized measures over time (PHQ-9, GAD-7, COWS, weight...)."
    )
    level_of_care_ratings: list[LevelOfCareRating] = Field(
        default_factory=list, description="Ratings on LOCUS, CALOCUS-CASII, ECSII or ASAM, with edition."
    )
    treatment_plan: TreatmentPlan | None = Field(
        None, description="The proposed treatment and its review date."
    )
    new_information: str | None = Field(
        None, description="Clinical information that is new since the plan's last review."
    )
