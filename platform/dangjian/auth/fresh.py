"""Sensitive actions ask for a recent password entry.

A session is "fresh" when the password was typed within
``SENSITIVE_REAUTH_MINUTES``; a session restored from the remember-me cookie
never is.  The login and re-authentication views set ``session["auth_at"]``.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import current_app, session
from flask_login import login_fresh

from ..extensions import login_manager


def mark_fresh() -> None:
    session["auth_at"] = time.time()


def is_recently_authenticated() -> bool:
    if not login_fresh():
        return False
    authenticated_at = session.get("auth_at")
    if not isinstance(authenticated_at, (int, float)):
        return False
    limit = current_app.config["SENSITIVE_REAUTH_MINUTES"] * 60
    return time.time() - authenticated_at <= limit


def sensitive(view):
    """Place under ``@requires``: asks for the password again when stale."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not is_recently_authenticated():
            return login_manager.needs_refresh()
        return view(*args, **kwargs)

    return guarded
