"""Human names of the hooks, for the platform's modules page: the platform
admin reads what a plugin contributes, the raw name stays for developers."""

from __future__ import annotations

HOOK_LABELS = {
    "dangjian_add_hookspecs": "声明供其他模块调用的扩展点",
    "dangjian_module_info": "模块名称与说明",
    "dangjian_blueprints": "页面",
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
    "dangjian_showcase_numbers": "大屏展示数字",
    "dangjian_study_offer_material": "向学习打卡提供学习材料",
    "dangjian_study_record_session": "在学习打卡中登记集体学习",
    "dangjian_study_withdraw_session": "撤回学习打卡中登记的集体学习",
    "dangjian_assessment_indicator_types": "向考核评价提供指标类型",
    "dangjian_assessment_indicators": "向考核评价提供指标数值",
    "dangjian_archives_meeting_evidence": "向党建档案提供会议佐证",
    "dangjian_archives_record_meeting": "在党建档案中登记会议",
}


def hook_label(name: str) -> str:
    """The Chinese name of a hook; an unknown one (a plugin's own) keeps its
    name without the common prefix."""
    return HOOK_LABELS.get(name) or name.removeprefix("dangjian_").replace("_", " ")
