"""Wiring what plugins contribute into the application: blueprints under
``/<court>/<plugin>/`` (API blueprints under ``/api/v1/<court>/<plugin>/``) with a court guard, templates behind a prefix loader,
static files at ``/static/plugins/<name>/`` (served by
:mod:`dangjian.static_files`), CLI commands and Alembic
version locations."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import ModuleType

from flask import Flask, abort, g, request
from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader

from ..courts.models import RESERVED_SLUGS
from ..courts.tenancy import pull_court, push_court
from ..jsonapi import mount_plugin_blueprint
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
    # Blueprint name -> the module it belongs to, for the court guard.
    module_of: dict[str, str] = {}
    for record in host.modules():
        if not record.usable:
            continue
        if record.name in RESERVED_MODULE_NAMES or "/" in record.name:
            host.mark_failed(record, "startup", ValueError(f"plugin name {record.name!r} is reserved"))
            continue
        root = plugin_root(record)
        if root is not None and (root / "templates").is_dir():
            template_loaders[record.name] = FileSystemLoader(str(root / "templates"))
        if root is not None and (root / "static").is_dir():
            static_dirs[record.name] = str(root / "static")
        for blueprint in record.blueprints:
            app.register_blueprint(blueprint, url_prefix=f"/<court_slug>/{record.name}")
            module_of[blueprint.name] = record.name
        for blueprint in record.api_blueprints:
            mount_plugin_blueprint(app, record.name, blueprint)
            module_of[blueprint.name] = record.name
        for command in record.cli_commands:
            app.cli.add_command(command)
    if template_loaders:
        plugin_loader = PrefixLoader(template_loaders)
        app.jinja_loader = ChoiceLoader([app.jinja_loader, plugin_loader] if app.jinja_loader else [plugin_loader])
    app.extensions["dangjian.plugin_static"] = static_dirs
    with app.app_context():
        refresh_migration_status(app, force=True)
    app.before_request(lambda: refresh_migration_status(app))
    _guard_module_pages(app, module_of)


def _guard_module_pages(app: Flask, module_of: dict[str, str]) -> None:
    """Resolve the court of a module's page and answer 404 where the module
    is off.  Registered on the app with a check of the endpoint, because the
    plugin's blueprint object is shared by every app built in the process and
    cannot take functions once registered."""

    def module_for(endpoint: str | None) -> str | None:
        # Endpoints are "<blueprint>[.<nested>].<view>"; the outer blueprint
        # is the one mounted here.
        if not endpoint or "." not in endpoint:
            return None
        return module_of.get(endpoint.partition(".")[0])

    @app.url_value_preprocessor
    def pull_module_court(endpoint: str | None, values: dict | None) -> None:
        if module_for(endpoint) is not None:
            pull_court(endpoint, values)

    @app.url_defaults
    def push_module_court(endpoint: str, values: dict) -> None:
        if module_for(endpoint) is not None:
            push_court(endpoint, values)

    @app.before_request
    def module_guard() -> None:
        # Disabled (or broken, or not yet migrated) for this court: the
        # module's pages do not exist there.
        module = module_for(request.endpoint)
        if module is not None and (g.get("court") is None or not is_enabled(g.court, module)):
            abort(404)


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
            host.set_status(record, NEEDS_UPGRADE)
        elif record.name not in pending and record.status == NEEDS_UPGRADE:
            host.set_status(record, ACTIVE)
    state.update(at=now, pending=bool(pending))
