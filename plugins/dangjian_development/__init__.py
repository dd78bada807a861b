"""发展党员 (party member development): each candidate's file through the five
stages, the court's procedure as data, time rules quoted where they refuse
or warn, standard documents as .docx from replaceable templates, the
branch's pipeline and the court's statistics.  Admission and conversion
update the member roll, so 入党时间 and 转正时间 are entered once.
"""

from __future__ import annotations

from pathlib import Path

from dangjian.api import BRANCH_SECRETARY, COURT_ADMIN, ModuleInfo, Permission, hookimpl

from . import hooks_ui, models, views, views_admin, views_documents  # noqa: F401 - routes register on import
from .blueprint import bp
from .forms import DevelopmentSettings


@hookimpl
def dangjian_module_info():
    return ModuleInfo(
        "发展党员",
        "入党申请人、积极分子、发展对象、预备党员到正式党员的全过程档案，期限提醒，文书生成和统计。",
        icon="person-plus",
    )


@hookimpl
def dangjian_blueprints():
    return [bp]


@hookimpl
def dangjian_permissions():
    # No oversight: a candidate's file is for the branch secretary, the court admin and the person only.
    return [
        Permission(
            "development.manage",
            "管理本支部发展党员档案、登记环节、生成文书",
            frozenset({BRANCH_SECRETARY, COURT_ADMIN}),
        ),
        Permission("development.configure", "设置发展党员环节和文书模板", frozenset({COURT_ADMIN})),
        Permission("development.stats", "查看发展党员统计", frozenset({COURT_ADMIN})),
    ]


@hookimpl
def dangjian_settings_form():
    return DevelopmentSettings


@hookimpl
def dangjian_audit_actions():
    return {
        "development.candidate_saved": "保存发展党员档案",
        "development.candidate_deleted": "删除发展党员档案",
        "development.step_recorded": "登记发展党员环节",
        "development.step_deleted": "删除发展党员环节记录",
        "development.member_admitted": "接收预备党员（更新党员名册）",
        "development.member_converted": "预备党员转正（更新党员名册）",
        "development.document_generated": "生成发展党员文书",
        "development.document_uploaded": "上传发展党员材料",
        "development.template_saved": "上传发展党员文书模板",
        "development.template_reset": "恢复默认发展党员文书模板",
        "development.step_saved": "保存发展党员环节设置",
        "development.step_deleted_from_procedure": "删除发展党员环节设置",
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
def dangjian_demo_data(court):
    from .demo import add_demo_data

    add_demo_data(court)
