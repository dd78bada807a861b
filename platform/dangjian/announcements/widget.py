"""The court home's 通知公告 card: the latest announcements addressed to the
signed-in user here, unread ones marked (two statements)."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

from ..access import has_permission
from ..plugins import Widget
from . import queries

CARD_ITEMS = 5


def announcements_widget(court, user) -> list[Widget]:
    if not has_permission(user, "announcements.view", court):
        return []
    receipts = queries.latest_received(user, court, CARD_ITEMS)
    unread = queries.unread_received(user, court) if receipts else 0
    from ..inbox.badge import court_today

    html = render_template(
        "announcements/card.html",
        receipts=receipts,
        unread=unread,
        today=court_today(court),
        may_manage=has_permission(user, "announcements.manage", court),
    )
    return [Widget("通知公告", Markup(html), order=6)]
