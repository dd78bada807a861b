"""Signing in and out, changing the password, confirming identity again.

The logic lives in services.py; these views only move data between the
request, the forms and the session.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import confirm_login, current_user, login_user, logout_user

from ..access import AUTHENTICATED, PUBLIC, requires
from ..db import db
from ..extensions import limiter
from . import services
from .forms import ChangePasswordForm, LoginForm, ReauthForm
from .fresh import mark_fresh, sensitive

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _attempt_limit() -> str:
    # Read per request so an instance config or a test can change it.
    return current_app.config["LOGIN_RATE_LIMIT"]


def _remember_cookie_present() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def _safe_next(*candidates: str | None) -> str | None:
    for candidate in candidates:
        target = services.safe_next(candidate, request.host)
        if target:
            return target
    return None


def _landing(user) -> str:
    court = services.home_court(user)
    return url_for("court.home", court_slug=court.slug) if court is not None else url_for("portal.index")


def _sign_in(user, remember: bool) -> None:
    """Start a brand-new session for ``user`` (no fixation of an old one)."""
    stale_cookie = _remember_cookie_present()
    session.clear()
    session.permanent = True  # PERMANENT_SESSION_LIFETIME caps an idle session
    login_user(user, remember=remember, duration=current_app.config["REMEMBER_COOKIE_DURATION"])
    if stale_cookie and not remember:
        session["_remember"] = "clear"  # an earlier remember-me must not outlive this choice
    mark_fresh()


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
@limiter.limit(_attempt_limit, methods=["POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(_safe_next(form.next.data) or _landing(current_user))
    error = ""
    if form.validate_on_submit():
        outcome = services.attempt_login(form.username.data, form.password.data)
        db.session.commit()  # failures and their audit entries are kept too
        if outcome.ok:
            _sign_in(outcome.user, bool(form.remember.data))
            flash(f"欢迎，{outcome.user.label}。", "success")
            if outcome.user.must_change_password:
                return redirect(url_for(".change_password"))
            return redirect(_safe_next(form.next.data, request.args.get("next")) or _landing(outcome.user))
        error = outcome.error
    return render_template("auth/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@requires(AUTHENTICATED)
def logout():
    services.logout(current_user._get_current_object())
    db.session.commit()
    session.clear()
    logout_user()
    flash("您已安全退出。本账号在其他设备和浏览器上的登录也已一并结束。", "success")
    return redirect(url_for("portal.index"))


@bp.route("/password", methods=["GET", "POST"])
@requires(AUTHENTICATED)
@sensitive
@limiter.limit(_attempt_limit, methods=["POST"])
def change_password():
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    if form.is_submitted():
        valid = form.validate()
        problems = {}
        if form.current_password.data and form.new_password.data:
            problems = services.password_change_problems(user, form.current_password.data, form.new_password.data)
        for name, messages in problems.items():
            form[name].errors = list(form[name].errors) + messages
        if valid and not problems:
            services.change_password(user, form.new_password.data)
            db.session.commit()
            _resume_session(user)
            flash("密码已修改。本账号在其他设备和浏览器上的登录已全部退出。", "success")
            return redirect(_landing(user))
    return render_template(
        "auth/change_password.html", form=form, cancel_url=_landing(user), forced=user.must_change_password
    )


def _resume_session(user) -> None:
    """Keep this browser signed in under the new session version."""
    login_user(
        user,
        remember=_remember_cookie_present(),
        duration=current_app.config["REMEMBER_COOKIE_DURATION"],
    )
    mark_fresh()


@bp.route("/reauth", methods=["GET", "POST"])
@requires(AUTHENTICATED)
@limiter.limit(_attempt_limit, methods=["POST"])
def reauthenticate():
    form = ReauthForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    error = ""
    if form.validate_on_submit():
        outcome = services.attempt_login(current_user.username, form.password.data, purpose="reauth")
        db.session.commit()
        if outcome.ok:
            confirm_login()
            mark_fresh()
            return redirect(_safe_next(form.next.data, request.args.get("next")) or _landing(current_user))
        error = outcome.error
    return render_template("auth/reauth.html", form=form, error=error)
