"""The member roll: scoped list queries, who may see personal data, and the
changes that move a member (edit, transfer, leaving the roll).

No request objects here: callers pass the court, the user and plain values,
so every function can be exercised without a request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import false, select
from sqlalchemy.orm import contains_eager, joinedload

from ..access.checks import branch_scope, has_permission, is_platform_admin
from ..audit.models import AuditEntry
from ..audit.services import record
from ..auth.models import User
from ..db import db
from ..inputs import parse_int
from ..modules.services import court_hooks
from ..org.models import Organisation
from ..org.queries import active_branch, active_branches
from .models import EDUCATIONS, MEMBER_STATUSES, PERSONAL_FIELDS, SEXES, Member, MemberTransfer


def member_of(user, court) -> Member | None:
    """The user's own member record if it is on ``court``'s roll now (not
    left); None for a user without one, of another court, or who has left."""
    member = getattr(user, "member", None)
    if member is None or member.court_id != court.id or member.left_on is not None:
        return None
    return member


# Chinese labels of the editable fields, in the order the screens show them.
FIELD_LABELS = {
    "name": "姓名",
    "sex": "性别",
    "ethnicity": "民族",
    "education": "学历",
    "status": "党员身份",
    "joined_party_on": "入党时间",
    "full_member_on": "转正时间",
    "party_post": "党内职务",
    "admin_post": "行政职务",
    "department": "所在部门",
    "branch_id": "所在党支部",
    "group_id": "党小组",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "phone": "联系电话",
    "address": "家庭住址",
}
EDITABLE_FIELDS = tuple(FIELD_LABELS)


# ---------------------------------------------------------------- visibility


def in_scope(user, permission: str, member: Member) -> bool:
    """Does ``permission`` reach this member for ``user`` (court and branch)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    if not has_permission(user, permission, member.court):
        return False
    scope = branch_scope(user, permission, member.court)
    return scope is None or member.branch_id in scope


def can_see_personal(user, member: Member) -> bool:
    """The one rule for birth date, ID number, phone and address: the member
    themself, their branch secretary, their court's admin (and the platform
    admin).  Oversight of a lower court does not include personal data, and
    neither does a branch editor's role."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_platform_admin(user) or getattr(user, "member_id", None) == member.id:
        return True
    return in_scope(user, "members.personal", member)


# ---------------------------------------------------------------- the list


@dataclass
class MemberFilters:
    q: str = ""
    branch_id: int | None = None
    status: str = ""
    sex: str = ""
    education: str = ""
    include_left: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> MemberFilters:
        """Read filters from query-string values, dropping anything unknown."""
        branch = (args.get("branch") or "").strip()
        status = args.get("status") or ""
        sex = args.get("sex") or ""
        education = args.get("education") or ""
        return cls(
            q=(args.get("q") or "").strip()[:40],
            branch_id=parse_int(branch),
            status=status if status in MEMBER_STATUSES else "",
            sex=sex if sex in SEXES else "",
            education=education if education in EDUCATIONS else "",
            include_left=(args.get("left") or "") in ("1", "on", "true"),
        )

    @property
    def narrowed(self) -> bool:
        """True when any filter hides members (used to word the empty state)."""
        return bool(self.q or self.branch_id or self.status or self.sex or self.education)


def scoped_branches(court, scope: set[int] | None) -> list[Organisation]:
    """Active branches of ``court`` that ``scope`` covers, in display order."""
    return active_branches(court, within=scope)


def member_query(court, scope: set[int] | None, filters: MemberFilters):
    """One SELECT for a page of members with their branch and group loaded."""
    query = (
        select(Member)
        .join(Member.branch)
        .options(contains_eager(Member.branch), joinedload(Member.group))
        .where(Member.court_id == court.id)
    )
    if scope is not None:
        query = query.where(Member.branch_id.in_(scope) if scope else false())
    if filters.q:
        query = query.where(Member.name.contains(filters.q, autoescape=True))
    if filters.branch_id:
        query = query.where(Member.branch_id == filters.branch_id)
    if filters.status:
        query = query.where(Member.status == filters.status)
    if filters.sex:
        query = query.where(Member.sex == filters.sex)
    if filters.education:
        query = query.where(Member.education == filters.education)
    if not filters.include_left:
        query = query.where(Member.left_on.is_(None))
    return query.order_by(Organisation.position, Organisation.id, Member.name, Member.id)


def paginate_members(court, scope, filters: MemberFilters, page: int, per_page: int):
    """A Flask-SQLAlchemy pagination: one COUNT and one SELECT, whatever the size."""
    return db.paginate(
        member_query(court, scope, filters), page=page, per_page=per_page, error_out=False, max_per_page=200
    )


def court_has_members(court, scope) -> bool:
    query = select(Member.id).where(Member.court_id == court.id)
    if scope is not None:
        query = query.where(Member.branch_id.in_(scope) if scope else false())
    return db.session.scalar(query.limit(1)) is not None


# ---------------------------------------------------------------- organisation choices


def groups_by_branch(branch_ids) -> dict[int, list[Organisation]]:
    """Active party groups of the given branches, keyed by branch id."""
    ids = list(branch_ids)
    groups: dict[int, list[Organisation]] = {branch_id: [] for branch_id in ids}
    if not ids:
        return groups
    rows = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == "group", Organisation.parent_id.in_(ids), Organisation.dissolved_at.is_(None))
        .order_by(Organisation.position, Organisation.id)
    )
    for group in rows:
        assert group.parent_id is not None  # the query asks for groups of these branches
        groups[group.parent_id].append(group)
    return groups


def branch_in_court(court, branch_id: int | None) -> Organisation | None:
    return active_branch(court, branch_id)


# ---------------------------------------------------------------- ID numbers

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def normalise_id_number(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def id_number_problem(value: str) -> str | None:
    """Why an 18-character resident ID number (GB 11643) is invalid, in Chinese; None if valid."""
    value = normalise_id_number(value)
    if len(value) != 18:
        return f"公民身份号码应为18位，当前为{len(value)}位。"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "公民身份号码前17位应为数字，最后一位为数字或X。"
    if id_number_birth_date(value) is None:
        return "公民身份号码中的出生日期（第7至14位）无效。"
    total = sum(int(digit) * weight for digit, weight in zip(value[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != value[17]:
        return "公民身份号码校验位不正确，请核对是否有输错的数字。"
    return None


def id_number_birth_date(value: str) -> date | None:
    value = normalise_id_number(value)
    try:
        return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


# ---------------------------------------------------------------- changes


def _display(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def create_member(court, values: dict, user) -> Member:
    member = Member(court_id=court.id, **_clean(values))
    db.session.add(member)
    db.session.flush()
    record(
        "member.created",
        f"新增党员 {member.name}（{member.branch.name}）",
        target=member,
        court=court,
        user=user,
    )
    court_hooks(court, "dangjian_member_created", member=member)
    return member


def update_member(member: Member, values: dict, user, today: date | None = None) -> list[str]:
    """Apply ``values``; returns the names of the fields that changed.

    Personal values are never copied into the audit log, only the fact that
    they changed.  A change of branch is recorded as a transfer too, so the
    member's branch history stays complete whichever screen moved them.
    """
    values = _clean(values)
    changed = [name for name, value in values.items() if getattr(member, name) != value]
    if not changed:
        return []
    changes = {name: (getattr(member, name), values[name]) for name in changed}
    detail = {
        name: {"from": _display(getattr(member, name)), "to": _display(values[name])}
        for name in changed
        if name not in PERSONAL_FIELDS
    }
    old_branch_id = member.branch_id
    for name in changed:
        setattr(member, name, values[name])
    if "branch_id" in changed:
        db.session.add(
            MemberTransfer(
                member=member,
                from_branch_id=old_branch_id,
                to_branch_id=member.branch_id,
                transferred_on=today or date.today(),
                reason="修改党员信息时调整所在支部",
                by_user_id=getattr(user, "id", None),
            )
        )
    db.session.flush()
    record(
        "member.updated",
        f"修改党员 {member.name} 的信息：" + "、".join(FIELD_LABELS.get(name, name) for name in changed),
        target=member,
        court=member.court,
        user=user,
        detail={"changed": changed, "values": detail},
    )
    court_hooks(member.court, "dangjian_member_changed", member=member, changes=changes)
    return changed


def _clean(values: dict) -> dict:
    cleaned = {name: value for name, value in values.items() if name in EDITABLE_FIELDS}
    if "group_id" in cleaned and not cleaned["group_id"]:
        cleaned["group_id"] = None
    if "id_number" in cleaned:
        cleaned["id_number"] = normalise_id_number(cleaned["id_number"])
    for name in ("name", "ethnicity", "party_post", "admin_post", "department", "phone", "address"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = cleaned[name].strip()
    return cleaned


def transfer_member(
    member: Member, to_branch: Organisation, on: date, reason: str, user, update_department: bool = False
) -> MemberTransfer:
    """Move a member to another branch of the same court; party group is
    cleared because groups belong to one branch."""
    if to_branch.court_id != member.court_id or to_branch.kind != "branch":
        raise ValueError("target branch must be a branch of the member's court")
    from_branch = member.branch
    transfer = MemberTransfer(
        member=member,
        from_branch_id=from_branch.id,
        to_branch_id=to_branch.id,
        transferred_on=on,
        reason=reason.strip(),
        by_user_id=getattr(user, "id", None),
    )
    db.session.add(transfer)
    member.branch = to_branch
    member.group_id = None
    if update_department and to_branch.department:
        member.department = to_branch.department
    db.session.flush()
    record(
        "member.transferred",
        f"党员 {member.name} 由 {from_branch.name} 转至 {to_branch.name}",
        target=member,
        court=member.court,
        user=user,
        detail={"from": from_branch.id, "to": to_branch.id, "on": on.isoformat(), "reason": transfer.reason},
    )
    court_hooks(
        member.court, "dangjian_member_transferred", member=member, from_branch=from_branch, to_branch=to_branch
    )
    return transfer


def leave_roll(member: Member, on: date, reason: str, user) -> None:
    """Take a member off the court's roll (调出、出党); the record is kept."""
    member.left_on = on
    member.group_id = None
    db.session.flush()
    record(
        "member.left",
        f"党员 {member.name} 于 {on.isoformat()} 转出：{reason.strip()}",
        target=member,
        court=member.court,
        user=user,
        detail={"on": on.isoformat(), "reason": reason.strip()},
    )


def restore_to_roll(member: Member, user) -> None:
    """Undo a mistaken 转出."""
    left_on = member.left_on
    member.left_on = None
    db.session.flush()
    record(
        "member.updated",
        f"恢复党员 {member.name} 在册（撤销 {_display(left_on)} 的转出）",
        target=member,
        court=member.court,
        user=user,
        detail={"changed": ["left_on"], "values": {"left_on": {"from": _display(left_on), "to": ""}}},
    )


# ---------------------------------------------------------------- history


def transfer_history(member: Member) -> list[tuple[MemberTransfer, str]]:
    """Transfers newest first, each with the name of who recorded it."""
    rows = db.session.execute(
        select(MemberTransfer, User.display_name, User.username)
        .outerjoin(User, User.id == MemberTransfer.by_user_id)
        .options(
            joinedload(MemberTransfer.from_branch),
            joinedload(MemberTransfer.to_branch),
            joinedload(MemberTransfer.from_court),
            joinedload(MemberTransfer.to_court),
        )
        .where(MemberTransfer.member_id == member.id)
        .order_by(MemberTransfer.transferred_on.desc(), MemberTransfer.id.desc())
    ).all()
    return [(transfer, display_name or username or "") for transfer, display_name, username in rows]


def leave_reason(member: Member) -> str:
    """The reason given when the member left the roll (kept in the audit log)."""
    if member.left_on is None:
        return ""
    entry = db.session.scalar(
        select(AuditEntry)
        .where(
            AuditEntry.action == "member.left", AuditEntry.target_type == "Member", AuditEntry.target_id == member.id
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    return (entry.detail or {}).get("reason", "") if entry is not None else ""
