"""Party-building archives (党建档案): 三会一课 records, the statistics
table (情况统计表) and the document archive.

Everything the host sees is here: hook implementations.  Views live in
views_*.py on one blueprint, logic in services/.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from dangjian.api import (
    BRANCH_SECRETARY,
    COURT_ADMIN,
    MEMBER,
    ModuleInfo,
    NavItem,
    Panel,
    Permission,
    Section,
    Widget,
    branch_scope,
    can,
    db,
    hookimpl,
    utcnow,
)

from . import hookspecs, views_admin, views_documents, views_meetings, views_review, views_signin, views_stats  # noqa: F401  (routes)
from .blueprint import bp
from .evidence import dangjian_assessment_indicator_types, dangjian_assessment_indicators  # noqa: F401  (assessment)
from .forms import ArchivesSettings
from .models import PRESENT, REPORTED, Attendance, Meeting
from .periods import local_date
from .services import evidence as meeting_evidence
from .services import reminders, todos
from .services.setup import ensure_defaults

NAME = "archives"


@hookimpl
def dangjian_add_hookspecs(plugin_manager):
    plugin_manager.add_hookspecs(hookspecs)


@hookimpl
def dangjian_audit_actions():
    return {
        "archives.meeting_filed": "报送会议记录",
        "archives.meeting_approved": "审核通过会议记录",
        "archives.meeting_returned": "退回会议记录",
        "archives.meeting_deleted": "删除会议记录草稿",
        "archives.meeting_offered": "其他模块登记会议",
        "archives.plan_added": "新增会议计划",
        "archives.plan_deleted": "删除会议计划",
        "archives.type_changed": "修改会议类型设置",
        "archives.document_added": "归档文件",
        "archives.document_deleted": "删除归档文件",
        "archives.category_added": "新增档案类别",
        "archives.category_changed": "修改档案类别",
        "archives.category_deleted": "删除档案类别",
        "archives.bundle_built": "生成年度档案包",
        "archives.handover": "登记档案交接",
        "archives.signed_in": "扫码签到会议",
    }


@hookimpl
def dangjian_module_info():
    return ModuleInfo("党建档案", "三会一课记录、情况统计表、党建档案与年度归档。", icon="archive")


@hookimpl
def dangjian_blueprints():
    return [bp]


@hookimpl
def dangjian_permissions():
    return [
        Permission("archives.view", "查看本支部三会一课记录与档案", frozenset({MEMBER, BRANCH_SECRETARY, COURT_ADMIN})),
        Permission("archives.record", "填写、报送会议记录，上传档案", frozenset({BRANCH_SECRETARY, COURT_ADMIN})),
        Permission("archives.review", "审核、驳回会议记录", frozenset({COURT_ADMIN})),
        Permission("archives.manage", "设置会议类型、记录要素和档案类别", frozenset({COURT_ADMIN})),
        # Statistics only: the court above sees the figures, never minutes.
        Permission(
            "archives.stats", "查看三会一课情况统计表", frozenset({BRANCH_SECRETARY, COURT_ADMIN}), oversight=True
        ),
    ]


@hookimpl
def dangjian_settings_form():
    return ArchivesSettings


@hookimpl
def dangjian_migrations():
    return str(Path(__file__).parent / "migrations" / "versions")


@hookimpl
def dangjian_storage_folders():
    from .services.documents import bundle_folder

    return [("archives_bundles", bundle_folder())]


@hookimpl
def dangjian_module_enabled(court, name):
    if name == NAME:
        ensure_defaults(court)


@hookimpl
def dangjian_nav_items(court):
    return [NavItem("党建档案", "archives.index", "archives.view", order=40, icon="archive")]


@hookimpl
def dangjian_dashboard_widgets(court, user):
    if not can("archives.record", court):
        return []
    today = local_date(court, utcnow())
    # The card shows the inbox's own items, so it can never say "nothing
    # due" while the inbox holds something; the court admin sees, besides,
    # every branch's reminders (oversight, not their to-dos).
    mine = todos.todos(court, user, today)
    scope = branch_scope(user, "archives.record", court)
    oversight = reminders.reminders(court, today, None) if scope is None else []
    waiting = sum(1 for item in mine if item.kind == todos.REVIEW_KIND)
    counts = reminders.review_counts(court) if scope is None else {}
    listed = [item for item in mine if item.kind != todos.REVIEW_KIND]
    html = render_template(
        "archives/widget.html",
        todos=listed[:8],
        more_todos=max(len(listed) - 8, 0),
        items=oversight[:8],
        more=max(len(oversight) - 8, 0),
        waiting=waiting,
        returned=counts.get("returned", 0),
        admin=scope is None,
        today=today,
    )
    title = "三会一课提醒与逾期事项" if scope is None else "三会一课提醒"
    return [Widget(title, Markup(html), order=20)]


@hookimpl
def dangjian_todos(court, user):
    return todos.todos(court, user)


@hookimpl
def dangjian_member_panels(court, member, user):
    year = local_date(court, utcnow()).year
    rows = db.session.execute(
        select(Meeting.id, Meeting.title, Meeting.held_on)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.member_id == member.id,
            Attendance.status == PRESENT,
            Meeting.court_id == court.id,
            Meeting.status.in_(REPORTED),
            Meeting.held_on >= date(year, 1, 1),
        )
        .order_by(Meeting.held_on.desc())
    ).all()
    html = render_template("archives/member_panel.html", rows=rows, year=year)
    return [Panel("组织生活", Markup(html), order=30)]


@hookimpl
def dangjian_site_sections(court, branch):
    # Titles and dates only: minutes and attendance never reach the site.
    rows = db.session.execute(
        select(Meeting.title, Meeting.held_on)
        .where(Meeting.court_id == court.id, Meeting.branch_id == branch.id, Meeting.status.in_(REPORTED))
        .order_by(Meeting.held_on.desc())
        .limit(8)
    ).all()
    return [Section("archives", "支部活动", Markup(render_template("archives/site_section.html", rows=rows)), order=40)]


@hookimpl
def dangjian_archives_meeting_evidence(court, year, branch_ids):
    return meeting_evidence.evidence(court, year, branch_ids)


@hookimpl
def dangjian_archives_record_meeting(court, branch, meeting):
    return meeting_evidence.record_meeting(court, branch, meeting)


@hookimpl
def dangjian_demo_data(court):
    from .demo import fill

    fill(court)


__all__ = ["bp"]
