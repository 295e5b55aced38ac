"""The case store's tables: cases, their timeline, contacts, letters drafted and computed deadlines.

The case itself is kept whole as JSON (the validated case model, minus its events), so a field added
to the model needs no migration; the columns beside it are copies the dashboard and the pattern
queries filter and group on. Events are rows, because the timeline is what gets appended to.
Changing a table here means a new migration in ``migrations/versions`` (a test compares the two).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(100), nullable=False, unique=True),
    Column("label", Text, nullable=False),
    Column("patient_name", Text, nullable=False),
    Column("insurer", Text, nullable=False),
    Column("plan_type", String(40), nullable=False),
    Column("state", String(2)),
    Column("service", Text, nullable=False),
    Column("level_of_care", String(40)),
    Column("primary_path", String(40)),
    Column("reviewer", Text),
    Column("denied_on", Date),
    Column("synthetic", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False, default="open"),
    Column("outcome", Text),
    Column("case_json", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

contacts = Table(
    "contacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(40), nullable=False),
    Column("name", Text),
    Column("credentials", Text),
    Column("specialty", Text),
    Column("organization", Text),
    Column("phone", Text),
    Index("ix_contacts_case_id", "case_id"),
)

letters = Table(
    "letters",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("drafted_on", Date, nullable=False),
    Column("file_name", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_letters_case_id", "case_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(60), nullable=False),
    Column("at", String(40), nullable=False),
    Column("day", Date, nullable=False),
    Column("note", Text),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="SET NULL")),
    Column("reference_number", Text),
    Column("letter_id", Integer, ForeignKey("letters.id", ondelete="SET NULL")),
    Column("details", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_events_case_id_day", "case_id", "day"),
)

deadlines = Table(
    "deadlines",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(80), nullable=False),
    Column("source", String(20), nullable=False),
    Column("clock", String(20), nullable=False),
    Column("what", Text, nullable=False),
    Column("due", String(40), nullable=False),
    Column("due_day", Date, nullable=False),
    Column("status", String(30), nullable=False),
    Column("rule", Text, nullable=False),
    Column("citation", Text, nullable=False),
    Column("counted_from", Text, nullable=False),
    Column("computed_on", Date, nullable=False),
    Index("ix_deadlines_due_day", "due_day"),
    Index("ix_deadlines_case_id", "case_id"),
)
