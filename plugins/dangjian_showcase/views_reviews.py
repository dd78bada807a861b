"""Showcase reviews (品牌展评): the admin's, the branches', the judges' and the members' screens."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from wtforms.fields.choices import SelectChoice

from dangjian.api import (
    AUTHENTICATED,
    PUBLIC,
    NotAllowed,
    branch_scope,
    can,
    court_sites,
    current_user,
    db,
    get_in_court_or_404,
    requires,
    send_stored,
    show_refusal,
    site_of,
)

from . import reviews, votes
from .blueprint import bp
from .forms import DEFAULT_RUBRIC, RUBRIC_ROWS, EntryForm, ReviewForm
from .models import Attachment, Entry, Review
from .walls import wall_branch


def _member():
    member = getattr(current_user, "member", None) if current_user.is_authenticated else None
    return member if member is not None and member.court_id == g.court.id and member.left_on is None else None


@bp.route("/reviews")
@requires(PUBLIC)
def review_list():
    return render_template(
        "showcase/reviews.html", reviews=reviews.court_reviews(g.court), may_manage=can("showcase.manage")
    )


def _rubric_rows(review: Review | None) -> list[tuple[str, str]]:
    if request.method == "POST":
        return [
            (request.form.get(f"criterion-{n}", ""), request.form.get(f"weight-{n}", "")) for n in range(RUBRIC_ROWS)
        ]
    pairs = [(c.name, c.weight) for c in review.criteria] if review else DEFAULT_RUBRIC
    rows = [(name, str(weight)) for name, weight in pairs]
    return rows + [("", "")] * (RUBRIC_ROWS - len(rows))


def _review_form(review: Review | None):
    form = ReviewForm(obj=review)
    form.judge_ids.choices = [SelectChoice(u.id, u.label) for u in reviews.eligible_judges(g.court)]
    if request.method == "GET" and review is not None:
        form.judge_ids.data = [j.user_id for j in review.judges]
    rows, error = _rubric_rows(review), None
    if form.validate_on_submit():
        try:
            saved = reviews.save_review(
                g.court,
                review,
                {
                    "title": form.title.data,
                    "period": form.period.data,
                    "description": form.description.data,
                    "votes_enabled": form.votes_enabled.data,
                    "award_places": form.award_places.data,
                    "criteria": rows,
                    "judge_ids": form.judge_ids.data,
                },
                user=current_user,
            )
        except reviews.ReviewError as problem:
            db.session.rollback()  # the template shows the reason beside its field
            error = problem
        else:
            db.session.commit()
            flash(f"已保存品牌展评“{saved.title}”。", "success")
            return redirect(url_for("showcase.review", review_id=saved.id))
    return render_template("showcase/review_form.html", form=form, review=review, rows=rows, error=error)


@bp.route("/reviews/new", methods=["GET", "POST"])
@requires("showcase.manage")
def review_new():
    return _review_form(None)


@bp.route("/reviews/<int:review_id>/edit", methods=["GET", "POST"])
@requires("showcase.manage")
def review_edit(review_id: int):
    review = get_in_court_or_404(Review, review_id)
    if not review.is_open:
        flash("结果已发布，展评不能再修改。", "warning")
        return redirect(url_for("showcase.review", review_id=review.id))
    return _review_form(review)


@bp.route("/reviews/<int:review_id>")
@requires(PUBLIC)
def review(review_id: int):
    found = get_in_court_or_404(Review, review_id)
    member = _member()
    scope = branch_scope(current_user, "showcase.enter", g.court) if can("showcase.enter") else set()
    my_branches = (
        [branch for branch, _ in court_sites(g.court, scope)] if found.is_open and (scope is None or scope) else []
    )
    return render_template(
        "showcase/review.html",
        review=found,
        entries=reviews.submitted_entries(found),
        standings=reviews.standings(found) if found.is_published else None,
        is_judge=reviews.is_judge(found, current_user),
        may_manage=can("showcase.manage"),
        my_branches=my_branches,
        entered={e.branch_id for e in found.entries},
        in_court=can("court.dashboard"),
        member=member,
        voted=votes.voted_entry_ids(found, member) if found.votes_enabled else set(),
    )


# --- a branch's entry ------------------------------------------------------------------


@bp.route("/reviews/<int:review_id>/entry/<int:org_id>", methods=["GET", "POST"])
@requires("showcase.enter")
def entry_form(review_id: int, org_id: int):
    found = get_in_court_or_404(Review, review_id)
    branch = wall_branch(g.court, org_id)
    scope = branch_scope(current_user, "showcase.enter", g.court)
    if branch is None or (scope is not None and branch.id not in scope):
        abort(404)
    entry = reviews.entry_of(found, branch)
    form = EntryForm(obj=entry)
    if request.method == "GET" and entry is None:
        form.summary.data = reviews.summary_from_brand(branch)
    error = None
    if form.validate_on_submit():
        submit = request.form.get("action") == "submit"
        try:
            reviews.save_entry(
                found,
                branch,
                form.summary.data,
                request.files.getlist(form.attachments.name),
                submit,
                user=current_user,
            )
        except (reviews.ReviewError, NotAllowed) as problem:
            db.session.rollback()  # the template shows the reason itself
            error = problem.message
        else:
            db.session.commit()
            flash("作品已提交，等待评委评分。" if submit else "已保存草稿。", "success")
            return redirect(url_for("showcase.entry_form", review_id=found.id, org_id=branch.id))
    return render_template(
        "showcase/entry_form.html",
        form=form,
        review=found,
        branch=branch,
        entry=entry,
        site=site_of(branch),
        error=error,
    )


@bp.route("/attachments/<int:attachment_id>/delete", methods=["POST"])
@requires("showcase.enter")
def attachment_delete(attachment_id: int):
    attachment = _attachment(attachment_id)
    entry = attachment.entry
    scope = branch_scope(current_user, "showcase.enter", g.court)
    if scope is not None and entry.branch_id not in scope:
        abort(404)
    try:
        reviews.remove_attachment(attachment, user=current_user)
    except reviews.ReviewError as problem:
        show_refusal(problem, category="warning")
    else:
        db.session.commit()
        flash("已删除附件。", "success")
    return redirect(url_for("showcase.entry_form", review_id=entry.review_id, org_id=entry.branch_id))


def _attachment(attachment_id: int) -> Attachment:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.entry.court_id != g.court.id:
        abort(404)
    return attachment


def _visible_entry(entry: Entry) -> None:
    scope = branch_scope(current_user, "showcase.enter", g.court) if current_user.is_authenticated else set()
    if not reviews.may_see_entry(entry, current_user, scope, can("court.dashboard")):
        abort(404)


@bp.route("/attachments/<int:attachment_id>")
@requires(PUBLIC)
def attachment(attachment_id: int):
    found = _attachment(attachment_id)
    _visible_entry(found.entry)
    return send_stored(found.file, inline=found.file.kind in ("mp4", "webm", "pdf", "png", "jpeg", "gif", "webp"))


@bp.route("/entries/<int:entry_id>")
@requires(PUBLIC)
def entry(entry_id: int):
    found = get_in_court_or_404(Entry, entry_id)
    _visible_entry(found)
    judge = reviews.is_judge(found.review, current_user)
    excluded = reviews.excluded_judges(found.review, [found])[found.id] if judge or can("showcase.manage") else []
    return render_template(
        "showcase/entry.html",
        entry=found,
        review=found.review,
        site=site_of(found.branch),
        is_judge=judge,
        excluded=excluded,
        me_excluded=reviews.is_excluded(found, current_user),
    )


# --- judges -------------------------------------------------------------------------------


def _judged(review_id: int) -> Review:
    found = get_in_court_or_404(Review, review_id)
    if not reviews.is_judge(found, current_user):
        abort(403)  # only the judges the admin assigned to this review
    return found


@bp.route("/reviews/<int:review_id>/judge")
@requires(AUTHENTICATED)
def judge(review_id: int):
    found = _judged(review_id)
    entries = reviews.submitted_entries(found)
    return render_template(
        "showcase/judge.html",
        review=found,
        entries=entries,
        totals=reviews.sheet_totals(found, reviews.my_scores(found, current_user)),
        excluded={e.id for e in entries if reviews.is_excluded(e, current_user)},
    )


@bp.route("/entries/<int:entry_id>/score", methods=["GET", "POST"])
@requires(AUTHENTICATED)
def score(entry_id: int):
    found = get_in_court_or_404(Entry, entry_id)
    review = _judged(found.review_id)
    if found.submitted_at is None:
        abort(404)
    mine = reviews.my_scores(review, current_user).get(found.id, {})
    values, error = {c.id: str(mine.get(c.id, "")) for c in review.criteria}, None
    saved = reviews.my_comment(found, current_user)
    comment = saved.text if saved else ""
    if request.method == "POST":
        values = {c.id: request.form.get(f"c{c.id}", "") for c in review.criteria}
        comment = request.form.get("comment", "")
        try:
            reviews.save_scores(found, current_user, values, comment)
        except reviews.ReviewError as problem:
            db.session.rollback()  # the template shows the reason beside its field
            error = problem
        else:
            db.session.commit()
            flash(f"已保存对“{found.branch.name}”的评分。", "success")
            return redirect(url_for("showcase.judge", review_id=review.id))
    return render_template(
        "showcase/score.html",
        entry=found,
        review=review,
        values=values,
        error=error,
        comment=comment,
        excluded=reviews.excluded_judges(review, [found])[found.id],
        me_excluded=reviews.is_excluded(found, current_user),
        max_comment=reviews.MAX_COMMENT,
        site=site_of(found.branch),
    )


# --- results and votes -----------------------------------------------------------------------


@bp.route("/reviews/<int:review_id>/results", methods=["GET", "POST"])
@requires("showcase.manage")
def results(review_id: int):
    found = get_in_court_or_404(Review, review_id)
    if request.method == "POST" and found.is_open:
        comments = {s.entry.id: request.form.get(f"comment-{s.entry.id}", "") for s in reviews.standings(found)}
        try:
            reviews.publish(found, comments, user=current_user)
        except reviews.ReviewError as problem:
            show_refusal(problem, category="warning")
        else:
            db.session.commit()
            flash("结果已发布，获奖支部的荣誉已记入支部网站荣誉墙。", "success")
            return redirect(url_for("showcase.review", review_id=found.id))
    return render_template("showcase/results.html", review=found, standings=reviews.standings(found))


@bp.route("/entries/<int:entry_id>/vote", methods=["POST"])
@requires("showcase.vote")
def vote(entry_id: int):
    found = get_in_court_or_404(Entry, entry_id)
    try:
        votes.vote(found, _member())
    except reviews.ReviewError as problem:
        show_refusal(problem, category="warning")
    else:
        db.session.commit()
        flash(f"已为“{found.branch.name}”投票。", "success")
    return redirect(url_for("showcase.review", review_id=found.review_id))
