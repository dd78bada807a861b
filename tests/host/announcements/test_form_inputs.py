"""Every bad value gets a Chinese message beside its field, never a server
error, and nothing is saved (no announcement, no file, no notification)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from dangjian.announcements.models import Announcement, AnnouncementFile
from dangjian.files.models import StoredFile
from dangjian.files.services import storage_root
from dangjian.inbox.models import Notification
from tests.factories import court_date

from .helpers import PDF, count, post_new, publish, text


def nothing_saved():
    return count(Announcement) == 0 and count(StoredFile) == 0 and count(Notification) == 0


@pytest.mark.parametrize(
    "deadline, message",
    [
        ("9999-12-31", "日期超出范围"),
        ("10000-01-01", "日期格式不正确"),
        ("abc", "日期格式不正确"),
        ("NaN", "日期格式不正确"),
        ("2025-02-30", "日期格式不正确"),
        ("0001-01-01", "日期超出范围"),
        ((court_date() - timedelta(days=1)).isoformat(), "截止日期不能早于今天"),
    ],
)
def test_bad_deadlines(client, world, login_as, deadline, message):
    login_as(world.zy_admin)
    response = post_new(client, deadline=deadline)
    assert response.status_code == 400
    assert message in text(response)
    assert "通知还没有保存" in text(response)
    assert nothing_saved()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"title": ""}, "请填写标题"),
        ({"title": "   "}, "请填写标题"),
        ({"title": "长" * 10_000}, "标题不能超过 120 个字"),
        ({"body": "很长的正文" * 5000}, "正文不能超过 20000 个字"),
        ({"scope": "everyone"}, "请选择发送范围"),
        ({"scope": ""}, "请选择发送范围"),
        ({"scope": "branches"}, "请至少勾选一个党支部"),
        ({"scope": "branches", "branches": ["NaN"]}, "选项无效"),
        ({"scope": "branches", "branches": ["99999999999999999999"]}, "数值超出范围"),
        ({"scope": "branches", "branches": ["999"]}, "选项无效"),
    ],
)
def test_bad_fields(client, world, login_as, fields, message):
    login_as(world.zy_admin)
    response = post_new(client, **fields)
    assert response.status_code == 400
    assert message in text(response)
    assert nothing_saved()


def test_a_deadline_today_is_fine(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, deadline=court_date().isoformat())
    assert announcement.ack_deadline == court_date()


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(client, world, login_as):
    login_as(world.zy_admin)
    before = set(storage_root().iterdir())
    response = post_new(client, files=[("会议纪要.pdf", PDF), ("通知.pdf", b"<html><script>alert(1)</script></html>")])
    assert response.status_code == 400
    page = text(response)
    assert "“通知.pdf”" in page and "文件格式不支持" in page
    assert nothing_saved()
    assert set(storage_root().iterdir()) == before  # not even the good one was kept


def test_too_many_files(client, world, login_as):
    login_as(world.zy_admin)
    response = post_new(client, files=[(f"{n}.pdf", PDF) for n in range(11)])
    assert response.status_code == 400 and "附件最多 10 个" in text(response)
    assert nothing_saved()


def test_attachments_are_kept_under_internal_names(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, files=[("../../关于学习的通知.pdf", PDF)])
    [attachment] = announcement.files
    assert attachment.file.original_name == "关于学习的通知.pdf"
    assert attachment.file.internal_name.endswith(".pdf") and "学习" not in attachment.file.internal_name
    # Removing it (behind a confirmation on the edit page) removes the bytes too.
    path = storage_root() / attachment.file.internal_name
    assert path.exists()
    client.post(f"/zy/announcements/manage/{announcement.id}/files/{attachment.id}/delete")
    assert not path.exists() and count(AnnouncementFile) == 0


def test_an_unchanged_past_deadline_does_not_block_an_edit(client, world, login_as):
    login_as(world.zy_admin)
    announcement = publish(client, title="旧通知", deadline=court_date().isoformat())
    from dangjian.db import db

    announcement.ack_deadline = court_date() - timedelta(days=5)  # time has passed
    db.session.commit()
    response = client.post(
        f"/zy/announcements/manage/{announcement.id}/edit",
        data={
            "title": "旧通知（更正）",
            "body": "",
            "ack_deadline": announcement.ack_deadline.isoformat(),
            "action": "save",
        },
    )
    assert response.status_code == 302


def test_posts_need_a_csrf_token(make_app, world):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    from tests.conftest import sign_in

    with app.app_context():
        sign_in(app, client, world.zy_admin)
    response = post_new(client)
    assert response.status_code == 400
    assert nothing_saved()
    with app.app_context():
        sign_in(app, client, world.member_user)
    assert client.post("/zy/announcements/1/acknowledge").status_code == 400
