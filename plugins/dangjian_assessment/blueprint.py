"""The module's blueprint and the helpers its views share."""

from __future__ import annotations

from flask import Blueprint, abort, g
from sqlalchemy import select

from dangjian.api import branch_scope, can, court_today, current_user, db, get_in_court_or_404, member_of

from .models import NOTICE, PUBLISHED, Assessment, BranchEntry
from .scorecard import ENTRY_LABELS, STAR_LABELS, STATUS_LABELS, STEPS, points_text

bp = Blueprint("assessment", __name__)


def status_code(form) -> int:
    return 422 if form is not None and form.errors else 200


# --- the yearly cycle: who may see and do what ---------------------------------------


def today():
    return court_today(g.court)


def assessment_or_404(assessment_id: int) -> Assessment:
    return get_in_court_or_404(Assessment, assessment_id)


def entry_or_404(assessment: Assessment, entry_id: int) -> BranchEntry:
    entry = db.session.scalar(
        select(BranchEntry).where(BranchEntry.id == entry_id, BranchEntry.assessment_id == assessment.id)
    )
    if entry is None:
        abort(404)
    return entry


def manages() -> bool:
    """The court admin (or the platform admin): the whole court."""
    return can("assessment.manage") and branch_scope(current_user, "assessment.manage", g.court) is None


def self_scope() -> set[int] | None:
    """Branches whose self-assessment the user fills (``None``: all)."""
    if not can("assessment.self"):
        return set()
    return branch_scope(current_user, "assessment.self", g.court)


def sees_whole_court() -> bool:
    """Court admins and those who oversee the court (the 中院's admin)."""
    return can("assessment.view") and branch_scope(current_user, "assessment.view", g.court) is None


def may_fill(entry: BranchEntry) -> bool:
    scope = self_scope()
    return scope is None or entry.branch_id in scope


def own_member_branch() -> int | None:
    member = member_of(current_user, g.court) if current_user.is_authenticated else None
    return member.branch_id if member is not None else None


def may_see_entry(assessment: Assessment, entry: BranchEntry) -> bool:
    """The scorecard: the whole court for its admins; a branch's secretary
    always; the branch's members once the results are published."""
    if sees_whole_court() or may_fill(entry):
        return True
    return assessment.status == PUBLISHED and own_member_branch() == entry.branch_id


def may_see_results(assessment: Assessment) -> bool:
    """The league table: every court member during the notice and after."""
    return sees_whole_court() or assessment.status in (NOTICE, PUBLISHED)


def see_entry_or_404(assessment: Assessment, entry: BranchEntry) -> None:
    if not may_see_entry(assessment, entry):
        abort(404)


@bp.context_processor
def _helpers():
    return {
        "points_text": points_text,
        "status_labels": STATUS_LABELS,
        "entry_labels": ENTRY_LABELS,
        "star_labels": STAR_LABELS,
        "cycle_steps": STEPS,
    }
