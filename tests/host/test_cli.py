"""The ``dangjian`` commands: init, check, create-admin, backup (its restore: test_backup_restore.py)."""

from __future__ import annotations

import json
import secrets
import tarfile
from pathlib import Path

import flask_migrate
import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, select

from dangjian.access.models import RoleAssignment
from dangjian.audit.models import AuditEntry
from dangjian.auth.models import User
from dangjian.auth.passwords import verify_password
from dangjian.cli import main
from dangjian.commands.check import secret_key_problem
from dangjian.commands.init import config_template
from dangjian.db import db

from ..conftest import TEST_DATABASE_URL
from ..factories import build_world, make_user

REPO = Path(__file__).resolve().parents[2]
STRONG = "hongqiqu-qingnian-2024"


def invoke(app, *args, **kwargs):
    return app.test_cli_runner().invoke(args=list(args), **kwargs)


def good_config(database_url: str) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "TESTING": False,
        "DEBUG": False,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SESSION_COOKIE_SECURE": True,
        "REMEMBER_COOKIE_SECURE": True,
        "RATELIMIT_ENABLED": True,
    }


# --- init --------------------------------------------------------------------


def test_init_creates_config_key_and_schema_and_is_idempotent(make_app, tmp_path, monkeypatch, fresh_database_url):
    instance = tmp_path / "instance"
    monkeypatch.setenv("DANGJIAN_INSTANCE_PATH", str(instance))
    # SQLite: the default database inside the instance folder.
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url if TEST_DATABASE_URL else None)
    assert not instance.exists()

    result = invoke(app, "init", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    config, key = instance / "config.py", instance / "secret_key"
    assert report["config_created"] is True and report["at_heads"] is True
    assert config.read_text(encoding="utf-8") == config_template()
    assert len(key.read_text().strip()) >= 64 and key.stat().st_mode & 0o077 == 0
    with app.app_context():
        assert set(db.metadata.tables) <= set(inspect(db.engine).get_table_names())
        if not TEST_DATABASE_URL:
            assert str(instance) in str(db.engine.url)

    config.write_text(config.read_text(encoding="utf-8") + "MEMBERS_PER_PAGE = 50\n", encoding="utf-8")
    first_key = key.read_text()
    again = invoke(app, "init")
    assert again.exit_code == 0, again.output
    assert "已存在，未改动" in again.output and "初始化完成" in again.output
    assert config.read_text(encoding="utf-8").endswith("MEMBERS_PER_PAGE = 50\n")
    assert key.read_text() == first_key


def test_config_template_matches_the_committed_example():
    example = (REPO / "instance" / "config.example.py").read_text(encoding="utf-8")
    assert example == config_template()
    # Everything is commented out: no setting, and so no secret, is active.
    assert all(line.startswith("#") for line in example.splitlines() if line.strip())
    assert "SECRET_KEY" not in example


def test_entry_point_lists_the_commands(tmp_path, monkeypatch):
    monkeypatch.setenv("DANGJIAN_INSTANCE_PATH", str(tmp_path))
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in ("init", "demo", "create-admin", "check", "backup", "restore", "run", "db"):
        assert f"  {name} " in result.output
    assert CliRunner().invoke(main, ["run", "--help"]).exit_code == 0


# --- check -------------------------------------------------------------------


def failing(result) -> set[str]:
    return {check["id"] for check in json.loads(result.stdout)["checks"] if not check["ok"]}


def test_check_fails_with_demo_accounts_debug_and_weak_key(make_app):
    app = make_app(DEBUG=True, SECRET_KEY="dev")
    with app.app_context():
        make_user("demo-someone").is_demo = True
        db.session.commit()
    result = invoke(app, "check", "--json")
    assert result.exit_code == 1
    assert {"demo_accounts", "debug", "secret_key", "session_cookie_secure", "remember_cookie_secure"} <= failing(
        result
    )

    human = invoke(app, "check")
    assert human.exit_code == 1
    assert "✗ 没有演示账号" in human.output and "✗ SECRET_KEY 足够强" in human.output
    assert "项检查未通过" in human.output


def test_check_passes_with_a_good_config(make_app, fresh_database_url, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    app = make_app(**good_config(fresh_database_url))
    with app.app_context():
        flask_migrate.upgrade(revision="heads")
    result = invoke(app, "check")
    assert result.exit_code == 0, result.output
    assert "✗" not in result.output and "项检查通过" in result.output
    assert json.loads(invoke(app, "check", "--json").stdout)["ok"] is True


def test_check_wants_migrations_at_heads_and_shared_rate_limits(make_app, fresh_database_url, monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    app = make_app(**good_config(fresh_database_url), WORKERS=4)
    with app.app_context():
        db.create_all()  # tables without migration history
    assert failing(invoke(app, "check", "--json")) == {"migrations", "ratelimit_storage"}


def test_check_reports_an_unreachable_database(make_app, tmp_path):
    app = make_app(**good_config(f"sqlite:///{tmp_path}/missing/folder/db.sqlite3"))
    result = invoke(app, "check", "--json")
    assert result.exit_code == 1
    assert {"database", "migrations", "demo_accounts"} <= failing(result)


@pytest.mark.parametrize(
    "key",
    [
        "",
        "dev",
        "changeme",
        "test-secret-key-not-for-production",
        "short-but-random-9f2",
        "a" * 40,
        "please-change-this-key-before-going-live!",
    ],
)
def test_weak_secret_keys_are_refused(key):
    assert secret_key_problem(key)


def test_random_secret_keys_are_accepted():
    assert secret_key_problem(secrets.token_hex(32)) is None
    assert secret_key_problem(secrets.token_urlsafe(32).encode()) is None


# --- create-admin --------------------------------------------------------------


def test_create_admin_rejects_a_weak_password_then_creates_the_admin(app, runner):
    result = runner.invoke(args=["create-admin", "--username", "chief"], input=f"password\n{STRONG}\n{STRONG}\n")
    assert result.exit_code == 0, result.output
    assert "太常见" in result.output and "已创建平台管理员 chief" in result.output
    assert STRONG not in result.output
    user = db.session.scalar(select(User).where(User.username == "chief"))
    assert verify_password(user.password_hash, STRONG) and not user.is_demo
    assert [(role.role, role.court_id, role.organisation_id) for role in user.roles] == [("platform_admin", None, None)]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created")).target_id == user.id


def test_create_admin_prompts_for_the_username_and_gives_up_after_three_bad_passwords(app, runner):
    result = runner.invoke(args=["create-admin"], input=f"chief\n123\n{STRONG}\nsomething-else-entirely\nchief\n")
    assert result.exit_code == 1
    assert "两次输入的密码不一致" in result.output and "未创建账号" in result.output
    assert db.session.scalar(select(User).where(User.username == "chief")) is None


def test_create_admin_refuses_a_taken_or_malformed_username_and_a_password_argument(app, runner, world):
    taken = runner.invoke(args=["create-admin", "--username", "platform"], input=f"{STRONG}\n{STRONG}\n")
    assert taken.exit_code == 1 and "已被使用" in taken.output
    malformed = runner.invoke(args=["create-admin", "--username", "张 三"], input=f"{STRONG}\n{STRONG}\n")
    assert malformed.exit_code == 1 and "用户名应为" in malformed.output
    assert runner.invoke(args=["create-admin", "--username", "x1", "--password", STRONG]).exit_code == 2
    assert (
        db.session.scalar(select(RoleAssignment).where(RoleAssignment.role == "platform_admin")).user.username
        == "platform"
    )


# --- backup ------------------------------------------------------------------------


def test_backup_writes_one_archive_with_database_files_and_manifest(make_app, tmp_path):
    app = make_app(UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        world = build_world()
        from dangjian.sites.media import save_image_bytes

        from .sites.visitor_helpers import image_bytes

        stored = save_image_bytes(image_bytes(), "徽标.png", world.zy, None)
        db.session.commit()
        stored_sha = stored.sha256
    target = tmp_path / "backup.tar.gz"

    result = invoke(app, "backup", str(target), "--json")
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    assert output["path"] == str(target) and output["files"] == 1
    assert output["tables"]["member"] == 3 and output["tables"]["user"] == 7
    with tarfile.open(target) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
    entry = manifest["files"][0]
    assert entry["sha256"] == stored_sha and entry["path"].startswith("files/uploads/") and entry["path"] in names
    assert manifest["database"]["file"] in names and manifest["tables"] == output["tables"]
    assert not list(tmp_path.glob(".*partial"))

    refused = invoke(app, "backup", str(target))
    assert refused.exit_code == 1 and "--force" in refused.output
    forced = invoke(app, "backup", str(target), "--force")
    assert forced.exit_code == 0 and "已备份到" in forced.output and "1 个文件" in forced.output


def test_backup_on_postgresql_without_the_client_says_what_to_install(app, runner, tmp_path, monkeypatch):
    if not TEST_DATABASE_URL:
        pytest.skip("PostgreSQL only (set DANGJIAN_TEST_DATABASE_URL)")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump on it
    result = runner.invoke(args=["backup", str(tmp_path / "x.tar.gz")])
    assert result.exit_code == 1
    assert "未找到 PostgreSQL 客户端程序 pg_dump" in result.output and "postgresql-client" in result.output
    assert not (tmp_path / "x.tar.gz").exists() and not list(tmp_path.glob(".*partial"))


def test_commands_explain_a_database_that_is_not_initialised(make_app, fresh_database_url):
    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url)
    for args, stdin in ((["demo"], None), (["create-admin", "--username", "chief"], f"{STRONG}\n{STRONG}\n")):
        result = invoke(app, *args, input=stdin)
        assert result.exit_code == 1, args
        assert "dangjian init" in result.output and "Traceback" not in result.output
