"""What the module adds to the host's screens: nav, dashboard card, member panel."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from dangjian.api import NavItem, Panel, Widget, branch_scope, can, court_today, db

from . import pipeline, services
from .models import STAGES, Candidate


def nav_items():
    return [
        NavItem("发展党员", "development.index", "development.manage", order=55, icon="person-plus"),
        NavItem("发展党员环节", "development.steps", "development.configure", order=55, group="manage"),
    ]


def dashboard_widgets(court, user) -> list[Widget]:
    if not user.is_authenticated:
        return []
    if not can("development.manage", court):
        return own_widget(court, user)
    board = pipeline.board(court, branch_scope(user, "development.manage", court), court_today(court))
    html = render_template("development/widget.html", board=board, stages=STAGES)
    return [Widget("发展党员", Markup(html), order=48)]


def member_panels(court, member, user) -> list[Panel]:
    """The file that made this member: for the member, their branch's secretary and the court admin."""
    if not user.is_authenticated:
        return []
    candidate = db.session.scalar(
        select(Candidate).where(Candidate.court_id == court.id, Candidate.member_id == member.id)
    )
    if candidate is None:
        return []
    scope = branch_scope(user, "development.manage", court)
    manages = can("development.manage", court) and (scope is None or candidate.branch_id in scope)
    if not manages and candidate.user_id != user.id and getattr(user, "member_id", None) != member.id:
        return []
    html = render_template(
        "development/panel.html",
        candidate=candidate,
        dates=services.code_dates(candidate),
        end=services.probation_end(candidate),
        linked=manages or candidate.user_id == user.id,
    )
    return [Panel("入党档案", Markup(html), order=55)]


def own_widget(court, user) -> list[Widget]:
    """The person's own file, while it is under way."""
    candidate = db.session.scalar(
        select(Candidate).where(Candidate.court_id == court.id, Candidate.user_id == user.id, Candidate.stage != "full")
    )
    if candidate is None:
        return []
    html = render_template("development/own_widget.html", candidate=candidate, end=services.probation_end(candidate))
    return [Widget("我的入党档案", Markup(html), order=48)]
