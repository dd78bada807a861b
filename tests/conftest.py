"""Fixtures shared by the whole suite (flaskr style).

The suite runs on SQLite by default and on PostgreSQL when
``DANGJIAN_TEST_DATABASE_URL`` is set.  The schema is created once per run
(once per xdist worker); every test starts from empty tables.

How tests are kept apart, cheaply:

* ``app`` is one application per worker, built once (building one costs
  ~0.6 s: URL rules, plugins, Alembic's scripts) and put back after each
  test: its configuration, its ``app.extensions`` (the to-do badge cache,
  the microsites' page cache, health-check state …), its plugins' statuses,
  and the process-wide settings that building another app may have changed
  (the rate limiter, the log formatter).  Each test has its own app
  context, database session and test client; ``g`` is new at each request.
* ``make_app(**config)`` always builds a new app, and so does ``app`` for a
  test marked ``@pytest.mark.fresh_app``: for configuration that must be
  there when the app is made, an environment a test sets up first, or an
  app that gets routes of its own.
* After each test the tables that hold rows are emptied (one query finds
  them) and, on PostgreSQL, the sequences that were used start again at 1.
"""

from __future__ import annotations

import copy
import logging
import os
import secrets
from contextlib import contextmanager

import flask_migrate
import pytest
from flask import request_started
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from dangjian import testing
from dangjian.app import create_app, normalise_database_url
from dangjian.db import db
from dangjian.testing import forget_request_globals, test_config

from .factories import World, build_world

# The example plugin's own tests run as its own suite would, from its folder
# (tests/plugins/test_plugin_own_suite.py), with dangjian.testing's fixtures.
collect_ignore = ["example_plugin"]

TEST_DATABASE_URL = os.environ.get("DANGJIAN_TEST_DATABASE_URL")
_SCHEMA_TABLES: set[str] = set()
# A commit need not wait for its WAL record to reach the disk (that wait is
# ~5 ms a commit here): a test database never has to survive a crash of the
# server, and nothing a test can observe changes.
PG_TEST_OPTIONS = "-csynchronous_commit=off"


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
    return _worker_schema_url(TEST_DATABASE_URL, worker) if worker else pg_test_url(TEST_DATABASE_URL)


def pg_test_url(url: str, schema: str | None = None) -> str:
    """``url`` with the suite's session options (and ``schema`` first on the
    search path)."""
    options = f"-csearch_path={schema} {PG_TEST_OPTIONS}" if schema else PG_TEST_OPTIONS
    return make_url(url).update_query_dict({"options": options}).render_as_string(hide_password=False)


def _worker_schema_url(url: str, worker: str) -> str:
    schema = f"dj_worker_{worker}"
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    return pg_test_url(url, schema)


def base_test_config(database_url: str) -> dict:
    return test_config(database_url)


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


# --- emptying the tables after each test ----------------------------------


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
def _clean_database(_cleanup_engine):
    """Empties the tables after the test.  Every fixture that hands out an
    app depends on this one, so it runs once their apps are put away."""
    yield
    _empty_tables(_cleanup_engine)


# --- apps -----------------------------------------------------------------


def _build_app(database_url: str, overrides: dict):
    config = base_test_config(database_url)
    config.update(overrides)
    application = create_app(config)
    request_started.connect(forget_request_globals, application, weak=False)
    return application


@pytest.fixture
def make_app(_schema, _clean_database, database_url):
    """Build a new app with extra configuration; tables are emptied afterwards."""
    apps = []

    def factory(**overrides):
        application = _build_app(database_url, overrides)
        apps.append(application)
        return application

    yield factory
    for application in apps:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


class SharedApp:
    """A worker's one app, and what it was like when built so that each test
    gets it back that way."""

    def __init__(self, application) -> None:
        self.app = application
        self.config = copy.deepcopy(dict(application.config))
        self.extensions = dict(application.extensions)
        self.plugin_states = self._plugin_states()

    def _plugin_states(self) -> dict:
        host = self.app.extensions["dangjian.plugins"]
        return {name: (record.status, record.stage, record.error) for name, record in host.records.items()}

    def rebind(self) -> None:
        """Redo what create_app sets for the whole process from an app's
        configuration: an app a test built since (make_app) set its own."""
        from dangjian.extensions import limiter
        from dangjian.ops.logs import configure_handler

        limiter.init_app(self.app)
        configure_handler(self.app)

    def reset(self) -> None:
        self.app.config.clear()
        self.app.config.update(copy.deepcopy(self.config))
        # What the app was built with comes back (plain dicts as copies: some
        # hold state); what was made on first use goes: the to-do badge cache,
        # the page cache, the microsites' template environments, the health
        # check's migration heads.
        self.app.extensions.clear()
        self.app.extensions.update(
            {key: dict(value) if type(value) is dict else value for key, value in self.extensions.items()}
        )
        if self._plugin_states() != self.plugin_states:  # e.g. a module held back for its migrations
            host = self.app.extensions["dangjian.plugins"]
            for name, (status, stage, error) in self.plugin_states.items():
                record = host.records[name]
                record.stage, record.error = stage, error
                host.set_status(record, status)


@pytest.fixture(scope="session")
def _shared_app(_schema, database_url):
    # Session-scoped, so built before any function-scoped fixture of the
    # first test that asks for it can change the environment.
    shared = SharedApp(_build_app(database_url, {}))
    yield shared
    with shared.app.app_context():
        db.engine.dispose()


@pytest.fixture
def bare_app(request, _shared_app, _clean_database):
    """The worker's shared app, as new, with no app context pushed (for
    tests that drive it through HTTP only); a test marked ``fresh_app`` gets
    one built for it alone."""
    if request.node.get_closest_marker("fresh_app"):
        yield request.getfixturevalue("make_app")()
        return
    _shared_app.rebind()
    try:
        yield _shared_app.app
    finally:
        _shared_app.reset()


@pytest.fixture
def app(bare_app):
    """``bare_app`` with an app context pushed for the whole test."""
    with bare_app.app_context():
        yield bare_app


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
    return testing.sign_in(client, user)


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


@pytest.fixture(autouse=True)
def _root_log_level():
    """An app built without TESTING (``dangjian`` run as a command, in
    test_cli) sets the root logger to INFO for the whole process; a later
    test on the same worker would then find other threads' log lines (its
    SMTP server's, in test_mail) in a command's output.  Put the level back."""
    level = logging.root.level
    yield
    logging.root.setLevel(level)


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
    try:
        yield pg_test_url(TEST_DATABASE_URL, schema)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()
