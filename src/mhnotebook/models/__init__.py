"""The case model: pydantic classes with a description on every field (forms reuse them)."""

from mhnotebook.models.case import SCHEMA_VERSION, Case, Comparator
from mhnotebook.models.clinical import (
    Clinical,
    DimensionRating,
    Impairment,
    LevelOfCareRating,
    Measure,
    Medication,
    PriorTreatment,
    RiskFlag,
    Symptom,
    TreatmentPlan,
)
from mhnotebook.models.denial import CriteriaCited, Denial, ExpeditedRequest, Reviewer
from mhnotebook.models.events import Event
from mhnotebook.models.people import Contact, Patient, Provider
from mhnotebook.models.plan import Plan
from mhnotebook.models.service import Diagnosis, Service, ServiceLine
from mhnotebook.models.vocab import (
    CodeSystem,
    DenialLevel,
    DenialStage,
    EventKind,
    Funding,
    ImpairmentDomain,
    LevelOfCare,
    PlanType,
    ProviderRole,
    RatingInstrument,
    Requester,
    RiskCategory,
    Supervision,
)

__all__ = [
    "SCHEMA_VERSION",
    "Case",
    "Clinical",
    "CodeSystem",
    "Comparator",
    "Contact",
    "CriteriaCited",
    "Denial",
    "DenialLevel",
    "DenialStage",
    "Diagnosis",
    "DimensionRating",
    "Event",
    "EventKind",
    "ExpeditedRequest",
    "Funding",
    "Impairment",
    "ImpairmentDomain",
    "LevelOfCare",
    "LevelOfCareRating",
    "Measure",
    "Medication",
    "Patient",
    "Plan",
    "PlanType",
    "PriorTreatment",
    "Provider",
    "ProviderRole",
    "RatingInstrument",
    "Requester",
    "Reviewer",
    "RiskCategory",
    "RiskFlag",
    "Service",
    "ServiceLine",
    "Supervision",
    "Symptom",
    "TreatmentPlan",
]
