"""访问令牌: the signed-in user's own personal access tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import AUTHENTICATED, requires
from ..db import db
from ..refusals import Refused, show_refusal
from . import services
from .forms import TokenForm

bp = Blueprint("api_tokens", __name__, url_prefix="/auth/tokens")


def _page(form: TokenForm, secret: str = "", status: int = 200):
    response = render_template("auth/tokens.html", form=form, tokens=services.user_tokens(current_user), secret=secret)
    return response, status, {"Cache-Control": "no-store"}


@bp.route("/", methods=["GET", "POST"])
@requires(AUTHENTICATED)
def index():
    form = TokenForm()
    if form.is_submitted():
        if form.validate():
            try:
                _token, secret = services.create_token(
                    current_user, name=form.name.data, scope=form.scope.data, days=form.days.data
                )
            except Refused as error:
                show_refusal(error, form)
            else:
                db.session.commit()
                # Rendered, not redirected: the secret must not pass through the session.
                return _page(TokenForm(formdata=None), secret=secret, status=201)
        return _page(form, status=422)
    return _page(form)


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@requires(AUTHENTICATED)
def revoke(token_id: int):
    token = services.own_token(current_user, token_id)
    if token is None:
        abort(404)
    if services.revoke_token(token):
        db.session.commit()
        flash(f"访问令牌“{token.name}”已撤销，使用它的程序将无法再访问。", "success")
    else:
        flash("这个令牌已经撤销过了。", "info")
    return redirect(url_for(".index"))
