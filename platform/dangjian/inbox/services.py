"""Reading and tidying notifications (no Flask request objects here)."""

from __future__ import annotations

from datetime import timedelta
from typing import cast
from urllib.parse import urlsplit

from sqlalchemy import CursorResult, delete, select, update

from ..db import db, utcnow
from .badge import unread_filter
from .models import Notification


def user_notifications(user, court, *, unread_only: bool = False):
    query = select(Notification).where(
        Notification.user_id == user.id,
        (Notification.court_id == court.id) | Notification.court_id.is_(None),
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return query.order_by(Notification.created_at.desc(), Notification.id.desc())


def own_notification(user, court, notification_id: int) -> Notification | None:
    """The user's own notification in this court, or None (never another's)."""
    return db.session.scalar(
        select(Notification).where(
            Notification.id == notification_id,
            Notification.user_id == user.id,
            (Notification.court_id == court.id) | Notification.court_id.is_(None),
        )
    )


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user, court) -> int:
    result = db.session.execute(
        update(Notification).where(*unread_filter(user, court)).values(read_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    return cast(CursorResult, result).rowcount or 0


def purge(days: int) -> int:
    """Delete notifications older than ``days`` days; the caller commits."""
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(
        delete(Notification).where(Notification.created_at < cutoff), execution_options={"synchronize_session": False}
    )
    return cast(CursorResult, result).rowcount or 0


def local_path(url: str | None) -> str | None:
    """``url`` when it is a path on this site ("/zy/archives/3"), else None:
    opening a notification never sends anyone to another host."""
    if not url or not isinstance(url, str):
        return None
    if any(ord(char) < 32 or char == "\\" for char in url):
        return None
    if not url.startswith("/") or url.startswith("//"):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return url
