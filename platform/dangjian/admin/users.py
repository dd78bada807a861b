"""Accounts of a court and the roles they hold there.

Every function takes the court explicitly and refuses objects of another
court, so the rules hold whoever calls them.  Changes are added to the
session with their audit entries; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from ..access.checks import is_platform_admin
from ..access.models import RoleAssignment
from ..access.roles import ASSIGNABLE_IN_COURT, COURT_ADMIN, ROLE_LABELS, ROLE_SCOPES
from ..audit.services import record
from ..auth.models import User
from ..auth.passwords import hash_password, password_problems
from ..auth.services import end_all_sessions
from ..db import db, utcnow
from ..members.models import Member
from ..org.models import Organisation
from ..org.queries import active_branch, active_branches
from .services import Refused

USER_STATUSES = {"enabled": "启用", "disabled": "停用", "locked": "已锁定", "first_change": "待首次改密"}


# Reading -------------------------------------------------------------------


@dataclass(frozen=True)
class UserFilters:
    search: str = ""
    status: str = ""
    role: str = ""


def users_page(court, filters: UserFilters, page: int, per_page: int):
    """One page of the court's accounts, members and branches loaded."""
    query = (
        select(User)
        .options(joinedload(User.member).joinedload(Member.branch))
        .where(User.court_id == court.id)
        .order_by(User.username)
    )
    if filters.search:
        term = filters.search.strip()
        query = query.where(
            or_(
                User.username.icontains(term, autoescape=True),
                User.display_name.icontains(term, autoescape=True),
                User.member.has(Member.name.icontains(term, autoescape=True)),
            )
        )
    now = utcnow()
    if filters.status == "enabled":
        query = query.where(User.is_enabled.is_(True))
    elif filters.status == "disabled":
        query = query.where(User.is_enabled.is_(False))
    elif filters.status == "locked":
        query = query.where(User.locked_until > now)
    elif filters.status == "first_change":
        query = query.where(User.must_change_password.is_(True), User.is_enabled.is_(True))
    if filters.role in ASSIGNABLE_IN_COURT:
        query = query.where(
            User.roles.any((RoleAssignment.role == filters.role) & (RoleAssignment.court_id == court.id))
        )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > utcnow()


def account_status(user: User) -> tuple[str, str]:
    """(label, Bootstrap badge class) of an account's state."""
    if not user.is_enabled:
        return "停用", "text-bg-secondary"
    if is_locked(user):
        return "已锁定", "text-bg-warning"
    return "启用", "text-bg-success"


def court_roles(user: User, court) -> list[RoleAssignment]:
    """The roles ``user`` holds in ``court``, court-wide ones first."""
    held = [a for a in user.roles if a.court_id == court.id]
    return sorted(held, key=lambda a: (ROLE_SCOPES.get(a.role) != "court", a.role, a.organisation_id or 0))


def role_label(assignment: RoleAssignment) -> str:
    label = ROLE_LABELS.get(assignment.role, assignment.role)
    if assignment.organisation is not None:
        return f"{label} · {assignment.organisation.name}"
    return label


def assignable_branches(court) -> list[Organisation]:
    return active_branches(court)


def linkable_members(court, user: User | None = None) -> dict[str, list[tuple[int, str]]]:
    """Members of ``court`` who may be linked to ``user``'s account, grouped by
    branch: on the roll and not linked to any other account."""
    taken = select(User.member_id).where(User.member_id.is_not(None))
    if user is not None:
        taken = taken.where(User.id != user.id)
    rows = db.session.execute(
        select(Member.id, Member.name, Organisation.name)
        .join(Organisation, Member.branch_id == Organisation.id)
        .where(Member.court_id == court.id, Member.left_on.is_(None), Member.id.not_in(taken))
        .order_by(Organisation.position, Organisation.id, Member.name)
    ).all()
    grouped: dict[str, list[tuple[int, str]]] = {}
    for member_id, name, branch_name in rows:
        grouped.setdefault(branch_name, []).append((member_id, name))
    return grouped


def court_assignment(court, user: User, assignment_id: int) -> RoleAssignment | None:
    return db.session.scalar(
        select(RoleAssignment).where(
            RoleAssignment.id == assignment_id,
            RoleAssignment.user_id == user.id,
            RoleAssignment.court_id == court.id,
        )
    )


# Accounts --------------------------------------------------------------------


def _check_member(court, member_id: int | None, user: User | None = None) -> Member | None:
    if member_id is None:
        return None
    member = db.session.scalar(select(Member).where(Member.id == member_id, Member.court_id == court.id))
    if member is None or member.left_on is not None:
        raise Refused("请选择本院在册的党员。", field="member_id")
    owner = db.session.scalar(select(User).where(User.member_id == member.id))
    if owner is not None and (user is None or owner.id != user.id):
        raise Refused(f"该党员已关联账号 {owner.username}，一名党员只能有一个账号。", field="member_id")
    return member


def username_taken(username: str) -> bool:
    return (
        db.session.scalar(select(func.count(User.id)).where(func.lower(User.username) == username.lower())) or 0
    ) > 0


def create_user(court, *, username: str, display_name: str, member_id: int | None, password: str) -> User:
    username = username.strip()
    errors: dict[str, list[str]] = {}
    if username_taken(username):
        errors["username"] = ["该用户名已被使用，请换一个。"]
    problems = password_problems(password, username, [display_name])
    if problems:
        errors["password"] = problems
    if errors:
        raise Refused(errors=errors)
    member = _check_member(court, member_id)
    user = User(
        username=username,
        display_name=display_name.strip(),
        password_hash=hash_password(password),
        court_id=court.id,
        member=member,
        must_change_password=True,
    )
    db.session.add(user)
    try:
        db.session.flush()
    except IntegrityError:  # another admin took the name or member a moment ago
        raise Refused("该用户名或关联党员刚刚被其他账号占用，请检查后重试。") from None
    linked = f"，关联党员 {member.name}" if member else ""
    record("user.created", f"创建账号 {user.username}（{user.display_name}）{linked}", target=user, court=court)
    return user


def update_user(court, user: User, *, display_name: str, member_id: int | None) -> dict:
    """Change the display name and member link; returns what changed."""
    member = _check_member(court, member_id, user)
    changes: dict[str, list[str | None]] = {}
    display_name = display_name.strip()
    if display_name != user.display_name:
        changes["display_name"] = [user.display_name, display_name]
        user.display_name = display_name
    if (member.id if member else None) != user.member_id:
        changes["member"] = [user.member.name if user.member else None, member.name if member else None]
        user.member = member
    if changes:
        record(
            "user.updated", f"修改账号 {user.username}：{_describe(changes)}", target=user, court=court, detail=changes
        )
    return changes


def _describe(changes: dict) -> str:
    parts = []
    if "display_name" in changes:
        parts.append(f"姓名改为“{changes['display_name'][1]}”")
    if "member" in changes:
        new = changes["member"][1]
        parts.append(f"关联党员改为 {new}" if new else "取消关联党员")
    return "，".join(parts)


def _refuse_self(user: User, actor, message: str) -> None:
    if actor is not None and actor.id == user.id:
        raise Refused(message)


def disable_user(court, user: User, actor) -> None:
    _refuse_self(user, actor, "不能停用您自己正在使用的账号。")
    if not user.is_enabled:
        return
    user.is_enabled = False
    end_all_sessions(user)
    record("user.disabled", f"停用账号 {user.username}（{user.display_name}）", target=user, court=court)


def enable_user(court, user: User) -> None:
    if user.is_enabled:
        return
    user.is_enabled = True
    user.failed_logins = 0
    user.locked_until = None
    record("user.enabled", f"启用账号 {user.username}（{user.display_name}）", target=user, court=court)


def reset_password(court, user: User, password: str, actor) -> None:
    _refuse_self(user, actor, "请在右上角菜单的“修改密码”中修改您自己的密码。")
    problems = password_problems(password, user.username, user.person_names)
    if problems:
        raise Refused(errors={"password": problems})
    user.password_hash = hash_password(password)
    # None marks a password chosen by an administrator, not yet by the user.
    user.password_changed_at = None
    user.must_change_password = True
    user.failed_logins = 0
    user.locked_until = None
    end_all_sessions(user)
    record("user.password_reset", f"重置账号 {user.username}（{user.display_name}）的密码", target=user, court=court)


def unlock_user(court, user: User) -> None:
    user.failed_logins = 0
    user.locked_until = None
    record("user.unlocked", f"解除账号 {user.username}（{user.display_name}）的登录锁定", target=user, court=court)


# Roles -----------------------------------------------------------------------


def grant_role(court, user: User, role: str, branch_id: int | None) -> RoleAssignment:
    if role not in ASSIGNABLE_IN_COURT:
        raise Refused("这个角色不能在本院授予。", field="role")
    branch = None
    if ROLE_SCOPES[role] == "branch":
        branch = active_branch(court, branch_id)
        if branch is None:
            raise Refused("请选择本院现有的党支部。", field="branch_id")
    organisation_id = branch.id if branch else None
    if any(a.role == role and a.court_id == court.id and a.organisation_id == organisation_id for a in user.roles):
        raise Refused(f"{user.label} 已经拥有这个角色。")
    assignment = RoleAssignment(user=user, role=role, court_id=court.id, organisation=branch)
    db.session.add(assignment)
    db.session.flush()
    label = ROLE_LABELS[role] + (f"（{branch.name}）" if branch else "")
    record(
        "role.granted",
        f"授予 {user.username}（{user.display_name}）{label}",
        target=user,
        court=court,
        detail={"role": role, "organisation_id": organisation_id},
    )
    _tell_role_change(court, user, f"您已被授予{court.display_name}的{label}角色")
    return assignment


def revoke_role(court, user: User, assignment: RoleAssignment, actor) -> None:
    if assignment.court_id != court.id or assignment.user_id != user.id:
        raise Refused("找不到这个角色。")
    if assignment.role not in ASSIGNABLE_IN_COURT:
        raise Refused("这个角色不能在本院撤销。")
    if _would_lock_out(court, user, assignment, actor):
        raise Refused(
            "不能撤销您自己唯一的机关党委管理员角色，否则将无法再管理本院账号。"
            "如需移交，请先为接任者授予该角色，再由接任者撤销您的角色。"
        )
    label = role_label(assignment)
    detail = {"role": assignment.role, "organisation_id": assignment.organisation_id}
    user.roles.remove(assignment)
    db.session.delete(assignment)
    record(
        "role.revoked", f"撤销 {user.username}（{user.display_name}）的{label}", target=user, court=court, detail=detail
    )
    branch = assignment.organisation
    plain = ROLE_LABELS.get(assignment.role, assignment.role) + (f"（{branch.name}）" if branch else "")
    _tell_role_change(court, user, f"您在{court.display_name}的{plain}角色已被撤销")


def _tell_role_change(court, user: User, title: str) -> None:
    from flask import url_for

    from ..inbox.notify import notify

    notify(
        [user],
        court=court,
        kind="account.role_changed",
        title=title,
        body="您能看到的菜单和能办理的事项已随角色变化。如有疑问，请联系本院机关党委管理员。",
        url=url_for("court.home", court_slug=court.slug),
    )


def _would_lock_out(court, user: User, assignment: RoleAssignment, actor) -> bool:
    if actor is None or actor.id != user.id or assignment.role != COURT_ADMIN:
        return False
    if is_platform_admin(actor):
        return False
    others = [a for a in user.roles if a.role == COURT_ADMIN and a.court_id == court.id and a.id != assignment.id]
    return not others
