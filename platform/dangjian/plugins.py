"""Plugin discovery, isolation and per-court hook relays.

One ``PluginHost`` (wrapping one ``pluggy.PluginManager``) per application —
never a module global, so tests and several apps in one process do not share
registrations.  Every installed plugin is loaded once; which court uses
which module is data (``modules.models.CourtModule``), applied at call time
through relays built with ``pm.subset_hook_caller`` (pytest's per-path
proxies).
"""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pluggy
from flask import current_app
from markupsafe import Markup

from . import hookspecs

log = logging.getLogger(__name__)
trace_log = logging.getLogger("dangjian.hooks")

CORE_PLUGIN = "dangjian.core"
ENTRY_POINT_GROUP = "dangjian.plugins"
# Asked once of each plugin when the app is built (dangjian_add_hookspecs
# first, by finish_loading; the rest by run_startup_hooks).
STARTUP_HOOKS = (
    "dangjian_add_hookspecs",
    "dangjian_module_info",
    "dangjian_blueprints",
    "dangjian_api_blueprints",
    "dangjian_permissions",
    "dangjian_settings_form",
    "dangjian_audit_actions",
    "dangjian_cli_commands",
    "dangjian_migrations",
)

ACTIVE, FAILED, BLOCKED, NEEDS_UPGRADE = "active", "failed", "blocked", "needs_upgrade"
STATUS_LABELS = {ACTIVE: "正常", FAILED: "加载失败", BLOCKED: "已屏蔽", NEEDS_UPGRADE: "待升级数据库"}


@dataclass(frozen=True)
class NavItem:
    """A link in the top bar (or, with ``group="manage"``, the 管理 menu), shown
    to users holding ``permission``; ``endpoint`` and ``url_values`` go to ``url_for``."""

    label: str
    endpoint: str
    permission: str
    order: int = 100
    icon: str = ""
    url_values: dict = field(default_factory=dict)
    # "manage" puts the item in the 管理 menu instead of the top bar.
    group: str = ""


@dataclass(frozen=True)
class Widget:
    """A dashboard card: ``body`` is safe HTML, ``width`` in grid columns (of 12)."""

    title: str
    body: Markup
    order: int = 100
    width: int = 6


@dataclass(frozen=True)
class Panel:
    """A block on a member's page (``dangjian_member_panels``); ``body`` is safe HTML."""

    title: str
    body: Markup
    order: int = 100


@dataclass(frozen=True)
class Section:
    """A block a module offers to a branch microsite (``dangjian_site_sections``);
    ``key`` is stable, ``body`` is safe HTML."""

    key: str
    title: str
    body: Markup
    order: int = 100


@dataclass(frozen=True)
class ModuleInfo:
    """How the module is presented on 功能模块: title, one-line description, icon name."""

    title: str
    description: str = ""
    icon: str = "puzzle"


@dataclass
class PluginRecord:
    name: str
    plugin: Any = None
    version: str = ""
    distribution: str = ""
    status: str = ACTIVE
    stage: str = ""
    error: str = ""
    info: ModuleInfo | None = None
    blueprints: list = field(default_factory=list)
    api_blueprints: list = field(default_factory=list)
    permissions: list = field(default_factory=list)
    settings_form: Any = None
    cli_commands: list = field(default_factory=list)
    audit_actions: dict = field(default_factory=dict)
    migrations_dir: str | None = None

    @property
    def is_core(self) -> bool:
        return self.name == CORE_PLUGIN

    @property
    def title(self) -> str:
        return self.info.title if self.info else self.name

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def usable(self) -> bool:
        return self.status == ACTIVE


class HookContractError(Exception):
    """A plugin or a caller broke the hook contract (docs/plugins.md §6)."""


class UnknownHookError(HookContractError, LookupError):
    """A hook was called that no installed plugin declares (strict mode only)."""


class PluginHost:
    """Loads plugins and calls their hooks one implementation at a time, so a
    failing plugin is contained.  Honours ``firstresult``; refuses hook
    wrappers (``hookwrapper=True`` / ``wrapper=True``) at registration and
    historic hookspecs when declared, since neither works one implementation
    at a time; in strict mode an undeclared hook name raises."""

    def __init__(self, strict: bool = False, trace: bool = False) -> None:
        self.strict = strict
        self.trace = trace
        self.pm = pluggy.PluginManager("dangjian")
        self.pm.add_hookspecs(hookspecs)
        self.records: dict[str, PluginRecord] = {}
        self._subset_callers: dict[tuple[str, frozenset[str]], Any] = {}

    # --- loading ----------------------------------------------------------

    def register(self, plugin: Any, name: str, version: str = "", distribution: str = "") -> PluginRecord:
        record = self.records.setdefault(name, PluginRecord(name=name, version=version, distribution=distribution))
        try:
            self.pm.register(plugin, name=name)
        except Exception as error:  # pluggy.PluginValidationError and friends
            self.mark_failed(record, "validation", error)
            return record
        wrappers = self._wrapper_hooks(plugin)
        if wrappers:
            self.pm.unregister(plugin)
            message = (
                f"插件 {name} 的钩子实现 {'、'.join(wrappers)} 是包装器（hookwrapper / wrapper），"
                "平台逐个调用各插件的实现以隔离故障，不支持包装器"
            )
            self.mark_failed(record, "validation", HookContractError(message))
            return record
        record.plugin = plugin
        return record

    def _wrapper_hooks(self, plugin: Any) -> list[str]:
        return sorted(
            caller.name
            for caller in self.pm.get_hookcallers(plugin) or []
            for impl in caller.get_hookimpls()
            if impl.plugin is plugin and (impl.wrapper or impl.hookwrapper)
        )

    def load_entry_points(self, blocked: set[str]) -> None:
        for entry_point in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
            distribution = entry_point.dist.name if entry_point.dist else ""
            version = entry_point.dist.version if entry_point.dist else ""
            if entry_point.name in self.records:
                continue  # the same plugin seen twice on sys.path
            if entry_point.name in blocked:
                self.records[entry_point.name] = PluginRecord(
                    entry_point.name, version=version, distribution=distribution, status=BLOCKED
                )
                continue
            try:
                plugin = entry_point.load()
            except Exception as error:
                record = PluginRecord(entry_point.name, version=version, distribution=distribution)
                self.records[entry_point.name] = record
                self.mark_failed(record, "import", error)
                continue
            self.register(plugin, entry_point.name, version=version, distribution=distribution)

    def finish_loading(self) -> None:
        """Let plugins add hookspecs of their own, then validate every
        implementation against the complete set of specs."""
        for record in list(self.records.values()):
            if record.plugin is None or not record.usable:
                continue
            historic = self._historic_hooks()
            try:
                self._call_one(record, "dangjian_add_hookspecs", plugin_manager=self.pm)
                added = sorted(self._historic_hooks() - historic)
                if added:
                    raise HookContractError(
                        f"插件 {record.name} 声明的钩子 {'、'.join(added)} 是 historic 钩子，"
                        "平台只在调用时询问已启用的模块，不支持补发历史调用"
                    )
            except Exception as error:
                self.mark_failed(record, "startup", error)
        while True:
            try:
                self.pm.check_pending()
                return
            except pluggy.PluginValidationError as error:
                if self.strict:
                    raise
                name = self.pm.get_name(error.plugin) or ""
                invalid = self.records.get(name)
                self.pm.unregister(error.plugin)
                if invalid is not None:
                    self.mark_failed(invalid, "validation", error)
                    invalid.plugin = None

    def _historic_hooks(self) -> set[str]:
        return {
            name
            for name, caller in vars(self.pm.hook).items()
            if isinstance(caller, pluggy.HookCaller) and caller.is_historic()
        }

    def run_startup_hooks(self) -> None:
        """Ask each plugin for what it contributes; a plugin that raises is
        marked failed and contributes nothing."""
        for record in list(self.records.values()):
            if record.plugin is None or not record.usable:
                continue
            try:
                record.info = self._call_one(record, "dangjian_module_info") or None
                record.blueprints = self._flatten(self._call_one(record, "dangjian_blueprints"))
                record.api_blueprints = self._flatten(self._call_one(record, "dangjian_api_blueprints"))
                record.permissions = self._flatten(self._call_one(record, "dangjian_permissions"))
                record.settings_form = self._call_one(record, "dangjian_settings_form")
                record.cli_commands = self._flatten(self._call_one(record, "dangjian_cli_commands"))
                record.audit_actions = dict(self._call_one(record, "dangjian_audit_actions") or {})
                migrations = self._flatten(self._call_one(record, "dangjian_migrations"))
                record.migrations_dir = str(migrations[0]) if migrations else None
                for blueprint in [*record.blueprints, *record.api_blueprints]:
                    if not (blueprint.name == record.name or blueprint.name.startswith(record.name + "_")):
                        raise ValueError(f"blueprint {blueprint.name!r} must be named after plugin {record.name!r}")
            except Exception as error:
                self.mark_failed(record, "startup", error)
                record.blueprints, record.permissions, record.cli_commands = [], [], []
                record.api_blueprints = []

    def _call_one(self, record: PluginRecord, hook_name: str, **kwargs: Any) -> Any:
        for impl in getattr(self.pm.hook, hook_name).get_hookimpls():
            if impl.plugin is record.plugin:
                return self._invoke(impl, hook_name, kwargs)
        return None

    @staticmethod
    def _flatten(value: Any) -> list:
        if value is None:
            return []
        return list(value) if isinstance(value, (list, tuple)) else [value]

    def mark_failed(self, record: PluginRecord, stage: str, error: BaseException) -> None:
        """Take a plugin out of service, keeping ``error``'s traceback for the
        platform admin; raises ``error`` instead in strict mode, and always for
        the host's own record (nothing can stand in for it)."""
        if self.strict or record.is_core:
            raise error
        record.status = FAILED
        record.stage = stage
        record.error = "".join(traceback.format_exception(error))
        self._subset_callers.clear()
        log.error("plugin %s failed at %s: %s", record.name, stage, error)

    def set_status(self, record: PluginRecord, status: str) -> None:
        """Change a plugin's status (e.g. ``NEEDS_UPGRADE``); hooks called
        afterwards see the change."""
        if record.status != status:
            record.status = status
            self._subset_callers.clear()

    # --- calling ----------------------------------------------------------

    def modules(self) -> list[PluginRecord]:
        """Every installed plugin except the host's own, in name order."""
        return sorted((r for r in self.records.values() if not r.is_core), key=lambda r: r.name)

    def audit_labels(self) -> dict[str, str]:
        labels: dict[str, str] = {}
        for record in self.records.values():
            labels.update(record.audit_actions)
        return labels

    def module_titles(self) -> dict[str, str]:
        return {record.name: record.title for record in self.modules()}

    def usable_names(self) -> set[str]:
        return {name for name, record in self.records.items() if record.usable and record.plugin is not None}

    def implemented_hooks(self, record: PluginRecord) -> list[str]:
        """The names of the hooks ``record``'s plugin implements."""
        if record.plugin is None:
            return []
        return sorted(caller.name for caller in self.pm.get_hookcallers(record.plugin) or [])

    def is_declared(self, hook_name: str) -> bool:
        """Whether some installed plugin (or the host) declares ``hook_name``."""
        caller = getattr(self.pm.hook, hook_name, None)
        return caller is not None and caller.has_spec()

    def collect(self, hook_name: str, only: set[str] | None = None, **kwargs: Any) -> Any:
        """Call a UI or event hook on usable plugins (limited to ``only`` when
        given), one implementation at a time in pluggy's order (``tryfirst`` /
        ``trylast`` honoured).  Answers a flat list of the results; for a
        ``firstresult`` hook, the first answer that is not ``None`` (or
        ``None``).  One plugin's exception marks it failed and is skipped
        (re-raised in strict mode)."""
        if not self._known(hook_name):
            return []
        allowed = self.usable_names() if only is None else (self.usable_names() & (set(only) | {CORE_PLUGIN}))
        removed = frozenset(name for name in self.records if name not in allowed)
        return self._gather(hook_name, self._caller(hook_name, removed).get_hookimpls(), kwargs, contain=True)

    def collect_from_every_plugin(self, hook_name: str, **kwargs: Any) -> Any:
        """Like ``collect``, but asks every plugin still loaded whatever its
        status (failed at a request, waiting for its migrations), and lets an
        exception through: for operations such as backups that must not
        silently leave a plugin out."""
        if not self._known(hook_name):
            return []
        return self._gather(hook_name, getattr(self.pm.hook, hook_name).get_hookimpls(), kwargs, contain=False)

    def _known(self, hook_name: str) -> bool:
        if self.is_declared(hook_name):
            return True
        if self.strict:
            raise UnknownHookError(f"没有已安装的插件声明钩子 {hook_name}：名字拼错了，还是声明它的插件未安装？")
        # A hook another plugin declares (dangjian_add_hookspecs) while that
        # plugin is not installed: nobody answers.
        return False

    def _gather(self, hook_name: str, impls: list[pluggy.HookImpl], kwargs: dict[str, Any], contain: bool) -> Any:
        first_result = bool(getattr(self.pm.hook, hook_name).spec.opts.get("firstresult"))
        results: list = []
        for impl in reversed(impls):  # pluggy keeps them in reverse call order
            try:
                value = self._invoke(impl, hook_name, kwargs)
            except Exception as error:
                record = self.records.get(impl.plugin_name)
                if not contain or record is None or record.is_core or self.strict:
                    raise
                self.mark_failed(record, f"request:{hook_name}", error)
                continue
            if first_result:
                if value is not None:
                    return value
                continue
            results.extend(self._flatten(value))
        return None if first_result else results

    def _caller(self, hook_name: str, removed: frozenset[str]) -> Any:
        key = (hook_name, removed)
        caller = self._subset_callers.get(key)
        if caller is None:
            plugins = [self.records[name].plugin for name in removed if self.records[name].plugin is not None]
            caller = self.pm.subset_hook_caller(hook_name, remove_plugins=plugins)
            self._subset_callers[key] = caller
        return caller

    def _invoke(self, impl: pluggy.HookImpl, hook_name: str, kwargs: dict[str, Any]) -> Any:
        wanted = {name: kwargs[name] for name in impl.argnames if name in kwargs}
        if not self.trace:
            return impl.function(**wanted)
        started = time.perf_counter()
        try:
            return impl.function(**wanted)
        finally:
            trace_log.info("%s %s %.2f ms", hook_name, impl.plugin_name, (time.perf_counter() - started) * 1000)


def plugin_host() -> PluginHost:
    return current_app.extensions["dangjian.plugins"]
