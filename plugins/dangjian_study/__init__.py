"""Study check-in (学习打卡): materials published to the court, branches or
party groups; check-ins with reflections; collective study sessions; hours
against the yearly target; statistics and an optional points ranking.

Central guidance warns against forced check-ins, points rankings and
online-time metrics, so points are off by default and nothing here ever
counts time online or logins.
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

from . import hooks, hookspecs, models, offers, sessions_offered, views, views_branch, views_stats  # noqa: F401 - routes register on import
from .demo import add_demo_data
from .evidence import dangjian_assessment_indicator_types, dangjian_assessment_indicators  # noqa: F401  (assessment)
from .forms import StudySettings

ALL_ROLES = frozenset({MEMBER, BRANCH_SECRETARY, BRANCH_EDITOR, COURT_ADMIN})


@hookimpl
def dangjian_add_hookspecs(plugin_manager):
    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def dangjian_study_offer_material(court, offer):
    return offers.offer_material(court, offer)


@hookimpl
def dangjian_study_record_session(court, session):
    return sessions_offered.record_session(court, session)


@hookimpl
def dangjian_study_withdraw_session(court, source, source_key):
    return sessions_offered.withdraw_session(court, source, source_key)


@hookimpl
def dangjian_module_info():
    return ModuleInfo("学习打卡", "学习资料、学习心得、集中学习与学时统计；积分排行默认关闭。", icon="book")


@hookimpl
def dangjian_blueprints():
    return [views.bp]


@hookimpl
def dangjian_api_blueprints():
    from .api import api

    return [api]


@hookimpl
def dangjian_permissions():
    return [
        Permission("study.view", "学习资料与学习打卡", ALL_ROLES),
        Permission(
            "study.publish", "发布学习资料、登记集中学习、制定学习计划", frozenset({BRANCH_SECRETARY, COURT_ADMIN})
        ),
        Permission(
            "study.curate", "选择在支部网站展示的学习心得", frozenset({BRANCH_SECRETARY, BRANCH_EDITOR, COURT_ADMIN})
        ),
        Permission("study.stats", "查看学习统计", frozenset({BRANCH_SECRETARY, COURT_ADMIN}), oversight=True),
    ]


@hookimpl
def dangjian_settings_form():
    return StudySettings


@hookimpl
def dangjian_audit_actions():
    return {
        "study.material_published": "发布学习资料",
        "study.material_changed": "修改学习资料",
        "study.material_deleted": "删除学习资料",
        "study.session_recorded": "记录集中学习",
        "study.session_deleted": "删除集中学习记录",
        "study.plan_saved": "保存月度学习计划",
        "study.plan_deleted": "删除月度学习计划",
        "study.reflection_site": "设置心得在支部网站展示",
        "study.exported": "导出学习统计",
    }


@hookimpl
def dangjian_migrations():
    return str(Path(__file__).parent / "migrations" / "versions")


@hookimpl
def dangjian_nav_items(court):
    return hooks.nav_items()


@hookimpl
def dangjian_dashboard_widgets(court, user):
    return hooks.dashboard_widgets(court, user)


@hookimpl
def dangjian_todos(court, user):
    from .todos import todos

    return todos(court, user)


@hookimpl
def dangjian_member_panels(court, member, user):
    return hooks.member_panels(court, member, user)


@hookimpl
def dangjian_site_sections(court, branch):
    return hooks.site_sections(court, branch)


@hookimpl
def dangjian_demo_data(court):
    add_demo_data(court)
