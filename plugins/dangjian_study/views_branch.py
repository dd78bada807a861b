"""Branch work: collective sessions (集中学习), monthly plans, reflections for the site."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for

from dangjian.api import (
    audit,
    branch_scope,
    can,
    current_user,
    db,
    get_in_court_or_404,
    get_in_scope_or_404,
    int_arg,
    page_arg,
    requires,
)

from . import services
from .forms import PlanForm, SessionForm, choices
from .models import StudyCheckin, StudyPlan, StudySession
from .views import bp


@bp.route("/sessions")
@requires("study.publish")
def sessions():
    scope = branch_scope(current_user, "study.publish", g.court)
    page = db.paginate(services.sessions_in(g.court, scope), page=page_arg(), per_page=20, error_out=False)
    return render_template("study/sessions.html", page=page)


@bp.route("/sessions/new", methods=["GET", "POST"])
@requires("study.publish")
def session_create():
    scope = branch_scope(current_user, "study.publish", g.court)
    branches = services.active_branches(g.court, scope)
    branch_id = int_arg("branch")
    if branch_id is None and len(branches) == 1:
        branch_id = branches[0].id
    branch = next((b for b in branches if b.id == branch_id), None)
    if branch is None:
        return render_template("study/session_branch.html", branches=branches)
    form = SessionForm(held_on=services.court_today(g.court))
    people = services.roster(g.court, branch.id)
    form.attendees.choices = choices([(m.id, m.name) for m in people])
    if form.validate_on_submit():
        if form.held_on.data > services.court_today(g.court):
            form.held_on.errors.append("只能登记已经举行的集中学习")
        else:
            session = StudySession(
                court_id=g.court.id,
                branch_id=branch.id,
                held_on=form.held_on.data,
                topic=form.topic.data.strip(),
                minutes=services.minutes_from_hours(form.hours.data),
                recorded_by_id=current_user.id,
            )
            services.record_session(session, form.attendees.data)
            audit(
                "study.session_recorded",
                f"登记集中学习：{session.topic}（{len(form.attendees.data)} 人）",
                court=g.court,
                user=current_user,
            )
            db.session.commit()
            flash(f"已登记集中学习，{len(form.attendees.data)} 名党员各计 {session.hours} 学时。", "success")
            return redirect(url_for("study.session", session_id=session.id))
    return render_template("study/session_form.html", form=form, branch=branch, people=people)


@bp.route("/sessions/<int:session_id>")
@requires("study.publish")
def session(session_id: int):
    item = get_in_scope_or_404(StudySession, session_id, "study.publish")
    services.load_attendees(item)
    return render_template("study/session.html", item=item)


@bp.route("/sessions/<int:session_id>/delete", methods=["POST"])
@requires("study.publish")
def session_delete(session_id: int):
    item = get_in_scope_or_404(StudySession, session_id, "study.publish")
    if item.source:
        # The other module's record is the original; deleting here would be undone at its next save.
        flash("这次集中学习由党建档案的会议记录登记，请在党建档案中修改或驳回该记录。", "warning")
        return redirect(url_for("study.session", session_id=item.id))
    audit("study.session_deleted", f"删除集中学习记录：{item.topic}", court=g.court, user=current_user)
    db.session.delete(item)
    db.session.commit()
    flash("已删除这次集中学习记录，相应学时同时扣除。", "success")
    return redirect(url_for("study.sessions"))


@bp.route("/plans")
@requires("study.view")
def plans():
    scope = branch_scope(current_user, "study.view", g.court)
    page = db.paginate(services.plans_in(g.court, scope), page=page_arg(), per_page=24, error_out=False)
    return render_template("study/plans.html", page=page, can_publish=can("study.publish"))


def _plan_form(plan=None) -> PlanForm:
    scope = branch_scope(current_user, "study.publish", g.court)
    branches = services.active_branches(g.court, scope)
    form = PlanForm(obj=plan)
    form.branch_id.choices = choices([(b.id, b.name) for b in branches])
    if plan is not None:
        form.branch_id.choices = choices([(plan.branch_id, plan.branch.name)])
        if request.method == "GET":
            form.material_ids.data = [item.material_id for item in plan.items]
    elif request.method == "GET":
        form.month.data = services.court_today(g.court).strftime("%Y-%m")
    branch_id = form.branch_id.data if form.branch_id.data else (branches[0].id if branches else -1)
    form.material_ids.choices = choices(
        [(m.id, m.title) for m in services.materials_for_branch(g.court, plan.branch_id if plan else branch_id)]
    )
    return form


@bp.route("/plans/new", methods=["GET", "POST"])
@requires("study.publish")
def plan_create():
    form = _plan_form()
    if form.validate_on_submit():
        exists = db.session.scalar(
            db.select(StudyPlan).where(StudyPlan.branch_id == form.branch_id.data, StudyPlan.month == form.month.data)
        )
        if exists is not None:
            form.month.errors.append("这个支部这个月已经有学习计划了，请直接修改它")
        else:
            plan = StudyPlan(
                court_id=g.court.id,
                branch_id=form.branch_id.data,
                month=form.month.data,
                note=form.note.data.strip(),
                sessions_text=form.sessions_text.data.strip(),
            )
            services.save_plan(plan, form.material_ids.data)
            audit("study.plan_saved", f"制定月度学习计划：{form.month.data}", court=g.court, user=current_user)
            db.session.commit()
            flash("月度学习计划已保存。", "success")
            return redirect(url_for("study.plan", plan_id=plan.id))
    return render_template("study/plan_form.html", form=form, plan=None)


@bp.route("/plans/<int:plan_id>")
@requires("study.view")
def plan(plan_id: int):
    item = get_in_scope_or_404(StudyPlan, plan_id, "study.view")
    scope = branch_scope(current_user, "study.publish", g.court)
    may_edit = can("study.publish") and (scope is None or item.branch_id in scope)
    return render_template(
        "study/plan.html",
        item=item,
        sessions=services.plan_sessions(item),
        completion=services.plan_completion(item),
        may_edit=may_edit,
        members=len(services.roster(g.court, item.branch_id)),
    )


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@requires("study.publish")
def plan_edit(plan_id: int):
    item = get_in_scope_or_404(StudyPlan, plan_id, "study.publish")
    form = _plan_form(item)
    if form.validate_on_submit():
        clash = db.session.scalar(
            db.select(StudyPlan.id).where(
                StudyPlan.branch_id == item.branch_id, StudyPlan.month == form.month.data, StudyPlan.id != item.id
            )
        )
        if clash is not None:
            form.month.errors.append("这个支部这个月已经有学习计划了")
        else:
            item.month, item.note, item.sessions_text = (
                form.month.data,
                form.note.data.strip(),
                form.sessions_text.data.strip(),
            )
            services.save_plan(item, form.material_ids.data)
            audit("study.plan_saved", f"修改月度学习计划：{item.month}", court=g.court, user=current_user)
            db.session.commit()
            flash("月度学习计划已保存。", "success")
            return redirect(url_for("study.plan", plan_id=item.id))
    return render_template("study/plan_form.html", form=form, plan=item)


@bp.route("/plans/<int:plan_id>/delete", methods=["POST"])
@requires("study.publish")
def plan_delete(plan_id: int):
    item = get_in_scope_or_404(StudyPlan, plan_id, "study.publish")
    audit("study.plan_deleted", f"删除月度学习计划：{item.month}", court=g.court, user=current_user)
    db.session.delete(item)
    db.session.commit()
    flash("已删除月度学习计划。", "success")
    return redirect(url_for("study.plans"))


@bp.route("/reflections")
@requires("study.curate")
def reflections():
    scope = branch_scope(current_user, "study.curate", g.court)
    chosen = request.args.get("chosen") == "1"
    query = services.reflections_in(g.court, scope)
    if chosen:
        query = query.where(StudyCheckin.show_on_site.is_(True))
    page = db.paginate(query, page=page_arg(), per_page=20, error_out=False)
    return render_template("study/reflections.html", page=page, chosen=chosen)


@bp.route("/reflections/<int:checkin_id>/site", methods=["POST"])
@requires("study.curate")
def reflection_site(checkin_id: int):
    item = get_in_court_or_404(StudyCheckin, checkin_id)
    scope = branch_scope(current_user, "study.curate", g.court)
    if scope is not None and item.member.branch_id not in scope:
        abort(404)
    item.show_on_site = request.form.get("show") == "1"
    audit(
        "study.reflection_site",
        f"{'展示' if item.show_on_site else '取消展示'}学习心得（{item.member.name}）",
        court=g.court,
        user=current_user,
    )
    db.session.commit()
    flash("已在支部网站“学习风采”中展示这篇心得。" if item.show_on_site else "已从支部网站撤下这篇心得。", "success")
    target = request.form.get("next") or ""
    return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("study.reflections"))
