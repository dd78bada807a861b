"""Screens of transfers between courts (跨院转接); the rules live in
``court_transfers.py``.  Both sides need ``members.transfer`` (the court
admin) in their own court; requests of other courts answer 404."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import get_in_scope_or_404, requires
from ..admin.services import Refused
from ..admin.views import show_refusal
from ..courts.tenancy import court_blueprint
from ..db import db
from ..inputs import parse_int
from ..org.queries import active_branches
from . import court_transfers as transfers
from .forms import AcceptTransferForm, CourtTransferForm, DeclineTransferForm
from .models import Member

bp = court_blueprint("court_transfers", __name__, url_prefix="/manage/transfers")


@bp.route("/")
@requires("members.transfer")
def incoming():
    return render_template(
        "members/court_transfers.html",
        incoming=transfers.incoming(g.court, pending_only=False),
        outgoing=transfers.outgoing(g.court),
    )


@bp.route("/out/<int:member_id>", methods=["GET", "POST"])
@requires("members.transfer")
def request_out(member_id: int):
    member = get_in_scope_or_404(Member, member_id, "members.transfer")
    back = redirect(url_for("members.detail", member_id=member.id))
    if member.left_on is not None:
        flash("该党员已转出本院，不能再申请转出。", "warning")
        return back
    pending = transfers.pending_for(member)
    if pending is not None:
        flash(f"{member.name} 已有一项转往 {pending.to_court.name} 的申请待对方接收。", "info")
        return back
    courts = transfers.target_courts(g.court)
    to_court = transfers.target_court(g.court, parse_int(request.values.get("to_court")))
    branches = active_branches(to_court) if to_court is not None else []
    form = CourtTransferForm(branches=branches)
    if to_court is not None and form.validate_on_submit():
        try:
            transfers.request_transfer(
                g.court, member, to_court.id, form.to_branch_id.data, form.reason.data, current_user
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已提交转出申请，等待 {to_court.name} 接收。接收前 {member.name} 仍在本院名册上。", "success")
            return back
    return render_template(
        "members/court_transfer_request.html",
        member=member,
        form=form,
        courts=courts,
        to_court=to_court,
        branches=branches,
    )


def _incoming_or_404(request_id: int):
    transfer = transfers.incoming_request(g.court, request_id)
    if transfer is None:
        abort(404)
    return transfer


@bp.route("/<int:request_id>/", methods=["GET", "POST"])
@requires("members.transfer")
def accept(request_id: int):
    transfer = _incoming_or_404(request_id)
    branches = active_branches(g.court)
    form = AcceptTransferForm(branches=branches)
    if request.method == "GET":
        form.branch_id.data = transfer.to_branch_id
    if transfer.status == "pending" and form.validate_on_submit():
        try:
            member = transfers.accept(g.court, transfer, form.branch_id.data, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已接收 {member.name}，现在在本院 {member.branch.name}。", "success")
            return redirect(url_for("members.detail", member_id=member.id))
    return render_template(
        "members/court_transfer_accept.html",
        transfer=transfer,
        form=form,
        decline_form=DeclineTransferForm(formdata=None),
        has_branches=bool(branches),
    )


@bp.route("/<int:request_id>/decline", methods=["POST"])
@requires("members.transfer")
def decline(request_id: int):
    transfer = _incoming_or_404(request_id)
    form = DeclineTransferForm()
    if form.validate_on_submit():
        try:
            transfers.decline(g.court, transfer, form.reason.data, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已退回 {transfer.member.name} 的转入申请。", "success")
            return redirect(url_for(".incoming"))
    accept_form = AcceptTransferForm(formdata=None, branches=active_branches(g.court))
    accept_form.branch_id.data = transfer.to_branch_id
    return (
        render_template(
            "members/court_transfer_accept.html",
            transfer=transfer,
            form=accept_form,
            decline_form=form,
            has_branches=True,
        ),
        400,
    )


@bp.route("/<int:request_id>/withdraw", methods=["POST"])
@requires("members.transfer")
def withdraw(request_id: int):
    transfer = transfers.outgoing_request(g.court, request_id)
    if transfer is None:
        abort(404)
    try:
        transfers.withdraw(g.court, transfer, current_user)
    except Refused as refusal:
        show_refusal(refusal)
    else:
        db.session.commit()
        flash(f"已撤回 {transfer.member.name} 的转出申请。", "success")
    return redirect(url_for(".incoming"))
