"""The branch microsite's section (``dangjian_site_sections``): the stars
of the court's latest published assessment and its year, or nothing before
one is published or where the branch had no stars in it.  It runs on the
visitors' (cached) pages, so it costs two statements."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup
from sqlalchemy import select

from dangjian.api import Section, db

from .models import BranchEntry
from .scorecard import STAR_LABELS, latest_published

KEY = "assessment"


def site_sections(court, branch) -> list[Section]:
    latest = latest_published(court)
    if latest is None:
        return []
    assessment, year = latest
    stars = db.session.scalar(
        select(BranchEntry.stars).where(BranchEntry.assessment_id == assessment.id, BranchEntry.branch_id == branch.id)
    )
    if not stars:
        return []
    html = render_template(
        "assessment/views/site_section.html", year=year, stars=stars, label=STAR_LABELS[stars], title=assessment.title
    )
    return [Section(KEY, "支部星级", Markup(html), order=30)]
