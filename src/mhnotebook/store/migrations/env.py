"""Alembic environment for the case store: always run on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from mhnotebook.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table instead
    compare_type=True,
)
with context.begin_transaction():
    if connection.dialect.name == "postgresql":
        # Two processes opening a new store at once: the second waits, then finds it up to date.
        connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7243019)")
    context.run_migrations()
