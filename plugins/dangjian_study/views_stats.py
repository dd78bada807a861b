"""Statistics, the Excel export and the optional points ranking."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from flask import abort, g, make_response, render_template

from dangjian.api import audit, branch_scope, current_user, date_arg, db, int_arg, page_arg, requires, writing

from . import export, services, stats
from .views import bp


def _period():
    """The chosen period (?start=&end=), this year so far by default."""
    today = services.court_today(g.court)
    default_start = date(today.year, 1, 1)

    start, end = date_arg("start", default_start), date_arg("end", today)
    if end < start:
        start, end = end, start
    if (end - start).days > 3 * 366:
        start = date(end.year - 2, 1, 1)
    return start, end


def _context():
    scope = branch_scope(current_user, "study.stats", g.court)
    start, end = _period()
    branches = services.active_branches(g.court, scope)
    rows, total = stats.branch_rows(g.court, scope, start, end, branches)
    # The court above sees this court in aggregate only, never member by member.
    personal = services.holds_role_in(current_user, g.court)
    return scope, start, end, branches, rows, total, personal


@bp.route("/stats")
@requires("study.stats")
def statistics():
    scope, start, end, branches, rows, total, personal = _context()
    branch_id = int_arg("branch")
    if branch_id not in {b.id for b in branches}:
        branch_id = branches[0].id if scope is not None and len(branches) == 1 else None
    page = members = None
    if personal:
        page = db.paginate(
            stats.scoped_members(g.court, scope, branch_id), page=page_arg(), per_page=50, error_out=False
        )
        members = stats.member_rows(g.court, page.items, start, end)
    children = stats.court_rows(g.court, start, end) if scope is None and personal and g.court.children else []
    trend = stats.monthly_trend(g.court, scope, start, end)
    return render_template(
        "study/stats.html",
        checkin_points=[(label, count) for label, count, _h in trend],
        hours_points=[(label, hours) for label, _c, hours in trend],
        start=start,
        end=end,
        rows=rows,
        total=total,
        branches=branches,
        branch_id=branch_id,
        page=page,
        members=members,
        children=children,
        points_on=stats.points_enabled(g.court),
        personal=personal,
        targets=_targets(page.items if page else []),
    )


def _targets(members) -> dict[int, int]:
    values = services.settings(g.court)  # read once, not once per member
    return {m.id: services.target_hours(g.court, m, values) for m in members}


@bp.route("/stats/export")
@requires("study.stats")
def statistics_export():
    scope, start, end, _branches, rows, total, personal = _context()
    member_rows = targets = None
    if personal:
        members = list(db.session.scalars(stats.scoped_members(g.court, scope)))
        member_rows = stats.member_rows(g.court, members, start, end)
        targets = _targets(members)
    data = export.workbook(g.court.name, start, end, rows, total, member_rows, targets)
    db.session.rollback()  # end the read; the audit entry gets its own writing transaction
    with writing():
        audit("study.exported", f"导出学习统计（{start} 至 {end}）", court=g.court, user=current_user)
        db.session.commit()
    name = f"学习统计_{g.court.display_name}_{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    response = make_response(data)
    response.headers["Content-Type"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response.headers["Content-Disposition"] = f"attachment; filename=\"study.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


@bp.route("/ranking")
@requires("study.view")
def ranking():
    if not stats.points_enabled(g.court):
        abort(404)  # points and rankings are off unless the court admin turns them on
    scope = branch_scope(current_user, "study.stats", g.court)
    if scope is not None and not scope:
        member = services.member_of(current_user, g.court)
        scope = {member.branch_id} if member else set(branch_scope(current_user, "study.view", g.court) or [])
    start, end = _period()
    return render_template(
        "study/ranking.html",
        rows=stats.ranking(g.court, scope, start, end),
        start=start,
        end=end,
        rules=services.settings(g.court),
    )
