"""Human names of the hooks, for the platform's modules page: the platform
admin reads what a plugin contributes, the raw name stays for developers.

The host names its own hooks here; a plugin that declares hooks names them in
a ``HOOK_LABELS`` dict of the module that holds their specifications."""

from __future__ import annotations

import sys

import pluggy

HOOK_LABELS = {
    "dangjian_add_hookspecs": "声明供其他模块调用的扩展点",
    "dangjian_module_info": "模块名称与说明",
    "dangjian_blueprints": "页面",
    "dangjian_api_blueprints": "JSON 接口",
    "dangjian_permissions": "权限",
    "dangjian_settings_form": "各院设置项",
    "dangjian_audit_actions": "操作日志类型",
    "dangjian_cli_commands": "命令行命令",
    "dangjian_migrations": "数据库迁移",
    "dangjian_storage_folders": "需备份的文件夹",
    "dangjian_demo_data": "演示数据",
    "dangjian_nav_items": "导航菜单",
    "dangjian_dashboard_widgets": "工作台卡片",
    "dangjian_member_panels": "党员档案中的栏目",
    "dangjian_site_sections": "支部网站首页栏目",
    "dangjian_todos": "待办事项",
    "dangjian_member_created": "响应：新增党员",
    "dangjian_member_changed": "响应：修改党员信息",
    "dangjian_member_transferred": "响应：党员转接支部",
    "dangjian_court_created": "响应：新建法院",
    "dangjian_module_enabled": "响应：模块启用",
    "dangjian_module_disabled": "响应：模块停用",
}


def hook_label(name: str, plugin_manager: pluggy.PluginManager | None = None) -> str:
    """The Chinese name of a hook: the host's, or the one its declaring
    plugin gives; otherwise its name without the common prefix."""
    return (
        HOOK_LABELS.get(name)
        or _declared_label(name, plugin_manager)
        or name.removeprefix("dangjian_").replace("_", " ")
    )


def _declared_label(name: str, plugin_manager: pluggy.PluginManager | None) -> str | None:
    caller = getattr(plugin_manager.hook, name, None) if plugin_manager else None
    spec = getattr(caller, "spec", None)
    if spec is None:
        return None
    module = sys.modules.get(spec.function.__module__)
    labels = getattr(module, "HOOK_LABELS", None)
    return labels.get(name) if isinstance(labels, dict) else None
