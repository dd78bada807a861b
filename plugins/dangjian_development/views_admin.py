"""The court's procedure (steps as data) and its statistics per branch and year."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from sqlalchemy import extract, func, select

from dangjian.api import active_branches, audit, court_today, current_user, db, get_in_court_or_404, requires, year_arg

from . import services
from .blueprint import bp
from .forms import StepEditForm
from .models import Candidate, Step, StepRecord

# Counted per branch and year, each figure by the step that marks it.
COUNTED = {
    "apply": "递交入党申请",
    "activist": "确定入党积极分子",
    "target": "确定发展对象",
    "approve": "接收预备党员",
    "convert_approve": "转为正式党员",
}


@bp.route("/steps")
@requires("development.configure")
def steps():
    return render_template("development/steps.html", steps=services.steps(g.court))


def _fill(form: StepEditForm, step: Step) -> None:
    step.title = form.title.data.strip()
    step.hint = (form.hint.data or "").strip()
    if not step.builtin:  # the rules key on the built-in steps' stage and order
        step.stage = form.stage.data
        step.position = form.position.data
        step.repeatable = bool(form.repeatable.data)


@bp.route("/steps/new", methods=["GET", "POST"])
@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@requires("development.configure")
def step_edit(step_id: int | None = None):
    step = get_in_court_or_404(Step, step_id) if step_id else None
    form = StepEditForm(obj=step)
    if form.validate_on_submit():
        if step is None:
            count = db.session.scalar(select(func.count(Step.id)).where(Step.court_id == g.court.id)) or 0
            step = Step(court_id=g.court.id, code=f"custom-{count + 1}")
            while db.session.scalar(select(Step.id).where(Step.court_id == g.court.id, Step.code == step.code)):
                count += 1
                step.code = f"custom-{count + 1}"
            db.session.add(step)
        _fill(form, step)
        db.session.flush()
        audit("development.step_saved", f"保存发展党员环节：{step.title}", court=g.court, user=current_user)
        db.session.commit()
        flash("环节已保存。", "success")
        return redirect(url_for("development.steps"))
    return render_template("development/step_form.html", form=form, step=step), 422 if form.errors else 200


@bp.route("/steps/<int:step_id>/delete", methods=["POST"])
@requires("development.configure")
def step_remove(step_id: int):
    step = get_in_court_or_404(Step, step_id)
    if step.builtin:
        abort(404)
    used = db.session.scalar(select(func.count(StepRecord.id)).where(StepRecord.step_id == step.id))
    if used:
        flash(f"已有 {used} 份档案登记了“{step.title}”，不能删除；可以改名。", "danger")
        return redirect(url_for("development.steps"))
    title = step.title
    db.session.delete(step)
    db.session.flush()
    audit("development.step_deleted_from_procedure", f"删除发展党员环节：{title}", court=g.court, user=current_user)
    db.session.commit()
    flash("环节已删除。", "success")
    return redirect(url_for("development.steps"))


def yearly_counts(court, year: int) -> dict[tuple[int, str], int]:
    """(branch id, step code) → candidates reaching that step in the year: one statement."""
    rows = db.session.execute(
        select(Candidate.branch_id, Step.code, func.count(func.distinct(Candidate.id)))
        .join(StepRecord, StepRecord.candidate_id == Candidate.id)
        .join(Step, Step.id == StepRecord.step_id)
        .where(Candidate.court_id == court.id, Step.code.in_(COUNTED), extract("year", StepRecord.done_on) == year)
        .group_by(Candidate.branch_id, Step.code)
    ).all()
    return {(branch_id, code): count for branch_id, code, count in rows}


@bp.route("/stats")
@requires("development.stats")
def statistics():
    this_year = court_today(g.court).year
    year = year_arg("year", this_year)
    counts = yearly_counts(g.court, year)
    branches = active_branches(g.court)
    rows = [(b, [counts.get((b.id, code), 0) for code in COUNTED]) for b in branches]
    totals = [sum(counts.get((b.id, code), 0) for b in branches) for code in COUNTED]
    return render_template(
        "development/stats.html",
        year=year,
        years=range(this_year, this_year - 8, -1),
        headings=list(COUNTED.values()),
        rows=rows,
        totals=totals,
    )
