"""The yearly member appraisal (民主评议党员): opening and closing a round,
self-appraisals, votes and the branch's decisions.  Services validate
everything first, then change rows, flush and audit; the view commits.

A vote adds one to a count per (round, rated member, grade) and records
that the voter has voted, in the same transaction; nothing ties a voter to
a grade, and the audit entry of a vote says only that the member voted.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from dangjian.api import Member, Refused, active_branches, audit, branch_scope, court_today, db, utcnow
from dangjian.api import can as _can

from .appraisal_models import (
    GRADES,
    ROUND_CLOSED,
    ROUND_OPEN,
    UNQUALIFIED,
    Appraisal,
    AppraisalResult,
    AppraisalSelf,
    AppraisalTally,
    AppraisalVoter,
)

MAX_SELF = 3000
MAX_NOTE = 500
FIRST_YEAR = 2000

AUDIT_ACTIONS = {
    "assessment.appraisal_opened": "开启民主评议党员",
    "assessment.appraisal_closed": "结束民主评议党员",
    "assessment.appraisal_self": "提交民主评议个人总结",
    "assessment.appraisal_voted": "参加民主评议投票",
    "assessment.appraisal_decided": "评定党员评议等次",
}


class AppraisalRefused(Refused):
    """A step of the member appraisal that cannot be taken; the message is for the user."""


# --- who may see and do what ---------------------------------------------------------


def decide_scope(user, court) -> set[int] | None:
    """Branches whose grades ``user`` decides (``None``: all; the branch
    secretary and the court admin hold ``assessment.self``)."""
    if not getattr(user, "is_authenticated", False) or not _can("assessment.self", court):
        return set()
    return branch_scope(user, "assessment.self", court)


def decides_for(user, court, branch_id: int) -> bool:
    scope = decide_scope(user, court)
    return scope is None or branch_id in scope


def sees_grade(user, court, member: Member, grade: str) -> bool:
    """不合格 is shown only to the member's branch secretary, the court admin
    and the member themselves; every other grade to anyone who sees the member."""
    if grade != UNQUALIFIED:
        return True
    own = getattr(user, "member", None)
    return (own is not None and own.id == member.id) or decides_for(user, court, member.branch_id)


# --- reading ------------------------------------------------------------------------


def rounds(court) -> list[Appraisal]:
    return list(
        db.session.scalars(
            select(Appraisal).where(Appraisal.court_id == court.id).order_by(Appraisal.year.desc(), Appraisal.id.desc())
        )
    )


def branch_members(court, branch_id: int) -> list[Member]:
    """The branch's members on the court's roll now: who votes and is rated."""
    return list(
        db.session.scalars(
            select(Member)
            .where(Member.court_id == court.id, Member.branch_id == branch_id, Member.left_on.is_(None))
            .order_by(Member.name, Member.id)
        )
    )


def voting_open(court, appraisal: Appraisal, today: date | None = None) -> bool:
    today = today or court_today(court)
    return appraisal.status == ROUND_OPEN and appraisal.starts_on <= today <= appraisal.ends_on


def has_voted(appraisal: Appraisal, member: Member) -> bool:
    return (
        db.session.scalar(
            select(AppraisalVoter.id).where(
                AppraisalVoter.appraisal_id == appraisal.id, AppraisalVoter.member_id == member.id
            )
        )
        is not None
    )


def self_of(appraisal: Appraisal, member: Member) -> AppraisalSelf | None:
    return db.session.scalar(
        select(AppraisalSelf).where(AppraisalSelf.appraisal_id == appraisal.id, AppraisalSelf.member_id == member.id)
    )


def result_of(appraisal: Appraisal, member: Member) -> AppraisalResult | None:
    return db.session.scalar(
        select(AppraisalResult).where(
            AppraisalResult.appraisal_id == appraisal.id, AppraisalResult.member_id == member.id
        )
    )


# --- opening and closing ----------------------------------------------------------------


def open_round(court, values: dict, user) -> Appraisal:
    """Open a year's round for every branch of the court."""
    today = court_today(court)
    year, starts_on, ends_on = values.get("year"), values.get("starts_on"), values.get("ends_on")
    if not isinstance(year, int) or not FIRST_YEAR <= year <= today.year + 1:
        raise AppraisalRefused(f"评议年度应在 {FIRST_YEAR} 年至 {today.year + 1} 年之间。", field="year")
    if starts_on is None:
        raise AppraisalRefused("请填写开始日期。", field="starts_on")
    if ends_on is None:
        raise AppraisalRefused("请填写结束日期。", field="ends_on")
    if ends_on < starts_on:
        raise AppraisalRefused("结束日期不能早于开始日期。", field="ends_on")
    if not year <= starts_on.year <= year + 1 or (ends_on - starts_on).days > 366:
        raise AppraisalRefused("评议应在评议年度内或次年进行，且不超过一年。", field="starts_on")
    title = (values.get("title") or "").strip() or f"{year}年度民主评议党员"
    if len(title) > 120:
        raise AppraisalRefused("名称不超过 120 个字。", field="title")
    duplicate = db.session.scalar(select(Appraisal.id).where(Appraisal.court_id == court.id, Appraisal.year == year))
    if duplicate is not None:
        raise AppraisalRefused(f"{year} 年度的民主评议已经开启过。", field="year")
    branches = active_branches(court)
    if not branches:
        raise AppraisalRefused("本院还没有党支部：请先在组织架构中建立党支部。")
    appraisal = Appraisal(
        court_id=court.id, year=year, title=title, starts_on=starts_on, ends_on=ends_on, status=ROUND_OPEN
    )
    db.session.add(appraisal)
    db.session.flush()
    audit(
        "assessment.appraisal_opened",
        f"开启“{title}”（{starts_on.isoformat()} 至 {ends_on.isoformat()}，{len(branches)} 个党支部）",
        target=appraisal,
        court=court,
        user=user,
    )
    return appraisal


def ensure_open(appraisal: Appraisal) -> None:
    if appraisal.status != ROUND_OPEN:
        raise AppraisalRefused("本次民主评议已结束，不能再修改。")


def close_round(court, appraisal: Appraisal, user) -> None:
    ensure_open(appraisal)
    appraisal.status = ROUND_CLOSED
    db.session.flush()
    audit("assessment.appraisal_closed", f"结束“{appraisal.title}”", target=appraisal, court=court, user=user)


# --- the member's part --------------------------------------------------------------------


def _ensure_member_may_act(court, appraisal: Appraisal, member: Member | None) -> Member:
    ensure_open(appraisal)
    if member is None:
        raise AppraisalRefused("只有本院在册党员可以参加民主评议。")
    today = court_today(court)
    if today < appraisal.starts_on:
        raise AppraisalRefused(f"民主评议 {appraisal.starts_on.isoformat()} 开始，现在还不能参加。")
    if today > appraisal.ends_on:
        raise AppraisalRefused(f"民主评议已于 {appraisal.ends_on.isoformat()} 截止。")
    return member


def save_self(court, appraisal: Appraisal, member: Member | None, text: str | None, user) -> AppraisalSelf:
    member = _ensure_member_may_act(court, appraisal, member)
    text = (text or "").strip()
    if not text:
        raise AppraisalRefused("请填写个人总结。", field="text")
    if len(text) > MAX_SELF:
        raise AppraisalRefused(f"个人总结不超过 {MAX_SELF} 个字（现在 {len(text)} 个字）。", field="text")
    row = self_of(appraisal, member)
    if row is None:
        row = AppraisalSelf(appraisal_id=appraisal.id, member_id=member.id, text=text)
        db.session.add(row)
    else:
        row.text, row.submitted_at = text, utcnow()
    db.session.flush()
    audit(
        "assessment.appraisal_self",
        f"{member.name}提交“{appraisal.title}”个人总结",
        target=appraisal,
        court=court,
        user=user,
    )
    return row


def peers(court, member: Member) -> list[Member]:
    """Whom ``member`` rates: every other member of their branch."""
    return [m for m in branch_members(court, member.branch_id) if m.id != member.id]


def cast_vote(court, appraisal: Appraisal, member: Member | None, posted, user) -> int:
    """Count a member's ballot (``posted``: ``grade-<member id>`` → a grade
    key, one for every other member of their branch); the number rated."""
    member = _ensure_member_may_act(court, appraisal, member)
    if has_voted(appraisal, member):
        raise AppraisalRefused("你已经参加过本次民主评议投票，不能重复投票。")
    rated = peers(court, member)
    if not rated:
        raise AppraisalRefused("本支部没有其他在册党员，无需投票。")
    ids = {m.id for m in rated}
    for name in posted:
        if not str(name).startswith("grade-"):
            continue
        target = str(name)[len("grade-") :]
        if target == str(member.id):
            raise AppraisalRefused("不能评议自己。")
        if not target.isascii() or not target.isdigit() or int(target) not in ids:
            raise AppraisalRefused("只能评议本支部的其他在册党员：请刷新页面后重新填写。")
    errors: dict[str | None, list[str]] = {}
    ballot: dict[str, list[int]] = {grade: [] for grade in GRADES}
    for peer in rated:
        grade = (posted.get(f"grade-{peer.id}") or "").strip()
        if grade not in GRADES:
            errors[f"grade-{peer.id}"] = [f"请为{peer.name}选择评议等次。"]
            continue
        ballot[grade].append(peer.id)
    if errors:
        errors[None] = ["每位党员都要选择一个评议等次，请补全后再提交。"]
        raise AppraisalRefused(errors=errors)
    db.session.add(AppraisalVoter(appraisal_id=appraisal.id, member_id=member.id))
    try:
        db.session.flush()  # the unique voter row: a second submit, even in parallel, stops here
        # The voter's own rows too: rows made for all but one member would name the first voter.
        _ensure_tally_rows(appraisal, sorted(ids | {member.id}))
    except IntegrityError as error:
        raise AppraisalRefused("你已经参加过本次民主评议投票，不能重复投票。") from error
    for grade, member_ids in ballot.items():
        if member_ids:
            db.session.execute(
                update(AppraisalTally)
                .where(
                    AppraisalTally.appraisal_id == appraisal.id,
                    AppraisalTally.grade == grade,
                    AppraisalTally.member_id.in_(member_ids),
                )
                .values(votes=AppraisalTally.votes + 1)
            )
    db.session.flush()
    audit(
        "assessment.appraisal_voted",
        f"{member.name}参加“{appraisal.title}”民主评议投票",
        target=appraisal,
        court=court,
        user=user,
    )
    return len(rated)


def _ensure_tally_rows(appraisal: Appraisal, member_ids: list[int]) -> None:
    """Give each member of the branch their four counts, all at once and in
    a fixed order: which rows exist, and their ids, never depend on a ballot
    or on who cast it."""
    existing = set(
        db.session.scalars(
            select(AppraisalTally.member_id).where(
                AppraisalTally.appraisal_id == appraisal.id, AppraisalTally.member_id.in_(member_ids)
            )
        )
    )
    rows = [
        {"appraisal_id": appraisal.id, "member_id": member_id, "grade": grade, "votes": 0}
        for member_id in member_ids
        if member_id not in existing
        for grade in GRADES
    ]
    if rows:
        db.session.execute(insert(AppraisalTally), rows)


# --- the branch's decisions -------------------------------------------------------------------


def decide(court, appraisal: Appraisal, branch_id: int, posted, user) -> int:
    """Decide grades for the branch's members (``grade-<id>``, ``note-<id>``;
    an empty grade leaves a member as they are).  不合格 needs a reason.
    The number of grades decided or changed."""
    ensure_open(appraisal)
    members = {m.id: m for m in branch_members(court, branch_id)}
    for name in posted:
        if str(name).startswith(("grade-", "note-")):
            key = str(name).split("-", 1)[1]
            if not key.isascii() or not key.isdigit() or int(key) not in members:
                raise AppraisalRefused("只能评定本支部在册党员的等次：请刷新页面后重新填写。")
    results = {
        r.member_id: r
        for r in db.session.scalars(
            select(AppraisalResult).where(
                AppraisalResult.appraisal_id == appraisal.id, AppraisalResult.member_id.in_(list(members) or [-1])
            )
        )
    }
    errors: dict[str | None, list[str]] = {}
    planned = []
    for member in members.values():
        grade = (posted.get(f"grade-{member.id}") or "").strip()
        note = (posted.get(f"note-{member.id}") or "").strip()
        if not grade:
            if note and member.id not in results:
                errors[f"grade-{member.id}"] = [f"写了说明，请同时为{member.name}选择等次。"]
            continue
        if grade not in GRADES:
            errors[f"grade-{member.id}"] = ["请从列表中选择等次。"]
            continue
        if len(note) > MAX_NOTE:
            errors[f"note-{member.id}"] = [f"说明不超过 {MAX_NOTE} 个字（现在 {len(note)} 个字）。"]
            continue
        if grade == UNQUALIFIED and not note:
            errors[f"note-{member.id}"] = [f"评定{member.name}为不合格，须写明理由。"]
            continue
        planned.append((member, grade, note))
    if errors:
        errors[None] = ["没有保存：请按标红处修改后再试。"]
        raise AppraisalRefused(errors=errors)
    changed = 0
    now = utcnow()
    for member, grade, note in planned:
        result = results.get(member.id)
        if result is not None and (result.grade, result.note) == (grade, note):
            continue
        if result is None:
            result = AppraisalResult(appraisal_id=appraisal.id, member_id=member.id)
            db.session.add(result)
        result.branch_id, result.grade, result.note = branch_id, grade, note
        result.decided_by_id, result.decided_at = user.id, now
        changed += 1
        db.session.flush()
        audit(
            "assessment.appraisal_decided",
            f"评定{member.name}“{appraisal.title}”等次：{GRADES[grade]}",
            target=result,
            court=court,
            user=user,
        )
    db.session.flush()
    return changed
