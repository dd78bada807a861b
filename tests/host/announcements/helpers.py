"""Publishing announcements through the pages, for the tests of this feature."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from dangjian.announcements.models import Announcement, AnnouncementReceipt
from dangjian.db import db
from dangjian.inbox.models import Notification

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW = "/{court}/announcements/manage/new"


def form_data(
    title="关于开展主题党日活动的通知",
    body="各党支部：\n请按要求组织学习。",
    scope="court",
    branches=(),
    deadline="",
    action="publish",
    files=(),
) -> dict:
    data = {"title": title, "body": body, "scope": scope, "ack_deadline": deadline, "action": action}
    if branches:
        data["branch_ids"] = [str(branch) for branch in branches]
    if files:
        data["attachments"] = [(io.BytesIO(content), name) for name, content in files]
    return data


def post_new(client, court="zy", **fields):
    return client.post(NEW.format(court=court), data=form_data(**fields), content_type="multipart/form-data")


def publish(client, court="zy", **fields) -> Announcement:
    response = post_new(client, court, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    return db.session.scalar(select(Announcement).order_by(Announcement.id.desc()))


def receipt_user_ids(announcement) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(AnnouncementReceipt.user_id).where(AnnouncementReceipt.announcement_id == announcement.id)
        )
    )


def notified_ids(kind="announcement") -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def text(response) -> str:
    return response.get_data(as_text=True)


def main_text(response) -> str:
    """The page without the top bar (whose badge texts would match anything)."""
    page = text(response)
    return page.split("<main", 1)[-1]


def field_error(response, message: str) -> bool:
    return message in re.sub(r"\s+", " ", text(response))
