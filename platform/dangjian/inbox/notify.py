"""Creating notifications: the one entry point every module calls."""

from __future__ import annotations

from collections.abc import Iterable

from ..db import db
from .models import Notification


def _user_id(user) -> int | None:
    if user is None:
        return None
    if isinstance(user, int):
        return user
    return getattr(user, "id", None)


def notify(users: Iterable, *, court, kind: str, title: str, body: str = "", url: str = "") -> list[Notification]:
    """Tell each of ``users`` (``User`` objects or user ids; duplicates and
    ``None`` are ignored) that something happened.

    Runs in the caller's transaction: rows are added to the session and the
    caller commits, so a rolled-back action notifies nobody.  ``title`` is
    one line (``"您的会议记录已审核通过"``), ``body`` optional detail (the
    reason a record was returned), ``url`` where to look.  Returns the new
    rows.
    """
    seen: set[int] = set()
    rows = []
    for user in users:
        user_id = _user_id(user)
        if user_id is None or user_id in seen:
            continue
        seen.add(user_id)
        rows.append(
            Notification(
                user_id=user_id,
                court_id=getattr(court, "id", court),
                kind=kind,
                title=title[:200],
                body=body or "",
                url=(url or "")[:500],
            )
        )
    db.session.add_all(rows)
    # Mail for those who asked for it immediately goes after the commit.
    from .mail import queue_immediate

    queue_immediate([row.user_id for row in rows], title[:200], body or "", url or "")
    return rows
