"""Bring a case store's schema up to date with Alembic, on open, in one locked transaction."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Engine

#: Where the migration scripts live, as a package resource (works from a wheel too).
SCRIPT_LOCATION = "mhnotebook.store:migrations"


@cache
def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


@cache
def head_revision() -> str:
    """The newest schema revision this version of mhnotebook knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or ``None`` for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine) -> None:
    """Run every migration the store lacks; a store already at the head is left untouched."""
    from alembic import command

    if current_revision(engine) == head_revision():
        return
    config = _config()
    with engine.connect().execution_options(store_write=True) as connection:
        config.attributes["connection"] = connection
        try:
            command.upgrade(config, "head")
        finally:
            config.attributes.pop("connection", None)
        connection.commit()
