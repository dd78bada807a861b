"""The module's blueprint and helpers shared by its views."""

from __future__ import annotations

from flask import Blueprint, abort, g
from sqlalchemy import select

from dangjian.api import Organisation, branch_scope, current_user, db, utcnow

from .periods import local_date
from .services.setup import branches

bp = Blueprint("archives", __name__)


def today():
    return local_date(g.court, utcnow())


def scope(permission: str = "archives.view"):
    return branch_scope(current_user, permission, g.court)


def branch_choices(permission: str) -> list[tuple[int, str]]:
    return [(branch.id, branch.name) for branch in branches(g.court, scope(permission))]


def branch_in_scope(branch_id, permission: str) -> Organisation:
    """A branch of this court the user may act for, or 404."""
    allowed = scope(permission)
    branch = db.session.scalar(
        select(Organisation).where(
            Organisation.id == branch_id, Organisation.court_id == g.court.id, Organisation.kind == "branch"
        )
    )
    if branch is None or (allowed is not None and branch.id not in allowed):
        abort(404)
    return branch
