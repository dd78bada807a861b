"""The host's own contributions, made through the same hooks as plugins."""

from __future__ import annotations

from . import dashboard
from .hookspecs import hookimpl
from .plugins import NavItem


@hookimpl
def dangjian_permissions():
    from .access.roles import HOST_PERMISSIONS

    return list(HOST_PERMISSIONS)


@hookimpl
def dangjian_audit_actions():
    from .audit.services import ACTION_LABELS

    return dict(ACTION_LABELS)


@hookimpl
def dangjian_storage_folders():
    from .files.services import storage_root

    return [("uploads", storage_root())]


@hookimpl
def dangjian_nav_items(court, user):
    items = [
        NavItem("工作台", "court.home", "court.dashboard", order=0, icon="speedometer2"),
        NavItem("通知公告", "announcements.index", "announcements.view", order=3, icon="megaphone"),
    ]
    # The platform admin holds every permission but has no member record
    # here: the item would lead to a 404, so it needs the record itself.
    member = getattr(user, "member", None)
    if member is not None and member.court_id == court.id and member.left_on is None:
        items.append(NavItem("我的档案", "members.me", "members.self", order=5, icon="person-badge"))
    items.extend(
        [
            NavItem("支部网站", "sites_editor.index", "sites.edit", order=70, icon="window"),
            NavItem("组织架构", "org.tree", "org.view", order=80, icon="diagram-3", group="manage"),
            NavItem("党员名册", "members.index", "members.view", order=81, icon="people", group="manage"),
            NavItem(
                "跨院转接",
                "court_transfers.incoming",
                "members.transfer",
                order=82,
                icon="arrow-left-right",
                group="manage",
            ),
            NavItem("用户与角色", "court_admin.users", "users.manage", order=90, icon="person-gear", group="manage"),
            NavItem("操作日志", "court_admin.audit", "audit.view", order=91, icon="journal-text", group="manage"),
            NavItem("功能模块", "modules.index", "modules.manage", order=92, icon="puzzle", group="manage"),
        ]
    )
    return items


@hookimpl
def dangjian_dashboard_widgets(court, user):
    from .announcements.widget import announcements_widget

    return (
        dashboard.todos_widget(court, user)
        + announcements_widget(court, user)
        + dashboard.my_record_widget(court, user)
        + dashboard.roll_widget(court, user)
        + dashboard.attention_widget(court, user)
        + dashboard.organisation_widget(court, user)
    )


@hookimpl
def dangjian_todos(court, user):
    # Each host feature answers for its own work; the inbox gathers them
    # with the modules' answers.
    from .announcements.todos import announcement_todos
    from .inbox.host_items import host_todos
    from .sites.todos import site_todos

    return host_todos(court, user) + site_todos(court, user) + announcement_todos(court, user)


# --- evidence for the assessment (党建考评) --------------------------------------
# Hooks a module declares (its hookspecs), answered here by name only: the
# host never imports that module, and where it is not installed nobody asks.


@hookimpl(optionalhook=True)
def dangjian_assessment_indicator_types(court):
    from .sites.evidence import indicator_types

    return indicator_types()


@hookimpl(optionalhook=True)
def dangjian_assessment_indicators(court, start, end, branch_ids):
    from .sites.evidence import indicators

    return indicators(court, start, end, branch_ids)
