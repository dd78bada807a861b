"""The demo carries published announcements: the member account has one to
acknowledge, the basic court's admin one from the 中院, the 中院 admin a draft."""
from __future__ import annotations

import json

from sqlalchemy import select

from dangjian.announcements.models import Announcement, AnnouncementReceipt
from dangjian.auth.models import User
from dangjian.db import db
from tests.conftest import sign_in


def test_demo_announcements(app, runner, client):
    result = runner.invoke(args=["demo", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)
    announcements = db.session.scalars(select(Announcement).order_by(Announcement.id)).all()
    assert [a.status for a in announcements] == ["published", "published", "draft"]
    member = db.session.scalar(select(User).where(User.username == "demo-snt-member"))
    receipts = db.session.scalars(select(AnnouncementReceipt).where(AnnouncementReceipt.user_id == member.id)).all()
    assert len(receipts) == 1 and receipts[0].announcement.ack_deadline is not None
    sign_in(app, client, member)
    inbox = client.get("/zy/inbox/").get_data(as_text=True)
    assert "请确认已阅：关于开展“红旗渠精神学习日”主题党日活动的通知" in inbox
    wenfeng = db.session.scalar(select(User).where(User.username == "demo-wenfeng-admin"))
    sign_in(app, client, wenfeng)
    assert "关于报送上半年党建工作总结的通知" in client.get("/wenfeng/announcements/").get_data(as_text=True)
