"""A database made by an earlier release upgrades to this one's heads with
its data intact (fixtures in tests/upgrade/, one per release, made by
tests/upgrade/make_fixture.py)."""

from __future__ import annotations

import json
from pathlib import Path

import flask_migrate
import pytest

from dangjian.db import db
from dangjian.migration_state import migration_state

from ..upgrade.rows import dump, load
from .test_migrations import schema_differences

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "upgrade").glob("fixture_*.json"))
pytestmark = pytest.mark.usefixtures("keep_logging")


def test_there_is_a_fixture_of_this_release():
    from dangjian import __version__

    assert any(path.name == f"fixture_{__version__}.json" for path in FIXTURES), (
        "run .venv/bin/python -m tests.upgrade.make_fixture and commit the file"
    )
    assert all(path.stat().st_size < 300 * 1024 for path in FIXTURES)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_upgrade_keeps_the_data(make_app, fresh_database_url, fixture):
    old = json.loads(fixture.read_text(encoding="utf-8"))
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        for revision in old["revisions"]:  # the schema as that release left it
            flask_migrate.upgrade(revision=revision)
        with db.engine.begin() as connection:
            load(connection, old["tables"])
        db.engine.dispose()

    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        assert migration_state().at_heads
        assert schema_differences() == []
        with db.engine.connect() as connection:
            now = dump(connection)
        for name, data in old["tables"].items():
            assert name in now, f"table {name} is gone"
            kept = [now[name]["columns"].index(column) for column in data["columns"]]
            rows = [[row[i] for i in kept] for row in now[name]["rows"]]
            assert rows == data["rows"], f"rows of {name} changed"
        db.engine.dispose()
