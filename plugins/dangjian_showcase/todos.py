"""What the showcase module puts in the inbox: entries a judge still has
to score, and open reviews a branch has not submitted its entry to."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import and_, exists, func, select, true

from dangjian.api import BRANCH_EDITOR, BRANCH_SECRETARY, Organisation, Todo, branch_scope, can, db, role_holders

from .models import Criterion, Entry, Judge, Review, Score


def _to_score(court, user) -> list[Todo]:
    """Submitted entries of open reviews this judge is assigned to, not of
    their own branch (回避), with fewer scores from them than criteria: one statement."""
    member = getattr(user, "member", None)
    given = select(func.count(Score.id)).where(Score.entry_id == Entry.id, Score.user_id == user.id).scalar_subquery()
    criteria = select(func.count(Criterion.id)).where(Criterion.review_id == Review.id).scalar_subquery()
    query = (
        select(Entry.id, Review.title, Organisation.name)
        .join(Review, Review.id == Entry.review_id)
        .join(Judge, and_(Judge.review_id == Review.id, Judge.user_id == user.id))
        .join(Organisation, Organisation.id == Entry.branch_id)
        .where(Review.court_id == court.id, Review.status == "open", Entry.submitted_at.isnot(None), given < criteria)
    )
    if member is not None:
        query = query.where(Entry.branch_id != member.branch_id)
    rows = db.session.execute(query.order_by(Review.id, Organisation.position, Organisation.id)).all()
    return [
        Todo(
            "showcase.score", "品牌展评待评分", f"{row.name}（{row.title}）", url_for("showcase.score", entry_id=row.id)
        )
        for row in rows
    ]


def _to_submit(court, user) -> list[Todo]:
    """Open reviews × the user's branches without a submitted entry: one
    statement.  Only for branch roles: the court admin follows submissions
    on the review page, not as one item per branch."""
    scope = branch_scope(user, "showcase.enter", court)
    if not scope:
        return []
    submitted = exists().where(
        Entry.review_id == Review.id, Entry.branch_id == Organisation.id, Entry.submitted_at.isnot(None)
    )
    rows = db.session.execute(
        # Every open review against every branch in scope (a deliberate cross join).
        select(Review.id, Review.title, Organisation.id.label("branch_id"), Organisation.name)
        .select_from(Review)
        .join(Organisation, true())
        .where(
            Review.court_id == court.id,
            Review.status == "open",
            Organisation.court_id == court.id,
            Organisation.id.in_(scope),
            Organisation.kind == "branch",
            Organisation.dissolved_at.is_(None),
            ~submitted,
        )
        .order_by(Review.id, Organisation.id)
    ).all()
    return [
        Todo(
            "showcase.enter",
            "品牌展评待提交作品",
            f"{row.title}：{row.name}",
            url_for("showcase.entry_form", review_id=row.id, org_id=row.branch_id),
            detail="作品摘要可从支部品牌一键生成，补充附件后提交。",
        )
        for row in rows
    ]


def todos(court, user) -> list[Todo]:
    items = _to_score(court, user)
    if can("showcase.enter", court):
        items += _to_submit(court, user)
    return items


def results_recipients(court, review) -> set[int]:
    """Who hears that results are out: the judges, and the secretaries and
    publicity officers of every branch with an entry."""
    branch_ids = {entry.branch_id for entry in review.entries}
    people = {judge.user_id for judge in review.judges}
    for role in (BRANCH_SECRETARY, BRANCH_EDITOR):
        for holders in role_holders(court, role, branch_ids).values():
            people |= holders
    return people
