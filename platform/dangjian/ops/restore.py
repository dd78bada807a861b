"""Restoring a backup archive into an empty instance.

Everything is checked before anything is written: the manifest's format,
the schema heads against this release's, the database kind, every checksum
of the unpacked archive, and that the instance's database holds no rows.
After loading, every table's row count is compared with the manifest's.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from flask import current_app
from sqlalchemy import inspect

from ..db import db
from ..migration_state import script_heads
from . import dbcopy
from .backup import CHUNK, FORMAT, MANIFEST, database_kind, storage_folders
from .errors import OpsError

DIALECT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.loads(archive.extractfile(MANIFEST).read())  # type: ignore[union-attr]  # None (a folder): AttributeError below
    except (KeyError, AttributeError, ValueError):
        raise OpsError("这不是本平台的备份文件（缺少 manifest.json）。") from None
    if manifest.get("format") != FORMAT:
        raise OpsError(f"备份格式 {manifest.get('format')!r} 不受支持（本版本读取 {FORMAT}）。")
    return manifest


def check_schema(manifest: dict) -> None:
    theirs, ours = set(manifest.get("schema_heads") or []), set(script_heads())
    if theirs != ours:
        raise OpsError(
            "备份的数据库结构版本与本程序不一致，不能恢复。\n"
            f"  备份：{', '.join(sorted(theirs)) or '无'}（程序版本 {manifest.get('app_version', '未知')}）\n"
            f"  本程序：{', '.join(sorted(ours))}\n"
            "请安装与备份相同版本的程序（并启用相同的插件）恢复，再升级到新版本并运行 dangjian db upgrade。"
        )


def non_empty_tables(engine) -> dict[str, int]:
    with engine.connect() as connection:
        counts = dbcopy.live_counts(connection)
    return {name: count for name, count in counts.items() if count and name != "alembic_version"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify_unpacked(folder: Path, manifest: dict) -> None:
    entries = [{"path": manifest["database"]["file"], **manifest["database"]}, *manifest["files"]]
    for entry in entries:
        path = folder / entry["path"]
        parts = Path(entry["path"]).parts
        inside = ".." not in parts and path.resolve().is_relative_to(folder.resolve())
        if entry is not entries[0] and (
            len(parts) < 3 or parts[0] != "files" or parts[1] not in manifest.get("folders", [])
        ):
            inside = False
        if not inside:
            raise OpsError(f"备份清单中的路径无效：{entry['path']}。未做任何改动。")
        if not path.is_file() or path.stat().st_size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            raise OpsError(f"备份文件已损坏：{entry['path']} 与清单中的校验值不符。未做任何改动。")


def _target_folders(manifest: dict) -> dict[str, Path]:
    folders = storage_folders()
    unknown = sorted(set(manifest.get("folders", [])) - set(folders))
    if unknown:
        raise OpsError(f"备份中有本程序不认识的存储目录：{', '.join(unknown)}。请先安装并启用对应的插件。")
    return folders


def restore_backup(source: Path) -> dict:
    """Restore ``source`` into this (empty) instance; returns a summary."""
    engine = db.engine
    kind = database_kind(engine)
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115  (closed by the with below; only the opening is guarded)
    except (OSError, tarfile.TarError):
        raise OpsError(f"无法读取备份文件 {source}：不是有效的 .tar.gz 文件。") from None
    with archive:
        manifest = read_manifest(archive)
        check_schema(manifest)
        if manifest["database"]["dialect"] != kind:
            raise OpsError(
                f"备份来自 {DIALECT_NAMES.get(manifest['database']['dialect'], '未知')} 数据库，"
                f"当前配置的是 {DIALECT_NAMES[kind]}，不能直接恢复。"
            )
        folders = _target_folders(manifest)
        db.session.remove()
        filled = non_empty_tables(engine)
        if filled:
            shown = "、".join(f"{name}（{count} 行）" for name, count in sorted(filled.items())[:5])
            raise OpsError(f"当前数据库不是空的：{shown}。恢复只能写入新建的空数据库，以免覆盖现有数据。")
        work_root = Path(current_app.instance_path)
        work_root.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix=".restore-", dir=work_root) as work:
            unpacked = Path(work)
            archive.extractall(unpacked, filter="data")
            verify_unpacked(unpacked, manifest)
            _load_database(engine, unpacked / manifest["database"]["file"], manifest)
            restored_files = _place_files(unpacked, manifest, folders)
    counts = _counts_after(engine)
    mismatched = {
        name: (count, counts.get(name)) for name, count in manifest["tables"].items() if counts.get(name) != count
    }
    if mismatched:
        raise OpsError(
            "恢复后的行数与清单不符："
            + "、".join(f"{name}（清单 {want}，实际 {got}）" for name, (want, got) in sorted(mismatched.items())[:5])
        )
    return {
        "tables": len(counts),
        "rows": sum(manifest["tables"].values()),
        "files": restored_files,
        "created_at": manifest["created_at"],
        "app_version": manifest["app_version"],
    }


def _load_database(engine, copy: Path, manifest: dict) -> None:
    if manifest["database"]["dialect"] == "sqlite":
        engine.dispose()
        dbcopy.sqlite_load(copy, os.path.abspath(engine.url.database))
        return
    _drop_empty_tables(engine)
    dbcopy.pg_load(engine, copy, manifest["database"].get("schema") or "public")


def _drop_empty_tables(engine) -> None:
    # Tables `dangjian init` made are empty (checked): the dump brings its own.
    with engine.begin() as connection:
        for name in inspect(connection).get_table_names():
            connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}" CASCADE')


def _place_files(unpacked: Path, manifest: dict, folders: dict[str, Path]) -> int:
    """Move the checked files (only those the manifest lists) into place."""
    for entry in manifest["files"]:
        _, name, rest = entry["path"].split("/", 2)
        target = folders[name] / rest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(unpacked / entry["path"], target)
    return len(manifest["files"])


def _counts_after(engine) -> dict[str, int]:
    engine.dispose()
    with engine.connect() as connection:
        return dbcopy.live_counts(connection)
