"""The top bar's 待办 and 通知 counts, and the to-do list of a request.

One computation of the to-dos per request at most (the inbox page, the
dashboard card and the badge share it through ``g``); the badge alone reads
the cached count — no SQL on a hit — plus one indexed COUNT of unread
notifications.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import func, or_, select

from ..access import has_permission
from ..courts.clock import court_today
from ..db import db
from . import cache
from .host_items import cache_marker
from .models import Notification
from .todos import Todo, collect_todos


def todos_for(court, user) -> list[Todo]:
    """Everything awaiting ``user`` now, computed once per request; the count
    goes into the badge cache under the epochs read *before* computing, so a
    commit made meanwhile leaves it unreachable rather than wrong."""
    key = cache.badge_key(court, user, court_today(court), cache_marker(court))
    memo = g.get("dj_todos")
    if memo is not None and memo[0] == (court.id, user.id, key) and key is not None:
        return memo[1]
    items = collect_todos(court, user)
    if key is not None:
        cache.store().put(key, len(items), cache.cache_seconds())
    g.dj_todos = ((court.id, user.id, key), items)
    return items


def todo_count(court, user) -> int:
    key = cache.badge_key(court, user, court_today(court), cache_marker(court))
    if key is not None:
        memo = g.get("dj_todos")
        if memo is not None and memo[0] == (court.id, user.id, key):
            return len(memo[1])
        cached = cache.store().get(key)
        if cached is not None:
            return cached
    return len(todos_for(court, user))


def unread_filter(user, court):
    return (
        Notification.user_id == user.id,
        Notification.read_at.is_(None),
        or_(Notification.court_id == court.id, Notification.court_id.is_(None)),
    )


def unread_count(court, user) -> int:
    """Once per request: the bell and the notifications page share it.  The
    memo lives in the request's environ, not ``g``: an app context (and its
    ``g``) may outlive a request, as in the tests."""
    memo = request.environ.get("dangjian.unread") if has_request_context() else None
    if memo is not None and memo[0] == (court.id, user.id):
        return memo[1]
    count = db.session.scalar(select(func.count(Notification.id)).where(*unread_filter(user, court))) or 0
    if has_request_context():
        request.environ["dangjian.unread"] = ((court.id, user.id), count)
    return count


@dataclass(frozen=True)
class Badge:
    todos: int
    unread: int


def inbox_badge() -> Badge | None:
    """Template global: the counts for the top bar, or None where it has no
    place (no court, nobody signed in, no role in this court)."""
    court = g.get("court")
    if court is None or not current_user.is_authenticated:
        return None
    if not has_permission(current_user, "inbox.view", court):
        return None
    return Badge(todo_count(court, current_user), unread_count(court, current_user))
