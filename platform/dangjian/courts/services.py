"""Reading courts and their hierarchy (a court's branches: org/queries.py;
its members: members/queries.py)."""

from __future__ import annotations

from sqlalchemy import select

from ..db import db
from .models import Court


def court_tree() -> list[Court]:
    """Top-level courts with their children loaded, in display order."""
    courts = db.session.scalars(select(Court).order_by(Court.position, Court.id)).all()
    return [court for court in courts if court.parent_id is None]
