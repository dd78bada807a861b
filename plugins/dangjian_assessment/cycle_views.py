"""The yearly cycle's pages: the module index, opening an assessment, the
assessment page, a branch's self-assessment sheet and scorecard, the
court's league table (and public notice), a branch's history."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from dangjian.api import (
    AUTHENTICATED,
    Organisation,
    Refused,
    current_user,
    db,
    page_arg,
    requires,
    send_stored,
    show_refusal,
)

from . import cycle_services, notice_services, review_services, scorecard
from .blueprint import (
    assessment_or_404,
    bp,
    entry_or_404,
    manages,
    may_fill,
    may_see_entry,
    may_see_results,
    own_member_branch,
    see_entry_or_404,
    sees_whole_court,
    self_scope,
    status_code,
    today,
)
from .cycle_forms import ActionForm, AnswerForm, ObjectionForm, OpenForm, SheetErrors, SheetForm
from .models import ENTRY_DRAFT, NOTICE, OPEN, PUBLISHED, Assessment, BranchEntry, Objection, Reviewer

PER_PAGE = 20


@bp.route("/")
@requires("assessment.view")
def index():
    page = db.paginate(
        select(Assessment)
        .where(Assessment.court_id == g.court.id)
        .order_by(Assessment.period_end.desc(), Assessment.id.desc()),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    scope = self_scope()
    own = {}
    if scope is None or scope:
        ids = [a.id for a in page.items]
        for entry in db.session.scalars(
            select(BranchEntry).where(
                BranchEntry.assessment_id.in_(ids or [-1]),
                *([] if scope is None else [BranchEntry.branch_id.in_(scope)]),
            )
        ):
            own.setdefault(entry.assessment_id, []).append(entry)
    reviewing = {
        r.assessment_id
        for r in db.session.scalars(
            select(Reviewer).where(
                Reviewer.user_id == current_user.id,
                Reviewer.assessment_id.in_([a.id for a in page.items] or [-1]),
            )
        )
    }
    return render_template(
        "assessment/index.html",
        page=page,
        own=own,
        reviewing=reviewing,
        manages=manages(),
        whole_court=scope is None,
        member_branch=own_member_branch(),
    )


# --- opening -------------------------------------------------------------------------


def _open_defaults(form: OpenForm) -> dict:
    now = today()
    year = now.year - 1  # in Q1 for the previous year
    standard = cycle_services.standard_for(g.court, year)
    total = float(standard.total_points) if standard is not None else 100.0
    thresholds = cycle_services.default_thresholds(g.court, total)
    form.title.data = f"{year}年度党支部考评"
    form.period_start.data, form.period_end.data = date(year, 1, 1), date(year, 12, 31)
    form.self_due.data, form.review_due.data = now + timedelta(days=30), now + timedelta(days=45)
    form.notice_days.data = int(cycle_services.settings(g.court).get("notice_days") or 5)
    for level in ("5", "4", "3", "2"):
        getattr(form, f"star{level}_min").data = scorecard.points_text(thresholds[level]["min"])
    form.star5_innovation.data = bool(thresholds["5"].get("innovation"))
    return {"year": year, "standard": standard}


@bp.route("/cycles/new", methods=["GET", "POST"])
@requires("assessment.manage")
def cycle_open():
    form = OpenForm()
    context = {}
    refused = False
    if request.method == "GET":
        context = _open_defaults(form)
    if form.validate_on_submit():
        try:
            assessment = cycle_services.open_assessment(
                g.court,
                {
                    "title": form.title.data,
                    "period_start": form.period_start.data,
                    "period_end": form.period_end.data,
                    "self_due": form.self_due.data,
                    "review_due": form.review_due.data,
                    "notice_days": form.notice_days.data,
                    "thresholds": form.thresholds(),
                },
                current_user,
            )
        except Refused as refusal:
            show_refusal(refusal, form)
            refused = True
        else:
            db.session.commit()
            flash(f"已开启“{assessment.title}”，各党支部可以开始自评。考评标准已冻结。", "success")
            return redirect(url_for(".cycle", assessment_id=assessment.id))
    if request.method == "POST" and form.period_start.data:
        year = form.period_start.data.year
        context = {"year": year, "standard": cycle_services.standard_for(g.court, year)}
    return render_template("assessment/cycle/open.html", form=form, **context), (422 if refused else status_code(form))


# --- the assessment page ---------------------------------------------------------------


@bp.route("/cycles/<int:assessment_id>")
@requires("assessment.view")
def cycle(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    whole = sees_whole_court()
    scope = self_scope()
    if not whole and not scope and assessment.status in (NOTICE, PUBLISHED):
        return redirect(url_for(".results", assessment_id=assessment.id))
    entries = scorecard.entries(assessment, None if whole else (scope or set()))
    reviewer = review_services.reviewer_of(assessment, current_user)
    to_review = review_services.reviewable(g.court, assessment, current_user) if reviewer else []
    context = {
        "assessment": assessment,
        "entries": entries,
        "whole": whole,
        "manages": manages(),
        "reviewer": reviewer,
        "to_review": to_review,
        "action": ActionForm(),
        "today": today(),
    }
    if manages():
        context["reviewers"] = review_services.reviewers(assessment)
        context["objections"] = notice_services.objections(assessment)
        context["unanswered"] = sum(1 for o in context["objections"] if o.answered_at is None)
        context["notice_running"] = notice_services.notice_running(g.court, assessment)
        context["drafts"] = sum(1 for e in entries if e.status == ENTRY_DRAFT)
        context["answer"] = AnswerForm()
    return render_template("assessment/cycle/assessment.html", **context)


def _step(assessment_id: int, run, done: str):
    assessment = assessment_or_404(assessment_id)
    if ActionForm().validate_on_submit():
        try:
            run(assessment)
        except Refused as refusal:
            show_refusal(refusal)
        else:
            db.session.commit()
            flash(done, "success")
    else:
        flash("页面已过期，请刷新后重试。", "danger")
    return redirect(url_for(".cycle", assessment_id=assessment.id))


@bp.route("/cycles/<int:assessment_id>/close-self", methods=["POST"])
@requires("assessment.manage")
def cycle_close_self(assessment_id: int):
    return _step(
        assessment_id,
        lambda a: cycle_services.close_self(g.court, a, current_user),
        "支部自评已截止，评审人可以继续评审。",
    )


@bp.route("/cycles/<int:assessment_id>/finalise", methods=["POST"])
@requires("assessment.manage")
def cycle_finalise(assessment_id: int):
    return _step(
        assessment_id,
        lambda a: notice_services.finalise(g.court, a, current_user),
        "已计算总分、排名和星级，结果开始公示。",
    )


@bp.route("/cycles/<int:assessment_id>/publish", methods=["POST"])
@requires("assessment.manage")
def cycle_publish(assessment_id: int):
    return _step(
        assessment_id,
        lambda a: notice_services.publish(g.court, a, current_user),
        "考评结果已发布：星级已显示在品牌墙上，五星级党支部的荣誉已记入支部网站。",
    )


@bp.route("/cycles/<int:assessment_id>/objections/<int:objection_id>/answer", methods=["POST"])
@requires("assessment.manage")
def objection_answer(assessment_id: int, objection_id: int):
    assessment = assessment_or_404(assessment_id)
    objection = db.session.scalar(
        select(Objection).where(Objection.id == objection_id, Objection.assessment_id == assessment.id)
    )
    if objection is None:
        abort(404)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            notice_services.answer_objection(g.court, assessment, objection, form.answer.data, current_user)
        except Refused as refusal:
            show_refusal(refusal)
        else:
            db.session.commit()
            flash("已答复异议。", "success")
    else:
        for messages in form.errors.values():
            for message in messages:
                flash(message, "danger")
    return redirect(url_for(".cycle", assessment_id=assessment.id, _anchor="objections"))


# --- the self-assessment sheet --------------------------------------------------------


def _fill_or_404(assessment_id: int, entry_id: int):
    assessment = assessment_or_404(assessment_id)
    entry = entry_or_404(assessment, entry_id)
    if not may_fill(entry):
        abort(404)
    return assessment, entry


@bp.route("/cycles/<int:assessment_id>/entries/<int:entry_id>/sheet", methods=["GET", "POST"])
@requires("assessment.self")
def sheet(assessment_id: int, entry_id: int):
    assessment, entry = _fill_or_404(assessment_id, entry_id)
    if entry.status != ENTRY_DRAFT or assessment.status != OPEN:
        if request.method == "POST":
            flash("自评已提交或已截止，不能再修改。", "danger")
        return redirect(url_for(".scorecard_page", assessment_id=assessment.id, entry_id=entry.id))
    form = SheetForm(obj=entry)
    errors = SheetErrors(form)
    if form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        try:
            cycle_services.save_self(
                g.court, assessment, entry, request.form, request.files, current_user, submit=submit
            )
        except Refused as refusal:
            show_refusal(refusal, errors)
            flash("没有保存：请按标红处修改后再试。", "danger")
        else:
            db.session.commit()
            if submit:
                flash("自评已提交，等待评审。", "success")
                return redirect(url_for(".scorecard_page", assessment_id=assessment.id, entry_id=entry.id))
            flash("自评草稿已保存。", "success")
            return redirect(url_for(".sheet", assessment_id=assessment.id, entry_id=entry.id))
    posted = request.form if request.method == "POST" else None
    data = scorecard.build_sheet(g.court, assessment, entry)
    failed = request.method == "POST"
    return render_template(
        "assessment/cycle/sheet.html",
        assessment=assessment,
        entry=entry,
        sheet=data,
        form=form,
        errors=errors,
        posted=posted,
        action=ActionForm(),
    ), (422 if failed else 200)


@bp.route("/cycles/<int:assessment_id>/entries/<int:entry_id>/files/<int:file_id>/remove", methods=["POST"])
@requires("assessment.self")
def sheet_file_remove(assessment_id: int, entry_id: int, file_id: int):
    assessment, entry = _fill_or_404(assessment_id, entry_id)
    if ActionForm().validate_on_submit():
        try:
            name = cycle_services.remove_file(g.court, assessment, entry, file_id, current_user)
        except Refused as refusal:
            show_refusal(refusal)
        else:
            db.session.commit()
            flash(f"已删除附件“{name}”。", "success")
    return redirect(url_for(".sheet", assessment_id=assessment.id, entry_id=entry.id))


@bp.route("/cycles/<int:assessment_id>/entries/<int:entry_id>/files/<int:file_id>")
@requires(AUTHENTICATED)  # reviewers too: checked below
def entry_file(assessment_id: int, entry_id: int, file_id: int):
    assessment = assessment_or_404(assessment_id)
    entry = entry_or_404(assessment, entry_id)
    if not (may_see_entry(assessment, entry) or _reviews(assessment, entry)):
        abort(404)
    stored = cycle_services.entry_file(entry, file_id)
    if stored is None:
        abort(404)
    return send_stored(stored)


def _reviews(assessment, entry) -> bool:
    return any(e.id == entry.id for e in review_services.reviewable(g.court, assessment, current_user))


# --- the scorecard, the league table, the history -----------------------------------------


@bp.route("/cycles/<int:assessment_id>/entries/<int:entry_id>")
@requires("assessment.view")
def scorecard_page(assessment_id: int, entry_id: int):
    assessment = assessment_or_404(assessment_id)
    entry = entry_or_404(assessment, entry_id)
    see_entry_or_404(assessment, entry)
    return render_template(
        "assessment/cycle/scorecard.html",
        assessment=assessment,
        entry=entry,
        sheet=scorecard.build_sheet(g.court, assessment, entry),
        may_edit=may_fill(entry) and entry.status == ENTRY_DRAFT and assessment.status == OPEN,
        whole=sees_whole_court(),
    )


@bp.route("/cycles/<int:assessment_id>/results", methods=["GET", "POST"])
@requires("assessment.view")
def results(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if not may_see_results(assessment):
        abort(404)
    entries = scorecard.league(assessment)
    running = notice_services.notice_running(g.court, assessment)
    refused = False
    form = ObjectionForm()
    form.entry_id.choices = [SelectChoice(e.id, e.branch.name) for e in entries]
    if request.method == "POST" and form.validate_on_submit():
        entry = entry_or_404(assessment, form.entry_id.data)
        try:
            notice_services.raise_objection(g.court, assessment, entry, form.text.data, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
            refused = True
        else:
            db.session.commit()
            flash("异议已提交，机关党委将予以答复。", "success")
            return redirect(url_for(".results", assessment_id=assessment.id))
    mine = []
    if current_user.is_authenticated:
        mine = [o for o in notice_services.objections(assessment) if o.user_id == current_user.id]
    return render_template(
        "assessment/cycle/results.html",
        assessment=assessment,
        entries=entries,
        notice_running=running,
        form=form,
        mine=mine,
        whole=sees_whole_court(),
        member_branch=own_member_branch(),
        fill_scope=self_scope(),
    ), (422 if refused else status_code(form))


@bp.route("/branches/<int:branch_id>/history")
@requires("assessment.view")
def history(branch_id: int):
    branch = db.session.scalar(
        select(Organisation).where(
            Organisation.id == branch_id, Organisation.court_id == g.court.id, Organisation.kind == "branch"
        )
    )
    if branch is None:
        abort(404)
    scope = self_scope()
    full = sees_whole_court() or scope is None or branch.id in (scope or set())
    if not full and own_member_branch() != branch.id:
        abort(404)
    rows = scorecard.branch_history(g.court, branch.id, published_only=not full)
    return render_template("assessment/cycle/history.html", branch=branch, rows=rows, full=full)
