"""Passwords chosen by an administrator are changed by their owner first.

An account created or reset by an admin carries ``must_change_password``;
until its owner picks a password of their own, every page answers with a
redirect to the password change (signing out, static files and the
re-authentication the change page may ask for still work).
"""

from __future__ import annotations

from flask import Flask, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from ..db import db
from .models import User

# Endpoints a flagged account may still reach.
ALLOWED_ENDPOINTS = frozenset(
    {
        "auth.change_password",
        "auth.logout",
        "auth.reauthenticate",
        "portal.favicon",
        "static",
        # The web app's files: a browser refuses a redirected worker script.
        "pwa.manifest",
        "pwa.icon",
        "pwa.apple_touch_icon",
        "pwa.service_worker",
        "pwa.offline",
    }
)
NOTICE = "管理员为您设置的初始密码只能用于首次登录，请先设置您自己的新密码。"


def must_change(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "must_change_password", False))


def _exempt(endpoint: str | None) -> bool:
    # Every static file (host, Bootstrap, plugins, themes, the editor) lives
    # under /static/, whatever its endpoint is called.
    return endpoint is None or endpoint in ALLOWED_ENDPOINTS or request.path.startswith("/static/")


def _redirect_to_change():
    if not must_change(current_user) or _exempt(request.endpoint):
        return None
    if request.method == "GET":
        flash(NOTICE, "warning")
    return redirect(url_for("auth.change_password"))


def awaiting_first_change(court) -> int:
    """How many of ``court``'s accounts have not yet replaced the password
    an administrator set; the court admin's dashboard (and, later, the to-do
    inbox of issue 12) show it."""
    count = db.session.scalar(
        select(func.count(User.id)).where(
            User.court_id == court.id, User.must_change_password.is_(True), User.is_enabled.is_(True)
        )
    )
    return count or 0


def init_app(app: Flask) -> None:
    app.before_request(_redirect_to_change)
