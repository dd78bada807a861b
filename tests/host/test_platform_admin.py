"""Platform administration of courts and their hierarchy (/admin/courts/)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.courts.models import Court
from dangjian.db import db
from dangjian.org.models import Organisation


def court_form(**values):
    data = {
        "slug": "",
        "name": "",
        "short_name": "",
        "level": "basic",
        "parent_id": "None",
        "timezone": "Asia/Shanghai",
        "position": "0",
    }
    data.update(values)
    return data


def court(slug: str) -> Court | None:
    db.session.expire_all()
    return db.session.scalar(select(Court).where(Court.slug == slug))


def test_courts_page_shows_the_hierarchy(client, world, login_as):
    login_as(world.platform_admin)
    page = client.get("/admin/courts/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.index("安阳市中级人民法院") < text.index("安阳市文峰区人民法院")
    assert "在安阳市中级人民法院下新建基层法院" in text
    assert "/wf/" in text
    assert client.get("/admin/").headers["Location"].endswith("/admin/courts/")


def test_courts_page_query_count_does_not_grow(client, world, login_as, query_counter):
    login_as(world.platform_admin)
    with query_counter() as few:
        client.get("/admin/courts/")
    for number in range(6):
        db.session.add(Court(slug=f"c{number}", name=f"测试法院{number}", level="basic", parent_id=world.zy.id))
    db.session.commit()
    with query_counter() as many:
        text = client.get("/admin/courts/").get_data(as_text=True)
    assert "测试法院5" in text
    count = lambda statements: sum(1 for s in statements if s.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"))  # noqa: E731
    assert count(many) == count(few)


def test_create_court_with_parent_and_committee(client, world, login_as):
    login_as(world.platform_admin)
    page = client.get(f"/admin/courts/new?parent={world.zy.id}")
    assert 'selected value="basic"' in page.get_data(as_text=True) or 'value="basic" selected' in page.get_data(
        as_text=True
    )
    page = client.post(
        "/admin/courts/new",
        data=court_form(slug="linzhou", name="林州市人民法院", short_name="林州法院", parent_id=str(world.zy.id)),
    )
    assert page.status_code == 302
    created = court("linzhou")
    assert created.parent_id == world.zy.id and created.level == "basic" and created.timezone == "Asia/Shanghai"
    committee = db.session.scalar(select(Organisation).where(Organisation.court_id == created.id))
    assert committee.kind == "committee" and committee.slug == "jgdw" and committee.name == "林州法院机关党委"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "court.created"))
    assert entry.court_id == created.id and entry.username == "platform"
    # The new court works at once.
    assert client.get("/linzhou/").status_code == 200
    assert "林州市人民法院" in client.get("/admin/courts/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("admin", "系统保留"),
        ("auth", "系统保留"),
        ("manage", "系统保留"),
        ("wf", "已被其他法院使用"),
        ("Linzhou", "只能使用小写英文字母"),
        ("lin_zhou", "只能使用小写英文字母"),
        ("-lz", "只能使用小写英文字母"),
        ("林州", "只能使用小写英文字母"),
    ],
)
def test_bad_slugs_are_refused_beside_the_field(client, world, login_as, slug, message):
    login_as(world.platform_admin)
    page = client.post(
        "/admin/courts/new", data=court_form(slug=slug, name="林州市人民法院", parent_id=str(world.zy.id))
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert message in text
    assert 'value="林州市人民法院"' in text  # nothing typed is lost
    assert db.session.scalar(select(func.count(Court.id)).where(Court.name == "林州市人民法院")) == 0


def test_duplicate_name_and_bad_timezone_are_refused(client, world, login_as):
    login_as(world.platform_admin)
    page = client.post(
        "/admin/courts/new", data=court_form(slug="dup", name="安阳市文峰区人民法院", timezone="Mars/Base")
    )
    text = page.get_data(as_text=True)
    assert "已有同名的法院" in text and "无法识别的时区" in text
    assert court("dup") is None


def test_messages_are_in_chinese(client, world, login_as):
    login_as(world.platform_admin)
    text = client.post("/admin/courts/new", data=court_form(slug="", name="", position="abc")).get_data(as_text=True)
    assert "请填写网址标识" in text and "请填写法院全称" in text and "不是有效的整数" in text
    assert "Not a valid" not in text and "This field" not in text


def test_parent_must_be_an_intermediate_court(client, world, login_as):
    login_as(world.platform_admin)
    page = client.post("/admin/courts/new", data=court_form(slug="sub", name="下级法院", parent_id=str(world.wf.id)))
    assert "请从列表中选择" in page.get_data(as_text=True)
    assert court("sub") is None


def test_edit_court_records_the_change(client, world, login_as):
    login_as(world.platform_admin)
    page = client.get(f"/admin/courts/{world.wf.id}/edit")
    assert "创建后不能修改" in page.get_data(as_text=True)
    page = client.post(
        f"/admin/courts/{world.wf.id}/edit",
        data=court_form(
            slug="hacked", name="安阳市文峰区人民法院", short_name="文峰法院", parent_id=str(world.zy.id), position="3"
        ),
    )
    assert page.status_code == 302
    edited = court("wf")
    assert edited.short_name == "文峰法院" and edited.position == 3
    assert court("hacked") is None  # the slug cannot be changed
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "court.updated"))
    assert entry.court_id == world.wf.id
    assert entry.detail["short_name"] == ["", "文峰法院"]


def test_court_cannot_be_its_own_parent_or_loop(client, world, login_as):
    login_as(world.platform_admin)
    page = client.post(
        f"/admin/courts/{world.zy.id}/edit",
        data=court_form(name="安阳市中级人民法院", level="intermediate", parent_id=str(world.zy.id)),
    )
    assert "请从列表中选择" in page.get_data(as_text=True)
    middle = Court(slug="mid", name="中间法院", level="intermediate", parent_id=world.zy.id)
    db.session.add(middle)
    db.session.commit()
    page = client.post(
        f"/admin/courts/{world.zy.id}/edit",
        data=court_form(name="安阳市中级人民法院", level="intermediate", parent_id=str(middle.id)),
    )
    assert "不能选择本院或本院的下级法院" in page.get_data(as_text=True)
    assert court("zy").parent_id is None


def test_court_with_children_stays_intermediate(client, world, login_as):
    login_as(world.platform_admin)
    page = client.post(f"/admin/courts/{world.zy.id}/edit", data=court_form(name="安阳市中级人民法院", level="basic"))
    assert "不能改为基层法院" in page.get_data(as_text=True)
    assert court("zy").level == "intermediate"


def test_unknown_court_is_404(client, world, login_as):
    login_as(world.platform_admin)
    assert client.get("/admin/courts/999/edit").status_code == 404


@pytest.mark.parametrize("path", ["/admin/", "/admin/courts/", "/admin/courts/new", "/admin/audit/"])
def test_only_platform_admins_get_in(client, world, login_as, path):
    for user in (world.zy_admin, world.wf_admin, world.juvenile_secretary, world.member_user):
        login_as(user)
        assert client.get(path).status_code == 403
    assert client.post("/admin/courts/new", data=court_form(slug="x1", name="某法院")).status_code == 403
    assert court("x1") is None


def test_anonymous_is_sent_to_login(client, world):
    page = client.get("/admin/courts/")
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
