"""``dangjian init``: the instance folder, its config and key, the schema."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from ..app import SECRET_KEY_FILE, load_or_create_secret_key
from ..db import db
from ..migration_state import migration_state
from .output import echo_json, explains_database_errors, safe_database_url

# The same text as instance/config.example.py (a test keeps them equal); it
# ships inside the package so an installed copy can write it too.
TEMPLATE = "config_template.py"


def config_template() -> str:
    return resources.files(__package__).joinpath(TEMPLATE).read_text(encoding="utf-8")


def _write_new(path: Path, text: str) -> bool:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return True


@click.command("init")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@with_appcontext
@explains_database_errors
def init_command(as_json: bool) -> None:
    """初始化：实例目录、配置文件、密钥文件，并把数据库升级到最新版本（可重复运行）。"""
    instance = Path(current_app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    config_path = instance / "config.py"
    config_created = _write_new(config_path, config_template())
    key_path = instance / SECRET_KEY_FILE
    file_key = load_or_create_secret_key(str(instance))
    upgrade(revision="heads")
    state = migration_state()
    result = {
        "instance_path": str(instance),
        "config_path": str(config_path),
        "config_created": config_created,
        "secret_key_path": str(key_path),
        # Group or others may read it: someone copied it around by hand.
        "secret_key_private": key_path.stat().st_mode & 0o077 == 0,
        "secret_key_overridden": current_app.config.get("SECRET_KEY") != file_key,
        "database": safe_database_url(db.engine),
        "revisions": sorted(state.current),
        "at_heads": state.at_heads,
    }
    if as_json:
        echo_json(result)
    else:
        _report(result)


def _report(result: dict) -> None:
    click.echo(f"实例目录：{result['instance_path']}")
    click.echo(
        f"配置文件：{result['config_path']}（{'已按模板创建，可按需修改' if result['config_created'] else '已存在，未改动'}）"
    )
    privacy = "仅当前用户可读" if result["secret_key_private"] else "其他用户也能读取，请执行 chmod 600"
    click.echo(f"密钥文件：{result['secret_key_path']}（{privacy}）")
    if result["secret_key_overridden"]:
        click.echo("　　注意：配置或环境变量另行提供了 SECRET_KEY，它优先于密钥文件。")
    click.echo(f"数据库：{result['database']}（已升级到最新版本：{', '.join(result['revisions']) or '无'}）")
    click.echo("初始化完成。下一步：dangjian demo 导入演示数据，或 dangjian create-admin 创建平台管理员。")
