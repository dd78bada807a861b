"""The daily digest: one mail per "daily" user with what came since the last.

Run once a day (systemd timer or cron).  Each user's ``digest_sent_at``
records the last digest: notifications after it go into the next one, and a
user whose digest already went today (in ``TIMEZONE``) is skipped, so a
second run the same day sends nothing.  Three statements whatever the
number of users: the users, their notifications, the update.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select, update

from ..auth.models import User
from ..db import db, utcnow
from . import mail
from .models import Notification

FIRST_DIGEST_WINDOW = timedelta(days=1)


@dataclass
class DigestResult:
    users: int = 0
    sent: int = 0
    notifications: int = 0
    skipped_today: int = 0
    recipients: list[str] = field(default_factory=list)


def _local_date(value: datetime, zone: ZoneInfo):
    return value.replace(tzinfo=UTC).astimezone(zone).date()


def send_digests(now: datetime | None = None) -> DigestResult:
    """Send the digests and note each user's ``digest_sent_at``; the caller
    runs this inside ``writing()`` and commits."""
    result = DigestResult()
    if not mail.mail_enabled():
        return result
    now = now or utcnow()
    zone = ZoneInfo(current_app.config.get("TIMEZONE") or "Asia/Shanghai")
    users = db.session.execute(
        select(User.id, User.email, User.display_name, User.username, User.digest_sent_at).where(
            User.notify_email == "daily", User.email != "", User.is_enabled.is_(True)
        )
    ).all()
    due = []
    for row in users:
        if row.digest_sent_at is not None and _local_date(row.digest_sent_at, zone) == _local_date(now, zone):
            result.skipped_today += 1
            continue
        due.append(row)
    result.users = len(due)
    if not due:
        return result
    oldest = min((row.digest_sent_at or now - FIRST_DIGEST_WINDOW) for row in due)
    found = db.session.scalars(
        select(Notification)
        .where(
            Notification.user_id.in_([row.id for row in due]),
            Notification.created_at > oldest,
            Notification.created_at <= now,
        )
        .order_by(Notification.created_at)
    ).all()
    by_user = defaultdict(list)
    for notification in found:
        by_user[notification.user_id].append(notification)
    messages, done = [], []
    for row in due:
        since = row.digest_sent_at or now - FIRST_DIGEST_WINDOW
        mine = [n for n in by_user[row.id] if n.created_at > since]
        done.append(row.id)
        if not mine:
            continue
        messages.append(mail.build_message(row.email, _subject(len(mine)), _body(row, mine, zone)))
        result.notifications += len(mine)
        result.recipients.append(row.email)
    result.sent = mail.send(messages)
    if result.sent < len(messages):
        # Some mail did not go (server away): keep everyone's window so the
        # next run tries again rather than losing their notifications.
        return result
    db.session.execute(update(User).where(User.id.in_(done)).values(digest_sent_at=now))
    return result


def _subject(count: int) -> str:
    return f"【{current_app.config.get('APP_NAME', '党建平台')}】您有 {count} 条新通知（每日汇总）"


def _body(user, notifications: list[Notification], zone: ZoneInfo) -> str:
    name = user.display_name or user.username
    lines = [f"{name}，您好：", "", f"自上次汇总以来，您有 {len(notifications)} 条新通知：", ""]
    for number, notification in enumerate(notifications, 1):
        stamp = notification.created_at.replace(tzinfo=UTC).astimezone(zone).strftime("%m-%d %H:%M")
        lines.append(f"{number}. {notification.title}（{stamp}）")
        if notification.body:
            lines.append(f"   {notification.body}")
        if notification.url:
            lines.append(f"   {mail.absolute(notification.url)}")
    return "\n".join(lines) + mail._footer()
