"""Member roll: who sees which members, and which fields, and how fast."""

from __future__ import annotations

from datetime import date

import pytest
from flask import g

from dangjian.db import db
from dangjian.members.models import Member
from dangjian.members.services import can_see_personal

from ..factories import make_member, make_org

LIST = "/zy/manage/members/"
SECRET_ID = "11010519491231002X"  # a valid ID number no other record uses


@pytest.fixture
def sign_in(login_as):
    """Log in as ``user`` for the next requests.

    The ``app`` fixture keeps one app context for the whole test and Flask
    reuses it for every request, so ``g`` (and with it Flask-Login's cached
    user and the loaded court) would outlive a request; drop them so each
    request resolves its user and court afresh, as in production.
    """

    def sign(user):
        login_as(user)
        reset_request_state()
        return user

    return sign


def reset_request_state():
    g.pop("_login_user", None)
    g.pop("court", None)


def text_of(response) -> str:
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- access


def test_anonymous_is_sent_to_login(client, world):
    for url in (LIST, f"{LIST}{world.juvenile_member.id}", f"{LIST}new", f"{LIST}me"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/auth/login" in response.headers["Location"]


def test_branch_editor_and_plain_member_get_403(client, world, sign_in):
    member_id = world.juvenile_member.id
    sign_in(world.juvenile_editor)
    for url in (LIST, f"{LIST}{member_id}", f"{LIST}new", f"{LIST}{member_id}/edit", f"{LIST}{member_id}/transfer"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"{LIST}{member_id}/leave", data={"left_on": "2024-01-01", "reason": "x"}).status_code == 403
    sign_in(world.member_user)
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{member_id}").status_code == 403
    assert db.session.get(Member, member_id).left_on is None


def test_secretary_cannot_transfer(client, world, sign_in):
    sign_in(world.juvenile_secretary)
    member_id = world.juvenile_member.id
    assert client.get(f"{LIST}{member_id}/transfer").status_code == 403
    assert client.post(f"{LIST}{member_id}/leave", data={"left_on": "2024-01-01", "reason": "调出"}).status_code == 403


# ---------------------------------------------------------------- list


def test_court_admin_lists_the_whole_court_only(client, world, sign_in):
    sign_in(world.zy_admin)
    page = text_of(client.get(LIST))
    assert "林晓彤" in page and "周立言" in page
    assert "韩明远" not in page  # a member of the basic court below
    assert "少年庭党支部" in page and "办公室党支部" in page


def test_secretary_lists_only_own_branch(client, world, sign_in):
    sign_in(world.juvenile_secretary)
    response = client.get(LIST)
    assert response.status_code == 200
    page = text_of(response)
    assert "林晓彤" in page
    assert "周立言" not in page and "办公室党支部" not in page
    # Asking for another branch by id shows nothing rather than its members.
    assert "周立言" not in text_of(client.get(LIST, query_string={"branch": world.office.id}))


def test_search_and_filters(client, world, sign_in):
    make_member(world.juvenile, "林建国", sex="male", status="probationary", full_member_on=None, education="大学本科")
    make_member(world.office, "王建华", sex="male", education="硕士研究生")
    db.session.commit()
    sign_in(world.zy_admin)

    def names(**args):
        page = text_of(client.get(LIST, query_string=args))
        return {name for name in ("林晓彤", "周立言", "林建国", "王建华") if name in page}

    assert names(q="林") == {"林晓彤", "林建国"}
    assert names(q="建") == {"林建国", "王建华"}
    assert names(status="probationary") == {"林建国"}
    assert names(sex="male") == {"林建国", "王建华"}
    assert names(education="硕士研究生") == {"王建华"}
    assert names(branch=world.office.id) == {"周立言", "王建华"}
    assert names(branch=world.juvenile.id, sex="male") == {"林建国"}
    assert names(q="%") == set()  # LIKE wildcards are searched literally
    empty = text_of(client.get(LIST, query_string={"q": "查无此人"}))
    assert "没有符合条件的党员" in empty and "清除筛选" in empty


def test_pagination(app, client, world, sign_in):
    app.config["MEMBERS_PER_PAGE"] = 5
    db.session.add_all(
        Member(court_id=world.zy.id, branch_id=world.office.id, name=f"分页{i:02d}", sex="male") for i in range(12)
    )
    db.session.commit()
    sign_in(world.zy_admin)
    first = text_of(client.get(LIST, query_string={"branch": world.office.id}))
    third = text_of(client.get(LIST, query_string={"branch": world.office.id, "page": 3}))
    assert "共 13 条，第 1 / 3 页" in first
    assert "第 3 / 3 页" in third
    shown_first = {f"分页{i:02d}" for i in range(12) if f"分页{i:02d}" in first}
    shown_third = {f"分页{i:02d}" for i in range(12) if f"分页{i:02d}" in third}
    assert len(shown_first) + ("周立言" in first) == 5
    assert len(shown_third) + ("周立言" in third) == 3
    assert not shown_first & shown_third
    assert f"branch={world.office.id}" in first  # page links keep the filters
    assert client.get(LIST, query_string={"page": 99}).status_code == 200


def test_left_members_hidden_by_default(client, world, sign_in):
    world.office_member.left_on = date(2023, 6, 30)
    db.session.commit()
    sign_in(world.zy_admin)
    assert "周立言" not in text_of(client.get(LIST))
    with_left = text_of(client.get(LIST, query_string={"left": "1"}))
    assert "周立言" in with_left and "已转出" in with_left


def test_empty_roll_says_what_to_do(client, world, sign_in):
    for member in (world.juvenile_member, world.office_member):
        world.member_user.member_id = None
        db.session.delete(member)
    db.session.commit()
    sign_in(world.zy_admin)
    page = text_of(client.get(LIST))
    assert "名册里还没有党员" in page
    assert "新增党员" in page and "从 Excel 导入" in page


def test_import_links_only_for_importers(client, world, sign_in):
    sign_in(world.zy_admin)
    assert "/zy/manage/members/import/" in text_of(client.get(LIST))
    sign_in(world.juvenile_secretary)
    assert "/zy/manage/members/import/" not in text_of(client.get(LIST))


def test_list_query_count_does_not_grow_with_members(client, world, login_as, query_counter):
    group_id = make_org(world.zy, "第一党小组", kind="group", parent=world.juvenile).id
    court_id, juvenile_id, office_id = world.zy.id, world.juvenile.id, world.office.id
    login_as(world.zy_admin)

    def add_members(count, start):
        db.session.add_all(
            Member(
                court_id=court_id,
                branch_id=juvenile_id if i % 2 else office_id,
                group_id=group_id if i % 2 else None,
                name=f"批量{i:04d}",
                sex="male",
                full_member_on=date(2015, 7, 1),
            )
            for i in range(start, start + count)
        )
        db.session.commit()

    def count_list():
        reset_request_state()
        db.session.remove()  # nothing cached from earlier requests
        with query_counter() as statements:
            response = client.get(LIST)
        assert response.status_code == 200
        return len(statements), response.get_data(as_text=True).count("批量")

    add_members(8, 0)  # 10 members with the world's two
    count_list()  # the app's first request does one-off work (schema check)
    small, shown_small = count_list()
    add_members(490, 8)  # 500
    count_list()  # a change resets the cached 待办 count: warm it again
    large, shown_large = count_list()
    assert shown_small == 8
    assert shown_large >= 29  # a full page of 30 (one may be a world member)
    assert small == large
    # Session, court, user and roles, the page, its count, the branch filter,
    # plus what the layout needs (enabled modules): a handful, not one per row.
    assert large <= 12


# ---------------------------------------------------------------- detail and scope


def test_detail_is_404_outside_scope(client, world, sign_in):
    office_id, wf_id, juvenile_id = world.office_member.id, world.wf_member.id, world.juvenile_member.id
    sign_in(world.juvenile_secretary)
    assert client.get(f"{LIST}{office_id}").status_code == 404
    assert client.get(f"{LIST}{office_id}/edit").status_code == 404
    assert client.get(f"{LIST}{juvenile_id}").status_code == 200
    sign_in(world.zy_admin)
    assert client.get(f"{LIST}{wf_id}").status_code == 404  # a wf id under /zy/
    assert client.get(f"{LIST}{wf_id}/edit").status_code == 404
    assert client.get(f"{LIST}{wf_id}/transfer").status_code == 404
    # The intermediate court's admin has no member roll rights in the basic court.
    for member_id in (wf_id, juvenile_id):
        response = client.get(f"/wf/manage/members/{member_id}")
        assert response.status_code in (403, 404)
        assert "韩明远" not in text_of(response)
    sign_in(world.wf_admin)
    assert client.get(f"/wf/manage/members/{juvenile_id}").status_code == 404
    assert client.get(f"/wf/manage/members/{wf_id}").status_code == 200
    assert client.get("/wf/manage/members/999999").status_code == 404


def _give_secret(member):
    member.id_number = SECRET_ID
    member.phone = "13912345678"
    member.address = "安阳市文峰区紫薇大道1号"
    db.session.commit()


@pytest.mark.parametrize("who", ["zy_admin", "juvenile_secretary", "platform_admin"])
def test_personal_fields_shown_to_admin_and_own_secretary(client, world, sign_in, who):
    _give_secret(world.juvenile_member)
    sign_in(getattr(world, who))
    page = text_of(client.get(f"{LIST}{world.juvenile_member.id}"))
    assert SECRET_ID in page and "13912345678" in page and "紫薇大道" in page
    assert "dj-sensitive" in page


def test_member_sees_own_personal_fields_on_me(client, world, sign_in):
    _give_secret(world.juvenile_member)
    sign_in(world.member_user)
    response = client.get(f"{LIST}me")
    assert response.status_code == 200
    page = text_of(response)
    assert "我的档案" in page and "林晓彤" in page
    assert SECRET_ID in page and "13912345678" in page
    assert "编辑" not in page  # read-only


def test_me_needs_a_member_record(client, world, sign_in):
    sign_in(world.zy_admin)
    assert client.get(f"{LIST}me").status_code == 403


def test_personal_fields_hidden_from_editor_and_parent_court_admin(client, world, sign_in):
    _give_secret(world.juvenile_member)
    _give_secret(world.wf_member)
    for user, url in (
        (world.juvenile_editor, f"{LIST}{world.juvenile_member.id}"),
        (world.juvenile_editor, f"{LIST}me"),
        (world.zy_admin, f"/wf/manage/members/{world.wf_member.id}"),
        (world.office_editor, f"{LIST}{world.juvenile_member.id}"),
    ):
        sign_in(user)
        response = client.get(url)
        assert SECRET_ID not in text_of(response), (user, url)
        assert response.status_code in (403, 404)
    # The rule itself, for every template that shows a member.
    assert can_see_personal(world.zy_admin, world.juvenile_member)
    assert can_see_personal(world.juvenile_secretary, world.juvenile_member)
    assert can_see_personal(world.member_user, world.juvenile_member)
    assert can_see_personal(world.platform_admin, world.wf_member)
    assert can_see_personal(world.wf_admin, world.wf_member)
    assert not can_see_personal(world.juvenile_editor, world.juvenile_member)
    assert not can_see_personal(world.juvenile_secretary, world.office_member)
    assert not can_see_personal(world.member_user, world.office_member)
    assert not can_see_personal(world.zy_admin, world.wf_member)  # oversight is not personal data
    assert not can_see_personal(world.wf_admin, world.juvenile_member)
