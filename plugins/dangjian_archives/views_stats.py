"""The statistics table and the meeting plans."""

from __future__ import annotations

from urllib.parse import quote

from flask import flash, g, make_response, redirect, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from dangjian.api import audit, current_user, db, get_in_scope_or_404, int_arg, requires, year_arg

from .blueprint import bp, branch_choices, branch_in_scope, scope, today
from .forms import PlanForm, choices
from .models import PlanItem
from .periods import GRANULARITIES, period_name
from .services import stats
from .services.exports import stats_xlsx
from .services.setup import meeting_types


def _table():
    now = today()
    year = min(max(year_arg("year", now.year), 2000), 2100)
    granularity = request.args.get("granularity", "year")
    if granularity not in GRANULARITIES:
        granularity = "year"
    limit = {"month": 12, "quarter": 4, "year": 1}[granularity]
    default_index = {"month": now.month, "quarter": (now.month - 1) // 3 + 1, "year": 1}[granularity]
    index = int_arg("index", default_index, maximum=12)
    index = min(max(index, 1), limit)
    visible = scope("archives.stats")
    city = request.args.get("scope") == "city" and visible is None
    courts = stats.city_courts(g.court) if city else [g.court]
    table = stats.build(courts, year, granularity, index, now, scope=visible)
    return table, period_name(granularity, (year, index)), city


@bp.route("/stats/")
@requires("archives.stats")
def stats_table():
    table, label, city = _table()
    children = [c for c in stats.city_courts(g.court)[1:]] if scope("archives.stats") is None else []
    chart = [
        (row.branch.name if row.branch else row.court.display_name, row.total.rate or 0)
        for row in (list(table.court_rows.values()) if city else table.rows)
    ]
    summary = table.city or next(iter(table.court_rows.values()))
    held = [
        (
            name,
            round((summary.cells[code].on_time + summary.cells[code].late) * 100 / summary.cells[code].required)
            if summary.cells[code].required
            else 0,
        )
        for code, name in table.columns
    ]
    return render_template(
        "archives/stats.html",
        table=table,
        label=label,
        city=city,
        chart=chart,
        held=held,
        granularities=GRANULARITIES,
        children=children,
        this_year=today().year,
    )


@bp.route("/stats/export")
@requires("archives.stats")
def stats_export():
    table, label, _city = _table()
    response = make_response(stats_xlsx(table, label))
    response.mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    name = f"三会一课情况统计表_{label}.xlsx"
    response.headers["Content-Disposition"] = f"attachment; filename=\"stats.xlsx\"; filename*=UTF-8''{quote(name)}"
    return response


def _plan_form():
    form = PlanForm()
    form.branch_id.choices = choices(branch_choices("archives.record"))
    form.type_id.choices = choices((t.id, t.name) for t in meeting_types(g.court))
    return form


def _plans_page(form, branch_id, year):
    visible = scope()
    items = []
    if branch_id and (visible is None or branch_id in visible):
        items = list(
            db.session.scalars(
                select(PlanItem)
                .where(PlanItem.court_id == g.court.id, PlanItem.branch_id == branch_id, PlanItem.year == year)
                .options(selectinload(PlanItem.type))
                .order_by(PlanItem.quarter.is_(None).desc(), PlanItem.quarter, PlanItem.month, PlanItem.id)
            )
        )
    return render_template(
        "archives/plans.html",
        form=form,
        items=items,
        choices=branch_choices("archives.view"),
        branch_id=branch_id,
        year=year,
        may_record=bool(form.branch_id.choices),
    )


@bp.route("/plans/")
@requires("archives.view")
def plans():
    offered = branch_choices("archives.view")
    year = year_arg("year", today().year)
    branch_id = int_arg("branch") or (offered[0][0] if offered else None)
    form = _plan_form()
    form.year.data, form.branch_id.data = year, branch_id
    return _plans_page(form, branch_id, year)


@bp.route("/plans/add", methods=["POST"])
@requires("archives.record")
def plan_add():
    form = _plan_form()
    if not form.validate_on_submit():
        return _plans_page(form, form.branch_id.data, form.year.data or today().year), 400
    branch = branch_in_scope(form.branch_id.data, "archives.record")
    item = PlanItem(
        court_id=g.court.id,
        branch_id=branch.id,
        year=form.year.data,
        quarter=form.quarter.data or None,
        month=form.month.data,
        type_id=form.type_id.data,
        theme=form.theme.data.strip(),
        lecturer=(form.lecturer.data or "").strip(),
    )
    db.session.add(item)
    db.session.flush()
    audit("archives.plan_added", f"新增会议计划：{branch.name} {item.theme}", target=item, court=g.court)
    db.session.commit()
    flash("计划已添加。", "success")
    return redirect(url_for("archives.plans", branch=branch.id, year=item.year))


@bp.route("/plans/<int:plan_id>/delete", methods=["POST"])
@requires("archives.record")
def plan_delete(plan_id):
    item = get_in_scope_or_404(PlanItem, plan_id, "archives.record")
    audit("archives.plan_deleted", f"删除会议计划：{item.theme}", target=item, court=g.court, user=current_user)
    branch_id, year = item.branch_id, item.year
    db.session.delete(item)
    db.session.commit()
    flash("计划已删除。", "success")
    return redirect(url_for("archives.plans", branch=branch_id, year=year))
