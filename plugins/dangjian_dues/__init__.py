"""Party dues (党费): each member's monthly rate from the declared after-tax
pay, monthly collection per branch, back-payment, arrears warnings, import
of payment statements and the yearly reports.

Pay is personal data: only the member, their branch's secretary or dues
officer, and the court admin see it.  Amounts are integers of 分.
"""

from __future__ import annotations

from pathlib import Path

from dangjian.api import BRANCH_SECRETARY, COURT_ADMIN, MEMBER, ModuleInfo, Permission, hookimpl

from . import hooks_ui, models, views, views_admin, views_reports  # noqa: F401 - routes register on import
from .blueprint import bp
from .forms import DuesSettings


@hookimpl
def dangjian_module_info():
    return ModuleInfo(
        "党费",
        "按税后工资核定党费标准，按月收缴登记、补交、欠缴提醒，导入缴费明细，收缴统计和个人年度对账。",
        icon="cash-coin",
    )


@hookimpl
def dangjian_blueprints():
    return [bp]


@hookimpl
def dangjian_permissions():
    return [
        # Officers are members: their branch scope comes from this module's own designation, checked in the views.
        Permission(
            "dues.view", "查看本人党费；党费收缴员登记本支部党费", frozenset({MEMBER, BRANCH_SECRETARY, COURT_ADMIN})
        ),
        Permission("dues.manage", "核定党费标准、登记缴纳、指定党费收缴员", frozenset({BRANCH_SECRETARY, COURT_ADMIN})),
        Permission("dues.import", "导入党费缴纳明细", frozenset({COURT_ADMIN})),
    ]


@hookimpl
def dangjian_settings_form():
    return DuesSettings


@hookimpl
def dangjian_audit_actions():
    return {
        "dues.rate_saved": "核定党费标准",
        "dues.rates_carried": "生成新年度党费标准",
        "dues.payment_recorded": "登记党费缴纳",
        "dues.payment_deleted": "删除党费缴纳记录",
        "dues.officer_added": "指定党费收缴员",
        "dues.officer_removed": "取消党费收缴员",
        "dues.import_applied": "导入党费缴纳明细",
        "dues.import_undone": "撤销党费导入批次",
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
