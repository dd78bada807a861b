"""``dangjian backup`` / ``dangjian restore``: one archive with the database,
every stored file and a manifest; the restore drill on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from dangjian.app import normalise_database_url
from dangjian.auth.models import User
from dangjian.db import db
from dangjian.files.models import StoredFile
from dangjian.hookspecs import hookimpl
from dangjian.sites.media import save_image_bytes

from ..conftest import TEST_DATABASE_URL
from ..demo_like import build_demo_like
from ..factories import make_user
from .sites.visitor_helpers import image_bytes


class ExtraFolderPlugin:
    """A plugin with a storage folder of its own (like the archives' bundles)."""

    folder: Path

    @hookimpl
    def dangjian_storage_folders(self):
        return [("extra_plugin_files", self.folder)]


def invoke(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def restore_url(tmp_path, database_url):
    """An empty database for the restored instance: a new SQLite file, or a
    separate PostgreSQL database made for the test and dropped after it (one per
    parallel worker, with the same schema the suite's database uses)."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'restored' / 'dangjian.sqlite3'}"
        return
    url = make_url(database_url)
    name = f"{url.database}_restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = create_engine(normalise_database_url(TEST_DATABASE_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    restored = url.set(database=name).render_as_string(hide_password=False)
    fresh = create_engine(normalise_database_url(restored))
    with fresh.begin() as connection:  # the schema the search path names, as the suite's database has it
        connection.execute(text("SELECT 1"))
        schema = connection.execute(text("SHOW search_path")).scalar_one().split(",")[0].strip().strip('"')
        if schema not in ("$user", "public"):
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    fresh.dispose()
    try:
        yield restored
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def instance(tmp_path, name, monkeypatch, database_url=None):
    """Settings of an instance with its own folders (uploads, bundles, extra)."""
    root = tmp_path / name
    root.mkdir(parents=True, exist_ok=True)
    monkeypatch.setenv("DANGJIAN_INSTANCE_PATH", str(root))
    plugin = ExtraFolderPlugin()
    plugin.folder = root / "extra"
    config = {"UPLOAD_FOLDER": str(root / "uploads"), "EXTRA_PLUGINS": {"extra_folder": plugin}}
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    return config


def seed(app) -> float:
    """Demo-like data (every module's demo data, microsites with their
    photos) plus files in the other storage folders; returns its seconds."""
    started = time.monotonic()
    build_demo_like()
    seconds = time.monotonic() - started
    from dangjian_archives.services.documents import bundle_folder

    (bundle_folder() / "0123456789abcdef.zip").write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    folder = app.extensions["dangjian.plugins"].records["extra_folder"].plugin.folder
    (folder / "nested").mkdir(parents=True, exist_ok=True)
    (folder / "nested" / "note.txt").write_text("插件自己的文件", encoding="utf-8")
    return seconds


def writer(app, stop: threading.Event, written: list):
    """Another process's worth of writes while the backup runs: users and
    uploaded images (file first, row committed after, as the app does)."""
    with app.app_context():
        from dangjian.courts.models import Court

        court = db.session.scalar(select(Court).where(Court.slug == "zy"))
        n = 0
        while not stop.is_set():
            n += 1
            make_user(f"concurrent-{n}")
            save_image_bytes(image_bytes(color=(n % 256, 10, 10)), f"c{n}.png", court, None)
            db.session.commit()
            written.append(n)
        db.session.remove()


def test_restore_drill(make_app, tmp_path, monkeypatch, restore_url):
    source = make_app(**instance(tmp_path, "live", monkeypatch))
    with source.app_context():
        demo_seconds = seed(source)
        before = db.session.scalar(select(func.count()).select_from(User))
    archive = tmp_path / "backup.tar.gz"
    stop, written = threading.Event(), []
    thread = threading.Thread(target=writer, args=(source, stop, written))
    thread.start()
    try:
        while len(written) < 2:
            time.sleep(0.05)
        result = invoke(source, "backup", str(archive), "--json")
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    print(
        f"seed {demo_seconds:.1f} s, backup {json.loads(result.stdout)['seconds']} s, "
        f"{json.loads(result.stdout)['bytes']} bytes, {len(written)} concurrent writes"
    )

    with tarfile.open(archive) as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
    assert manifest["format"] == "dangjian-backup/1" and manifest["app_version"]
    assert before <= manifest["tables"]["user"] <= before + len(written)
    assert {"uploads", "archives_bundles", "extra_plugin_files"} <= set(manifest["folders"])
    names = {entry["path"] for entry in manifest["files"]}
    assert (
        "files/archives_bundles/0123456789abcdef.zip" in names and "files/extra_plugin_files/nested/note.txt" in names
    )

    target = make_app(**instance(tmp_path, "restored", monkeypatch, restore_url))
    result = invoke(target, "restore", str(archive), "--json")
    assert result.exit_code == 0, result.output
    with target.app_context():
        with db.engine.connect() as connection:
            tables = [name for name in manifest["tables"]]
            counts = {name: connection.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in tables}
        assert counts == manifest["tables"] and len(counts) > 30
        roots = {
            "uploads": tmp_path / "restored" / "uploads",
            "archives_bundles": tmp_path / "restored" / "archives_bundles",
            "extra_plugin_files": tmp_path / "restored" / "extra",
        }
        for entry in manifest["files"]:
            _, folder, rest = entry["path"].split("/", 2)
            assert sha256(roots[folder] / rest) == entry["sha256"], entry["path"]
        # Consistent across the concurrent writes: every stored row has its file.
        for stored in db.session.scalars(select(StoredFile)):
            assert sha256(roots["uploads"] / stored.internal_name) == stored.sha256
        db.session.remove()

    again = invoke(target, "restore", str(archive))
    assert again.exit_code == 1 and "不是空的" in again.output


# --- what restore refuses ---------------------------------------------------------


def small_backup(make_app, tmp_path, monkeypatch) -> Path:
    from ..factories import build_world

    app = make_app(**instance(tmp_path, "small", monkeypatch))
    with app.app_context():
        world = build_world()
        save_image_bytes(image_bytes(), "photo.png", world.zy, None)
        db.session.commit()
    archive = tmp_path / "small.tar.gz"
    assert invoke(app, "backup", str(archive)).exit_code == 0
    return archive


def rewrite(archive: Path, change) -> Path:
    """A copy of ``archive`` with ``change(name, data) -> data`` applied."""
    import io

    altered = archive.with_name("altered.tar.gz")
    with tarfile.open(archive) as source, tarfile.open(altered, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return altered


def manifest_change(**fields):
    def change(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), **fields}).encode()

    return change


def assert_nothing_restored(app, tmp_path):
    assert not list((tmp_path / "restored" / "uploads").glob("*"))
    with app.app_context():
        from dangjian.ops.restore import non_empty_tables

        assert non_empty_tables(db.engine) == {}
        db.engine.dispose()


def test_restore_refuses_another_schema_version(make_app, tmp_path, monkeypatch, restore_url):
    archive = rewrite(small_backup(make_app, tmp_path, monkeypatch), manifest_change(schema_heads=["0001_core"]))
    target = make_app(**instance(tmp_path, "restored", monkeypatch, restore_url))
    result = invoke(target, "restore", str(archive))
    assert result.exit_code == 1 and "结构版本与本程序不一致" in result.output and "0001_core" in result.output
    assert_nothing_restored(target, tmp_path)


def test_restore_refuses_a_damaged_file(make_app, tmp_path, monkeypatch, restore_url):
    def damage(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("files/uploads/") else data

    archive = rewrite(small_backup(make_app, tmp_path, monkeypatch), damage)
    target = make_app(**instance(tmp_path, "restored", monkeypatch, restore_url))
    result = invoke(target, "restore", str(archive))
    assert result.exit_code == 1 and "已损坏" in result.output and "files/uploads/" in result.output
    assert_nothing_restored(target, tmp_path)


def test_restore_refuses_paths_outside_its_folders(make_app, tmp_path, monkeypatch, restore_url):
    secret = tmp_path / "outside.txt"
    secret.write_text("not part of any backup")
    entry = {"path": "files/uploads/../../../outside.txt", "bytes": secret.stat().st_size, "sha256": sha256(secret)}
    archive = rewrite(small_backup(make_app, tmp_path, monkeypatch), manifest_change(files=[entry]))
    target = make_app(**instance(tmp_path, "restored", monkeypatch, restore_url))
    result = invoke(target, "restore", str(archive))
    assert result.exit_code == 1 and "路径无效" in result.output
    assert secret.exists()
    assert_nothing_restored(target, tmp_path)


def test_restore_refuses_what_is_not_a_backup(make_app, tmp_path, monkeypatch):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not an archive")
    app = make_app(**instance(tmp_path, "restored", monkeypatch, f"sqlite:///{tmp_path / 'empty.sqlite3'}"))
    result = invoke(app, "restore", str(junk))
    assert result.exit_code == 1 and "不是有效的" in result.output and "Traceback" not in result.output


def test_restore_refuses_a_database_that_holds_data(make_app, tmp_path, monkeypatch):
    archive = small_backup(make_app, tmp_path, monkeypatch)
    live = make_app(**instance(tmp_path, "small", monkeypatch))  # the instance just backed up
    result = invoke(live, "restore", str(archive))
    assert result.exit_code == 1 and "当前数据库不是空的" in result.output and "court（2 行）" in result.output


def test_restore_into_an_instance_made_by_init(make_app, tmp_path, monkeypatch, restore_url, keep_logging):
    archive = small_backup(make_app, tmp_path, monkeypatch)
    target = make_app(**instance(tmp_path, "restored", monkeypatch, restore_url))
    assert invoke(target, "init").exit_code == 0
    result = invoke(target, "restore", str(archive), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["files"] == 1 and summary["rows"] > 20
    with target.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 7
        db.session.remove()
        db.engine.dispose()
