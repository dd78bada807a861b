"""/healthz, request ids and the logs (text and JSON)."""

from __future__ import annotations

import json
import logging

from dangjian.access import PUBLIC, requires
from dangjian.db import db
from dangjian.ops.logs import JsonFormatter


def test_healthz_is_public_uncached_and_ok(app, client, query_counter):
    client.get("/healthz")  # the first call may walk the revisions once
    with query_counter() as statements:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "ok", "storage": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert len(statements) <= 3, statements  # cheap: SELECT 1 and the version table


def test_healthz_reports_pending_migrations_and_unwritable_storage(make_app, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the upload folder should be")
    app = make_app(UPLOAD_FOLDER=str(blocked))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["storage"] == "error" and response.get_json()["status"] == "error"

    app = make_app()
    with app.app_context():
        db.session.execute(db.text("DELETE FROM alembic_version"))
        db.session.execute(db.text("INSERT INTO alembic_version (version_num) VALUES ('0001_core')"))
        db.session.commit()
    try:
        response = app.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["migrations"] == "error" and response.get_json()["database"] == "ok"
    finally:
        with app.app_context():
            import flask_migrate

            db.session.execute(db.text("DELETE FROM alembic_version"))
            db.session.commit()
            flask_migrate.stamp(revision="heads")


def test_healthz_reports_an_unreachable_database(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "error" and response.get_json()["migrations"] == "unknown"


def test_request_id_is_taken_when_sane_and_made_otherwise(client):
    given = client.get("/healthz", headers={"X-Request-ID": "proxy-1234abcd"})
    assert given.headers["X-Request-ID"] == "proxy-1234abcd"
    for junk in ("<script>", "x" * 200, "short", "a b c d e f g h"):
        made = client.get("/healthz", headers={"X-Request-ID": junk})
        assert made.headers["X-Request-ID"] != junk and len(made.headers["X-Request-ID"]) == 32
    assert client.get("/healthz").headers["X-Request-ID"] != client.get("/healthz").headers["X-Request-ID"]


def boom_app(make_app, **config):
    app = make_app(PROPAGATE_EXCEPTIONS=False, **config)

    @requires(PUBLIC)
    def boom():
        raise RuntimeError("secret detail 42")

    app.add_url_rule("/boom", "boom", boom)
    return app


def test_unhandled_error_is_logged_with_traceback_and_the_page_shows_only_the_id(make_app, caplog):
    app = boom_app(make_app)
    with caplog.at_level(logging.INFO):
        response = app.test_client().get("/boom", headers={"X-Request-ID": "req-boom-0001"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "错误编号" in page and "req-boom-0001" in page
    assert "secret detail" not in page and "Traceback" not in page and "RuntimeError" not in page
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1  # once, with its traceback
    assert errors[0].exc_info and "secret detail 42" in str(errors[0].exc_info[1])
    assert errors[0].dangjian_request["request_id"] == "req-boom-0001"
    assert errors[0].dangjian_request["path"] == "/boom"
    access = [r for r in caplog.records if r.name == "dangjian.requests"]
    assert access and access[-1].status == 500


def test_json_logs_carry_request_user_and_court(make_app, world, caplog):
    app = make_app(LOG_FORMAT="json")
    assert isinstance(app.extensions["dangjian.log_handler"].formatter, JsonFormatter)
    client = app.test_client()
    from tests.conftest import sign_in

    sign_in(app, client, world.zy_admin)
    with caplog.at_level(logging.INFO, logger="dangjian.requests"):
        response = client.get("/zy/", headers={"X-Request-ID": "req-json-0001"})
    assert response.status_code == 200
    record = [r for r in caplog.records if r.name == "dangjian.requests"][-1]
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-json-0001" and line["method"] == "GET" and line["path"] == "/zy/"
    assert line["status"] == 200 and line["user_id"] == world.zy_admin.id and line["court"] == world.zy.id
    assert line["level"] == "INFO" and line["logger"] == "dangjian.requests" and line["time"].endswith("+00:00")


def test_json_error_line_holds_the_traceback(make_app, caplog):
    app = boom_app(make_app, LOG_FORMAT="json")
    with caplog.at_level(logging.ERROR):
        app.test_client().get("/boom")
    line = json.loads(app.extensions["dangjian.log_handler"].format(caplog.records[-1]))
    assert "Traceback" in line["traceback"] and "secret detail 42" in line["traceback"]
    assert line["level"] == "ERROR" and line["path"] == "/boom"


def test_not_found_page_shows_the_request_id(client):
    response = client.get("/no/such/page/", headers={"X-Request-ID": "req-404-00001"})
    assert response.status_code == 404 and "req-404-00001" in response.get_data(as_text=True)
