"""Review pages: appointing reviewers, a reviewer's list and review sheet."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from dangjian.api import AUTHENTICATED, Refused, current_user, db, requires, show_refusal

from . import review_services, scorecard
from .blueprint import assessment_or_404, bp, entry_or_404, manages, status_code
from .cycle_forms import ActionForm, ReviewerForm, SheetErrors
from .models import OPEN, REVIEWING, Reviewer


@bp.route("/cycles/<int:assessment_id>/reviewers", methods=["GET", "POST"])
@requires("assessment.manage")
def reviewers(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    form = ReviewerForm()
    if form.validate_on_submit():
        try:
            reviewer = review_services.appoint(g.court, assessment, form.username.data, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已指定{reviewer.user.label}为评审人。", "success")
            return redirect(url_for(".reviewers", assessment_id=assessment.id))
    listed = review_services.reviewers(assessment)
    entries = scorecard.entries(assessment)
    own = review_services.own_branches(g.court, [r.user_id for r in listed], [e.branch_id for e in entries])
    names = {e.branch_id: e.branch.name for e in entries}
    return render_template(
        "assessment/cycle/reviewers.html",
        assessment=assessment,
        form=form,
        reviewers=listed,
        own={user_id: [names[b] for b in sorted(ids) if b in names] for user_id, ids in own.items()},
        action=ActionForm(),
        editable=assessment.status in (OPEN, REVIEWING),
    ), status_code(form)


@bp.route("/cycles/<int:assessment_id>/reviewers/<int:reviewer_id>/remove", methods=["POST"])
@requires("assessment.manage")
def reviewer_remove(assessment_id: int, reviewer_id: int):
    assessment = assessment_or_404(assessment_id)
    reviewer = db.session.scalar(
        select(Reviewer).where(Reviewer.id == reviewer_id, Reviewer.assessment_id == assessment.id)
    )
    if reviewer is None:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            label = review_services.remove(g.court, assessment, reviewer, current_user)
        except Refused as refusal:
            show_refusal(refusal)
        else:
            db.session.commit()
            flash(f"已取消{label}的评审人资格（已评的分数保留）。", "success")
    return redirect(url_for(".reviewers", assessment_id=assessment.id))


# Being appointed is what lets a reviewer in (an account of the court, whatever its roles).
@bp.route("/cycles/<int:assessment_id>/review")
@requires(AUTHENTICATED)
def review_list(assessment_id: int):
    assessment = assessment_or_404(assessment_id)
    if review_services.reviewer_of(assessment, current_user) is None and not manages():
        abort(404)
    return render_template(
        "assessment/cycle/review_list.html",
        assessment=assessment,
        entries=review_services.reviewable(g.court, assessment, current_user),
        is_reviewer=review_services.reviewer_of(assessment, current_user) is not None,
    )


@bp.route("/cycles/<int:assessment_id>/review/<int:entry_id>", methods=["GET", "POST"])
@requires(AUTHENTICATED)
def review(assessment_id: int, entry_id: int):
    assessment = assessment_or_404(assessment_id)
    entry = entry_or_404(assessment, entry_id)
    if review_services.reviewer_of(assessment, current_user) is None:
        abort(404)
    form = ActionForm()
    errors = SheetErrors(form)
    try:
        review_services.ensure_may_review(g.court, assessment, entry, current_user)
    except Refused as refusal:
        show_refusal(refusal)
        return redirect(url_for(".review_list", assessment_id=assessment.id))
    if form.validate_on_submit():
        try:
            review_services.save_review(g.court, assessment, entry, request.form, current_user)
        except Refused as refusal:
            show_refusal(refusal, errors)
            flash("没有保存：请按标红处修改后再试。", "danger")
        else:
            db.session.commit()
            flash(f"已保存对{entry.branch.name}的评审。", "success")
            return redirect(url_for(".review_list", assessment_id=assessment.id))
    return render_template(
        "assessment/cycle/review.html",
        assessment=assessment,
        entry=entry,
        sheet=scorecard.build_sheet(g.court, assessment, entry),
        form=form,
        errors=errors,
        posted=request.form if request.method == "POST" else None,
    ), (422 if request.method == "POST" else 200)
