"""Reading a user's to-do items the way the inbox does, for module tests."""

from __future__ import annotations

from flask import g
from flask_login import login_user

from dangjian.db import db
from dangjian.inbox.todos import collect_todos

from .conftest import count_queries


def todos_for(app, user, court) -> list:
    """``collect_todos`` inside a request signed in as ``user`` (the modules
    check permissions of the current user, as on every page)."""
    db.session.expire_all()
    with app.test_request_context(f"/{court.slug}/"):
        g.court = court
        login_user(user)
        return collect_todos(court, user)


def todo_statements(app, user, court) -> int:
    db.session.expire_all()
    with app.test_request_context(f"/{court.slug}/"):
        g.court = court
        login_user(user)
        collect_todos(court, user)  # per-request lookups (enabled modules, roles) warm, as on a page
        with count_queries(app) as statements:
            collect_todos(court, user)
    return len(statements)
