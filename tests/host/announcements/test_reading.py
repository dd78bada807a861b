"""Opening records the reading, 确认已阅 records the acknowledgement, the
to-do comes and goes with it, the court home shows the latest, and a
withdrawn announcement disappears everywhere."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from dangjian.announcements.models import AnnouncementReceipt
from dangjian.db import db
from dangjian.files.models import StoredFile
from dangjian.files.services import storage_root
from dangjian.inbox.models import Notification
from tests.factories import court_date
from tests.inbox_checks import todo_statements, todos_for

from ..test_inbox import badge
from .helpers import PDF, count, main_text, publish, text

SOON = (court_date() + timedelta(days=10)).isoformat()


def receipt_of(announcement, user) -> AnnouncementReceipt:
    db.session.expire_all()
    return db.session.scalar(
        select(AnnouncementReceipt).where(
            AnnouncementReceipt.announcement_id == announcement.id, AnnouncementReceipt.user_id == user.id
        )
    )


def test_opening_records_the_reading_and_reads_the_notification(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="读取回执")
    login_as(world.member_user)
    listing = main_text(client.get("/zy/announcements/"))
    assert "未读" in listing
    assert receipt_of(announcement, world.member_user).read_at is None
    page = client.get(f"/zy/announcements/{announcement.id}")
    assert page.status_code == 200 and "读取回执" in text(page)
    assert "确认已阅" not in text(page)  # no deadline: nothing to acknowledge
    first = receipt_of(announcement, world.member_user).read_at
    assert first is not None
    notification = db.session.scalar(select(Notification).where(Notification.user_id == world.member_user.id))
    assert notification.read_at is not None
    client.get(f"/zy/announcements/{announcement.id}")
    assert receipt_of(announcement, world.member_user).read_at == first  # the first opening is kept
    assert receipt_of(announcement, world.office_editor).read_at is None  # only the reader's receipt
    assert "未读" not in main_text(client.get("/zy/announcements/")).split('<ul class="list-group', 1)[-1]


def test_the_sender_opening_it_records_nothing(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client)
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 200
    db.session.expire_all()
    assert all(r.read_at is None for r in db.session.scalars(select(AnnouncementReceipt)))


def test_acknowledgement_and_its_to_do(app, client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="请确认收到", deadline=SOON)
    login_as(world.member_user)
    inbox = text(client.get("/zy/inbox/"))
    assert "请确认已阅：请确认收到" in inbox and "待确认的通知公告" in inbox and "还剩 10 天" in inbox
    assert badge(inbox) == 1
    items = todos_for(app, world.member_user, world.zy)
    assert [item.due for item in items] == [date.fromisoformat(SOON)]
    assert items[0].url == f"/zy/announcements/{announcement.id}"
    assert todos_for(app, world.office_editor, world.zy)  # everyone addressed has it
    assert not todos_for(app, world.zy_admin, world.zy)  # the sender does not

    page = text(client.get(f"/zy/announcements/{announcement.id}"))
    assert "确认已阅" in page and f'action="/zy/announcements/{announcement.id}/acknowledge"' in page
    response = client.post(f"/zy/announcements/{announcement.id}/acknowledge")
    assert response.status_code == 302
    receipt = receipt_of(announcement, world.member_user)
    assert receipt.acknowledged_at is not None and receipt.read_at is not None
    assert "您已于" in text(client.get(f"/zy/announcements/{announcement.id}"))
    assert not todos_for(app, world.member_user, world.zy)
    assert badge(text(client.get("/zy/inbox/"))) == 0
    assert todos_for(app, world.office_editor, world.zy)  # the others still have theirs
    client.post(f"/zy/announcements/{announcement.id}/acknowledge")  # twice: nothing changes
    assert receipt_of(announcement, world.member_user).acknowledged_at == receipt.acknowledged_at


def test_an_announcement_without_deadline_needs_no_acknowledgement(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client)
    login_as(world.member_user)
    response = client.post(f"/zy/announcements/{announcement.id}/acknowledge", follow_redirects=True)
    assert "这条通知不需要确认" in text(response)
    assert receipt_of(announcement, world.member_user).acknowledged_at is None


def test_to_dos_cost_one_statement_whatever_the_number(app, client, world, login_as):
    login_as(world.zy_admin)
    publish(client, title="第一条", deadline=SOON)
    few = todo_statements(app, world.member_user, world.zy)
    for number in range(5):
        publish(client, title=f"更多{number}", deadline=SOON)
    assert len(todos_for(app, world.member_user, world.zy)) == 6
    assert todo_statements(app, world.member_user, world.zy) == few


def test_court_home_card(client, world, login_as):
    login_as(world.member_user)
    home = main_text(client.get("/zy/"))
    assert "通知公告" in home and "暂无发给您的通知公告" in home and "机关党委发布通知后会列在这里" in home
    login_as(world.zy_admin)
    announcement = publish(client, title="首页卡片上的通知", deadline=SOON)
    login_as(world.member_user)
    home = main_text(client.get("/zy/"))
    card = home.rsplit("首页卡片上的通知", 1)[0].rsplit("<li", 1)[-1]  # the 待办 card, first, names it too
    assert "未读" in card
    assert f'href="/zy/announcements/{announcement.id}"' in home and 'href="/zy/announcements/"' in home
    assert "1</span> 条未读" in home
    client.get(f"/zy/announcements/{announcement.id}")
    home = main_text(client.get("/zy/"))
    assert "条未读" not in home and "首页卡片上的通知" in home
    login_as(world.wf_admin)
    assert "首页卡片上的通知" not in text(client.get("/wf/"))


def test_withdraw_hides_it_everywhere(app, client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="将被撤回", deadline=SOON)
    edit = text(client.get(f"/zy/announcements/manage/{announcement.id}/edit"))
    assert "撤回这条通知" in edit and "撤回后不能恢复" in edit  # behind a confirmation dialog
    login_as(world.member_user)
    client.get(f"/zy/announcements/{announcement.id}")  # read before the withdrawal
    login_as(world.zy_admin)
    response = client.post(f"/zy/announcements/manage/{announcement.id}/withdraw", follow_redirects=True)
    assert "已撤回" in text(response)
    assert db.session.scalar(select(Notification).where(Notification.kind == "announcement")) is None

    login_as(world.member_user)
    assert "将被撤回" not in main_text(client.get("/zy/announcements/"))
    assert "将被撤回" not in main_text(client.get("/zy/"))
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 404
    assert client.post(f"/zy/announcements/{announcement.id}/acknowledge").status_code == 404
    assert not todos_for(app, world.member_user, world.zy)

    login_as(world.zy_admin)  # the sender keeps the record
    receipts = text(client.get(f"/zy/announcements/manage/{announcement.id}/receipts"))
    assert "撤回" in receipts and "已读" in receipts
    assert (
        client.post(f"/zy/announcements/manage/{announcement.id}/withdraw", follow_redirects=True).status_code == 200
    )  # twice: a message, no error


def test_drafts_reach_nobody_until_published(client, world, login_as):
    login_as(world.zy_admin)
    draft = publish(client, title="草稿通知", action="draft")
    assert draft.is_draft
    assert db.session.scalar(select(Notification)) is None
    assert "草稿通知" in text(client.get("/zy/announcements/manage/"))
    login_as(world.member_user)
    assert client.get(f"/zy/announcements/{draft.id}").status_code == 404
    assert "草稿通知" not in main_text(client.get("/zy/announcements/"))
    login_as(world.zy_admin)
    response = client.post(
        f"/zy/announcements/manage/{draft.id}/edit",
        data={"title": "草稿通知（定稿）", "body": "正文", "scope": "court", "action": "publish"},
    )
    assert response.status_code == 302 and response.location.endswith(f"/zy/announcements/manage/{draft.id}/receipts")
    login_as(world.member_user)
    assert "草稿通知（定稿）" in main_text(client.get("/zy/announcements/"))


def test_editing_a_published_one_keeps_its_addressees_and_tells_nobody_again(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="原标题", scope="branches", branches=[world.juvenile.id])
    before = db.session.query(Notification).count()
    page = text(client.get(f"/zy/announcements/manage/{announcement.id}/edit"))
    assert "发送范围不能再改" in page and 'name="scope"' not in page
    response = client.post(
        f"/zy/announcements/manage/{announcement.id}/edit",
        data={"title": "新标题", "body": "改过的正文", "scope": "court", "action": "publish"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.query(Notification).count() == before
    login_as(world.office_editor)  # still not addressed
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 404
    login_as(world.member_user)
    assert "改过的正文" in text(client.get(f"/zy/announcements/{announcement.id}"))


def test_delete_only_drafts_and_withdrawn_ones(client, world, login_as):
    login_as(world.zy_admin)
    live = publish(client, title="在用的通知")
    client.post(f"/zy/announcements/manage/{live.id}/delete")
    db.session.expire_all()
    assert db.session.get(type(live), live.id) is not None
    draft = publish(client, title="要删的草稿", action="draft", files=[("草稿附件.pdf", PDF)])
    path = storage_root() / draft.files[0].file.internal_name
    assert path.exists()
    client.post(f"/zy/announcements/manage/{draft.id}/delete")
    db.session.expire_all()
    assert db.session.get(type(draft), draft.id) is None
    assert not path.exists() and count(StoredFile) == 0
