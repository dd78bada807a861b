"""Fixtures shared by the whole suite (flaskr style).

The suite runs on SQLite by default and on PostgreSQL when
``DANGJIAN_TEST_DATABASE_URL`` is set.  The schema is created once per run;
every test starts from empty tables: after each test the tables that hold
rows are emptied (one query finds them) and, on PostgreSQL, the sequences
that were used start again at 1.
"""
from __future__ import annotations

import logging
import os
import secrets
import time
from contextlib import contextmanager

import flask_migrate
import pytest
from flask import g, request_started
from flask_login.utils import _create_identifier
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from dangjian.app import create_app, normalise_database_url
from dangjian.db import db

from .factories import World, build_world

TEST_DATABASE_URL = os.environ.get("DANGJIAN_TEST_DATABASE_URL")
_SCHEMA_TABLES: set[str] = set()


@pytest.fixture(scope="session")
def instance_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("instance")
    os.environ["DANGJIAN_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def database_url(instance_dir):
    if not TEST_DATABASE_URL:
        return f"sqlite:///{instance_dir / 'test.sqlite3'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    # Parallel workers (pytest -n) share one PostgreSQL database; each gets a
    # schema of its own so emptying tables never touches another's data.
    return _worker_schema_url(TEST_DATABASE_URL, worker) if worker else TEST_DATABASE_URL


def _worker_schema_url(url: str, worker: str) -> str:
    schema = f"dj_worker_{worker}"
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)


def base_test_config(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PLUGINS_STRICT": True,
        "RATELIMIT_ENABLED": False,
        # Cheap hashing keeps the suite fast; production uses config.py's.
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "ARGON2_PARALLELISM": 1,
    }


@pytest.fixture(scope="session")
def _schema(database_url):
    app = create_app(base_test_config(database_url))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        _SCHEMA_TABLES.update(db.metadata.tables)
        # What a migrated database records: every head (core and plugins)
        # applied, so no installed plugin is held back as "needs upgrade".
        flask_migrate.stamp(revision="heads")
        db.engine.dispose()
    yield


@pytest.fixture
def make_app(_schema, _cleanup_engine, database_url):
    """Build an app with extra configuration; tables are emptied afterwards."""
    apps = []

    def factory(**overrides):
        config = base_test_config(database_url)
        config.update(overrides)
        application = create_app(config)
        request_started.connect(_forget_request_globals, application, weak=False)
        apps.append(application)
        return application

    yield factory
    for application in apps:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()
    _empty_tables(_cleanup_engine)


def _forget_request_globals(sender, **extra):
    """Start each request with an empty ``g``.

    Tests keep an app context pushed between requests (to use the database
    directly), and a request reuses a pushed context of its app — so without
    this, ``g`` (the loaded user, the resolved court, per-request caches)
    would leak from one request into the next, which never happens on a real
    server.
    """
    g.__dict__.clear()


def _tables_with_rows(connection, tables) -> set[str]:
    """The tables holding at least one row, found in one statement: most
    tests write to a handful of the ~70 tables."""
    quote = connection.dialect.identifier_preparer.quote
    probes = " UNION ALL ".join(
        f"SELECT '{table.name}' WHERE EXISTS (SELECT 1 FROM {quote(table.name)})" for table in tables
    )
    return set(connection.exec_driver_sql(probes).scalars())


# Restarts the sequences of the given tables' SERIAL/identity columns that
# were used since they last (re)started: until then pg_sequences shows
# last_value NULL.
_RESTART_USED_SEQUENCES = """
SELECT setval(seq.oid, used.start_value, false)
FROM pg_class seq
JOIN pg_depend link ON link.classid = 'pg_class'::regclass AND link.objid = seq.oid
                   AND link.refclassid = 'pg_class'::regclass AND link.deptype IN ('a', 'i')
JOIN pg_class owner ON owner.oid = link.refobjid
JOIN pg_sequences used ON used.schemaname = current_schema() AND used.sequencename = seq.relname
WHERE seq.relkind = 'S' AND seq.relnamespace = current_schema()::regnamespace
  AND owner.relname = ANY(%(tables)s) AND used.last_value IS NOT NULL
"""


def _empty_tables(engine):
    """Delete the rows a test left and, on PostgreSQL, restart the sequences
    it used: what ``TRUNCATE`` of every table ``RESTART IDENTITY`` did, at a
    tenth of its cost (that took 0.7 s a test here; most tests fill a few
    small tables)."""
    # Only the tables the session's schema has: a test may import a plugin
    # whose models were not there when the schema was made.  Children come
    # before their parents, so no row is left that a foreign key refers to.
    tables = [table for table in reversed(db.metadata.sorted_tables) if table.name in _SCHEMA_TABLES]
    if engine.dialect.name == "postgresql":
        try:
            with engine.begin() as connection:
                filled = _tables_with_rows(connection, tables)
                for table in tables:
                    if table.name in filled:
                        connection.execute(table.delete())
                connection.exec_driver_sql(_RESTART_USED_SEQUENCES, {"tables": [table.name for table in tables]})
        except IntegrityError:
            # A cycle of foreign keys that no order of DELETEs unties (none
            # today): empty every table the slow way.
            names = ", ".join(f'"{table.name}"' for table in tables)
            with engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        return
    with engine.begin() as connection:
        filled = _tables_with_rows(connection, tables)
        connection.execute(text("PRAGMA defer_foreign_keys=ON"))
        for table in tables:
            if table.name in filled:
                connection.execute(table.delete())


@pytest.fixture(scope="session")
def _cleanup_engine(_schema, database_url):
    """One engine for emptying tables after each test (building an app for
    that alone would cost more than most tests)."""
    engine = create_engine(normalise_database_url(database_url))
    yield engine
    engine.dispose()


@pytest.fixture
def app(make_app):
    application = make_app()
    with application.app_context():
        yield application


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app) -> World:
    """Two courts (中院 over a basic court), branches, and a user per role."""
    return build_world()


def sign_in(app, client, user):
    """Put ``user`` into ``client``'s session the way a fresh password login
    does (including Flask-Login's session-protection identifier)."""
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = identifier
        session["auth_at"] = time.time()
    return user


@pytest.fixture
def login_as(app, client):
    """Sign a user in on ``client`` the way a fresh password login does."""
    return lambda user: sign_in(app, client, user)


@contextmanager
def count_queries(app):
    """Count SQL statements executed while the block runs."""
    statements: list[str] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


@pytest.fixture
def query_counter(app):
    return lambda: count_queries(app)


# --- databases of their own (migration and CLI tests) ---------------------


@pytest.fixture
def keep_logging():
    """Alembic's env.py runs logging.fileConfig, which disables every existing
    logger and points handlers at whatever stderr is current; put it back so
    later tests still see their log records."""
    manager = logging.root.manager
    loggers = [logging.root] + [item for item in manager.loggerDict.values() if isinstance(item, logging.Logger)]
    saved = {item: (item.level, list(item.handlers), item.disabled, item.propagate) for item in loggers}
    yield
    for item in [logging.root] + [i for i in manager.loggerDict.values() if isinstance(i, logging.Logger)]:
        level, handlers, disabled, propagate = saved.get(item, (logging.NOTSET, [], False, True))
        item.setLevel(level)
        item.handlers[:] = handlers
        item.disabled = disabled
        item.propagate = propagate


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database: a new SQLite file, or a new PostgreSQL schema."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    schema = f"dj_fresh_{secrets.token_hex(4)}"
    engine = create_engine(normalise_database_url(TEST_DATABASE_URL))
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(TEST_DATABASE_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
