"""The member appraisal's pages (民主评议党员): the rounds, opening one, a
round's page, the member's self-appraisal and ballot, a branch's counts and
decisions, the court's distribution."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import and_, func, select

from dangjian.api import (
    AUTHENTICATED,
    Member,
    Organisation,
    Refused,
    active_branches,
    current_user,
    db,
    get_in_court_or_404,
    member_of,
    page_arg,
    requires,
    show_refusal,
)

from . import appraisal_services as services
from .appraisal_forms import ActionForm, RoundForm, SelfForm, VoteForm
from .appraisal_models import (
    GRADES,
    ROUND_OPEN,
    ROUND_STATUSES,
    UNQUALIFIED,
    Appraisal,
    AppraisalResult,
    AppraisalSelf,
    AppraisalTally,
    AppraisalVoter,
)
from .blueprint import bp, manages, sees_whole_court, today
from .cycle_forms import SheetErrors

PER_PAGE = 20


class MemberFieldErrors(SheetErrors):
    """Reasons beside each member's fields (``grade-12``, ``note-12``)."""

    def __contains__(self, name) -> bool:
        return name in self.form or str(name).startswith(("grade-", "note-"))


@bp.context_processor
def _appraisal_helpers():
    return {"grade_labels": GRADES, "round_statuses": ROUND_STATUSES}


def appraisal_or_404(appraisal_id: int) -> Appraisal:
    return get_in_court_or_404(Appraisal, appraisal_id)


def own_member() -> Member:
    """The signed-in user's member record in this court, or 403."""
    member = member_of(current_user, g.court)
    if member is None:
        abort(403)
    return member


# --- the rounds ---------------------------------------------------------------------------


@bp.route("/appraisals/")
@requires("assessment.view")
def appraisals():
    page = db.paginate(
        select(Appraisal).where(Appraisal.court_id == g.court.id).order_by(Appraisal.year.desc(), Appraisal.id.desc()),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    return render_template(
        "assessment/appraisal/index.html",
        page=page,
        manages=manages(),
        member=member_of(current_user, g.court),
        today=today(),
    )


def _round_defaults(form: RoundForm) -> None:
    now = today()
    year = now.year if now.month >= 7 else now.year - 1  # held at the year's end or early the next year
    form.year.data = year
    form.title.data = f"{year}年度民主评议党员"
    form.starts_on.data = now
    form.ends_on.data = date.fromordinal(now.toordinal() + 20)


@bp.route("/appraisals/new", methods=["GET", "POST"])
@requires("assessment.manage")
def appraisal_open():
    form = RoundForm()
    if request.method == "GET":
        _round_defaults(form)
    refused = False
    if form.validate_on_submit():
        values = {"year": form.year.data, "title": form.title.data}
        values.update(starts_on=form.starts_on.data, ends_on=form.ends_on.data)
        try:
            appraisal = services.open_round(g.court, values, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
            refused = True
        else:
            db.session.commit()
            flash(f"已开启“{appraisal.title}”，各党支部党员可以填写个人总结并投票。", "success")
            return redirect(url_for(".appraisal", appraisal_id=appraisal.id))
    failed = refused or bool(form.errors)
    return render_template("assessment/appraisal/open.html", form=form), (422 if failed else 200)


@bp.route("/appraisals/<int:appraisal_id>")
@requires("assessment.view")
def appraisal(appraisal_id: int):
    appraisal = appraisal_or_404(appraisal_id)
    member = member_of(current_user, g.court)
    mine = {}
    if member is not None:
        mine = {
            "self": services.self_of(appraisal, member),
            "voted": services.has_voted(appraisal, member),
            "peers": len(services.peers(g.court, member)),
            "result": services.result_of(appraisal, member),
        }
    scope = services.decide_scope(current_user, g.court)
    branches = active_branches(g.court, within=scope) if scope is None or scope else []
    progress = _progress(appraisal, [b.id for b in branches]) if branches else {}
    return render_template(
        "assessment/appraisal/round.html",
        appraisal=appraisal,
        member=member,
        mine=mine,
        branches=branches,
        progress=progress,
        manages=manages(),
        whole=sees_whole_court(),
        voting=services.voting_open(g.court, appraisal, today()),
        today=today(),
        action=ActionForm(),
    )


def _progress(appraisal: Appraisal, branch_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per branch: members on the roll, how many voted, how many decided (three statements)."""
    rows: dict[int, dict[str, int]] = {b: {"members": 0, "voted": 0, "decided": 0} for b in branch_ids}
    on_roll = and_(Member.court_id == g.court.id, Member.branch_id.in_(branch_ids), Member.left_on.is_(None))
    for branch_id, count in db.session.execute(
        select(Member.branch_id, func.count(Member.id)).where(on_roll).group_by(Member.branch_id)
    ):
        rows[branch_id]["members"] = count
    for key, model in (("voted", AppraisalVoter), ("decided", AppraisalResult)):
        for branch_id, count in db.session.execute(
            select(Member.branch_id, func.count(model.id))
            .join(Member, Member.id == model.member_id)
            .where(model.appraisal_id == appraisal.id, on_roll)
            .group_by(Member.branch_id)
        ):
            rows[branch_id][key] = count
    return rows


@bp.route("/appraisals/<int:appraisal_id>/close", methods=["POST"])
@requires("assessment.manage")
def appraisal_close(appraisal_id: int):
    appraisal = appraisal_or_404(appraisal_id)
    if ActionForm().validate_on_submit():
        try:
            services.close_round(g.court, appraisal, current_user)
        except Refused as refusal:
            show_refusal(refusal)
        else:
            db.session.commit()
            flash(f"“{appraisal.title}”已结束，结果不再修改。", "success")
    else:
        flash("页面已过期，请刷新后重试。", "danger")
    return redirect(url_for(".appraisal", appraisal_id=appraisal.id))


# --- the member's part ----------------------------------------------------------------------


@bp.route("/appraisals/<int:appraisal_id>/self", methods=["GET", "POST"])
@requires(AUTHENTICATED)  # a member record in this court: checked below
def appraisal_self(appraisal_id: int):
    appraisal = appraisal_or_404(appraisal_id)
    member = own_member()
    existing = services.self_of(appraisal, member)
    form = SelfForm(obj=existing)
    refused = False
    if form.validate_on_submit():
        try:
            services.save_self(g.court, appraisal, member, form.text.data, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
            refused = True
        else:
            db.session.commit()
            flash("个人总结已保存。", "success")
            return redirect(url_for(".appraisal", appraisal_id=appraisal.id))
    failed = refused or bool(form.errors)
    return render_template(
        "assessment/appraisal/self.html",
        appraisal=appraisal,
        form=form,
        existing=existing,
        voting=services.voting_open(g.court, appraisal, today()),
    ), (422 if failed else 200)


@bp.route("/appraisals/<int:appraisal_id>/vote", methods=["GET", "POST"])
@requires(AUTHENTICATED)  # a member record in this court: checked below
def appraisal_vote(appraisal_id: int):
    appraisal = appraisal_or_404(appraisal_id)
    member = own_member()
    form = VoteForm()
    errors = MemberFieldErrors(form)
    posted = None
    if request.method == "POST":
        posted = request.form
        if form.validate_on_submit():
            try:
                count = services.cast_vote(g.court, appraisal, member, request.form, current_user)
            except Refused as refusal:
                show_refusal(refusal, errors)
            else:
                db.session.commit()
                flash(f"投票已提交：你评议了 {count} 位党员。投票不记名，任何页面都不会显示你的选择。", "success")
                return redirect(url_for(".appraisal_vote", appraisal_id=appraisal.id))
    voted = services.has_voted(appraisal, member)
    rated = [] if voted else services.peers(g.court, member)
    selfs = {}
    if rated:
        selfs = {
            s.member_id: s
            for s in db.session.scalars(
                select(AppraisalSelf).where(
                    AppraisalSelf.appraisal_id == appraisal.id,
                    AppraisalSelf.member_id.in_([m.id for m in rated]),
                )
            )
        }
    return render_template(
        "assessment/appraisal/vote.html",
        appraisal=appraisal,
        voted=voted,
        rated=rated,
        selfs=selfs,
        form=form,
        errors=errors,
        posted=posted,
        voting=services.voting_open(g.court, appraisal, today()),
    ), (422 if request.method == "POST" else 200)


# --- the branch: counts and decisions ----------------------------------------------------------


def _branch_or_404(branch_id: int) -> Organisation:
    branch = db.session.scalar(
        select(Organisation).where(
            Organisation.id == branch_id, Organisation.court_id == g.court.id, Organisation.kind == "branch"
        )
    )
    if branch is None or not services.decides_for(current_user, g.court, branch.id):
        abort(404)
    return branch


@bp.route("/appraisals/<int:appraisal_id>/branches/<int:branch_id>", methods=["GET", "POST"])
@requires("assessment.self")
def appraisal_branch(appraisal_id: int, branch_id: int):
    appraisal = appraisal_or_404(appraisal_id)
    branch = _branch_or_404(branch_id)
    form = ActionForm()
    errors = MemberFieldErrors(form)
    posted = None
    if request.method == "POST":
        posted = request.form
        if form.validate_on_submit():
            try:
                changed = services.decide(g.court, appraisal, branch.id, request.form, current_user)
            except Refused as refusal:
                show_refusal(refusal, errors)
            else:
                db.session.commit()
                flash(f"已保存 {changed} 位党员的评定等次。" if changed else "没有改动。", "success")
                return redirect(url_for(".appraisal_branch", appraisal_id=appraisal.id, branch_id=branch.id))
        else:
            flash("页面已过期，请刷新后重试。", "danger")
    members = services.branch_members(g.court, branch.id)
    ids = [m.id for m in members] or [-1]
    tallies: dict[int, dict[str, int]] = {}
    for member_id, grade, votes in db.session.execute(
        select(AppraisalTally.member_id, AppraisalTally.grade, AppraisalTally.votes).where(
            AppraisalTally.appraisal_id == appraisal.id, AppraisalTally.member_id.in_(ids)
        )
    ):
        tallies.setdefault(member_id, {})[grade] = votes
    selfs = {
        s.member_id: s
        for s in db.session.scalars(
            select(AppraisalSelf).where(AppraisalSelf.appraisal_id == appraisal.id, AppraisalSelf.member_id.in_(ids))
        )
    }
    results = {
        r.member_id: r
        for r in db.session.scalars(
            select(AppraisalResult).where(
                AppraisalResult.appraisal_id == appraisal.id, AppraisalResult.member_id.in_(ids)
            )
        )
    }
    voted = db.session.scalar(
        select(func.count(AppraisalVoter.id))
        .join(Member, Member.id == AppraisalVoter.member_id)
        .where(AppraisalVoter.appraisal_id == appraisal.id, Member.branch_id == branch.id, Member.left_on.is_(None))
    )
    return render_template(
        "assessment/appraisal/branch.html",
        appraisal=appraisal,
        branch=branch,
        members=members,
        tallies=tallies,
        selfs=selfs,
        results=results,
        voted=voted or 0,
        form=form,
        errors=errors,
        posted=posted,
        editable=appraisal.status == ROUND_OPEN,
        ended=today() > appraisal.ends_on,
    ), (422 if request.method == "POST" else 200)


# --- the court: the distribution per branch ----------------------------------------------------------


@bp.route("/appraisals/<int:appraisal_id>/distribution")
@requires("assessment.view")
def appraisal_distribution(appraisal_id: int):
    appraisal = appraisal_or_404(appraisal_id)
    if not sees_whole_court():
        abort(404)
    branches = active_branches(g.court)
    counts: dict[int, dict[str, int]] = {b.id: dict.fromkeys([*GRADES, "undecided"], 0) for b in branches}
    for branch_id, grade, count in db.session.execute(
        select(AppraisalResult.branch_id, AppraisalResult.grade, func.count(AppraisalResult.id))
        .where(AppraisalResult.appraisal_id == appraisal.id)
        .group_by(AppraisalResult.branch_id, AppraisalResult.grade)
    ):
        if branch_id in counts and grade in GRADES:
            counts[branch_id][grade] = count
    decided = and_(AppraisalResult.member_id == Member.id, AppraisalResult.appraisal_id == appraisal.id)
    for branch_id, count in db.session.execute(
        select(Member.branch_id, func.count(Member.id))
        .outerjoin(AppraisalResult, decided)
        .where(Member.court_id == g.court.id, Member.left_on.is_(None), AppraisalResult.id.is_(None))
        .group_by(Member.branch_id)
    ):
        if branch_id in counts:
            counts[branch_id]["undecided"] = count
    totals = {key: sum(row[key] for row in counts.values()) for key in [*GRADES, "undecided"]}
    unqualified: dict[int, list[str]] = {}
    if manages():  # names of 不合格 members: the court admin only
        for branch_id, name in db.session.execute(
            select(AppraisalResult.branch_id, Member.name)
            .join(Member, Member.id == AppraisalResult.member_id)
            .where(AppraisalResult.appraisal_id == appraisal.id, AppraisalResult.grade == UNQUALIFIED)
            .order_by(Member.name)
        ):
            unqualified.setdefault(branch_id, []).append(name)
    return render_template(
        "assessment/appraisal/distribution.html",
        appraisal=appraisal,
        branches=branches,
        counts=counts,
        totals=totals,
        unqualified=unqualified,
        manages=manages(),
    )
