"""Who holds a role where: the people an event concerns (notifications)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from ..db import db
from .models import RoleAssignment


def role_holders(court, role: str, branch_ids: Iterable[int]) -> dict[int, set[int]]:
    """Ids of the enabled accounts holding ``role`` in each of ``branch_ids``
    of ``court`` (e.g. the secretaries of the branches whose records were
    approved), in one query whatever the number of branches.  Branches
    nobody holds the role in are absent from the result."""
    from ..auth.models import User

    wanted = set(branch_ids)
    found: dict[int, set[int]] = {}
    if not wanted:
        return found
    rows = db.session.execute(
        select(RoleAssignment.organisation_id, RoleAssignment.user_id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.court_id == court.id,
            RoleAssignment.role == role,
            RoleAssignment.organisation_id.in_(wanted),
            User.is_enabled.is_(True),
        )
    )
    for branch_id, user_id in rows:
        if branch_id is not None:  # always: the query asks for these branches
            found.setdefault(branch_id, set()).add(user_id)
    return found
