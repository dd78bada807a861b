"""Red-culture education (红色教育): education bases, a resource library,
activities at the bases and the court's yearly study day, with participation
statistics.  A 主题党日 is recorded once in the archives module and a resource
becomes a study material through hooks those modules declare: no import of
either, and each works without the other.
"""

from __future__ import annotations

from pathlib import Path

from dangjian.api import (
    BRANCH_EDITOR,
    BRANCH_SECRETARY,
    COURT_ADMIN,
    MEMBER,
    ModuleInfo,
    Permission,
    hookimpl,
)

from . import hooks_ui, models, views, views_activities, views_signin, views_stats  # noqa: F401 - routes register on import
from .evidence import dangjian_assessment_indicator_types, dangjian_assessment_indicators  # noqa: F401  (assessment)
from .forms import RedcultureSettings

ALL_ROLES = frozenset({MEMBER, BRANCH_SECRETARY, BRANCH_EDITOR, COURT_ADMIN})


@hookimpl
def dangjian_module_info():
    return ModuleInfo(
        "红色教育", "红色教育基地、红色资源库、参观学习与主题党日活动、红旗渠精神学习日和参与统计。", icon="flag"
    )


@hookimpl
def dangjian_blueprints():
    return [views.bp]


@hookimpl
def dangjian_permissions():
    return [
        Permission("redculture.view", "查看红色教育基地、资源和活动，报名参加", ALL_ROLES),
        Permission("redculture.manage", "管理教育基地、红色资源库，组织学习日", frozenset({COURT_ADMIN})),
        Permission(
            "redculture.organise", "登记本支部红色教育活动、参加人员和照片", frozenset({BRANCH_SECRETARY, COURT_ADMIN})
        ),
        Permission(
            "redculture.curate",
            "选择在支部网站“红色足迹”展示的照片",
            frozenset({BRANCH_SECRETARY, BRANCH_EDITOR, COURT_ADMIN}),
        ),
        Permission(
            "redculture.stats", "查看红色教育参与统计", frozenset({BRANCH_SECRETARY, COURT_ADMIN}), oversight=True
        ),
    ]


@hookimpl
def dangjian_settings_form():
    return RedcultureSettings


@hookimpl
def dangjian_audit_actions():
    return {
        "redculture.base_saved": "保存红色教育基地",
        "redculture.base_deleted": "删除红色教育基地",
        "redculture.resource_saved": "保存红色资源",
        "redculture.resource_deleted": "删除红色资源",
        "redculture.resource_assigned": "红色资源布置为学习资料",
        "redculture.activity_saved": "保存红色教育活动",
        "redculture.activity_deleted": "删除红色教育活动",
        "redculture.attendance_saved": "登记红色教育活动参加人员",
        "redculture.photo_site": "选择红色足迹照片",
        "redculture.signed_in": "扫码签到红色教育活动",
    }


@hookimpl
def dangjian_migrations():
    return str(Path(__file__).parent / "migrations" / "versions")


@hookimpl
def dangjian_nav_items(court):
    return hooks_ui.nav_items()


@hookimpl
def dangjian_todos(court, user):
    from .todos import todos

    return todos(court, user)


@hookimpl
def dangjian_dashboard_widgets(court, user):
    return hooks_ui.dashboard_widgets(court, user)


@hookimpl
def dangjian_member_panels(court, member, user):
    return hooks_ui.member_panels(court, member, user)


@hookimpl
def dangjian_site_sections(court, branch):
    return hooks_ui.site_sections(court, branch)


@hookimpl
def dangjian_demo_data(court):
    from .demo import add_demo_data

    add_demo_data(court)
