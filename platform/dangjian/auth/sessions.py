"""Loading the signed-in user, with the per-user session version check.

The session and the remember-me cookie carry ``"<id>:<session_version>"``.
Logout, a password change and disabling the account bump the version, so
every copy of an older session — in any browser, on any worker — stops
loading a user at its next request.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..db import db
from .models import User


def load_user(token: str) -> User | None:
    user_id, _, version = token.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.scalar(select(User).options(joinedload(User.member)).where(User.id == int(user_id)))
    if user is None or user.session_version != int(version) or not user.is_enabled:
        return None
    return user


def init_login(app, login_manager) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.refresh_view = "auth.reauthenticate"
    login_manager.needs_refresh_message = "为保护账号安全，请再次输入密码以继续。"
    login_manager.needs_refresh_message_category = "info"
    login_manager.session_protection = "basic"
