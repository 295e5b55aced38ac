"""The dated timeline of a case: deadlines are counted from these events."""

from __future__ import annotations

from pydantic import Field, field_validator

from mhnotebook.models.base import CaseModel, When
from mhnotebook.models.vocab import EventKind


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
