"""Counting the member roll."""

from __future__ import annotations

from sqlalchemy import func, select

from ..db import db
from .models import Member


def member_counts_by_branch(court) -> dict[int, int]:
    """{branch id: members on the roll now} for the court's branches (one query)."""
    rows = db.session.execute(
        select(Member.branch_id, func.count(Member.id))
        .where(Member.court_id == court.id, Member.left_on.is_(None))
        .group_by(Member.branch_id)
    ).all()
    return {branch_id: count for branch_id, count in rows}
