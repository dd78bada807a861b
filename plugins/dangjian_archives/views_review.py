"""Bulk approval: pick filed records, confirm, approve each as if one by one."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for

from dangjian.api import current_user, db, parse_int, requires, utcnow

from .blueprint import bp, scope
from .services import meetings as svc
from .services import review


def _ids() -> list[int]:
    values = request.form.getlist("ids")
    return [number for v in values[: review.MAX_SELECTED] if (number := parse_int(v)) is not None]


@bp.route("/review/")
@requires("archives.review")
def review_list():
    items = review.waiting(g.court, scope("archives.review"))
    return render_template(
        "archives/review.html", items=items, missing={m.id: svc.missing(m) for m in items}, limit=review.MAX_SELECTED
    )


@bp.route("/review/confirm", methods=["POST"])
@requires("archives.review")
def review_confirm():
    chosen = review.selected(g.court, scope("archives.review"), _ids())
    if not chosen:
        flash("请先勾选要审核通过的记录。", "warning")
        return redirect(url_for("archives.review_list"))
    return render_template("archives/review_confirm.html", chosen=chosen)


@bp.route("/review/approve", methods=["POST"])
@requires("archives.review")
def review_approve():
    ids = _ids()
    if not ids:
        flash("请先勾选要审核通过的记录。", "warning")
        return redirect(url_for("archives.review_list"))
    outcomes = review.approve_many(g.court, scope("archives.review"), ids, current_user, utcnow())
    db.session.commit()
    approved = [o for o in outcomes if o.approved]
    refused = [o for o in outcomes if not o.approved]
    return render_template("archives/review_result.html", approved=approved, refused=refused)
