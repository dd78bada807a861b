"""Where the database stands against the migration scripts (all branches)."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from ..db import db


@dataclass(frozen=True)
class MigrationState:
    current: frozenset[str]
    heads: frozenset[str]

    @property
    def at_heads(self) -> bool:
        return self.current == self.heads

    @property
    def missing(self) -> list[str]:
        return sorted(self.heads - self.current)


def script_heads() -> frozenset[str]:
    config = current_app.extensions["migrate"].migrate.get_config()
    return frozenset(ScriptDirectory.from_config(config).get_heads())


def migration_state() -> MigrationState:
    """Raises SQLAlchemy's errors when the database cannot be reached."""
    # Reading the version table is no news; keep Alembic's INFO lines for upgrades.
    logger = logging.getLogger("alembic.runtime.migration")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with db.engine.connect() as connection:
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    finally:
        logger.setLevel(level)
    return MigrationState(current=current, heads=script_heads())
