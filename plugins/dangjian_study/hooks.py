"""What the module adds to the host's screens: nav, dashboard, profile, microsite."""

from __future__ import annotations

from datetime import date

from flask import render_template
from markupsafe import Markup

from dangjian.api import NavItem, Panel, Section, Widget, branch_scope, can

from . import services, stats


def nav_items():
    return [NavItem("学习打卡", "study.index", "study.view", order=30, icon="book")]


def _month_start(today: date) -> date:
    return date(today.year, today.month, 1)


def dashboard_widgets(court, user) -> list[Widget]:
    if not user.is_authenticated or not can("study.view", court):
        return []
    widgets = []
    member = services.member_of(user, court)
    if member is not None:
        today = services.court_today(court)
        minutes = services.member_minutes([member.id], *services.year_bounds(today.year)).get(member.id, 0)
        html = render_template(
            "study/widget_member.html",
            due=services.due_soon(court, member),
            today=today,
            hours=round(minutes / 60, 1),
            target=services.target_hours(court, member),
        )
        widgets.append(Widget("我的学习", Markup(html), order=15))
    if can("study.stats", court) and services.holds_role_in(user, court):
        scope = branch_scope(user, "study.stats", court)
        today = services.court_today(court)
        branches = services.active_branches(court, scope)
        rows, total = stats.branch_rows(court, scope, _month_start(today), today, branches)
        points = [(row.label, row.figures.rate) for row in rows[:8]]
        html = render_template("study/widget_branches.html", points=points, total=total)
        widgets.append(Widget("本院本月学习参与" if scope is None else "本支部本月学习参与", Markup(html), order=55))
    return widgets


def _may_see(user, court, member) -> bool:
    if services.member_of(user, court) is member:
        return True
    if not can("study.stats", court) or not services.holds_role_in(user, court):
        return False
    scope = branch_scope(user, "study.stats", court)
    return scope is None or member.branch_id in scope


def member_panels(court, member, user) -> list[Panel]:
    if not user.is_authenticated or not _may_see(user, court, member):
        return []
    today = services.court_today(court)
    minutes = services.member_minutes([member.id], *services.year_bounds(today.year)).get(member.id, 0)
    html = render_template(
        "study/panel.html",
        member=member,
        hours=round(minutes / 60, 1),
        year=today.year,
        target=services.target_hours(court, member),
        reflections=services.recent_checkins(member, 5, with_reflection=True),
    )
    return [Panel("学习情况", Markup(html), order=40)]


def site_sections(court, branch) -> list[Section]:
    """Participation (a rate, nothing personal) and the reflections the
    branch's secretary or editor chose to show, without names."""
    today = services.court_today(court)
    rows, _total = stats.branch_rows(court, {branch.id}, date(today.year, 1, 1), today, [branch])
    html = render_template(
        "study/site_section.html",
        figures=rows[0].figures,
        year=today.year,
        reflections=services.site_reflections(branch),
    )
    return [Section("study", "学习风采", Markup(html), order=40)]
