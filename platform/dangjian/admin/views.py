"""Court administration: accounts, their roles, and the court's audit log.

Routes only move data between the request, the forms and the services in
``users.py`` and ``audit_query.py``.  Sensitive changes carry ``@sensitive``
and also answer GET with a redirect to the account page, so that returning
from the password prompt (which follows the URL with a GET) lands somewhere
useful instead of on a 405.
"""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..access import get_in_court_or_404, requires
from ..access.roles import ASSIGNABLE_IN_COURT, ROLE_LABELS
from ..auth.fresh import is_recently_authenticated, sensitive
from ..auth.models import User
from ..courts.tenancy import court_blueprint
from ..db import db
from ..inputs import page_arg, parse_int
from ..refusals import Refused, show_refusal
from . import audit_query
from . import bulk_accounts as bulk
from . import users as accounts
from .forms import AuditFilterForm, PasswordResetForm, RoleGrantForm, UserCreateForm, UserEditForm

bp = court_blueprint("court_admin", __name__, url_prefix="/manage")

USERS_PER_PAGE = 30  # USERS_PER_PAGE in the configuration overrides it


@bp.context_processor
def _helpers():
    return {
        "account_status": accounts.account_status,
        "court_roles": accounts.court_roles,
        "role_label": accounts.role_label,
        "is_locked": accounts.is_locked,
    }


def _page_number() -> int:
    return page_arg()


def _member_choices(user=None) -> list[SelectChoice]:
    """Linkable members as optgroups by branch, after a "no link" choice."""
    choices = [SelectChoice(None, "不关联党员")]
    for branch, members in accounts.linkable_members(g.court, user).items():
        choices += [SelectChoice(member_id, name, optgroup=branch) for member_id, name in members]
    return choices


def _branch_choices(branches) -> list[SelectChoice]:
    return [SelectChoice(branch.id, branch.name) for branch in branches]


def _user(user_id: int) -> User:
    return get_in_court_or_404(User, user_id)


# Accounts --------------------------------------------------------------------


@bp.route("/users/")
@requires("users.manage")
def users():
    filters = accounts.UserFilters(
        search=request.args.get("q", "").strip()[:60],
        status=request.args.get("status", ""),
        role=request.args.get("role", ""),
    )
    per_page = current_app.config.get("USERS_PER_PAGE", USERS_PER_PAGE)
    page = accounts.users_page(g.court, filters, _page_number(), per_page)
    return render_template(
        "admin/users.html",
        page=page,
        filters=filters,
        statuses=accounts.USER_STATUSES,
        roles={role: ROLE_LABELS[role] for role in ASSIGNABLE_IN_COURT},
    )


@bp.route("/users/new", methods=["GET", "POST"])
@requires("users.manage")
def user_new():
    # Search, then choose: the member comes from a server-side search by
    # name or branch (?q=), chosen with ?member= and posted back as member_id.
    chosen = bulk.linkable_member(
        g.court, parse_int(request.values.get("member_id")) or parse_int(request.args.get("member"))
    )
    form = UserCreateForm()
    form.member_id.choices = [SelectChoice(None, "不关联党员")] + (
        [SelectChoice(chosen.id, chosen.name)] if chosen else []
    )
    if request.method == "GET" and chosen is not None:
        form.member_id.data = chosen.id
        form.display_name.data = chosen.name
        form.username.data = bulk.propose_username(chosen.name)
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                g.court,
                username=form.username.data,
                display_name=form.display_name.data,
                member_id=form.member_id.data,
                password=form.password.data,
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已创建账号 {user.username}。请把初始密码告知本人；首次登录时系统会要求其设置新密码。", "success")
            return redirect(url_for(".user_detail", user_id=user.id))
    query = request.args.get("q", "").strip()[:40]
    return render_template(
        "admin/user_form.html",
        form=form,
        user=None,
        chosen=chosen,
        query=query,
        matches=bulk.search_linkable(g.court, query) if chosen is None else [],
    )


@bp.route("/users/<int:user_id>/")
@requires("users.manage")
def user_detail(user_id: int):
    user = _user(user_id)
    return _render_detail(user, RoleGrantForm(formdata=None))


def _render_detail(user: User, grant_form: RoleGrantForm, status: int = 200):
    branches = accounts.assignable_branches(g.court)
    grant_form.branch_id.choices = [SelectChoice(None, "请选择党支部"), *_branch_choices(branches)]
    return (
        render_template(
            "admin/user_detail.html",
            user=user,
            grant_form=grant_form,
            has_branches=bool(branches),
            fresh=is_recently_authenticated(),
            is_self=user.id == current_user.id,
            history=audit_query.recent_about(g.court, user),
            action_label=audit_query.action_label,
        ),
        status,
    )


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@requires("users.manage")
def user_edit(user_id: int):
    user = _user(user_id)
    form = UserEditForm(obj=user)
    form.member_id.choices = _member_choices(user)
    if form.validate_on_submit():
        try:
            changes = accounts.update_user(
                g.court, user, display_name=form.display_name.data, member_id=form.member_id.data
            )
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash("已保存。" if changes else "没有需要保存的修改。", "success" if changes else "info")
            return redirect(url_for(".user_detail", user_id=user.id))
    return render_template("admin/user_form.html", form=form, user=user)


def _back_to(user: User):
    return redirect(url_for(".user_detail", user_id=user.id))


def _apply(user: User, change, success: str):
    """Run a change that needs no form; commit or show why it was refused."""
    try:
        change()
    except Refused as refusal:
        show_refusal(refusal)
    else:
        db.session.commit()
        flash(success, "success")
    return _back_to(user)


@bp.route("/users/<int:user_id>/disable", methods=["GET", "POST"])
@requires("users.manage")
@sensitive
def user_disable(user_id: int):
    user = _user(user_id)
    if request.method == "GET":
        return _back_to(user)
    return _apply(
        user,
        lambda: accounts.disable_user(g.court, user, current_user),
        f"已停用账号 {user.username}，该用户在所有设备上的登录均已结束。",
    )


@bp.route("/users/<int:user_id>/enable", methods=["GET", "POST"])
@requires("users.manage")
@sensitive
def user_enable(user_id: int):
    user = _user(user_id)
    if request.method == "GET":
        return _back_to(user)
    return _apply(user, lambda: accounts.enable_user(g.court, user), f"已启用账号 {user.username}。")


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@requires("users.manage")
def user_unlock(user_id: int):
    user = _user(user_id)
    return _apply(user, lambda: accounts.unlock_user(g.court, user), f"已解除账号 {user.username} 的登录锁定。")


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@requires("users.manage")
@sensitive
def user_password(user_id: int):
    user = _user(user_id)
    if user.id == current_user.id:
        flash("请在右上角菜单的“修改密码”中修改您自己的密码。", "info")
        return _back_to(user)
    form = PasswordResetForm(username=user.username, names=user.person_names)
    if form.validate_on_submit():
        try:
            accounts.reset_password(g.court, user, form.password.data, current_user)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(
                f"已重置 {user.username} 的密码，该用户需用新密码重新登录，登录后系统会要求其设置自己的密码。",
                "success",
            )
            return _back_to(user)
    return render_template("admin/user_password.html", form=form, user=user)


# Roles -------------------------------------------------------------------------


@bp.route("/users/<int:user_id>/roles", methods=["GET", "POST"])
@requires("users.manage")
@sensitive
def role_grant(user_id: int):
    user = _user(user_id)
    if request.method == "GET":
        return _back_to(user)
    form = RoleGrantForm()
    branches = accounts.assignable_branches(g.court)
    form.branch_id.choices = [SelectChoice(None, "请选择党支部"), *_branch_choices(branches)]
    if form.validate():
        try:
            accounts.grant_role(g.court, user, form.role.data, form.branch_id.data)
        except Refused as refusal:
            show_refusal(refusal, form)
        else:
            db.session.commit()
            flash(f"已授予 {user.label} {ROLE_LABELS[form.role.data]}角色。", "success")
            return _back_to(user)
    # Re-shown with the reasons beside the fields; 400 as nothing was granted.
    return _render_detail(user, form, status=400)


@bp.route("/users/<int:user_id>/roles/<int:assignment_id>/revoke", methods=["GET", "POST"])
@requires("users.manage")
@sensitive
def role_revoke(user_id: int, assignment_id: int):
    user = _user(user_id)
    if request.method == "GET":
        return _back_to(user)
    assignment = accounts.court_assignment(g.court, user, assignment_id)
    if assignment is None:
        abort(404)
    label = accounts.role_label(assignment)
    return _apply(
        user,
        lambda: accounts.revoke_role(g.court, user, assignment, current_user),
        f"已撤销 {user.label} 的{label}角色。",
    )


# Audit log -----------------------------------------------------------------------


def render_audit_log(form: AuditFilterForm, *, endpoint: str, zone: str, court=None, platform: bool = False):
    """The audit screen shared by the court and platform views."""
    form.action.choices = [SelectChoice("", "全部操作")] + [
        SelectChoice(action, label, optgroup=group)
        for group, actions in audit_query.action_choices().items()
        for action, label in actions
    ]
    form.validate()

    def value(name, default=None):
        # A filter typed wrongly is shown with its error and left out; the
        # others still apply.
        field = form._fields.get(name)
        return field.data if field is not None and not field.errors and field.data else default

    filters = audit_query.AuditFilters(
        action=value("action", ""),
        username=value("username", "")[:60],
        date_from=value("date_from"),
        date_to=value("date_to"),
        court=value("court", "") if platform else "",
    )
    per_page = current_app.config["AUDIT_PER_PAGE"]
    page = audit_query.audit_page(filters, zone=zone, page=_page_number(), per_page=per_page, court=court)
    return render_template(
        "admin/audit.html",
        form=form,
        page=page,
        endpoint=endpoint,
        platform=platform,
        filtered=filters != audit_query.AuditFilters(),
        action_label=audit_query.action_label,
        names=audit_query.display_names(page.items),
        court_names=audit_query.court_names(page.items) if platform else {},
    )


@bp.route("/audit/")
@requires("audit.view")
def audit():
    form = AuditFilterForm(request.args)
    return render_audit_log(form, endpoint="court_admin.audit", zone=g.court.timezone, court=g.court)
