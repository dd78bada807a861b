"""Which modules a court uses, their settings, and the per-court hook relay.

The enabled set is read from the database once per request and court (one
indexed query), so a change made in any worker process applies to every
other process at its next request — no restart, no cross-process cache to
invalidate.
"""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import select

from ..audit.services import record as audit
from ..db import db
from ..plugins import CORE_PLUGIN, PluginRecord, plugin_host
from ..refusals import Refused
from .models import CourtModule


class UnknownModule(Refused, LookupError):
    """No installed module has that name (the host itself is no module)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"没有安装名为“{name}”的功能模块。")
        self.name = name


def enabled_names(court) -> frozenset[str]:
    cache = g.setdefault("enabled_modules", {}) if has_request_context() else {}
    if court.id not in cache:
        cache[court.id] = frozenset(
            db.session.scalars(
                select(CourtModule.name).where(CourtModule.court_id == court.id, CourtModule.enabled.is_(True))
            )
        )
    return cache[court.id]


def forget_cached(court) -> None:
    if has_request_context():
        g.get("enabled_modules", {}).pop(court.id, None)


def is_enabled(court, name: str) -> bool:
    """Whether module ``name`` is loaded and usable and switched on in ``court``."""
    record = plugin_host().records.get(name)
    return record is not None and record.usable and name in enabled_names(court)


def court_hooks(court, hook_name: str, **kwargs) -> list:
    """Call a UI or event hook for the modules enabled in ``court`` (and the host)."""
    return plugin_host().collect(hook_name, only=set(enabled_names(court)), court=court, **kwargs)


def module_record(name: str) -> PluginRecord:
    record = plugin_host().records.get(name)
    if record is None or record.is_core:
        raise UnknownModule(name)
    return record


def _row(court, name: str) -> CourtModule | None:
    return db.session.scalar(select(CourtModule).where(CourtModule.court_id == court.id, CourtModule.name == name))


def set_enabled(court, name: str, enabled: bool, user=None) -> bool:
    """Switch a module on or off for a court; returns whether anything changed.
    The caller commits."""
    record = module_record(name)
    if enabled and not record.usable:
        raise Refused(f"模块“{record.title}”当前状态为“{record.status_label}”，无法启用。")
    row = _row(court, name)
    if row is None:
        row = CourtModule(court_id=court.id, name=name, enabled=False, settings={})
        db.session.add(row)
    if row.enabled == enabled:
        return False
    if not enabled:
        # Told while still enabled, so the module hears its own switch-off.
        court_hooks(court, "dangjian_module_disabled", name=name)
    row.enabled = enabled
    row.updated_by_id = user.id if user is not None else None
    db.session.flush()
    forget_cached(court)
    if enabled:
        court_hooks(court, "dangjian_module_enabled", name=name)
    audit(
        "module.enabled" if enabled else "module.disabled",
        f"{'启用' if enabled else '停用'}功能模块：{record.title}",
        court=court,
        user=user,
        detail={"module": name},
    )
    return True


def settings_defaults(record: PluginRecord) -> dict:
    form_class = record.settings_form
    if form_class is None:
        return {}
    defaults = {}
    for name, unbound in vars(form_class).items():
        if hasattr(unbound, "field_class") and name != "csrf_token":
            default = unbound.kwargs.get("default")
            defaults[name] = default() if callable(default) else default
    return defaults


def module_settings(name: str, court) -> dict:
    """The module's settings in ``court``: stored values over form defaults."""
    values = settings_defaults(module_record(name))
    row = _row(court, name)
    if row is not None and row.settings:
        values.update({key: value for key, value in row.settings.items() if key in values})
    return values


def save_settings(court, name: str, values: dict, user=None) -> None:
    record = module_record(name)
    allowed = settings_defaults(record)
    row = _row(court, name)
    if row is None:
        row = CourtModule(court_id=court.id, name=name, enabled=False, settings={})
        db.session.add(row)
    row.settings = {key: value for key, value in values.items() if key in allowed}
    row.updated_by_id = user.id if user is not None else None
    audit("module.settings", f"修改功能模块设置：{record.title}", court=court, user=user, detail={"module": name})


def enabled_courts_by_module() -> dict[str, list[int]]:
    rows = db.session.execute(select(CourtModule.name, CourtModule.court_id).where(CourtModule.enabled.is_(True))).all()
    courts: dict[str, list[int]] = {}
    for name, court_id in rows:
        courts.setdefault(name, []).append(court_id)
    return courts


__all__ = [
    "CORE_PLUGIN",
    "UnknownModule",
    "court_hooks",
    "enabled_names",
    "is_enabled",
    "module_settings",
    "save_settings",
    "set_enabled",
]
