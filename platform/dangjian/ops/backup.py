"""One backup archive: the database copy, every stored file, a manifest.

Layout of the ``.tar.gz``::

    database.sqlite3 | database.pgdump   consistent copy (see dbcopy)
    files/<folder>/<path>                every file of every storage folder
    manifest.json                        written last: versions, counts, checksums

The database is copied first and the files after it: uploads are written
before their rows are committed, so every file a copied row names is on
disk by the time the folders are walked.  Files never change once written,
and each is hashed while it is read into the archive.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from .. import __version__
from ..db import db
from ..migration_state import migration_state
from ..plugins import plugin_host
from . import dbcopy
from .errors import OpsError

FORMAT = "dangjian-backup/1"
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


def storage_folders() -> dict[str, Path]:
    """Every folder of stored files, by its name in the archive.  Asked of
    every loaded plugin, also one whose tables are not migrated yet: an
    empty instance being restored is exactly that."""
    folders: dict[str, Path] = {}
    for name, path in plugin_host().collect_from_every_plugin("dangjian_storage_folders"):
        if not name or "/" in name or name in folders:
            raise OpsError(f"存储目录名称无效或重复：{name!r}")
        folders[name] = Path(path)
    return folders


def database_kind(engine) -> str:
    backend = engine.url.get_backend_name()
    if backend == "sqlite" and engine.url.database and engine.url.database != ":memory:":
        return "sqlite"
    if backend == "postgresql":
        return "postgresql"
    raise OpsError(f"不支持备份这种数据库：{backend}。")


class _HashingReader:
    def __init__(self, handle) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, path: Path, name: str) -> dict | None:
    try:
        handle = open(path, "rb")  # noqa: SIM115  (closed by the with below; only the opening may fail here)
    except FileNotFoundError:
        return None  # deleted while the backup ran: its row is gone from the copy too
    with handle:
        info = archive.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"path": name, "bytes": info.size, "sha256": reader.digest.hexdigest()}


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(datetime.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _copy_database(work: Path) -> tuple[Path, dict[str, int], dict]:
    engine = db.engine
    kind = database_kind(engine)
    if kind == "sqlite":
        if not engine.url.database:
            raise OpsError("数据库地址里没有 SQLite 数据库文件（内存数据库无法备份）。")
        source = os.path.abspath(engine.url.database)
        if not os.path.exists(source):
            raise OpsError(f"数据库文件 {source} 不存在。请先运行 dangjian init。")
        copy = work / "database.sqlite3"
        db.session.remove()
        dbcopy.sqlite_copy(source, copy)
        return copy, dbcopy.sqlite_counts(copy), {"dialect": "sqlite"}
    copy = work / "database.pgdump"
    counts, schema = dbcopy.pg_dump(engine, copy)
    return copy, counts, {"dialect": "postgresql", "schema": schema}


def create_backup(target: Path) -> dict:
    """Write the archive to ``target`` (atomically); returns the manifest."""
    state = migration_state()
    if not state.at_heads:
        raise OpsError("数据库还没有升级到本版本的结构，请先运行 dangjian db upgrade 再备份。")
    folders = storage_folders()
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    with tempfile.TemporaryDirectory(prefix="dangjian-backup-", dir=target.parent) as work:
        try:
            copy, counts, database = _copy_database(Path(work))
            with tarfile.open(partial, "w:gz") as archive:
                entry = _add_file(archive, copy, copy.name)
                assert entry is not None  # the copy was written just now
                database.update(file=copy.name, bytes=entry["bytes"], sha256=entry["sha256"])
                files = []
                for name, folder in folders.items():
                    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
                        if path.is_file() and not path.name.startswith(".healthz-"):
                            added = _add_file(archive, path, f"files/{name}/{path.relative_to(folder).as_posix()}")
                            if added:
                                files.append(added)
                manifest = {
                    "format": FORMAT,
                    "app_version": __version__,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "schema_heads": sorted(state.heads),
                    "database": database,
                    "tables": counts,
                    "folders": sorted(folders),
                    "files": files,
                }
                _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    current_app.logger.info("backup written to %s (%d files)", target, len(manifest["files"]))
    return manifest
