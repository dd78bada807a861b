"""Who may see pay figures and record payments for which branch.

Pay is personal data: the member themselves, their branch's secretary, the
branch's dues officer (a designation kept by this module) and the court
admin — no one else, and no oversight from the court above.
"""

from __future__ import annotations

from flask import abort, g
from sqlalchemy import select

from dangjian.api import Member, Organisation, branch_scope, current_user, db, member_of

from .models import Officer


def officer_branches(user, court) -> set[int]:
    member = member_of(user, court) if getattr(user, "is_authenticated", False) else None
    if member is None:
        return set()
    # Only the branch the officer is in now: a designation does not follow a member who moved on.
    found = select(Officer.branch_id).where(Officer.member_id == member.id, Officer.branch_id == member.branch_id)
    return set(db.session.scalars(found))


def manage_scope(user, court) -> set[int] | None:
    """Branch ids whose dues ``user`` keeps (``None``: the whole court)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    scope = branch_scope(user, "dues.manage", court)
    if scope is None:
        return None
    return scope | officer_branches(user, court)


def secretary_scope(user, court) -> set[int] | None:
    """Branches whose dues officers ``user`` designates: secretaries and admins, not officers."""
    return branch_scope(user, "dues.manage", court)


def may_manage(user, court) -> bool:
    scope = manage_scope(user, court)
    return scope is None or bool(scope)


def may_see_pay(user, court, member: Member) -> bool:
    if member.court_id != court.id:
        return False
    if member_of(user, court) is member:
        return True
    scope = manage_scope(user, court)
    return scope is None or member.branch_id in scope


def current_scope() -> set[int] | None:
    return manage_scope(current_user, g.court)


def require_manager() -> set[int] | None:
    scope = current_scope()
    if scope is not None and not scope:
        abort(403)
    return scope


def branch_or_404(branch_id: int, scope: set[int] | None) -> Organisation:
    branch = db.session.scalar(
        select(Organisation).where(
            Organisation.id == branch_id, Organisation.court_id == g.court.id, Organisation.kind == "branch"
        )
    )
    if branch is None or (scope is not None and branch.id not in scope):
        abort(404)
    return branch


def member_or_404(member_id: int, scope: set[int] | None) -> Member:
    member = db.session.scalar(select(Member).where(Member.id == member_id, Member.court_id == g.court.id))
    if member is None or (scope is not None and member.branch_id not in scope):
        abort(404)
    return member
