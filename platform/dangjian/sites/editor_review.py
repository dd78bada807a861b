"""The publisher's review of a site-wide proposal (brand, home sections,
menu): see what would change, publish it or send it back.  Routes of the
``sites_editor`` blueprint."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user

from ..access import requires
from ..db import db
from ..refusals import show_refusal
from . import proposals
from .editor_blueprint import bp, load_site, render, require_publisher
from .errors import SiteError


@bp.route("/<int:org_id>/review", methods=["GET", "POST"])
@requires("sites.edit")  # then require_publisher: another branch's editor gets 404, not 403
def site_review(org_id: int):
    branch, site = load_site(org_id)
    require_publisher(branch)
    proposal = proposals.pending(site)
    if request.method == "POST" and proposal is not None:
        try:
            if request.form.get("action") == "return":
                proposals.send_back(site, current_user, request.form.get("reason", ""))
                db.session.commit()
                flash("已退回修改，编辑会看到退回原因。", "success")
            else:
                proposals.publish(site, current_user)
                db.session.commit()
                flash("已发布，访客现在看到的是新的品牌、首页栏目和菜单。", "success")
        except SiteError as refusal:
            show_refusal(refusal)
        return redirect(url_for(".overview", org_id=branch.id))
    changes = proposals.changes(site, proposal) if proposal is not None else []
    return render("review.html", proposal=proposal, changes=changes)
