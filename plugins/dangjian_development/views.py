"""The pipeline, candidates' files and their steps."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from dangjian.api import AUTHENTICATED, Refused, can, court_today, current_user, db, requires, show_refusal

from . import pipeline, services
from .blueprint import MANAGE, bp, branch_choices, branch_in_scope, managed_candidate, manages, scope, visible_candidate
from .forms import CandidateForm, NewCandidateForm, StepForm
from .models import STAGES, Candidate


@bp.route("/")
@requires(AUTHENTICATED)
def index():
    own = db.session.scalar(
        select(Candidate.id).where(Candidate.court_id == g.court.id, Candidate.user_id == current_user.id)
    )
    if not can(MANAGE):
        if own is None:
            abort(404)
        return redirect(url_for("development.candidate_detail", candidate_id=own))
    board = pipeline.board(g.court, scope(), court_today(g.court))
    return render_template("development/index.html", board=board, stages=STAGES, own=own)


# --- candidates -------------------------------------------------------------------


def _values(form: CandidateForm) -> dict:
    return {
        "name": form.name.data,
        "branch_id": form.branch_id.data,
        "sex": form.sex.data or "",
        "birth_date": form.birth_date.data,
        "education": form.education.data or "",
        "department": form.department.data,
        "contact_person": form.contact_person.data,
        "username": form.username.data,
        "note": form.note.data,
    }


@bp.route("/candidates/new", methods=["GET", "POST"])
@requires(MANAGE)
def candidate_create():
    form = NewCandidateForm()
    form.branch_id.choices = branch_choices()
    if not form.branch_id.choices:
        flash("还没有可以登记的党支部。", "warning")
        return redirect(url_for("development.index"))
    if form.validate_on_submit():
        try:
            if branch_in_scope(form.branch_id.data) is None:
                raise services.DevelopmentRefused("请选择本人负责的党支部", field="branch_id")
            candidate = services.save_candidate(g.court, None, _values(form), current_user)
            apply_step = next(s for s in services.steps(g.court) if s.code == "apply")
            services.record_step(g.court, candidate, apply_step, form.applied_on.data, "", current_user)
            db.session.commit()
            flash(f"已建立 {candidate.name} 的入党档案。", "success")
            return redirect(url_for("development.candidate_detail", candidate_id=candidate.id))
        except Refused as refusal:
            if "done_on" in refusal.errors:
                refusal.errors["applied_on"] = refusal.errors.pop("done_on")
            show_refusal(refusal, form)
    return render_template("development/candidate_form.html", form=form, candidate=None), 422 if form.errors else 200


@bp.route("/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@requires(MANAGE)
def candidate_edit(candidate_id: int):
    candidate = managed_candidate(candidate_id)
    form = CandidateForm(obj=candidate)
    if request.method == "GET":
        form.username.data = candidate.user.username if candidate.user is not None else ""
    form.branch_id.choices = branch_choices()
    if form.validate_on_submit():
        try:
            if branch_in_scope(form.branch_id.data) is None:
                raise services.DevelopmentRefused("请选择本人负责的党支部", field="branch_id")
            services.save_candidate(g.court, candidate, _values(form), current_user)
            db.session.commit()
            flash("档案信息已保存。", "success")
            return redirect(url_for("development.candidate_detail", candidate_id=candidate.id))
        except Refused as refusal:
            show_refusal(refusal, form)
            candidate = managed_candidate(candidate_id)
    return render_template("development/candidate_form.html", form=form, candidate=candidate), (
        422 if form.errors else 200
    )


@bp.route("/candidates/<int:candidate_id>/delete", methods=["POST"])
@requires(MANAGE)
def candidate_delete(candidate_id: int):
    candidate = managed_candidate(candidate_id)
    name = candidate.name
    try:
        services.delete_candidate(g.court, candidate, current_user)
        db.session.commit()
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(url_for("development.candidate_detail", candidate_id=candidate_id))
    flash(f"已删除 {name} 的档案。", "success")
    return redirect(url_for("development.index"))


def _step_form(candidate: Candidate) -> StepForm:
    form = StepForm(prefix="step")
    form.step_id.choices = [SelectChoice(s.id, f"{s.stage_label} · {s.title}") for s in services.steps(g.court)]
    return form


@bp.route("/candidates/<int:candidate_id>")
@requires(AUTHENTICATED)
def candidate_detail(candidate_id: int, step_form: StepForm | None = None):
    candidate = visible_candidate(candidate_id)
    from .documents import TEMPLATES

    may_manage = manages(candidate)
    form = step_form or (_step_form(candidate) if may_manage else None)
    if form is not None and step_form is None:
        form.step_id.data = next_step_id(candidate)
        form.done_on.data = None
    return render_template(
        "development/candidate.html",
        candidate=candidate,
        steps=services.steps(g.court),
        done={r.step_id for r in candidate.records},
        deadlines=services.deadlines(candidate),
        probation_end=services.probation_end(candidate),
        today=court_today(g.court),
        form=form,
        may_manage=may_manage,
        templates=TEMPLATES,
        stages=STAGES,
    ), (422 if step_form is not None else 200)


def next_step_id(candidate: Candidate) -> int | None:
    done = {r.step_id for r in candidate.records}
    for step in services.steps(g.court):
        if step.id not in done and not step.repeatable:
            return step.id
    return None


@bp.route("/candidates/<int:candidate_id>/steps", methods=["POST"])
@requires(MANAGE)
def step_record(candidate_id: int):
    candidate = managed_candidate(candidate_id)
    form = _step_form(candidate)
    if form.validate_on_submit():
        step = next(s for s in services.steps(g.court) if s.id == form.step_id.data)
        notes = services.warnings(candidate, step, form.done_on.data)
        try:
            services.record_step(g.court, candidate, step, form.done_on.data, form.note.data, current_user)
            db.session.commit()
        except Refused as refusal:
            show_refusal(refusal, form)
            return candidate_detail(candidate_id, step_form=form)
        for note in notes:
            flash(note, "warning")
        flash(f"已登记“{step.title}”（{form.done_on.data:%Y-%m-%d}）。", "success")
        if step.code == "approve":
            flash("党员名册已加入该同志（预备党员），入党时间取支部大会通过之日。", "info")
        elif step.code == "convert_approve":
            flash("党员名册已更新为正式党员，转正时间为预备期满之日。", "info")
        return redirect(url_for("development.candidate_detail", candidate_id=candidate.id))
    return candidate_detail(candidate_id, step_form=form)


@bp.route("/candidates/<int:candidate_id>/steps/<int:record_id>/delete", methods=["POST"])
@requires(MANAGE)
def step_delete(candidate_id: int, record_id: int):
    candidate = managed_candidate(candidate_id)
    record = next((r for r in candidate.records if r.id == record_id), None)
    if record is None:
        abort(404)
    try:
        services.delete_record(g.court, candidate, record, current_user)
        db.session.commit()
        flash("记录已删除。", "success")
    except Refused as refusal:
        show_refusal(refusal)
    return redirect(url_for("development.candidate_detail", candidate_id=candidate_id))
