"""Demo 通知公告: the 中院's 机关党委 has published a notice to the whole court
(to be acknowledged within a week), one to the courts below, and keeps a
draft.  Everything joins the caller's transaction (no commit)."""

from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from ..announcements import services
from ..announcements.models import Announcement
from ..auth.models import User
from ..db import db

WHOLE_COURT = (
    "关于开展“红旗渠精神学习日”主题党日活动的通知",
    "各党支部：\n"
    "为传承“自力更生、艰苦创业、团结协作、无私奉献”的红旗渠精神，机关党委定于本月下旬组织“红旗渠精神学习日”主题党日活动。\n"
    "一、各党支部组织党员集中学习红旗渠精神相关材料，时间不少于两小时。\n"
    "二、有条件的支部可赴红旗渠纪念馆、青年洞开展现场教学，注意往返安全。\n"
    "三、活动结束后一周内，将活动记录和照片报机关党委。\n"
    "请各位党员阅读本通知后点击“确认已阅”。",
)
COURTS_BELOW = (
    "关于报送上半年党建工作总结的通知",
    "各基层法院机关党委：\n"
    "请于下月 10 日前报送本院上半年党建工作总结，重点写清“三会一课”落实、支部品牌建设和存在的问题。\n"
    "总结请控制在 3000 字以内。",
)
DRAFT = ("关于做好年度党员民主评议工作的通知（草稿）", "各党支部：\n（待补充评议安排）")


def build_announcement_demo(today: date | None = None) -> int:
    """Publish the demo announcements; returns how many were published."""
    today = today or date.today()
    author = db.session.scalar(select(User).where(User.username == "demo-zy-admin"))
    if author is None or author.court_id is None:
        return 0
    court = next(role.court for role in author.roles if role.court is not None)
    published = 0
    # Notification links are made with url_for, which needs a request outside one.
    with current_app.test_request_context("/"):
        for (title, body), scope, deadline in (
            (COURTS_BELOW, "courts_below", None),
            (WHOLE_COURT, "court", today + timedelta(days=7)),
        ):
            if scope == "courts_below" and not services.may_address_courts_below(court):
                continue
            announcement = Announcement(
                court=court,
                court_id=court.id,
                author_id=author.id,
                title=title,
                body=body,
                scope=scope,
                ack_deadline=deadline,
            )
            db.session.add(announcement)
            services.publish(announcement, author)
            published += 1
        title, body = DRAFT
        db.session.add(
            Announcement(court=court, court_id=court.id, author_id=author.id, title=title, body=body, scope="court")
        )
    return published
