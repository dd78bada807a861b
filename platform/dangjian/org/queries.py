"""Which branches of a court are active: the lists every branch picker and
scoped screen starts from."""

from __future__ import annotations

from sqlalchemy import false, select

from ..db import db
from .models import Organisation


def _active_branch_query(court):
    return select(Organisation).where(
        Organisation.court_id == court.id,
        Organisation.kind == "branch",
        Organisation.dissolved_at.is_(None),
    )


def active_branches(court, within: set[int] | None = None) -> list[Organisation]:
    """The court's branches in display order; ``within`` (a branch scope,
    see ``access.branch_scope``) narrows them, ``None`` meaning all."""
    query = _active_branch_query(court)
    if within is not None:
        query = query.where(Organisation.id.in_(within) if within else false())
    return list(db.session.scalars(query.order_by(Organisation.position, Organisation.id)))


def active_branch(court, branch_id: int | None) -> Organisation | None:
    """One active branch of ``court`` by id; None for anything else."""
    if not branch_id:
        return None
    return db.session.scalar(_active_branch_query(court).where(Organisation.id == branch_id))
