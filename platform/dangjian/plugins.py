"""The plugin manager of one application (never a module global, so tests
and several apps in one process do not share registrations)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import pluggy
from flask import current_app
from markupsafe import Markup

from . import hookspecs

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NavItem:
    label: str
    endpoint: str
    permission: str
    order: int = 100
    icon: str = ""
    url_values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Widget:
    title: str
    body: Markup
    order: int = 100
    width: int = 6


class PluginHost:
    def __init__(self, strict: bool = False) -> None:
        self.strict = strict
        self.pm = pluggy.PluginManager("dangjian")
        self.pm.add_hookspecs(hookspecs)
        self.failures: dict[str, str] = {}

    def register(self, plugin: Any, name: str) -> None:
        self.pm.register(plugin, name=name)

    def collect(self, hook_name: str, **kwargs) -> list:
        """Call a UI or event hook, flattening list results; one plugin's
        exception is logged and skipped (re-raised in strict mode)."""
        results: list = []
        for impl in reversed(getattr(self.pm.hook, hook_name).get_hookimpls()):
            wanted = {name: kwargs[name] for name in impl.argnames if name in kwargs}
            try:
                value = impl.function(**wanted)
            except Exception:
                if self.strict:
                    raise
                log.exception("plugin %s failed in %s", impl.plugin_name, hook_name)
                continue
            if value is None:
                continue
            results.extend(value if isinstance(value, (list, tuple)) else [value])
        return results


def plugin_host() -> PluginHost:
    return current_app.extensions["dangjian.plugins"]
