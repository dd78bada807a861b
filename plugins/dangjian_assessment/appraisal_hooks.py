"""What the member appraisal adds to the host's screens: 我的待办 (a member
who has not voted in an open round; the secretary with grades to decide once
the round's dates are over) and the member page's panel (grades by year).
Computed each time, never stored."""

from __future__ import annotations

from flask import render_template, url_for
from markupsafe import Markup
from sqlalchemy import and_, func, select

from dangjian.api import Member, Panel, Todo, active_branches, court_today, db, member_of

from . import appraisal_services as services
from .appraisal_models import GRADES, ROUND_OPEN, Appraisal, AppraisalResult, AppraisalVoter


def appraisal_todos(court, user) -> list[Todo]:
    running = list(
        db.session.scalars(select(Appraisal).where(Appraisal.court_id == court.id, Appraisal.status == ROUND_OPEN))
    )
    if not running:
        return []
    today = court_today(court)
    items = _vote_todos(court, user, [a for a in running if a.starts_on <= today <= a.ends_on])
    items += _decide_todos(court, user, [a for a in running if today > a.ends_on])
    return items


def _vote_todos(court, user, rounds: list[Appraisal]) -> list[Todo]:
    member = member_of(user, court)
    if not rounds or member is None:
        return []
    voted = set(
        db.session.scalars(
            select(AppraisalVoter.appraisal_id).where(
                AppraisalVoter.member_id == member.id, AppraisalVoter.appraisal_id.in_([a.id for a in rounds])
            )
        )
    )
    waiting = [a for a in rounds if a.id not in voted]
    if not waiting or not services.peers(court, member):
        return []
    return [
        Todo(
            "assessment.appraisal_vote",
            "民主评议党员待投票",
            f"{a.title}：请填写个人总结，并对本支部其他党员进行评议",
            url_for("assessment.appraisal", appraisal_id=a.id),
            due=a.ends_on,
        )
        for a in waiting
    ]


def _decide_todos(court, user, rounds: list[Appraisal]) -> list[Todo]:
    scope = services.decide_scope(user, court)
    if not rounds or scope is None or not scope:
        return []  # the court admin follows the whole court on the round's page, not a to-do per branch
    branches = {b.id: b for b in active_branches(court, within=scope)}
    if not branches:
        return []
    undecided = db.session.execute(
        select(Appraisal.id, Member.branch_id, func.count(Member.id))
        .select_from(Appraisal)
        .join(Member, and_(Member.court_id == court.id, Member.branch_id.in_(list(branches)), Member.left_on.is_(None)))
        .outerjoin(
            AppraisalResult,
            and_(AppraisalResult.appraisal_id == Appraisal.id, AppraisalResult.member_id == Member.id),
        )
        .where(Appraisal.id.in_([a.id for a in rounds]), AppraisalResult.id.is_(None))
        .group_by(Appraisal.id, Member.branch_id)
    ).all()
    by_id = {a.id: a for a in rounds}
    return [
        Todo(
            "assessment.appraisal_decide",
            "民主评议等次待评定",
            f"{branches[branch_id].name}：{by_id[appraisal_id].title}，{count} 名党员尚未评定等次",
            url_for("assessment.appraisal_branch", appraisal_id=appraisal_id, branch_id=branch_id),
            due=by_id[appraisal_id].ends_on,
        )
        for appraisal_id, branch_id, count in undecided
        if count
    ]


def member_panels(court, member, user) -> list[Panel]:
    """Grades by year; 不合格 and every note only for those who may see them."""
    if not getattr(user, "is_authenticated", False) or member.court_id != court.id:
        return []
    found = db.session.execute(
        select(Appraisal.year, AppraisalResult.grade, AppraisalResult.note)
        .join(Appraisal, Appraisal.id == AppraisalResult.appraisal_id)
        .where(AppraisalResult.member_id == member.id, Appraisal.court_id == court.id)
        .order_by(Appraisal.year.desc())
    ).all()
    full = services.sees_grade(user, court, member, "unqualified")  # the secretary, the court admin, the member
    rows = [
        {
            "year": year,
            "shown": services.sees_grade(user, court, member, grade),
            "label": GRADES.get(grade, grade),
            "note": note if full else "",
        }
        for year, grade, note in found
    ]
    html = render_template("assessment/appraisal/panel.html", rows=rows)
    return [Panel("民主评议", Markup(html), order=46)]
