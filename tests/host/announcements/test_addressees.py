"""Publishing to the whole court, chosen branches and the courts below:
exactly the right people are told and can open it; nobody else can, even
by guessing the URL."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.announcements.models import Announcement, AnnouncementReceipt
from dangjian.db import db
from dangjian.inbox.models import Notification

from .helpers import PDF, count, main_text, notified_ids, post_new, publish, receipt_user_ids, text


def zy_people(world) -> dict[str, int]:
    return {
        "secretary": world.juvenile_secretary.id,
        "editor": world.juvenile_editor.id,
        "office_editor": world.office_editor.id,
        "member": world.member_user.id,
    }


def test_whole_court_reaches_everyone_with_a_role_or_record_there_and_nobody_else(client, world, login_as, wf_user):
    login_as(world.zy_admin)
    announcement = publish(client, title="全院通知")
    people = set(zy_people(world).values())
    assert receipt_user_ids(announcement) == people  # the author, wf and the platform admin are not addressed
    assert notified_ids() == people
    notification = db.session.scalar(select(Notification).where(Notification.user_id == world.member_user.id))
    assert notification.court_id == world.zy.id and notification.url == f"/zy/announcements/{announcement.id}"
    assert "全院通知" in notification.title

    for user in (world.member_user, world.office_editor, world.juvenile_secretary):
        login_as(user)
        assert "全院通知" in main_text(client.get("/zy/announcements/"))
        assert client.get(f"/zy/announcements/{announcement.id}").status_code == 200

    login_as(world.wf_admin)
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 403  # no role in 中院
    assert client.get(f"/wf/announcements/{announcement.id}").status_code == 404  # not addressed in wf
    assert "全院通知" not in main_text(client.get("/wf/announcements/"))
    login_as(wf_user)
    assert client.get(f"/wf/announcements/{announcement.id}").status_code == 404


def test_chosen_branches_reach_only_their_members_and_officers(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(
        client, title="少年庭支部通知", scope="branches", branches=[world.juvenile.id], files=[("学习材料.pdf", PDF)]
    )
    juvenile = {world.juvenile_secretary.id, world.juvenile_editor.id, world.member_user.id}
    assert receipt_user_ids(announcement) == juvenile
    assert notified_ids() == juvenile
    file_id = announcement.files[0].id

    login_as(world.member_user)
    assert "少年庭支部通知" in main_text(client.get("/zy/announcements/"))
    download = client.get(f"/zy/announcements/{announcement.id}/files/{file_id}")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]

    login_as(world.office_editor)  # another branch of the same court
    assert "少年庭支部通知" not in main_text(client.get("/zy/announcements/"))
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 404
    assert client.get(f"/zy/announcements/{announcement.id}/files/{file_id}").status_code == 404
    assert client.post(f"/zy/announcements/{announcement.id}/acknowledge").status_code == 404

    login_as(world.zy_admin)  # the sender's admins may open it and its attachments
    assert client.get(f"/zy/announcements/{announcement.id}/files/{file_id}").status_code == 200
    login_as(world.wf_admin)
    assert client.get(f"/wf/announcements/{announcement.id}/files/{file_id}").status_code == 404


def test_courts_below_reach_each_basic_court_in_its_own_court(client, world, login_as, wf_user):
    login_as(world.zy_admin)
    announcement = publish(client, title="致各基层法院", scope="courts_below")
    assert receipt_user_ids(announcement) == {world.wf_admin.id, wf_user.id}
    rows = db.session.scalars(select(Notification)).all()
    assert {row.user_id for row in rows} == {world.wf_admin.id, wf_user.id}
    assert {(row.court_id, row.url) for row in rows} == {(world.wf.id, f"/wf/announcements/{announcement.id}")}
    receipt = db.session.scalar(select(AnnouncementReceipt).where(AnnouncementReceipt.user_id == wf_user.id))
    assert receipt.court_id == world.wf.id and receipt.branch_id == world.wf_branch.id

    login_as(wf_user)
    listing = main_text(client.get("/wf/announcements/"))
    assert "致各基层法院" in listing and "安阳市中级人民法院机关党委" in listing
    assert client.get(f"/wf/announcements/{announcement.id}").status_code == 200
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 403
    login_as(world.member_user)  # 中院 people are not addressed
    assert client.get(f"/zy/announcements/{announcement.id}").status_code == 404
    assert "致各基层法院" not in main_text(client.get("/zy/announcements/"))


def test_a_basic_court_cannot_address_courts_below(client, world, login_as):
    login_as(world.wf_admin)
    page = text(client.get("/wf/announcements/manage/new"))
    assert 'value="courts_below"' not in page
    response = post_new(client, "wf", scope="courts_below")
    assert response.status_code == 400 and "请选择发送范围" in text(response)
    assert count(Announcement) == 0


def test_a_branch_of_another_court_cannot_be_chosen(client, world, login_as):
    login_as(world.zy_admin)
    response = post_new(client, scope="branches", branches=[world.wf_branch.id])
    assert response.status_code == 400 and "选项无效" in text(response)
    assert count(Announcement) == 0 and count(Notification) == 0


def test_members_without_a_role_here_cannot_reach_the_pages(client, world, login_as):
    assert client.get("/zy/announcements/").status_code == 302  # to the login
    login_as(world.member_user)
    assert client.get("/zy/announcements/manage/").status_code == 403
    assert client.get("/zy/announcements/manage/new").status_code == 403
    login_as(world.juvenile_secretary)
    assert client.post("/zy/announcements/manage/new", data={"title": "x"}).status_code == 403
