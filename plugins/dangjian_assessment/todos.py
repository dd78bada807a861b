"""What the yearly cycle puts in 我的待办: the secretary's self-assessment
still to submit, a reviewer's entries to score, and the court admin's
objections to answer and results ready to publish.  Computed each time,
never stored, so an item goes when the work is done."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from dangjian.api import Todo, branch_scope, can, court_today, db

from . import review_services
from .models import ENTRY_DRAFT, NOTICE, OPEN, REVIEWING, Assessment, BranchEntry, Objection, Reviewer


def todos(court, user) -> list[Todo]:
    running = list(
        db.session.scalars(
            select(Assessment).where(Assessment.court_id == court.id, Assessment.status.in_((OPEN, REVIEWING, NOTICE)))
        )
    )
    if not running:
        return []
    items: list[Todo] = []  # reviewers need no role: being appointed is enough
    items += _self_todos(court, user, [a for a in running if a.status == OPEN])
    items += _review_todos(court, user, [a for a in running if a.status in (OPEN, REVIEWING)])
    if can("assessment.manage", court) and branch_scope(user, "assessment.manage", court) is None:
        items += _admin_todos(court, [a for a in running if a.status == NOTICE])
    return items


def _self_todos(court, user, assessments: list[Assessment]) -> list[Todo]:
    if not assessments or not can("assessment.self", court):
        return []
    scope = branch_scope(user, "assessment.self", court)
    if scope is None:
        return []  # the court admin sees the whole cycle on its page, not a to-do per branch
    if not scope:
        return []
    by_id = {a.id: a for a in assessments}
    drafts = db.session.scalars(
        select(BranchEntry).where(
            BranchEntry.assessment_id.in_(list(by_id)),
            BranchEntry.branch_id.in_(scope),
            BranchEntry.status == ENTRY_DRAFT,
        )
    )
    return [
        Todo(
            "assessment.self",
            "党建考评支部自评待提交",
            f"{entry.branch.name}：{by_id[entry.assessment_id].title}",
            url_for("assessment.sheet", assessment_id=entry.assessment_id, entry_id=entry.id),
            due=by_id[entry.assessment_id].self_due,
        )
        for entry in drafts
    ]


def _review_todos(court, user, assessments: list[Assessment]) -> list[Todo]:
    if not assessments:
        return []
    appointed = set(
        db.session.scalars(
            select(Reviewer.assessment_id).where(
                Reviewer.user_id == user.id, Reviewer.assessment_id.in_([a.id for a in assessments])
            )
        )
    )
    items = []
    for assessment in assessments:
        if assessment.id not in appointed:
            continue
        waiting = [e for e in review_services.reviewable(court, assessment, user) if e.status != "reviewed"]
        if waiting:
            items.append(
                Todo(
                    "assessment.review",
                    "党建考评待评审",
                    f"{assessment.title}：{len(waiting)} 个支部的自评待评审",
                    url_for("assessment.review_list", assessment_id=assessment.id),
                    due=assessment.review_due,
                )
            )
    return items


def _admin_todos(court, assessments: list[Assessment]) -> list[Todo]:
    if not assessments:
        return []
    counts = dict(
        db.session.execute(
            select(Objection.assessment_id, func.count(Objection.id))
            .where(Objection.assessment_id.in_([a.id for a in assessments]), Objection.answered_at.is_(None))
            .group_by(Objection.assessment_id)
        ).all()
    )
    today = court_today(court)
    items = []
    for assessment in assessments:
        url = url_for("assessment.cycle", assessment_id=assessment.id)
        unanswered = counts.get(assessment.id, 0)
        if unanswered:
            items.append(
                Todo(
                    "assessment.objections",
                    "考评公示异议待答复",
                    f"{assessment.title}：{unanswered} 条异议待答复",
                    url + "#objections",
                    due=assessment.notice_ends_on,
                )
            )
        elif assessment.notice_ends_on is not None and today > assessment.notice_ends_on:
            items.append(
                Todo(
                    "assessment.publish",
                    "考评公示期满待发布",
                    f"{assessment.title}：公示期已满，可以发布结果",
                    url,
                    due=assessment.notice_ends_on,
                )
            )
    return items
