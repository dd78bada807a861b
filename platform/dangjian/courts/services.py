"""Reading courts and their hierarchy."""
from __future__ import annotations

from sqlalchemy import func, select

from ..db import db
from ..members.models import Member
from ..org.models import Organisation
from .models import Court


def court_tree() -> list[Court]:
    """Top-level courts with their children loaded, in display order."""
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    return [court for court in courts if court.parent_id is None]


def active_branches(court: Court) -> list[Organisation]:
    return db.session.scalars(
        select(Organisation)
        .where(
            Organisation.court_id == court.id,
            Organisation.kind == "branch",
            Organisation.dissolved_at.is_(None),
        )
        .order_by(Organisation.position, Organisation.id)
    ).all()


def member_counts_by_branch(court: Court) -> dict[int, int]:
    rows = db.session.execute(
        select(Member.branch_id, func.count(Member.id))
        .where(Member.court_id == court.id, Member.left_on.is_(None))
        .group_by(Member.branch_id)
    ).all()
    return {branch_id: count for branch_id, count in rows}
