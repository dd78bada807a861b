"""The module's blueprint and who may see a candidate's file."""

from __future__ import annotations

from flask import Blueprint, abort, g
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from dangjian.api import Organisation, active_branches, branch_scope, can, current_user, db

from . import services
from .models import Candidate

bp = Blueprint("development", __name__)

MANAGE = "development.manage"


def scope() -> set[int] | None:
    return branch_scope(current_user, MANAGE, g.court)


def manages(candidate: Candidate) -> bool:
    """The branch's secretary and the court admin (not the court above, not an editor)."""
    if not can(MANAGE):
        return False
    allowed = scope()
    return allowed is None or candidate.branch_id in allowed


def may_see(candidate: Candidate) -> bool:
    return manages(candidate) or (current_user.is_authenticated and candidate.user_id == current_user.id)


def _candidate(candidate_id: int) -> Candidate | None:
    return db.session.scalar(select(Candidate).where(Candidate.id == candidate_id, Candidate.court_id == g.court.id))


def visible_candidate(candidate_id: int) -> Candidate:
    """A candidate file the user may read, or 404 (its existence is not revealed)."""
    candidate = _candidate(candidate_id)
    if candidate is None or not may_see(candidate):
        abort(404)
    return candidate


def managed_candidate(candidate_id: int) -> Candidate:
    candidate = _candidate(candidate_id)
    if candidate is None or not manages(candidate):
        abort(404)
    return candidate


def branch_choices() -> list[SelectChoice]:
    return [SelectChoice(b.id, b.name) for b in active_branches(g.court, within=scope())]


def branch_in_scope(branch_id: int) -> Organisation | None:
    allowed = scope()
    if allowed is not None and branch_id not in allowed:
        return None
    return next((b for b in active_branches(g.court, within=allowed) if b.id == branch_id), None)


@bp.before_request
def _defaults():
    # The procedure is data: a court gets the default the first time it opens the module.
    if services.ensure_steps(g.court):
        db.session.commit()
