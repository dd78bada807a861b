"""Application factory (flaskr style, instance-relative configuration)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

from flask import Flask

from . import config as default_config
from .extensions import bootstrap, csrf, db, limiter, login_manager, migrate

ENV_PREFIX = "DANGJIAN_"
SECRET_KEY_FILE = "secret_key"
MIGRATIONS_DIR = str(Path(__file__).parent / "migrations")


def create_app(test_config: dict | None = None) -> Flask:
    instance_path = os.environ.get("DANGJIAN_INSTANCE_PATH") or None
    if instance_path:
        instance_path = os.path.abspath(instance_path)
    app = Flask(__name__, instance_path=instance_path or _default_instance_path(), instance_relative_config=True)
    from .inputs import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter  # before any route: every <int:...> is bounded
    _load_config(app, test_config)
    from . import ops

    ops.init_app(app)
    _init_extensions(app)
    _init_plugins(app)
    _register_blueprints(app)
    from . import errors, security, static_files, templating
    from .auth import first_login

    errors.init_app(app)
    security.init_app(app)
    static_files.init_app(app)
    templating.init_app(app)
    first_login.init_app(app)
    from . import inbox, pwa

    inbox.init_app(app)
    pwa.init_app(app)
    from .cli import init_app as init_cli

    init_cli(app)
    return app


def _default_instance_path() -> str:
    """DANGJIAN_INSTANCE_PATH wins (see create_app); a source checkout keeps
    its instance folder at the repository root; an installed copy uses
    ``<prefix>/var/dangjian-instance`` (Flask's rule for installed packages),
    which does not move with the working directory."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "setup.py").is_file() and (checkout / "platform" / "dangjian").is_dir():
        return str(checkout / "instance")
    return os.path.join(sys.prefix, "var", "dangjian-instance")


def _load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(default_config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(ENV_PREFIX.rstrip("_"))
    if os.environ.get("DATABASE_URL") and not os.environ.get("DANGJIAN_SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config.get("SQLALCHEMY_DATABASE_URI") or "sqlite:///" + os.path.join(app.instance_path, "dangjian.sqlite3")
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)


def normalise_database_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the driver we install)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_or_create_secret_key(instance_path: str) -> str:
    """Read the instance's secret key, generating it on first use.

    There is never a built-in default: a key is random per deployment and
    lives in the instance folder (mode 0600), outside version control.
    """
    path = Path(instance_path) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


def _init_extensions(app: Flask) -> None:
    from . import models  # noqa: F401  (complete metadata before anything uses it)

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS_DIR, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    bootstrap.init_app(app)
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
    from .auth.sessions import init_login

    init_login(app, login_manager)


def _init_plugins(app: Flask) -> None:
    from . import core_hooks
    from .access.registry import PermissionRegistry
    from .plugins import CORE_PLUGIN, PluginHost

    trace = bool(app.config.get("TRACE_HOOKS"))
    if trace:
        _show_hook_trace()
    host = PluginHost(strict=bool(app.config.get("PLUGINS_STRICT")), trace=trace)
    app.extensions["dangjian.plugins"] = host
    with app.app_context():
        host.register(core_hooks, name=CORE_PLUGIN)
        host.load_entry_points(blocked=_blocked_plugins(app))
        # Plugin objects handed in by configuration (the tests' temporary
        # plugins); installed plugins come from entry points.
        for name, plugin in dict(app.config.get("EXTRA_PLUGINS", {})).items():
            host.register(plugin, name=name)
        host.finish_loading()
        host.run_startup_hooks()
        permissions = PermissionRegistry()
        for record in host.records.values():
            for permission in record.permissions:
                try:
                    permissions.add(permission)
                except ValueError as error:
                    host.mark_failed(record, "startup", error)
    app.extensions["dangjian.permissions"] = permissions


def _show_hook_trace() -> None:
    """Make the trace visible even where logging was never configured."""
    import logging

    trace_logger = logging.getLogger("dangjian.hooks")
    trace_logger.setLevel(logging.INFO)
    if not trace_logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s hook %(message)s"))
        trace_logger.addHandler(handler)


def _blocked_plugins(app: Flask) -> set[str]:
    value = app.config.get("DISABLED_PLUGINS") or ""
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    return {str(name).strip() for name in value if str(name).strip()}


@migrate.configure
def _alembic_version_locations(config):
    """Core revisions plus every plugin's own version folder."""
    from flask import current_app

    from .modules.mounting import migration_dirs

    host = current_app.extensions.get("dangjian.plugins")
    folders = [str(Path(MIGRATIONS_DIR) / "versions")] + (migration_dirs(host) if host else [])
    config.set_main_option("version_locations", os.pathsep.join(folders))
    return config


def _register_blueprints(app: Flask) -> None:
    from .admin.bulk_views import bp as account_bulk_bp
    from .admin.platform_views import bp as platform_admin_bp
    from .admin.views import bp as court_admin_bp
    from .announcements import manage_views as _announcement_admin  # noqa: F401 (its routes join the blueprint)
    from .announcements.views import bp as announcements_bp
    from .api_tokens.views import bp as api_tokens_bp
    from .auth.views import bp as auth_bp
    from .courts.views import court_bp, portal_bp
    from .inbox.views import bp as inbox_bp
    from .members.court_transfer_views import bp as court_transfers_bp
    from .members.import_views import bp as member_import_bp
    from .members.views import bp as members_bp
    from .modules.views import bp as modules_bp
    from .modules.views import platform_bp as platform_modules_bp
    from .org.views import bp as org_bp
    from .sites import editor_content, editor_gallery, editor_review, editor_views  # noqa: F401 (their routes join the blueprint)
    from .sites.editor_blueprint import bp as sites_editor_bp
    from .sites.visitor_views import bp as sites_bp

    for blueprint in (
        portal_bp,
        auth_bp,
        api_tokens_bp,
        platform_admin_bp,
        org_bp,
        members_bp,
        member_import_bp,
        court_transfers_bp,
        account_bulk_bp,
        court_admin_bp,
        modules_bp,
        platform_modules_bp,
        inbox_bp,
        announcements_bp,
        sites_editor_bp,
        sites_bp,
        court_bp,  # last: its "/<court>/" rule is the most general
    ):
        app.register_blueprint(blueprint)
    from . import jsonapi

    jsonapi.init_app(app)
    from .modules.mounting import mount

    mount(app, app.extensions["dangjian.plugins"])
