"""Where the database stands against the migration scripts (all branches).

``alembic_version`` stores only the heads a database reached; a revision
that another branch depends on (a plugin's ``depends_on`` a core revision)
is applied without appearing there.  So "applied" means everything at or
below the stored heads, following dependencies too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from .db import db


@dataclass(frozen=True)
class MigrationState:
    current: frozenset[str]  # as stored in alembic_version
    heads: frozenset[str]  # of the scripts
    applied: frozenset[str]  # every revision the database has

    @property
    def at_heads(self) -> bool:
        return self.heads <= self.applied

    @property
    def missing(self) -> list[str]:
        return sorted(self.heads - self.applied)


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def script_heads() -> frozenset[str]:
    return frozenset(script_directory().get_heads())


def migration_state() -> MigrationState:
    """Raises SQLAlchemy's errors when the database cannot be reached."""
    script = script_directory()
    # Reading the version table is no news; keep Alembic's INFO lines for upgrades.
    logger = logging.getLogger("alembic.runtime.migration")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with db.engine.connect() as connection:
            current = frozenset(MigrationContext.configure(connection).get_current_heads())
    finally:
        logger.setLevel(level)
    applied = (
        frozenset(rev.revision for rev in script.iterate_revisions(tuple(current), "base")) if current else frozenset()
    )
    return MigrationState(current=current, heads=frozenset(script.get_heads()), applied=applied)


def revisions_in(folder: str) -> list[str]:
    """The revision ids whose scripts live in ``folder``."""
    target = Path(folder).resolve()
    return [rev.revision for rev in script_directory().walk_revisions() if Path(rev.path).resolve().parent == target]
