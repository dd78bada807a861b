"""To-do items of this feature for the inbox (hook ``dangjian_todos``).

Each live announcement with an acknowledgement deadline that the user was
addressed in this court and has not acknowledged is one item, due on its
deadline (overdue ones stay until acknowledged or withdrawn).  One
statement whatever the number of announcements or addressees.
"""

from __future__ import annotations

from flask import url_for

from ..access import has_permission
from ..inbox.todos import Todo

KIND, KIND_LABEL = "announcements.unacknowledged", "待确认的通知公告"


def announcement_todos(court, user) -> list:
    if not has_permission(user, "announcements.view", court):
        return []
    from .queries import unacknowledged

    return [
        Todo(
            KIND,
            KIND_LABEL,
            f"请确认已阅：{title}",
            url_for("announcements.detail", court_slug=court.slug, announcement_id=announcement_id),
            due=deadline,
            detail="打开通知，阅读后点击“确认已阅”。",
        )
        for announcement_id, title, deadline in unacknowledged(user, court)
    ]
