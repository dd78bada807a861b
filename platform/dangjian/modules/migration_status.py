"""Which plugins' Alembic revisions are not applied to the database yet."""
from __future__ import annotations

from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from ..db import db
from ..plugins import PluginHost


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())


def _applied(script: ScriptDirectory) -> set[str] | None:
    """Every revision at or below the database's heads; None when unreadable."""
    try:
        with db.engine.connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
    except SQLAlchemyError:
        return None
    if not heads:
        return set()
    return {revision.revision for revision in script.iterate_revisions(heads, "base")}


def unapplied_plugins(host: PluginHost) -> set[str]:
    plugins = [record for record in host.modules() if record.migrations_dir]
    if not plugins:
        return set()
    script = _script()
    applied = _applied(script)
    if applied is None:
        return {record.name for record in plugins}
    revisions_by_folder: dict[Path, list[str]] = {}
    for revision in script.walk_revisions():
        revisions_by_folder.setdefault(Path(revision.path).resolve().parent, []).append(revision.revision)
    return {
        record.name
        for record in plugins
        if any(rev not in applied for rev in revisions_by_folder.get(Path(record.migrations_dir).resolve(), []))
    }
