"""What the yearly cycle adds to the host's screens: the dashboard card
"what is due in the current cycle" (the nav item is in ``__init__``)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from dangjian.api import Widget, branch_scope, can, court_today, db

from . import review_services
from .models import ENTRY_DRAFT, NOTICE, OPEN, PUBLISHED, REVIEWING, Assessment, BranchEntry
from .scorecard import STATUS_LABELS


def dashboard_widgets(court, user) -> list[Widget]:
    if not getattr(user, "is_authenticated", False) or not can("assessment.view", court):
        return []
    current = db.session.scalar(
        select(Assessment)
        .where(Assessment.court_id == court.id, Assessment.status.in_((OPEN, REVIEWING, NOTICE)))
        .order_by(Assessment.period_end.desc(), Assessment.id.desc())
        .limit(1)
    )
    latest = None
    if current is None:
        latest = db.session.scalar(
            select(Assessment)
            .where(Assessment.court_id == court.id, Assessment.status == PUBLISHED)
            .order_by(Assessment.period_end.desc(), Assessment.id.desc())
            .limit(1)
        )
        if latest is None:
            return []
    own_entries: list[BranchEntry] = []
    to_review = 0
    manages = can("assessment.manage", court) and branch_scope(user, "assessment.manage", court) is None
    drafts = 0
    if current is not None:
        scope = branch_scope(user, "assessment.self", court) if can("assessment.self", court) else set()
        if scope:
            own_entries = list(
                db.session.scalars(
                    select(BranchEntry).where(BranchEntry.assessment_id == current.id, BranchEntry.branch_id.in_(scope))
                )
            )
        if review_services.reviewer_of(current, user) is not None:
            to_review = sum(1 for e in review_services.reviewable(court, current, user) if e.status != "reviewed")
        if manages and current.status == OPEN:
            drafts = len(
                list(
                    db.session.scalars(
                        select(BranchEntry.id).where(
                            BranchEntry.assessment_id == current.id, BranchEntry.status == ENTRY_DRAFT
                        )
                    )
                )
            )
    html = render_template(
        "assessment/cycle/widget.html",
        current=current,
        latest=latest,
        own_entries=own_entries,
        to_review=to_review,
        manages=manages,
        drafts=drafts,
        today=court_today(court),
        status_labels=STATUS_LABELS,
    )
    return [Widget("党建考评", Markup(html), order=45)]
