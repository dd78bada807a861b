"""Review (评审): the court admin appoints reviewers; a reviewer scores each
item of a submitted entry beside the branch's own score, with a written
reason where the two differ.  No reviewer scores a branch they belong to."""

from __future__ import annotations

import math

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from dangjian.api import (
    BRANCH_EDITOR,
    BRANCH_SECRETARY,
    Member,
    User,
    audit,
    db,
    role_holders,
    utcnow,
)

from . import scorecard
from .cycle_services import MAX_NOTE, CycleRefused, ensure_not_closed
from .models import OPEN, REVIEWED, REVIEWING, SUBMITTED, Assessment, BranchEntry, Reviewer
from .scorecard import PointsError, parse_points, points_text


def reviewers(assessment: Assessment) -> list[Reviewer]:
    return list(
        db.session.scalars(
            select(Reviewer)
            .where(Reviewer.assessment_id == assessment.id)
            .options(joinedload(Reviewer.user))
            .order_by(Reviewer.id)
        )
    )


def reviewer_of(assessment: Assessment, user) -> Reviewer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        select(Reviewer).where(Reviewer.assessment_id == assessment.id, Reviewer.user_id == user.id)
    )


def own_branches(court, user_ids, branch_ids) -> dict[int, set[int]]:
    """The branches each user belongs to in ``court``: their member
    record's branch and the branches where they are secretary or editor
    (three statements whatever the numbers)."""
    wanted = set(user_ids)
    found: dict[int, set[int]] = {user_id: set() for user_id in wanted}
    if not wanted:
        return found
    rows = db.session.execute(
        select(User.id, Member.branch_id)
        .join(Member, Member.id == User.member_id)
        .where(User.id.in_(wanted), Member.court_id == court.id, Member.left_on.is_(None))
    )
    for user_id, branch_id in rows:
        found[user_id].add(branch_id)
    for role in (BRANCH_SECRETARY, BRANCH_EDITOR):
        for branch_id, holders in role_holders(court, role, branch_ids).items():
            for user_id in holders & wanted:
                found[user_id].add(branch_id)
    return found


def user_branches(court, assessment: Assessment, user) -> set[int]:
    ids = [e.branch_id for e in scorecard.entries(assessment)]
    return own_branches(court, [user.id], ids)[user.id]


def appoint(court, assessment: Assessment, username: str, user) -> Reviewer:
    ensure_not_closed(assessment)
    if assessment.status not in (OPEN, REVIEWING):
        raise CycleRefused("评审已经结束，不能再指定评审人。")
    name = (username or "").strip()
    if not name:
        raise CycleRefused("请填写评审人的用户名。", field="username")
    account = db.session.scalar(
        select(User)
        .outerjoin(Member, Member.id == User.member_id)
        .where(User.username == name, or_(User.court_id == court.id, Member.court_id == court.id))
    )
    if account is None:
        raise CycleRefused(f"本院没有用户名为“{name[:60]}”的账号。", field="username")
    if not account.is_enabled:
        raise CycleRefused(f"账号“{account.label}”已停用。", field="username")
    if reviewer_of(assessment, account) is not None:
        raise CycleRefused(f"{account.label}已经是本次考评的评审人。", field="username")
    reviewer = Reviewer(assessment_id=assessment.id, user_id=account.id)
    db.session.add(reviewer)
    db.session.flush()
    audit(
        "assessment.reviewer_added",
        f"指定{account.label}为“{assessment.title}”评审人",
        target=assessment,
        court=court,
        user=user,
    )
    return reviewer


def remove(court, assessment: Assessment, reviewer: Reviewer, user) -> str:
    ensure_not_closed(assessment)
    label = reviewer.user.label
    db.session.delete(reviewer)
    db.session.flush()
    audit(
        "assessment.reviewer_removed",
        f"取消{label}的“{assessment.title}”评审人资格",
        target=assessment,
        court=court,
        user=user,
    )
    return label


def reviewable(court, assessment: Assessment, user) -> list[BranchEntry]:
    """Submitted entries this reviewer may score: never their own branch's."""
    if assessment.status not in (OPEN, REVIEWING) or reviewer_of(assessment, user) is None:
        return []
    entries = scorecard.entries(assessment)
    own = own_branches(court, [user.id], [e.branch_id for e in entries])[user.id]
    return [e for e in entries if e.status in (SUBMITTED, REVIEWED) and e.branch_id not in own]


def ensure_may_review(court, assessment: Assessment, entry: BranchEntry, user) -> None:
    ensure_not_closed(assessment)
    if assessment.status not in (OPEN, REVIEWING):
        raise CycleRefused("评审已经结束，不能再修改评审分。")
    if reviewer_of(assessment, user) is None:
        raise CycleRefused("您不是本次考评的评审人。")
    if entry.branch_id in user_branches(court, assessment, user):
        raise CycleRefused("评审人不能评审本人所在的党支部。")
    if entry.status not in (SUBMITTED, REVIEWED):
        raise CycleRefused("该支部还没有提交自评，暂不能评审。")


def save_review(court, assessment: Assessment, entry: BranchEntry, form, user):
    """Score each item (``review-<item>``, ``reason-<item>``); the
    self-score is kept beside it.  A score that differs needs a reason."""
    ensure_may_review(court, assessment, entry, user)
    sheet = scorecard.build_sheet(court, assessment, entry)
    errors: dict[str | None, list[str]] = {}
    planned = []
    for row in sheet.rows:
        item_id = row.item.id
        reason = (form.get(f"reason-{item_id}") or "").strip()
        if len(reason) > MAX_NOTE:
            errors[f"reason-{item_id}"] = [f"理由不超过 {MAX_NOTE} 个字。"]
        try:
            points = parse_points(form.get(f"review-{item_id}"), row.item.points, what="评审分")
        except PointsError as error:
            errors[f"review-{item_id}"] = [str(error)]
            continue
        if points is None:
            errors[f"review-{item_id}"] = ["请填写评审分（与自评相同可直接保留）。"]
            continue
        if not math.isclose(points, float(row.score.self_points or 0)) and not reason:
            errors[f"reason-{item_id}"] = [
                f"评审分与自评分（{points_text(row.score.self_points)} 分）不同，请写明理由。"
            ]
        planned.append((row.score, points, reason))
    if errors:
        raise CycleRefused(errors=errors)
    now = utcnow()
    for score, points, reason in planned:
        score.review_points, score.review_note, score.reviewer_id, score.reviewed_at = points, reason, user.id, now
    entry.review_total = round(sum(p for _, p, _ in planned), 2)
    entry.status = REVIEWED
    db.session.flush()
    changed = sum(1 for score, points, _ in planned if not math.isclose(points, float(score.self_points or 0)))
    audit(
        "assessment.reviewed",
        f"评审{entry.branch.name}“{assessment.title}”：{points_text(entry.review_total)} 分（{changed} 项与自评不同）",
        target=entry,
        court=court,
        user=user,
    )
    return sheet
