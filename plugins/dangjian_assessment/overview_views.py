"""The court's overviews of an assessment: the per-aspect heat map, and the
intermediate court's city view of the basic courts below it."""

from __future__ import annotations

from flask import abort, g, render_template

from dangjian.api import can, court_today, requires, year_arg

from . import city, heatmap
from .blueprint import assessment_or_404, bp, manages, may_fill, may_see_results, sees_whole_court


def shows_city() -> bool:
    """The city view is for the intermediate court's whole-court viewers."""
    return g.court.parent_id is None and bool(g.court.children) and sees_whole_court()


@bp.context_processor
def _city_helpers():
    # may_fill: who may download a branch's Word sheet (export_views.export_docx).
    return {"shows_city": shows_city, "may_export_docx": lambda entry: can("assessment.self") and may_fill(entry)}


@bp.route("/cycles/<int:assessment_id>/heatmap")
@requires("assessment.view")
def heatmap_page(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not may_see_results(assessment):
        abort(404)
    return render_template(
        "assessment/views/heatmap.html",
        assessment=assessment,
        heat=heatmap.heat_map(g.court, assessment),
        bands=heatmap.BANDS,
        manages=manages(),
    )


@bp.route("/city")
@requires("assessment.view")
def city_page():
    # The intermediate court's whole-court viewers only: a basic court has no city.
    if g.court.parent_id is not None or not sees_whole_court():
        abort(404)
    courts = city.basic_courts(g.court)
    years = city.years(courts)
    default = years[0] if years else court_today(g.court).year - 1
    year = year_arg("year", default)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return render_template(
        "assessment/views/city.html",
        courts=courts,
        figures=city.city_figures(courts, year),
        year=year,
        years=years,
    )
