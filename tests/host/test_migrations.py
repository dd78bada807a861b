"""Migrations from an empty database give exactly the models' schema.

The shared test schema is made with ``create_all``; these tests need a
database of their own: a temporary SQLite file, or a fresh schema inside the
PostgreSQL test database (so the shared tables are never touched).  The CLI
tests import the fixtures from here.
"""

from __future__ import annotations

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from dangjian.db import db
from dangjian.migration_state import migration_state

from ..conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.usefixtures("keep_logging")


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def test_upgrade_from_empty_matches_the_models(make_app, fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        assert table_names() == set()
        flask_migrate.upgrade(revision="heads")
        assert set(db.metadata.tables) | {"alembic_version"} == table_names()
        assert schema_differences() == []
        assert migration_state().at_heads


def test_downgrade_to_base_and_upgrade_again(make_app, fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        flask_migrate.upgrade(revision="heads")
        flask_migrate.downgrade(revision="base")
        assert table_names() <= {"alembic_version"}
        assert not migration_state().current
        flask_migrate.upgrade(revision="heads")
        assert schema_differences() == []


def test_fresh_postgresql_schema_is_isolated(make_app, fresh_database_url):
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL only (set DANGJIAN_TEST_DATABASE_URL)")
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    with app.app_context():
        with db.engine.connect() as connection:
            schema = connection.execute(text("select current_schema()")).scalar()
        assert schema.startswith("dj_fresh_")
        assert table_names() == set()
