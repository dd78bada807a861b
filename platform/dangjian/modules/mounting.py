"""Wiring what plugins contribute into the application: blueprints under
``/<court>/<plugin>/`` with a court guard, templates behind a prefix loader,
static files at ``/static/plugins/<name>/``, CLI commands and Alembic
version locations."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import ModuleType

from flask import Flask, abort, g, send_from_directory
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from ..access import PUBLIC, requires
from ..courts.models import RESERVED_SLUGS
from ..courts.tenancy import pull_court, push_court
from ..plugins import ACTIVE, NEEDS_UPGRADE, PluginHost, PluginRecord
from .services import is_enabled

# Words that follow "/<court>/" in host routes; no plugin may take them.
RESERVED_MODULE_NAMES = RESERVED_SLUGS | {"manage", "s", "modules", "members", "org", "inbox", "announcements"}
PENDING_RECHECK_SECONDS = 10


def plugin_root(record: PluginRecord) -> Path | None:
    plugin = record.plugin
    module = plugin if isinstance(plugin, ModuleType) else sys.modules.get(type(plugin).__module__)
    file = getattr(module, "__file__", None)
    return Path(file).parent if file else None


def mount(app: Flask, host: PluginHost) -> None:
    template_loaders = {}
    static_dirs = {}
    for record in host.modules():
        if not record.usable:
            continue
        if record.name in RESERVED_MODULE_NAMES or "/" in record.name:
            host._fail(record, "startup", ValueError(f"plugin name {record.name!r} is reserved"))
            continue
        root = plugin_root(record)
        if root is not None and (root / "templates").is_dir():
            template_loaders[record.name] = FileSystemLoader(str(root / "templates"))
        if root is not None and (root / "static").is_dir():
            static_dirs[record.name] = str(root / "static")
        for blueprint in record.blueprints:
            _mount_blueprint(app, blueprint, record.name)
        for command in record.cli_commands:
            app.cli.add_command(command)
    if template_loaders:
        assert app.jinja_loader is not None  # the host package has its templates folder
        app.jinja_loader = ChoiceLoader([app.jinja_loader, PrefixLoader(template_loaders)])
    app.extensions["dangjian.plugin_static"] = static_dirs
    app.add_url_rule("/static/plugins/<plugin>/<path:filename>", "plugin_static", plugin_static)
    with app.app_context():
        refresh_migration_status(app, force=True)
    app.before_request(lambda: refresh_migration_status(app))


def _mount_blueprint(app: Flask, blueprint, module_name: str) -> None:
    app.register_blueprint(blueprint, url_prefix=f"/<court_slug>/{module_name}")
    app.url_value_preprocessors.setdefault(blueprint.name, []).append(pull_court)
    app.url_default_functions.setdefault(blueprint.name, []).append(push_court)

    def module_guard():
        # Disabled (or broken, or not yet migrated) for this court: the
        # module's pages do not exist there.
        if g.get("court") is None or not is_enabled(g.court, module_name):
            abort(404)

    app.before_request_funcs.setdefault(blueprint.name, []).append(module_guard)


@requires(PUBLIC)
def plugin_static(plugin: str, filename: str):
    from flask import current_app

    folder = current_app.extensions["dangjian.plugin_static"].get(plugin)
    if folder is None:
        abort(404)
    return send_from_directory(folder, filename)


def migration_dirs(host: PluginHost) -> list[str]:
    return [r.migrations_dir for r in host.modules() if r.migrations_dir and r.status in (ACTIVE, NEEDS_UPGRADE)]


def refresh_migration_status(app: Flask, force: bool = False) -> None:
    """Keep plugins whose migrations are not applied out of service.

    Checked when the app is built, then again every few seconds (at a
    request) only while some plugin is still waiting for ``dangjian db
    upgrade`` — so an upgrade run later takes effect without a restart.
    """
    host: PluginHost = app.extensions["dangjian.plugins"]
    state = app.extensions.setdefault("dangjian.migration_check", {"at": None, "pending": True})
    now = time.monotonic()
    if not force and (not state["pending"] or (state["at"] and now - state["at"] < PENDING_RECHECK_SECONDS)):
        return
    from .migration_status import unapplied_plugins

    pending = unapplied_plugins(host)
    for record in host.modules():
        if record.name in pending and record.status == ACTIVE:
            record.status = NEEDS_UPGRADE
        elif record.name not in pending and record.status == NEEDS_UPGRADE:
            record.status = ACTIVE
    host._subset_callers.clear()
    state.update(at=now, pending=bool(pending))
