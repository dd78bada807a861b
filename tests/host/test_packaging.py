"""Packaging: the wheel and sdist carry what the app reads at run time
(templates, static files, migrations, themes, TinyMCE); themes and the editor
are read from the installed packages; ``dangjian serve``.

The wheel is built once per session from this checkout (pip, ~20 s);
scripts/check_package.sh installs it and serves pages from it.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tarfile
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

import dangjian
from dangjian.cli import main
from dangjian.sites import themes
from dangjian.sites.visitor_views import TINYMCE_FOLDER

ROOT = Path(__file__).resolve().parents[2]
PLUGINS = ("dangjian_study", "dangjian_archives", "dangjian_redculture", "dangjian_showcase", "dangjian_development")


def _build(tmp_path_factory, *args) -> Path:
    if not (TINYMCE_FOLDER / "tinymce.min.js").is_file() and not shutil.which("npm"):
        pytest.skip("TinyMCE is not installed and npm is missing: the build step cannot copy the editor")
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([*args, str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        pytest.skip(f"cannot build here ({result.stderr.strip().splitlines()[-1:]})")
    return next(out.iterdir())


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    wheel = _build(tmp_path_factory, sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", ".", "-w")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _repo_files(folder: Path, pattern: str = "*") -> list[str]:
    return [str(p.relative_to(folder)) for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts]


def test_wheel_holds_every_template_static_file_and_migration(wheel_names):
    sources = {"dangjian": ROOT / "platform" / "dangjian", **{name: ROOT / "plugins" / name for name in PLUGINS}}
    for package, folder in sources.items():
        for pattern in ("*.html", "*.css", "*.js", "*.png", "*.json"):
            for relative in _repo_files(folder, pattern):
                if not relative.startswith("static/vendor/"):
                    assert f"{package}/{relative}" in wheel_names, f"{package}/{relative} missing from the wheel"
        migrations = folder / "migrations"
        for relative in _repo_files(migrations):
            assert f"{package}/migrations/{relative}" in wheel_names
    assert {
        "dangjian/migrations/env.py",
        "dangjian/migrations/script.py.mako",
        "dangjian/migrations/alembic.ini",
        "dangjian/gunicorn_conf.py",
    } <= wheel_names
    assert sum(name.endswith(".html") for name in wheel_names) >= 100


def test_wheel_holds_the_themes_and_tinymce(wheel_names):
    for relative in _repo_files(ROOT / "branch_sites" / "themes"):
        assert f"dangjian_branch_sites/themes/{relative}" in wheel_names
    assert "dangjian/static/vendor/tinymce/tinymce.min.js" in wheel_names
    assert "dangjian/static/vendor/tinymce/plugins/table/plugin.min.js" in wheel_names
    assert not any("node_modules" in name or "__pycache__" in name for name in wheel_names)


def test_sdist_holds_themes_tinymce_and_build_inputs(tmp_path_factory):
    sdist = _build(tmp_path_factory, sys.executable, "setup.py", "-q", "sdist", "--formats=gztar", "-d")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {
        "setup.py",
        "setup.cfg",
        "package.json",
        "package-lock.json",
        "branch_sites/themes/default/templates/layout.html",
        "platform/dangjian/static/vendor/tinymce/tinymce.min.js",
        "platform/dangjian/migrations/versions/0001_core_schema.py",
        "plugins/dangjian_showcase/static/showcase.css",
        "docs/deploy/nginx-dangjian.conf",
    } <= names


def test_themes_are_read_from_the_installed_package(app):
    root = Path(str(resources.files("dangjian_branch_sites")))
    assert themes.sites_root() == root
    assert {theme.folder.parent for theme in themes.all_themes().values()} == {root / "themes"}
    assert themes.override_roots() == [Path(app.instance_path) / "branch_sites", root]


def test_editor_script_is_served_from_the_host_package(client):
    if not (TINYMCE_FOLDER / "tinymce.min.js").is_file():
        pytest.skip("TinyMCE not copied into the package (npm ci; scripts/test.sh copies it)")
    assert TINYMCE_FOLDER.parent.parent == Path(dangjian.__file__).parent / "static"
    response = client.get("/static/vendor/tinymce/tinymce.min.js")
    assert response.status_code == 200
    assert response.get_data() == (TINYMCE_FOLDER / "tinymce.min.js").read_bytes()


def test_checkout_keeps_its_instance_folder():
    from dangjian.app import _default_instance_path

    assert _default_instance_path() == str(ROOT / "instance")


def test_serve_help_and_the_gunicorn_command():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "gunicorn" in result.output and "--bind" in result.output
    result = CliRunner().invoke(main, ["serve", "--dry-run", "-b", "0.0.0.0:8123", "-w", "3", "--", "--timeout", "90"])
    assert result.exit_code == 0
    command = result.output.split()
    config = Path(command[command.index("--config") + 1])
    assert config == Path(dangjian.__file__).parent / "gunicorn_conf.py" and config.is_file()
    assert command[command.index("--bind") + 1] == "0.0.0.0:8123"
    assert command[command.index("--workers") + 1] == "3"
    assert command[-3:] == ["--timeout", "90", "dangjian:create_app()"]
    assert CliRunner().invoke(main, ["serve", "--workers", "0", "--dry-run"]).exit_code == 2


def test_gunicorn_workers_follow_web_concurrency_or_cores(monkeypatch):
    from dangjian import gunicorn_conf

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert gunicorn_conf.default_workers() == 3
    for value in ("", "0", "lots", "-2"):
        monkeypatch.setenv("WEB_CONCURRENCY", value)
        assert 1 <= gunicorn_conf.default_workers() <= gunicorn_conf.MAX_AUTO_WORKERS


@pytest.mark.skipif(importlib.util.find_spec("gunicorn") is not None, reason="gunicorn is installed (deploy extra)")
def test_serve_without_gunicorn_says_how_to_install_it():
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "未安装 gunicorn" in result.output and "dangjian[deploy]" in result.output
