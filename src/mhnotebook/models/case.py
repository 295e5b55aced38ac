"""The case: everything about one denial fight, as one validated object (one case per file)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mhnotebook.models.base import CaseModel, Day, day_of
from mhnotebook.models.clinical import Clinical
from mhnotebook.models.denial import Denial, ExpeditedRequest
from mhnotebook.models.events import Event
from mhnotebook.models.people import Patient, Provider, Representative
from mhnotebook.models.plan import Plan
from mhnotebook.models.service import Service
from mhnotebook.models.vocab import EventKind

#: Version of the case-file format; bumped (with a migration) when a field changes meaning.
SCHEMA_VERSION: Literal[1] = 1


class Comparator(CaseModel):
    """A medical/surgical fact for a parity argument: how the plan treats comparable physical care."""

    benefit: str = Field(
        ..., min_length=1, description="The medical/surgical benefit, e.g. 'physical therapy'."
    )
    fact: str = Field(
        ..., min_length=1, description="How the plan treats it, e.g. '12 visits without prior authorization'."
    )
    classification: str | None = Field(
        None, description="Parity classification, e.g. 'outpatient_in_network' or 'inpatient_in_network'."
    )
    source: str | None = Field(
        None, description="Where this comes from, e.g. 'SBC page 4' or 'plan policy 2026-11'."
    )


class ProviderSearchAttempt(CaseModel):
    """One in-network clinician tried: the evidence behind a network-gap or single-case request."""

    date: Day = Field(..., description="When the clinician or program was contacted.")
    provider: str = Field(..., min_length=1, description="Who was contacted (name and practice).")
    phone: str | None = Field(None, description="Number called, from the plan's directory.")
    result: str = Field(
        ...,
        min_length=1,
        description="What happened, e.g. 'not accepting new patients', 'no ERP training', 'wrong number'.",
    )
    first_available: Day | None = Field(None, description="First appointment offered, if any.")
    distance_miles: float | None = Field(
        None, ge=0, description="Distance from the patient's home, in miles."
    )


class Case(CaseModel):
    """One denial case. Holds protected health information: keep it in the user data directory."""

    schema_version: Literal[1] = Field(
        SCHEMA_VERSION, description="Case-file format version (always 1 for now)."
    )
    case_id: str | None = Field(None, description="Your own identifier for the case, e.g. '2026-014'.")
    label: str | None = Field(
        None,
        description="A de-identified label safe for calendars and charts, e.g. 'Teen residential appeal'.",
    )
    synthetic: bool = Field(False, description="True for made-up sample cases; real cases leave this false.")
    patient: Patient = Field(..., description="The member whose care was denied.")
    representative: Representative | None = Field(
        None, description="A parent, relative or advocate acting for the patient, if any."
    )
    providers: list[Provider] = Field(
        default_factory=list, description="Treating clinicians and programs, the letter signers among them."
    )
    plan: Plan = Field(..., description="The health plan and how it is regulated.")
    service: Service = Field(..., description="The care requested or given.")
    denial: Denial | None = Field(
        None, description="What the insurer decided and said (leave out before any denial)."
    )
    expedited_request: ExpeditedRequest | None = Field(
        None, description="Whether, when and by whom urgent (expedited) review was asked for."
    )
    clinical: Clinical = Field(
        default_factory=Clinical, description="The clinical picture behind the request."
    )
    provider_search: list[ProviderSearchAttempt] = Field(
        default_factory=list,
        description="In-network clinicians tried before asking for a network-gap exception.",
    )
    comparators: list[Comparator] = Field(
        default_factory=list, description="Medical/surgical comparisons for parity arguments."
    )
    events: list[Event] = Field(
        default_factory=list, description="Dated timeline: service, claim, denial, appeal, decisions."
    )
    notes: str | None = Field(None, description="Free notes for the care team.")

    def events_of(self, kind: EventKind | str) -> list[Event]:
        """Events of one kind, earliest first."""
        wanted = str(kind)
        return sorted((e for e in self.events if e.kind == wanted), key=lambda e: (day_of(e.at), str(e.at)))

    def first_event(self, kind: EventKind | str) -> Event | None:
        """The earliest event of a kind, or ``None``; deadlines count from these."""
        found = self.events_of(kind)
        return found[0] if found else None

    @property
    def display_label(self) -> str:
        """A name for lists and headings: the label, else the case id, else the service."""
        return self.label or self.case_id or self.service.description

    def summary(self):
        """A readable summary (sections of label/value rows) that renders in Jupyter and text."""
        from mhnotebook.models.summary import summarize_case

        return summarize_case(self)

    def _repr_html_(self) -> str:
        return self.summary()._repr_html_()
