"""The dated timeline of a case: deadlines are counted from these events, and calls are logged on it."""

from __future__ import annotations

from pydantic import Field, field_validator

from mhnotebook.models.base import CaseModel, Day, When
from mhnotebook.models.vocab import CallOutcome, ContactRole, EventKind


class CallContact(CaseModel):
    """Who was on the other end: "document everything" means the name, role and reference number."""

    role: ContactRole = Field(ContactRole.plan_representative, description="Who they were for the case.")
    name: str | None = Field(None, description="Their name as they gave it.")
    credentials: str | None = Field(
        None, description="Degree and licence, for a clinical reviewer (e.g. 'MD')."
    )
    specialty: str | None = Field(
        None, description="Specialty, for a clinical reviewer (e.g. 'family medicine')."
    )
    organization: str | None = Field(None, description="Plan, vendor or agency they work for.")
    phone: str | None = Field(None, description="Number called or calling from.")
    reference_number: str | None = Field(None, description="Call or case reference number they gave.")


class CallRecord(CaseModel):
    """The answers a peer-to-peer or phone call gave: what the reviewer relied on and what comes next."""

    criteria_cited: str | None = Field(
        None, description="Criteria the reviewer named (set, edition, item), e.g. 'LOCUS 20, dimension II'."
    )
    outcome: CallOutcome | None = Field(None, description="How the call ended.")
    alternative_proposed: str | None = Field(
        None, description="Lower level of care or other alternative the reviewer proposed, if any."
    )
    documents_requested: str | None = Field(None, description="Records or forms the reviewer asked for.")
    documents_promised_by: Day | None = Field(
        None, description="The date you promised those documents by (a deadline on the dashboard)."
    )
    followed_up_in_writing: str | None = Field(
        None, description="The letter that confirmed the call in writing (kind and date), once sent."
    )


class Event(CaseModel):
    """Something that happened on a date (or at a time, for hour clocks)."""

    kind: str = Field(
        ...,
        min_length=1,
        description="What happened: denial_dated, denial_received, appeal_filed, ... (see the list).",
    )
    at: When = Field(
        ..., description="Date (2026-03-14) or date-time with UTC offset (2026-03-14T09:30:00-05:00)."
    )
    note: str | None = Field(None, description="Details: who, how it was sent, tracking or reference number.")
    contact: CallContact | None = Field(None, description="Who you spoke or wrote to, for calls and letters.")
    call: CallRecord | None = Field(None, description="What a peer-to-peer or phone call settled.")
    due: Day | None = Field(
        None, description="For reply_due: the day a reply or document is due (shown as a deadline)."
    )

    @field_validator("kind", mode="before")
    @classmethod
    def _normalize_kind(cls, value: object) -> object:
        return value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else value

    @property
    def known_kind(self) -> EventKind | None:
        """The kind as an :class:`EventKind`, or ``None`` for a kind mhnotebook does not know."""
        try:
            return EventKind(self.kind)
        except ValueError:
            return None
