"""Bulk creation of accounts for a branch (批量创建账号).

Choose a branch, check the preview (members without an account and the
usernames they will get), confirm.  The result page shows the generated
passwords once and offers them as an .xlsx sheet: the sheet's rows travel
in a signed token inside that page (never stored on the server), and the
token works once, in the same session, for ``SHEET_MINUTES``.
"""

from __future__ import annotations

import secrets
from urllib.parse import quote

from flask import current_app, flash, g, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError
from wtforms import HiddenField

from ..access import requires
from ..courts.tenancy import court_blueprint
from ..db import db
from ..inputs import parse_int
from ..org.queries import active_branch, active_branches
from . import bulk_accounts as bulk

bp = court_blueprint("account_bulk", __name__, url_prefix="/manage/users/bulk")

SHEET_MINUTES = 10
NONCE_KEY = "bulk_sheet_nonce"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BulkForm(FlaskForm):
    """Only the CSRF token: the branch and members come as plain inputs."""


class SheetForm(FlaskForm):
    token = HiddenField()


def _serializer() -> URLSafeTimedSerializer:
    secret = current_app.secret_key
    assert secret is not None  # create_app always sets SECRET_KEY (made once in the instance folder)
    return URLSafeTimedSerializer(secret, salt="dangjian.bulk-accounts-sheet")


def _no_store(response):
    # The page carries passwords: no browser or proxy may keep a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/", methods=["GET", "POST"])
@requires("users.manage")
def index():
    branches = active_branches(g.court)
    branch = active_branch(g.court, parse_int(request.values.get("branch_id")))
    form = BulkForm()
    if request.method == "POST":
        if branch is None or not form.validate():
            flash("请求已过期或党支部无效，请重新选择。", "danger")
            return redirect(url_for(".index"))
        return _create(branch)
    members = bulk.members_without_account(g.court, branch) if branch is not None else []
    return render_template(
        "admin/bulk_accounts.html",
        branches=branches,
        branch=branch,
        members=members,
        usernames=bulk.propose_usernames(members),
        form=form,
    )


def _create(branch):
    wanted = {number for value in request.form.getlist("member_id") if (number := parse_int(value)) is not None}
    if not wanted:
        flash("请至少勾选一名党员。", "warning")
        return redirect(url_for(".index", branch_id=branch.id))
    try:
        created = bulk.create_for_branch(g.court, branch, wanted, current_user)
        db.session.commit()
    except IntegrityError:  # another admin created one of them a moment ago
        db.session.rollback()
        flash("有账号刚刚被其他管理员创建，没有创建任何账号。请重新查看后再确认。", "danger")
        return redirect(url_for(".index", branch_id=branch.id))
    if not created:
        flash("勾选的党员都已有账号，没有创建新账号。", "info")
        return redirect(url_for(".index", branch_id=branch.id))
    nonce = secrets.token_urlsafe(16)
    session[NONCE_KEY] = nonce
    rows = [[a.name, a.branch, a.username, a.password] for a in created]
    sheet_form = SheetForm(formdata=None, token=_serializer().dumps({"nonce": nonce, "rows": rows}))
    page = render_template(
        "admin/bulk_result.html", branch=branch, created=created, sheet_form=sheet_form, minutes=SHEET_MINUTES
    )
    return _no_store(make_response(page))


@bp.route("/sheet", methods=["POST"])
@requires("users.manage")
def sheet():
    form = SheetForm()
    nonce = session.pop(NONCE_KEY, None)
    try:
        data = _serializer().loads(form.token.data or "", max_age=SHEET_MINUTES * 60) if form.validate() else None
    except BadSignature:  # includes SignatureExpired
        data = None
    if not data or nonce is None or data.get("nonce") != nonce:
        flash(
            f"初始密码表只能在创建后 {SHEET_MINUTES} 分钟内、在同一次登录中下载一次，已失效。如有遗失，请为相关账号重置密码。",
            "warning",
        )
        return redirect(url_for("court_admin.users"))
    accounts = [bulk.CreatedAccount(*row) for row in data["rows"]]
    response = make_response(bulk.write_sheet(g.court, accounts))
    response.mimetype = XLSX
    filename = f"{g.court.name}-初始密码.xlsx"
    response.headers["Content-Disposition"] = (
        f"attachment; filename=initial-passwords.xlsx; filename*=UTF-8''{quote(filename)}"
    )
    return _no_store(response)
