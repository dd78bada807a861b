"""Copying the database out and in: SQLite's online backup API, PostgreSQL's
pg_dump / pg_restore (run as child processes when the client is installed).

A copy always comes with the row count of every table as it is in the copy
(not in the live database, which keeps changing while a backup runs).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect, text

from .errors import OpsError

PG_MISSING = (
    "未找到 PostgreSQL 客户端程序 {tool}。请在本机安装与数据库服务器版本一致的客户端"
    "（Debian/Ubuntu、麒麟、统信：apt install postgresql-client），再运行本命令。"
)


def sqlite_copy(source: str, target: Path) -> None:
    """Copy ``source`` to ``target`` (a new file), checked, without a -wal file."""
    src, dst = sqlite3.connect(source, timeout=15), sqlite3.connect(target)
    try:
        src.backup(dst)
        if dst.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise OpsError("备份文件校验失败，未写入目标文件。")
        # One self-contained file: no -wal file has to travel with it.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        src.close()
        dst.close()


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def sqlite_load(source: Path, target: str) -> None:
    """Write the copy into the instance's database file (through SQLite, so
    a WAL file or an open reader is handled the way SQLite does)."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target, timeout=15)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def live_counts(connection) -> dict[str, int]:
    names = sorted(inspect(connection).get_table_names())
    return {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in names}


def pg_environment(url) -> dict[str, str]:
    """libpq's variables: the password never appears on a command line."""
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value:
            env[key] = str(value)
    options = url.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise OpsError(PG_MISSING.format(tool=name))
    return path


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise OpsError(f"{what}失败：{detail[-1] if detail else result.returncode}")


def pg_dump(engine, target: Path) -> tuple[dict[str, int], str]:
    """Dump the app's schema with pg_dump inside a snapshot this connection
    holds open, and count rows in that same snapshot: the counts describe
    exactly the dump.  Returns ``(counts, schema)``."""
    tool = pg_tool("pg_dump")
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            counts = live_counts(connection)
            _run(
                [
                    tool,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--schema={schema}",
                    "--no-owner",
                    "--no-privileges",
                    f"--file={target}",
                ],
                pg_environment(engine.url),
                "pg_dump 导出数据库",
            )
    return counts, schema


def pg_load(engine, source: Path, schema: str) -> None:
    """pg_restore into the (empty) database; the schema itself is made here
    when missing, so ``public`` (always present) does not stop the restore."""
    tool = pg_tool("pg_restore")
    env = pg_environment(engine.url)
    listing = subprocess.run([tool, "--list", str(source)], env=env, capture_output=True, text=True, check=True)
    wanted = [
        line
        for line in listing.stdout.splitlines()
        if not line.startswith(";") and " SCHEMA - " not in line and " COMMENT - SCHEMA " not in line
    ]
    list_file = source.with_suffix(".list")
    list_file.write_text("\n".join(wanted) + "\n", encoding="utf-8")
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    _run(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={list_file}",
            f"--dbname={engine.url.database}",
            str(source),
        ],
        env,
        "pg_restore 恢复数据库",
    )
