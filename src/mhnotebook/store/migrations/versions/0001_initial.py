"""The first case store: cases, contacts, letters, events and computed deadlines.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("patient_name", sa.Text(), nullable=False),
        sa.Column("insurer", sa.Text(), nullable=False),
        sa.Column("plan_type", sa.String(40), nullable=False),
        sa.Column("state", sa.String(2)),
        sa.Column("service", sa.Text(), nullable=False),
        sa.Column("level_of_care", sa.String(40)),
        sa.Column("primary_path", sa.String(40)),
        sa.Column("reviewer", sa.Text()),
        sa.Column("denied_on", sa.Date()),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("outcome", sa.Text()),
        sa.Column("case_json", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("key", name="uq_cases_key"),
    )
    op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("credentials", sa.Text()),
        sa.Column("specialty", sa.Text()),
        sa.Column("organization", sa.Text()),
        sa.Column("phone", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_contacts_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_contacts_case_id", "contacts", ["case_id"])
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("drafted_on", sa.Date(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_letters"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_letters_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_letters_case_id", "letters", ["case_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("contact_id", sa.Integer()),
        sa.Column("reference_number", sa.Text()),
        sa.Column("letter_id", sa.Integer()),
        sa.Column("details", sa.JSON()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_events_case_id_cases", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name="fk_events_contact_id_contacts", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["letters.id"], name="fk_events_letter_id_letters", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_events_case_id_day", "events", ["case_id", "day"])
    op.create_table(
        "deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("clock", sa.String(20), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("due", sa.String(40), nullable=False),
        sa.Column("due_day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.Column("counted_from", sa.Text(), nullable=False),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_deadlines"),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_deadlines_case_id_cases", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_deadlines_due_day", "deadlines", ["due_day"])
    op.create_index("ix_deadlines_case_id", "deadlines", ["case_id"])


def downgrade() -> None:
    for table in ("deadlines", "events", "letters", "contacts", "cases"):
        op.drop_table(table)
