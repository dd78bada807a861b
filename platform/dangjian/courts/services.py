"""Reading courts and their hierarchy."""

from __future__ import annotations

from sqlalchemy import false, func, select

from ..db import db
from ..members.models import Member
from ..org.models import Organisation
from .models import Court


def court_tree() -> list[Court]:
    """Top-level courts with their children loaded, in display order."""
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    return [court for court in courts if court.parent_id is None]


def _active_branch_query(court: Court):
    return select(Organisation).where(
        Organisation.court_id == court.id,
        Organisation.kind == "branch",
        Organisation.dissolved_at.is_(None),
    )


def active_branches(court: Court, within: set[int] | None = None) -> list[Organisation]:
    """The court's branches in display order; ``within`` (a branch scope,
    see ``access.branch_scope``) narrows them, ``None`` meaning all."""
    query = _active_branch_query(court)
    if within is not None:
        query = query.where(Organisation.id.in_(within) if within else false())
    return list(db.session.scalars(query.order_by(Organisation.position, Organisation.id)))


def active_branch(court: Court, branch_id: int | None) -> Organisation | None:
    """One active branch of ``court`` by id; None for anything else."""
    if not branch_id:
        return None
    return db.session.scalar(_active_branch_query(court).where(Organisation.id == branch_id))


def member_counts_by_branch(court: Court) -> dict[int, int]:
    rows = db.session.execute(
        select(Member.branch_id, func.count(Member.id))
        .where(Member.court_id == court.id, Member.left_on.is_(None))
        .group_by(Member.branch_id)
    ).all()
    return {branch_id: count for branch_id, count in rows}
