"""Each plugin ships its own Alembic branch; ``dangjian db upgrade`` applies
every head, and a plugin whose revisions are missing stays out of service."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from dangjian.db import db
from dangjian.modules.mounting import refresh_migration_status
from dangjian.plugins import plugin_host


def tables() -> set[str]:
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


def versions() -> set[str]:
    with db.engine.connect() as connection:
        return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def test_db_upgrade_applies_the_example_plugin_branch(make_app, fresh_database_url, keep_logging):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert {"court", "court_module", "example_note"} <= tables()
        assert "example_0001" in versions()


def test_plugin_waits_for_its_migration_then_serves(make_app, fresh_database_url, keep_logging):
    from dangjian.modules.models import CourtModule
    from tests.factories import make_court

    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "core@head"]).exit_code == 0
    with app.app_context():
        assert "example_note" not in tables()
        refresh_migration_status(app, force=True)
        assert plugin_host().records["example"].status == "needs_upgrade"
        court = make_court("mig", "迁移测试法院")
        db.session.add(CourtModule(court_id=court.id, name="example", enabled=True, settings={}))
        db.session.commit()
    refused = runner.invoke(args=["plugins", "enable", "example", "--court", "mig"])
    assert refused.exit_code != 0 and "待升级数据库" in refused.output
    assert app.test_client().get("/mig/example/").status_code == 404  # no errors served

    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    with app.app_context():
        refresh_migration_status(app, force=True)
        assert plugin_host().records["example"].status == "active"
        assert db.session.scalar(select(CourtModule.enabled).where(CourtModule.name == "example"))
    page = app.test_client().get("/mig/example/")
    assert page.status_code in (200, 302)  # served again (302: sign-in first)
