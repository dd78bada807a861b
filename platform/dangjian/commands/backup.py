"""``dangjian backup PATH`` and ``dangjian restore PATH``.

One ``.tar.gz`` holds a consistent copy of the database (SQLite's online
backup API; PostgreSQL's pg_dump, run by the command itself), every stored
file and a manifest with counts and checksums.  See ``dangjian.ops``.
"""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..ops.backup import create_backup
from ..ops.errors import OpsError
from ..ops.restore import restore_backup
from .output import echo_json, explains_database_errors, fail


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="目标文件已存在时覆盖它。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@with_appcontext
@explains_database_errors
def backup_command(path: Path, force: bool, as_json: bool) -> None:
    """备份数据库和全部上传文件到一个归档文件 PATH（.tar.gz，含校验清单）。"""
    target = path.resolve()
    if target.exists() and not force:
        fail(f"{target} 已存在。如需覆盖，请加 --force。")
    if not target.parent.is_dir():
        fail(f"目录 {target.parent} 不存在。")
    started = time.monotonic()
    try:
        manifest = create_backup(target)
    except OpsError as error:
        fail(str(error))
    seconds = time.monotonic() - started
    size = target.stat().st_size
    result = {
        "path": str(target),
        "bytes": size,
        "seconds": round(seconds, 3),
        "tables": manifest["tables"],
        "files": len(manifest["files"]),
        "schema_heads": manifest["schema_heads"],
        "database": manifest["database"]["dialect"],
    }
    if as_json:
        echo_json(result)
    else:
        click.echo(
            f"已备份到 {target}（{size / 1024 / 1024:.1f} MB，{sum(manifest['tables'].values())} 行数据，"
            f"{len(manifest['files'])} 个文件，用时 {seconds:.1f} 秒）。"
        )


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果。")
@with_appcontext
@explains_database_errors
def restore_command(path: Path, as_json: bool) -> None:
    """从 dangjian backup 生成的归档文件 PATH 恢复到新建的空实例（先校验，后写入）。"""
    started = time.monotonic()
    try:
        summary = restore_backup(path.resolve())
    except OpsError as error:
        fail(str(error))
    summary["seconds"] = round(time.monotonic() - started, 3)
    if as_json:
        echo_json(summary)
    else:
        click.echo(
            f"已从 {path} 恢复：{summary['tables']} 张表、{summary['rows']} 行数据、{summary['files']} 个文件，"
            f"行数与校验值均与备份清单一致（备份时间 {summary['created_at']}）。"
        )
