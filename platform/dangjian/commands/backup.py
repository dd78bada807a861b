"""``dangjian backup PATH``: a consistent copy of the SQLite database.

SQLite's online backup API copies the pages while the server keeps running
(readers and writers simply wait their turn), which a plain file copy of a
WAL database cannot promise.  PostgreSQL has its own tool: pg_dump.
"""
from __future__ import annotations

import os
import shlex
import sqlite3
import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..db import db
from .output import echo_json, fail


def sqlite_backup(source: str, target: Path) -> int:
    """Copy ``source`` to ``target`` atomically; returns the copy's size."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        src, dst = sqlite3.connect(source, timeout=15), sqlite3.connect(partial)
        try:
            src.backup(dst)
            if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise click.ClickException("备份文件校验失败，未写入目标文件。")
            # One self-contained file: no -wal file has to travel with it.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            src.close()
            dst.close()
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def pg_dump_hint(url, target: str) -> str:
    parts = ["pg_dump", "--format=custom", f"--file={target}"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(url.database or "")
    return shlex.join(parts)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖它。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@with_appcontext
def backup_command(path: Path, force: bool, as_json: bool) -> None:
    """备份数据库到 PATH（SQLite 在线备份；PostgreSQL 请用 pg_dump）。"""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        click.echo("当前使用 PostgreSQL 数据库，请用 PostgreSQL 自带的 pg_dump 备份，例如：", err=True)
        click.echo("  " + pg_dump_hint(url, str(path)), err=True)
        click.echo("密码请通过 ~/.pgpass 或 PGPASSWORD 环境变量提供，不要写在命令行里。", err=True)
        raise click.exceptions.Exit(1)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        fail(f"不支持备份这种数据库：{url.get_backend_name()}。")
    source = os.path.abspath(url.database)
    if not os.path.exists(source):
        fail(f"数据库文件 {source} 不存在。请先运行 dangjian init。")
    target = path.resolve()
    if target == Path(source):
        fail("备份文件不能是数据库文件本身。")
    if target.exists() and not force:
        fail(f"{target} 已存在。如需覆盖，请加 --force。")
    if not target.parent.is_dir():
        fail(f"目录 {target.parent} 不存在。")
    db.session.remove()
    started = time.monotonic()
    size = sqlite_backup(source, target)
    seconds = time.monotonic() - started
    if as_json:
        echo_json({"path": str(target), "bytes": size, "seconds": round(seconds, 3)})
    else:
        click.echo(f"已备份到 {target}（{size / 1024 / 1024:.1f} MB，用时 {seconds:.1f} 秒）。")
