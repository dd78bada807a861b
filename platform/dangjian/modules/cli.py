"""``dangjian plugins``: list installed plugins, switch modules per court."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from ..courts.models import Court
from ..db import db, writing
from ..plugins import plugin_host
from ..refusals import Refused
from . import services
from .mounting import refresh_migration_status


@click.group("plugins", cls=AppGroup, help="插件与功能模块：列出、按法院启用或停用。")
def plugins_group() -> None:
    pass


@plugins_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
def list_plugins(as_json: bool) -> None:
    """列出已安装的插件、状态和启用它的法院。"""
    from flask import current_app

    refresh_migration_status(current_app, force=True)
    try:
        slugs = dict(db.session.execute(select(Court.id, Court.slug)).all())
        enabled = services.enabled_courts_by_module()
    except SQLAlchemyError as error:
        raise click.ClickException(
            "数据库尚未初始化或无法连接：请先运行 dangjian init（或 dangjian db upgrade）。"
        ) from error
    rows = [
        {
            "name": record.name,
            "title": record.title,
            "version": record.version,
            "distribution": record.distribution,
            "status": record.status,
            "error": record.error.strip().splitlines()[-1] if record.error else "",
            "courts": sorted(slugs[court_id] for court_id in enabled.get(record.name, []) if court_id in slugs),
        }
        for record in plugin_host().modules()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("没有安装任何插件。")
        return
    for row in rows:
        courts = "、".join(row["courts"]) or "（无）"
        click.echo(
            f"{row['name']:<16} {row['title']:<12} {row['version'] or '-':<8} {row['status']:<14} 启用法院：{courts}"
        )
        if row["error"]:
            click.echo(f"    错误：{row['error']}")


def _court(slug: str) -> Court:
    court = db.session.scalar(select(Court).where(Court.slug == slug))
    if court is None:
        raise click.ClickException(f"没有找到法院“{slug}”。")
    return court


def _switch(name: str, court_slug: str, enabled: bool) -> None:
    from flask import current_app

    refresh_migration_status(current_app, force=True)
    with writing():
        court = _court(court_slug)
        try:
            changed = services.set_enabled(court, name, enabled)
        except services.UnknownModule:
            raise click.ClickException(f"没有安装名为“{name}”的插件。运行 dangjian plugins list 查看。") from None
        except Refused as refusal:
            raise click.ClickException(str(refusal)) from None
        db.session.commit()
    verb = "启用" if enabled else "停用"
    click.echo(f"已在{court.name}{verb}“{name}”。" if changed else f"“{name}”在{court.name}已经是{verb}状态。")


@plugins_group.command("enable")
@click.argument("name")
@click.option("--court", "court_slug", required=True, help="法院代码（slug）。")
def enable(name: str, court_slug: str) -> None:
    """为一个法院启用模块。"""
    _switch(name, court_slug, True)


@plugins_group.command("disable")
@click.argument("name")
@click.option("--court", "court_slug", required=True, help="法院代码（slug）。")
def disable(name: str, court_slug: str) -> None:
    """为一个法院停用模块（数据保留）。"""
    _switch(name, court_slug, False)
