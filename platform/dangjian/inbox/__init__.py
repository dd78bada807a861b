"""The to-do inbox (待办) and notifications (通知): what awaits each user.

To-dos are computed from current data by every enabled module through the
``dangjian_todos`` hook and never stored, so an item disappears as soon as
the work is done.  Notifications are stored per user: events that a person
should hear about (a record returned, a post published) even when nothing
awaits them.
"""


def init_app(app) -> None:
    """Session events (badge cache epochs, mail after commit) and the
    template global the top bar reads."""
    from . import cache, mail
    from .badge import inbox_badge

    cache.install_events()
    mail.install_events()
    app.jinja_env.globals["inbox_badge"] = inbox_badge
