"""The member roll screens (党员名册) of a court's administration."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import branch_scope, get_in_scope_or_404, has_permission, requires
from ..courts.tenancy import court_blueprint
from ..db import db
from ..inputs import int_arg, page_arg
from ..modules.services import court_hooks
from ..org.models import Organisation
from . import court_transfers, services
from .forms import LeaveForm, MemberForm, TransferForm
from .models import EDUCATIONS, MEMBER_STATUSES, SEXES, Member

bp = court_blueprint("members", __name__, url_prefix="/manage/members")


def _scope(permission: str):
    return branch_scope(current_user, permission, g.court)


@bp.route("/")
@requires("members.view")
def index():
    scope = _scope("members.view")
    filters = services.MemberFilters.from_args(request.args)
    page = services.paginate_members(g.court, scope, filters, page_arg(), current_app.config["MEMBERS_PER_PAGE"])
    has_any = bool(page.total) or services.court_has_members(g.court, scope)
    return render_template(
        "members/index.html",
        page=page,
        filters=filters,
        branches=services.scoped_branches(g.court, scope),
        has_any=has_any,
        whole_court=scope is None,
        statuses=MEMBER_STATUSES,
        sexes=SEXES,
        educations=EDUCATIONS,
        can_edit=has_permission(current_user, "members.edit", g.court),
        can_import=has_permission(current_user, "members.import", g.court),
        has_export="member_import.export" in current_app.view_functions,
        has_upload="member_import.upload" in current_app.view_functions,
    )


@bp.route("/me", endpoint="me")
@requires("members.self")
def me():
    member = current_user.member
    if member is None or member.court_id != g.court.id:
        abort(404)
    return render_template(
        "members/me.html",
        member=member,
        show_personal=services.can_see_personal(current_user, member),
        transfers=services.transfer_history(member),
        panels=member_panels(member),
    )


@bp.route("/<int:member_id>")
@requires("members.view")
def detail(member_id: int):
    member = get_in_scope_or_404(Member, member_id, "members.view")
    return render_template(
        "members/detail.html",
        member=member,
        show_personal=services.can_see_personal(current_user, member),
        transfers=services.transfer_history(member),
        leave_reason=services.leave_reason(member),
        can_edit=services.in_scope(current_user, "members.edit", member),
        can_transfer=services.in_scope(current_user, "members.transfer", member),
        leave_form=LeaveForm(),
        court_transfer=court_transfers.pending_for(member),
        panels=member_panels(member),
    )


def member_panels(member: Member) -> list:
    """Panels that enabled modules add to a member's profile."""
    panels = court_hooks(g.court, "dangjian_member_panels", member=member, user=current_user)
    return sorted(panels, key=lambda panel: (panel.order, panel.title))


def _member_form(scope, member: Member | None = None, personal: bool = True) -> MemberForm:
    branches = services.scoped_branches(g.court, scope)
    if member is not None and member.branch_id not in {b.id for b in branches}:
        branches.append(member.branch)  # a dissolved branch stays selectable for its members
    groups = services.groups_by_branch(b.id for b in branches)
    return MemberForm(obj=member, branches=branches, groups=groups, personal=personal)


def _render_form(form: MemberForm, member: Member | None):
    groups = {branch_id: [[g_.id, g_.name] for g_ in items] for branch_id, items in form.groups.items()}
    return render_template("members/form.html", form=form, member=member, groups=groups)


@bp.route("/new", methods=["GET", "POST"])
@requires("members.edit")
def create():
    scope = _scope("members.edit")
    form = _member_form(scope, personal=has_permission(current_user, "members.personal", g.court))
    if request.method == "GET":
        branch_ids = [choice.value for choice in form.branch_id.choices[1:]]
        wanted = int_arg("branch")
        if wanted in branch_ids or len(branch_ids) == 1:
            form.branch_id.data = wanted if wanted in branch_ids else branch_ids[0]
    if form.validate_on_submit():
        values = form.values()
        branch = db.session.get(Organisation, values["branch_id"])
        if not values.get("department"):
            values["department"] = branch.department
        member = services.create_member(g.court, values, current_user)
        db.session.commit()
        flash(f"已新增党员 {member.name}。", "success")
        if request.form.get("again"):
            return redirect(url_for(".create", branch=member.branch_id))
        return redirect(url_for(".detail", member_id=member.id))
    return _render_form(form, None)


@bp.route("/<int:member_id>/edit", methods=["GET", "POST"])
@requires("members.edit")
def edit(member_id: int):
    member = get_in_scope_or_404(Member, member_id, "members.edit")
    form = _member_form(_scope("members.edit"), member, personal=services.can_see_personal(current_user, member))
    if form.validate_on_submit():
        changed = services.update_member(member, form.values(), current_user)
        db.session.commit()
        flash(f"已保存 {member.name} 的信息。" if changed else "没有需要保存的修改。", "success" if changed else "info")
        return redirect(url_for(".detail", member_id=member.id))
    return _render_form(form, member)


@bp.route("/<int:member_id>/transfer", methods=["GET", "POST"])
@requires("members.transfer")
def transfer(member_id: int):
    member = get_in_scope_or_404(Member, member_id, "members.transfer")
    if member.left_on is not None:
        flash("该党员已转出本院，不能再转接支部。", "warning")
        return redirect(url_for(".detail", member_id=member.id))
    targets = [b for b in services.scoped_branches(g.court, None) if b.id != member.branch_id]
    form = TransferForm(branches=targets)
    if form.validate_on_submit():
        target = services.branch_in_court(g.court, form.to_branch_id.data)
        if target is None:
            abort(404)
        services.transfer_member(
            member, target, form.transferred_on.data, form.reason.data, current_user, form.update_department.data
        )
        db.session.commit()
        flash(f"已将 {member.name} 转至 {target.name}。", "success")
        return redirect(url_for(".detail", member_id=member.id))
    return render_template("members/transfer.html", form=form, member=member, has_targets=bool(targets))


@bp.route("/<int:member_id>/leave", methods=["GET", "POST"])
@requires("members.transfer")
def leave(member_id: int):
    member = get_in_scope_or_404(Member, member_id, "members.transfer")
    if member.left_on is not None:
        flash(f"该党员已于 {member.left_on:%Y-%m-%d} 转出。", "info")
        return redirect(url_for(".detail", member_id=member.id))
    pending = court_transfers.pending_for(member)
    if pending is not None:  # the other court could otherwise accept someone who left
        flash(f"{member.name} 有一项转往 {pending.to_court.name} 的申请待接收，请先在“跨院转接”中撤回。", "warning")
        return redirect(url_for(".detail", member_id=member.id))
    form = LeaveForm()
    if form.validate_on_submit():
        services.leave_roll(member, form.left_on.data, form.reason.data, current_user)
        db.session.commit()
        flash(f"{member.name} 已转出本院党员名册，档案仍可查阅。", "success")
        return redirect(url_for(".detail", member_id=member.id))
    return render_template("members/leave.html", form=form, member=member)


@bp.route("/<int:member_id>/restore", methods=["POST"])
@requires("members.transfer")
def restore(member_id: int):
    member = get_in_scope_or_404(Member, member_id, "members.transfer")
    if member.left_on is not None:
        services.restore_to_roll(member, current_user)
        db.session.commit()
        flash(f"已恢复 {member.name} 在册。", "success")
    return redirect(url_for(".detail", member_id=member.id))
