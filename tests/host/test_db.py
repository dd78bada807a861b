"""SQLite is configured for a multi-threaded web server; writes begin
IMMEDIATE, reads stay deferred."""

import pytest
from flask import request
from sqlalchemy import text

from dangjian.access import PUBLIC, requires
from dangjian.db import db, reading, writing
from tests.conftest import count_queries

pytestmark = pytest.mark.skipif(
    __import__("os").environ.get("DANGJIAN_TEST_DATABASE_URL") is not None, reason="SQLite behaviour"
)


def test_sqlite_pragmas(app):
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]


def begins(statements):
    return [s for s in statements if s.startswith("BEGIN")]


@pytest.fixture
def probe_app(make_app):
    app = make_app()

    @requires(PUBLIC)
    def probe():
        db.session.execute(text("SELECT 1")).scalar()
        db.session.rollback()
        with reading():
            db.session.execute(text("SELECT 2")).scalar()
        return request.method

    app.add_url_rule("/__probe", "probe", probe, methods=["GET", "POST"])
    return app


def test_post_begins_immediate_and_get_deferred(probe_app):
    client = probe_app.test_client()
    with count_queries(probe_app) as statements:
        client.post("/__probe")
    assert begins(statements) == ["BEGIN IMMEDIATE", "BEGIN"]  # the second inside reading()
    with count_queries(probe_app) as statements:
        client.get("/__probe")
    assert begins(statements) == ["BEGIN", "BEGIN"]


def test_writing_block_begins_immediate(app, query_counter):
    db.session.rollback()
    with query_counter() as statements, writing():
        db.session.execute(text("SELECT 1"))
        db.session.rollback()
    assert begins(statements) == ["BEGIN IMMEDIATE"]
