"""Which plugins' Alembic revisions are not applied to the database yet."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from ..migration_state import migration_state, revisions_in
from ..plugins import PluginHost


def unapplied_plugins(host: PluginHost) -> set[str]:
    plugins = [(record.name, folder) for record in host.modules() if (folder := record.migrations_dir)]
    if not plugins:
        return set()
    try:
        applied = migration_state().applied
    except SQLAlchemyError:
        return {name for name, _folder in plugins}
    return {name for name, folder in plugins if any(revision not in applied for revision in revisions_in(folder))}
