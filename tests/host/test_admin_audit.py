"""The audit log screens: the court's (/<court>/manage/audit/) and the platform's (/admin/audit/)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dangjian.audit.models import AuditEntry
from dangjian.db import db


def statements(executed: list[str]) -> int:
    """SQL statements that read or write (transaction control left out)."""
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"))


def entry(action, summary, *, at, court=None, user=None, username=None, ip="10.1.2.3"):
    item = AuditEntry(
        action=action,
        summary=summary,
        at=at,
        court_id=court.id if court else None,
        user_id=user.id if user else None,
        username=username if username is not None else (user.username if user else ""),
        ip=ip,
    )
    db.session.add(item)
    return item


@pytest.fixture
def log(world):
    """A few entries in both courts and one without a court (times in UTC)."""
    entry("role.granted", "授予 sntsj 支部书记", at=datetime(2024, 3, 1, 2, 0), court=world.zy, user=world.zy_admin)
    # 17:30 UTC on 1 March is 01:30 on 2 March in Shanghai.
    entry("user.disabled", "停用账号 bgsbj", at=datetime(2024, 3, 1, 17, 30), court=world.zy, user=world.zy_admin)
    entry("auth.login", "sntsj 登录系统", at=datetime(2024, 3, 5, 1, 0), court=world.zy, user=world.juvenile_secretary)
    entry("member.created", "新增党员 韩明远", at=datetime(2024, 3, 3, 1, 0), court=world.wf, user=world.wf_admin)
    entry("auth.login_failed", "登录失败：用户名不存在", at=datetime(2024, 3, 4, 1, 0), username="ghost", ip="10.9.9.9")
    db.session.commit()
    return world


def test_court_log_shows_own_entries_newest_first_in_local_time(client, log, login_as):
    login_as(log.zy_admin)
    page = client.get("/zy/manage/audit/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "授予 sntsj 支部书记" in text and "停用账号 bgsbj" in text and "sntsj 登录系统" in text
    assert "韩明远" not in text  # another court's entry
    assert "ghost" not in text  # entries without a court are platform-level
    assert text.index("sntsj 登录系统") < text.index("停用账号 bgsbj") < text.index("授予 sntsj 支部书记")
    assert "2024-03-02" in text and "01:30:00" in text  # Asia/Shanghai, not UTC
    assert "授予角色" in text and "停用账号" in text  # Chinese action labels
    assert "10.1.2.3" in text


def test_filter_by_action(client, log, login_as):
    login_as(log.zy_admin)
    text = client.get("/zy/manage/audit/?action=user.disabled").get_data(as_text=True)
    assert "停用账号 bgsbj" in text
    assert "授予 sntsj 支部书记" not in text and "sntsj 登录系统" not in text


def test_filter_by_username_contains(client, log, login_as):
    login_as(log.zy_admin)
    text = client.get("/zy/manage/audit/?username=SNTS").get_data(as_text=True)
    assert "sntsj 登录系统" in text
    assert "停用账号 bgsbj" not in text
    # LIKE wildcards are taken literally.
    assert "没有符合条件的记录" in client.get("/zy/manage/audit/?username=%25").get_data(as_text=True)


def test_filter_by_dates_in_the_courts_time_zone(client, log, login_as):
    login_as(log.zy_admin)
    text = client.get("/zy/manage/audit/?date_from=2024-03-02&date_to=2024-03-02").get_data(as_text=True)
    assert "停用账号 bgsbj" in text  # 01:30 on 2 March, Shanghai time
    assert "授予 sntsj 支部书记" not in text and "sntsj 登录系统" not in text
    text = client.get("/zy/manage/audit/?date_to=2024-03-01").get_data(as_text=True)
    assert "授予 sntsj 支部书记" in text
    assert "停用账号 bgsbj" not in text


def test_bad_filter_is_shown_and_the_rest_still_apply(client, log, login_as):
    login_as(log.zy_admin)
    page = client.get("/zy/manage/audit/?date_from=2024-03-09&date_to=2024-03-01&action=role.granted&username=zyadmin")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "结束日期不能早于开始日期" in text
    assert "没有符合条件的记录" in text  # date_from still applies; date_to is left out
    text = client.get("/zy/manage/audit/?date_from=yesterday").get_data(as_text=True)
    assert "不是有效的日期值" in text and "sntsj 登录系统" in text
    text = client.get("/zy/manage/audit/?action=no.such").get_data(as_text=True)
    assert "请从列表中选择" in text
    assert "sntsj 登录系统" in text


def test_pagination_and_no_n_plus_one(app, client, log, login_as, query_counter):
    login_as(log.zy_admin)
    app.config["AUDIT_PER_PAGE"] = 5
    client.get("/zy/manage/audit/")  # first-request work and the 待办 count, cached from now on
    with query_counter() as few:
        client.get("/zy/manage/audit/")
    for number in range(12):
        entry(
            "org.created",
            f"新建组织 {number}",
            at=datetime(2024, 4, 1, 0, number),
            court=log.zy,
            user=log.juvenile_secretary,
        )
    db.session.commit()
    client.get("/zy/manage/audit/")  # a change resets the cached 待办 count: warm it again
    with query_counter() as many:
        text = client.get("/zy/manage/audit/").get_data(as_text=True)
    assert statements(many) == statements(few)
    assert "第 1 / 3 页" in text
    assert "新建组织 11" in text and "新建组织 6" not in text
    text = client.get("/zy/manage/audit/?page=3").get_data(as_text=True)
    assert "第 3 / 3 页" in text and "授予 sntsj 支部书记" in text


def test_log_is_read_only(client, log, login_as):
    login_as(log.zy_admin)
    assert client.post("/zy/manage/audit/").status_code == 405
    assert client.delete("/zy/manage/audit/").status_code == 405


def test_other_court_admin_cannot_see_the_log(client, log, login_as):
    login_as(log.wf_admin)
    assert client.get("/zy/manage/audit/").status_code == 403
    text = client.get("/wf/manage/audit/").get_data(as_text=True)
    assert "新增党员 韩明远" in text
    assert "授予 sntsj 支部书记" not in text


def test_branch_roles_cannot_see_the_log(client, log, login_as):
    login_as(log.juvenile_secretary)
    assert client.get("/zy/manage/audit/").status_code == 403
    login_as(log.member_user)
    assert client.get("/zy/manage/audit/").status_code == 403


def test_platform_log_shows_everything_with_court_filter(client, log, login_as):
    login_as(log.platform_admin)
    text = client.get("/admin/audit/").get_data(as_text=True)
    for summary in ("授予 sntsj 支部书记", "新增党员 韩明远", "登录失败：用户名不存在"):
        assert summary in text
    assert "ghost" in text
    text = client.get(f"/admin/audit/?court={log.wf.id}").get_data(as_text=True)
    assert "新增党员 韩明远" in text and "授予 sntsj 支部书记" not in text
    text = client.get("/admin/audit/?court=none").get_data(as_text=True)
    assert "登录失败：用户名不存在" in text and "新增党员 韩明远" not in text
    text = client.get("/admin/audit/?action=auth.login_failed&username=gho").get_data(as_text=True)
    assert "登录失败：用户名不存在" in text and "授予 sntsj" not in text


def test_platform_log_is_for_platform_admins_only(client, log, login_as):
    for user in (log.zy_admin, log.wf_admin, log.member_user):
        login_as(user)
        assert client.get("/admin/audit/").status_code == 403


def test_empty_log_says_what_will_appear(client, world, login_as):
    login_as(world.zy_admin)
    assert "还没有操作记录" in client.get("/zy/manage/audit/").get_data(as_text=True)


def test_admin_actions_appear_in_the_log(client, world, login_as):
    login_as(world.zy_admin)
    client.post(f"/zy/manage/users/{world.office_editor.id}/unlock")
    text = client.get("/zy/manage/audit/?action=user.unlocked").get_data(as_text=True)
    assert "解除账号 bgsbj" in text and "zyadmin" in text
