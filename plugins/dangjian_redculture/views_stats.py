"""Participation statistics and the intermediate court's aggregate."""

from __future__ import annotations

from flask import g, render_template

from dangjian.api import Court, branch_scope, current_user, db, requires, year_arg

from . import services, stats
from .views import bp


def _year() -> int:
    this_year = services.court_today(g.court).year
    year = year_arg("year", this_year)
    return year if 2000 <= year <= this_year + 1 else this_year


@bp.route("/stats")
@requires("redculture.stats")
def statistics():
    year = _year()
    scope = branch_scope(current_user, "redculture.stats", g.court)
    rows, total = stats.branch_rows(g.court, year, scope)
    has_below = scope is None and db.session.query(Court.id).filter(Court.parent_id == g.court.id).first() is not None
    return render_template(
        "redculture/stats.html",
        year=year,
        rows=rows,
        total=total,
        scope=scope,
        yearly=stats.yearly(g.court, year, scope=scope),
        has_below=has_below,
        points=[(r.label, r.participations) for r in rows],
        years=range(services.court_today(g.court).year, services.court_today(g.court).year - 6, -1),
    )


@bp.route("/stats/courts")
@requires("redculture.stats")
def statistics_courts():
    year = _year()
    scope = branch_scope(current_user, "redculture.stats", g.court)
    rows = stats.courts_below(g.court, year) if scope is None else []
    own = stats.court_total(g.court, year) if scope is None else None
    return render_template(
        "redculture/stats_courts.html",
        year=year,
        rows=rows,
        own=own,
        allowed=scope is None,
        points=[(r.label, r.rate) for r in ([own, *rows] if own else [])],
        years=range(services.court_today(g.court).year, services.court_today(g.court).year - 6, -1),
    )
