"""The host's own dashboard widgets (工作台): what the signed-in user's roles
look after, in numbers, with links to the screens that act on them."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template
from markupsafe import Markup
from sqlalchemy import case, func, select

from .access import branch_scope, has_permission
from .db import db
from .members.models import Member
from .org.models import Organisation
from .plugins import Widget


@dataclass(frozen=True)
class RollFigures:
    branches: int
    members: int
    probationary: int


def roll_figures(court, branch_ids: set[int] | None) -> RollFigures:
    member_filter = [Member.court_id == court.id, Member.left_on.is_(None)]
    if branch_ids is not None:
        member_filter.append(Member.branch_id.in_(branch_ids))
    members, probationary = db.session.execute(
        select(
            func.count(Member.id), func.coalesce(func.sum(case((Member.status == "probationary", 1), else_=0)), 0)
        ).where(*member_filter)
    ).one()
    branch_filter = [
        Organisation.court_id == court.id,
        Organisation.kind == "branch",
        Organisation.dissolved_at.is_(None),
    ]
    if branch_ids is not None:
        branch_filter.append(Organisation.id.in_(branch_ids))
    branches = db.session.scalar(select(func.count(Organisation.id)).where(*branch_filter))
    return RollFigures(branches=branches or 0, members=members, probationary=int(probationary))


def roll_widget(court, user) -> list[Widget]:
    if not has_permission(user, "members.view", court):
        return []
    scope = branch_scope(user, "members.view", court)
    figures = roll_figures(court, scope)
    title = "本院党员队伍" if scope is None else "本支部党员队伍"
    html = render_template("dashboard/roll.html", figures=figures, whole_court=scope is None)
    return [Widget(title, Markup(html), order=50)]


def my_record_widget(court, user) -> list[Widget]:
    member = getattr(user, "member", None)
    if member is None or member.court_id != court.id:
        return []
    html = render_template("dashboard/my_record.html", member=member)
    return [Widget("我的党员信息", Markup(html), order=10)]


@dataclass(frozen=True)
class AttentionItem:
    count: int
    text: str
    endpoint: str
    url_values: dict


def attention_items(court) -> list[AttentionItem]:
    """What waits for the court admin, read from the same functions as the
    host's to-do items (``inbox.host_items``), so the card and the inbox
    always agree."""
    from .inbox.host_items import first_change_count, incoming_transfers

    items = []
    waiting = first_change_count(court)
    if waiting:
        items.append(
            AttentionItem(waiting, "个账号尚未完成首次登录改密", "court_admin.users", {"status": "first_change"})
        )
    incoming = len(incoming_transfers(court))
    if incoming:
        items.append(AttentionItem(incoming, "项外院转入申请待接收", "court_transfers.incoming", {}))
    return items


def attention_widget(court, user) -> list[Widget]:
    if not has_permission(user, "users.manage", court):
        return []
    html = render_template("dashboard/attention.html", items=attention_items(court))
    return [Widget("需要关注", Markup(html), order=55)]


def organisation_widget(court, user) -> list[Widget]:
    """For the court admin: branches that break the rules of DOMAIN.md or
    have no secretary, so the next step is one click away."""
    if not has_permission(user, "org.manage", court):
        return []
    from .org.tree import build_tree

    problems = []
    for node in build_tree(court).branches:
        reasons = list(node.warnings)
        if node.secretary is None:
            reasons.append("尚未设置支部书记")
        if reasons:
            problems.append((node.org, reasons))
    html = render_template("dashboard/organisation.html", problems=problems[:6], more=max(len(problems) - 6, 0))
    return [Widget("组织建设提醒", Markup(html), order=60)]


TODO_CARD_ITEMS = 5


def todos_widget(court, user) -> list[Widget]:
    """我的待办: the first few items of the inbox, the same list it shows."""
    if not has_permission(user, "inbox.view", court):
        return []
    from .inbox.badge import court_today, todos_for
    from .inbox.views import shown

    items = shown(todos_for(court, user), court_today(court))
    html = render_template(
        "dashboard/todos.html",
        entries=items[:TODO_CARD_ITEMS],
        more=max(len(items) - TODO_CARD_ITEMS, 0),
        total=len(items),
    )
    return [Widget("我的待办", Markup(html), order=5)]
