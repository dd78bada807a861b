"""我的待办: host items, the page, the dashboard card and the top-bar badge."""

import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from dangjian.api import Todo, hookimpl
from dangjian.auth.models import User
from dangjian.db import db, utcnow
from dangjian.members.models import CourtTransferRequest, Member, MemberImportBatch
from dangjian.modules import services as modules
from tests.conftest import count_queries, sign_in
from tests.factories import court_date, make_member

from .test_rate_limit_redis import redis_available

BADGE = re.compile(r'aria-label="待办 (\d+) 项"')
BELL = re.compile(r'aria-label="通知 (\d+) 条未读"')


def badge(text: str) -> int:
    found = BADGE.search(text)
    assert found, "the page has no 待办 badge"
    return int(found.group(1))


def add_waiting_accounts(court, count: int) -> None:
    db.session.execute(
        insert(User),
        [
            {
                "username": f"waiting-{court.slug}-{n}-{secrets.token_hex(3)}",
                "display_name": f"待改密{n}",
                "password_hash": "x",
                "court_id": court.id,
                "must_change_password": True,
                "session_version": 1,
                "failed_logins": 0,
                "is_enabled": True,
                "is_demo": False,
                "created_at": utcnow(),
            }
            for n in range(count)
        ],
    )
    db.session.commit()


def add_transfer(world, name="秦思远"):
    member = make_member(world.wf_branch, name)
    db.session.add(
        CourtTransferRequest(
            member_id=member.id,
            from_court_id=world.wf.id,
            from_branch_id=world.wf_branch.id,
            to_court_id=world.zy.id,
            to_branch_id=world.office.id,
            reason="工作调动",
        )
    )
    db.session.commit()


def test_court_admin_sees_host_items_on_page_dashboard_and_badge(client, world, login_as):
    add_waiting_accounts(world.zy, 3)
    add_transfer(world)
    login_as(world.zy_admin)
    page = client.get("/zy/inbox/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "3 个账号尚未完成首次登录改密" in text
    assert "秦思远（安阳市文峰区人民法院）申请转入办公室党支部" in text
    assert "账号与角色" in text and "外院转入申请" in text  # grouped by kind label
    assert "/zy/manage/users/?status=first_change" in text
    assert badge(text) == 2
    home = client.get("/zy/").get_data(as_text=True)
    assert "我的待办" in home and "查看全部待办（2 项）" in home
    # The attention card reads the same functions: it agrees with the inbox.
    assert "3</span> 个账号尚未完成首次登录改密" in home and "1</span> 项外院转入申请待接收" in home


def test_member_has_an_empty_inbox_with_a_next_step(client, world, login_as):
    add_waiting_accounts(world.zy, 2)  # the admin's work, not the member's
    login_as(world.member_user)
    text = client.get("/zy/inbox/").get_data(as_text=True)
    assert "暂无待办事项" in text and "返回工作台" in text
    assert badge(text) == 0
    assert "暂无待办事项" in client.get("/zy/").get_data(as_text=True)


def test_inbox_needs_a_role_in_the_court(client, world, login_as):
    assert client.get("/zy/inbox/").status_code == 302  # to the login
    login_as(world.wf_admin)
    assert client.get("/zy/inbox/").status_code == 403
    assert "待办" not in client.get("/").get_data(as_text=True).split("<main", 1)[0]  # no court: no badge


def test_unconfirmed_upload_is_an_item_for_its_uploader(app, client, world, login_as, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "所在党支部", "入党时间", "转正时间", "党员状态"])
    sheet.append(["赵书文", "男", "办公室党支部", "2012-07-01", "2013-07-01", "正式党员"])
    path = tmp_path / "roll.xlsx"
    book.save(path)
    login_as(world.zy_admin)
    assert badge(client.get("/zy/inbox/").get_data(as_text=True)) == 0
    with open(path, "rb") as handle:
        client.post(
            "/zy/manage/members/import/", data={"file": (handle, "名册.xlsx")}, content_type="multipart/form-data"
        )
    text = client.get("/zy/inbox/").get_data(as_text=True)
    assert "已上传的“名册.xlsx”尚未确认导入" in text and "/zy/manage/members/import/preview" in text
    assert badge(text) == 1  # the cached count follows the session's upload
    client.post("/zy/manage/members/import/cancel")
    text = client.get("/zy/inbox/").get_data(as_text=True)
    assert "尚未确认导入" not in text and badge(text) == 0


def test_badge_follows_another_users_change(app, world, login_as):
    add_waiting_accounts(world.zy, 1)
    waiting = db.session.scalar(select(User).where(User.username.like("waiting-zy-%")))
    admin = app.test_client()
    sign_in(app, admin, world.zy_admin)
    assert badge(admin.get("/zy/manage/org/").get_data(as_text=True)) == 1
    assert badge(admin.get("/zy/manage/org/").get_data(as_text=True)) == 1  # from the cache
    other = app.test_client()
    sign_in(app, other, world.platform_admin)
    assert other.post(f"/zy/manage/users/{waiting.id}/disable").status_code in (302, 303)
    assert badge(admin.get("/zy/manage/org/").get_data(as_text=True)) == 0


def test_badge_adds_at_most_two_statements_when_cached(app, client, world, login_as):
    add_waiting_accounts(world.zy, 2)
    login_as(world.zy_admin)
    client.get("/zy/manage/org/")  # fills the cache
    with count_queries(app) as with_badge:
        text = client.get("/zy/manage/org/").get_data(as_text=True)
    assert badge(text) == 1 and BELL.search(text)
    real = app.jinja_env.globals["inbox_badge"]
    app.jinja_env.globals["inbox_badge"] = lambda: None
    try:
        with count_queries(app) as without_badge:
            text = client.get("/zy/manage/org/").get_data(as_text=True)
    finally:
        app.jinja_env.globals["inbox_badge"] = real
    assert not BADGE.search(text)
    assert len(with_badge) - len(without_badge) <= 2, with_badge


def _inbox_statements(app, client) -> int:
    client.get("/zy/inbox/")
    with count_queries(app) as statements:
        assert client.get("/zy/inbox/").status_code == 200
    return len(statements)


def test_inbox_statements_do_not_grow_with_the_data(app, client, world, login_as):
    login_as(world.zy_admin)
    add_waiting_accounts(world.zy, 10)
    db.session.execute(
        insert(MemberImportBatch),
        [
            {"court_id": world.zy.id, "filename": f"{n}.xlsx", "row_count": 1, "created_at": utcnow(), "note": ""}
            for n in range(10)
        ],
    )
    for n in range(3):
        add_transfer(world, f"转入{n}")
    small = _inbox_statements(app, client)
    add_waiting_accounts(world.zy, 990)
    db.session.execute(
        insert(MemberImportBatch),
        [
            {"court_id": world.zy.id, "filename": f"{n}.xlsx", "row_count": 1, "created_at": utcnow(), "note": ""}
            for n in range(990)
        ],
    )
    for n in range(30):
        add_transfer(world, f"再转入{n}")
    text = client.get("/zy/inbox/").get_data(as_text=True)
    assert "1000 个账号尚未完成首次登录改密" in text
    assert _inbox_statements(app, client) == small


# --- a module's items through the hook --------------------------------------------


class ReviewPlugin:
    """A module whose to-dos are computed from data: a member whose phone
    says "待审" is an item for the court admin."""

    @hookimpl
    def dangjian_todos(self, court, user):
        if not any(a.role == "court_admin" and a.court_id == court.id for a in user.roles):
            return []
        rows = db.session.scalars(select(Member).where(Member.court_id == court.id, Member.phone == "待审")).all()
        due = court_date() + timedelta(days=2)
        return [
            Todo("review.pending", "待审核的材料", f"审核{row.name}的材料", f"/{court.slug}/", due=due) for row in rows
        ]


def test_a_modules_items_appear_and_disappear_with_its_data(make_app, world):
    app = make_app(EXTRA_PLUGINS={"review": ReviewPlugin()})
    with app.app_context():
        modules.set_enabled(db.session.merge(world.zy), "review", True)
        modules.set_enabled(db.session.merge(world.wf), "review", True)
        member = make_member(db.session.merge(world.juvenile), "郑书琴", phone="待审")
        make_member(db.session.merge(world.wf_branch), "文峰待审人", phone="待审")
        db.session.commit()
        member_id = member.id
    zy = app.test_client()
    sign_in(app, zy, world.zy_admin)
    text = zy.get("/zy/inbox/").get_data(as_text=True)
    assert "待审核的材料" in text and "审核郑书琴的材料" in text and "还剩 2 天" in text
    assert "文峰待审人" not in text  # another court's data
    assert badge(text) == 1 and badge(zy.get("/zy/manage/org/").get_data(as_text=True)) == 1
    wf = app.test_client()
    sign_in(app, wf, world.wf_admin)
    wf_text = wf.get("/wf/inbox/").get_data(as_text=True)
    assert "文峰待审人" in wf_text and "郑书琴" not in wf_text
    # The work is done: the plugin no longer returns the item.
    with app.app_context():
        db.session.get(Member, member_id).phone = "13800000000"
        db.session.commit()
    text = zy.get("/zy/manage/org/").get_data(as_text=True)
    assert badge(text) == 0
    assert "郑书琴" not in zy.get("/zy/inbox/").get_data(as_text=True)
    # A module switched off in a court adds nothing there.
    with app.app_context():
        db.session.get(Member, member_id).phone = "待审"
        db.session.commit()
    assert badge(zy.get("/zy/manage/org/").get_data(as_text=True)) == 1
    with app.app_context():
        modules.set_enabled(db.session.merge(world.zy), "review", False)
        db.session.commit()
    text = zy.get("/zy/inbox/").get_data(as_text=True)
    assert "郑书琴" not in text and badge(text) == 0
    assert badge(wf.get("/wf/manage/org/").get_data(as_text=True)) == 1  # still on in 文峰


def test_due_dates_are_counted_in_the_courts_zone(make_app, world):
    class Dated:
        @hookimpl
        def dangjian_todos(self, court, user):
            from dangjian.inbox.badge import court_today

            today = court_today(court)
            return [
                Todo("dated.x", "有期限的事项", "昨天到期的事", "/zy/", due=today - timedelta(days=1)),
                Todo("dated.x", "有期限的事项", "今天到期的事", "/zy/", due=today),
                Todo("dated.y", "无期限的事项", "随时办的事", "/zy/"),
            ]

    app = make_app(EXTRA_PLUGINS={"dated": Dated()})
    with app.app_context():
        modules.set_enabled(db.session.merge(world.zy), "dated", True)
        db.session.commit()
    client = app.test_client()
    sign_in(app, client, world.member_user)
    text = client.get("/zy/inbox/").get_data(as_text=True)
    assert "已逾期 1 天" in text and "今天到期" in text and "1 项已逾期" in text
    assert text.index("昨天到期的事") < text.index("今天到期的事") < text.index("随时办的事")


@pytest.mark.skipif(not redis_available(), reason="Redis is not running on 127.0.0.1:6379")
def test_two_app_instances_share_the_badge_cache_through_redis(make_app, world):
    import redis

    config = {
        "CACHE_REDIS_URL": "redis://127.0.0.1:6379/13",
        "INBOX_CACHE_PREFIX": f"dj-test-inbox-{secrets.token_hex(4)}:",
    }
    first, second = make_app(**config), make_app(**config)
    with first.app_context():
        add_waiting_accounts(world.zy, 1)
        waiting_id = db.session.scalar(select(User.id).where(User.username.like("waiting-zy-%")))
    admin = first.test_client()
    sign_in(first, admin, world.zy_admin)
    assert badge(admin.get("/zy/manage/org/").get_data(as_text=True)) == 1
    with count_queries(first) as statements:
        assert badge(admin.get("/zy/manage/org/").get_data(as_text=True)) == 1
    assert not any("count(" in s and "must_change_password" in s for s in statements)  # a cache hit
    other = second.test_client()
    sign_in(second, other, world.platform_admin)
    assert other.post(f"/zy/manage/users/{waiting_id}/disable").status_code in (302, 303)
    # The other instance's commit bumped the epoch in Redis.
    assert badge(admin.get("/zy/manage/org/").get_data(as_text=True)) == 0
    client = redis.Redis.from_url(config["CACHE_REDIS_URL"])
    keys = client.keys(config["INBOX_CACHE_PREFIX"] + "*")
    assert keys
    client.delete(*keys)
