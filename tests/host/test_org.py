"""The organisation tree: viewing, access, and the query budget."""

from __future__ import annotations

import pytest
from flask import g
from sqlalchemy import select

from dangjian.db import db, utcnow
from dangjian.org.models import CommitteeSeat, Organisation

from ..factories import make_court, make_member, make_org, make_user

TREE = "/zy/manage/org/"


def text_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def sign_in(app, client, login_as):
    return fresh_sign_in(app, client, login_as)


def fresh_sign_in(app, client, login_as):
    """``login_as`` plus two things it leaves out.

    The ``app`` fixture keeps one application context pushed, so ``g`` (and
    Flask-Login's cached ``g._login_user``) outlives a request: switching
    users within a test needs that cache cleared.  And without Flask-Login's
    session identifier ``_id``, session protection "basic" turns the session
    non-fresh on its first request, so sensitive actions would ask for the
    password again.
    """

    def sign(user):
        login_as(user)
        with app.test_request_context(environ_base=client.environ_base), client.session_transaction() as session:
            session["_id"] = app.login_manager._session_identifier_generator()
        g.pop("_login_user", None)
        return user

    return sign


def test_tree_shows_orgs_with_member_counts(client, world, login_as):
    group = make_org(world.zy, "第一党小组", kind="group", parent=world.juvenile, department="第一审判团队")
    make_member(world.juvenile, "王一", group_id=group.id)
    make_member(world.juvenile, "王二", group_id=group.id, status="probationary")
    make_member(world.juvenile, "已调出", left_on=utcnow().date())
    db.session.commit()
    login_as(world.zy_admin)
    page = client.get(TREE)
    assert page.status_code == 200
    text = text_of(page)
    for name in ("安阳中院机关党委", "少年庭党支部", "办公室党支部", "第一党小组", "少年审判庭"):
        assert name in text
    assert "文峰区法院" not in text and "立案庭党支部" not in text
    assert "党员 3 名" in text  # juvenile: 林晓彤, 王一, 王二 (the one who left is not counted)
    assert "（正式 2）" in text
    assert "党员 2 名" in text  # the party group, counted by group_id
    assert "下属党员 4 名" in text  # the committee: juvenile 3 + office 1
    assert "正式党员不足 3 名" in text


def test_tree_warns_about_committee_and_size(client, world, login_as):
    for number in range(7):
        make_member(world.office, f"办公室党员{number}")
    big = make_org(world.zy, "执行局党支部", parent=world.zy_committee, slug="zxj")
    for number in range(51):
        make_member(big, f"执行党员{number}")
    db.session.add(CommitteeSeat(organisation_id=big.id, member_id=make_member(big, "执行书记").id, post="secretary"))
    db.session.commit()
    login_as(world.zy_admin)
    text = text_of(client.get(TREE))
    assert "党员已达 8 名（7 名以上），应设立支部委员会" in text  # the office branch
    assert "党员 52 名，超过 50 名，宜分设党支部" in text
    assert text.count("，应设立支部委员会") == 1  # the big branch has a committee
    assert '书记：<span class="text-body">执行书记</span>' in text


def test_dissolved_orgs_hidden_unless_asked(client, world, login_as):
    gone = make_org(world.zy, "旧审判庭党支部", parent=world.zy_committee, slug="old")
    gone.dissolved_at = utcnow()
    db.session.commit()
    login_as(world.zy_admin)
    assert "旧审判庭党支部" not in text_of(client.get(TREE))
    shown = text_of(client.get(TREE + "?dissolved=1"))
    assert "旧审判庭党支部" in shown
    assert "dj-dissolved" in shown and "已撤销" in shown


def test_empty_tree_says_what_to_do(client, world, login_as):
    court = make_court("lz", "林州市人民法院", parent=world.zy)
    admin = make_user("lzadmin", roles=[("court_admin", court, None)], court=court)
    db.session.commit()
    login_as(admin)
    text = text_of(client.get("/lz/manage/org/"))
    assert "本院还没有建立组织架构" in text
    assert "新建机关党委" in text


def test_anonymous_is_sent_to_login(client, world):
    for url in (TREE, f"/zy/manage/org/{world.juvenile.id}/", "/zy/manage/org/new"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/auth/login" in response.headers["Location"]
    response = client.post(f"/zy/manage/org/{world.juvenile.id}/dissolve")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert db.session.get(Organisation, world.juvenile.id).dissolved_at is None


def test_roles_without_org_view_are_refused(client, world, sign_in):
    for user in (world.member_user, world.juvenile_editor):
        sign_in(user)
        assert client.get(TREE).status_code == 403


def test_branch_secretary_views_but_cannot_change(client, world, login_as):
    login_as(world.juvenile_secretary)
    text = text_of(client.get(TREE))
    assert "少年庭党支部" in text and "办公室党支部" in text
    assert "新建组织" not in text and "org.edit" not in text
    assert client.get(f"/zy/manage/org/{world.juvenile.id}/").status_code == 200
    # Other branches' member lists stay with their own secretaries.
    assert client.get(f"/zy/manage/org/{world.office.id}/").status_code == 404
    juvenile = world.juvenile.id
    refused = [
        client.get("/zy/manage/org/new"),
        client.post("/zy/manage/org/new", data={"parent_id": juvenile, "kind": "group", "name": "小组"}),
        client.post(f"/zy/manage/org/{juvenile}/edit", data={"name": "改名", "slug": "snt"}),
        client.post(f"/zy/manage/org/{juvenile}/move", data={"parent_id": world.zy_committee.id}),
        client.post(f"/zy/manage/org/{juvenile}/committee", data={"secretary": world.juvenile_member.id}),
        client.post(f"/zy/manage/org/{world.office.id}/dissolve"),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    db.session.expire_all()
    assert db.session.get(Organisation, juvenile).name == "少年庭党支部"
    assert db.session.scalars(select(CommitteeSeat)).all() == []


def test_parent_court_admin_has_read_only_oversight(client, world, sign_in):
    sign_in(world.zy_admin)
    text = text_of(client.get("/wf/manage/org/"))
    assert "立案庭党支部" in text and "上级法院身份" in text
    assert "新建组织" not in text
    assert client.get(f"/wf/manage/org/{world.wf_branch.id}/").status_code == 200
    assert (
        client.post(f"/wf/manage/org/{world.wf_branch.id}/edit", data={"name": "x", "slug": "lat"}).status_code == 403
    )
    sign_in(world.wf_admin)
    assert client.get(TREE).status_code == 403  # no oversight upwards


def test_other_courts_org_id_is_404(client, world, sign_in):
    sign_in(world.zy_admin)
    foreign = world.wf_branch.id
    assert client.get(f"/zy/manage/org/{foreign}/").status_code == 404
    assert client.get(f"/zy/manage/org/{foreign}/edit").status_code == 404
    assert client.post(f"/zy/manage/org/{foreign}/edit", data={"name": "x", "slug": "lat"}).status_code == 404
    assert client.post(f"/zy/manage/org/{foreign}/dissolve").status_code == 404
    assert client.get(f"/zy/manage/org/{foreign}/committee").status_code == 404
    assert client.get(f"/zy/manage/org/new?parent={foreign}").status_code == 404
    db.session.expire_all()
    assert db.session.get(Organisation, foreign).name == "立案庭党支部"


def test_branch_detail_lists_members_groups_and_committee(client, world, login_as):
    group = make_org(world.zy, "第二党小组", kind="group", parent=world.juvenile)
    make_member(world.juvenile, "赵组员", group_id=group.id, party_post="党小组长")
    db.session.commit()
    login_as(world.zy_admin)
    text = text_of(client.get(f"/zy/manage/org/{world.juvenile.id}/"))
    assert "林晓彤" in text and "赵组员" in text and "党小组长" in text
    assert "第二党小组" in text
    assert "支部委员会" in text and "空缺" in text
    assert "周立言" not in text  # another branch's member
    searched = text_of(client.get(f"/zy/manage/org/{world.juvenile.id}/?q=赵"))
    assert "赵组员" in searched and "林晓彤" not in searched


def test_member_names_link_only_when_member_pages_exist(app, client, world, login_as):
    login_as(world.zy_admin)
    text = text_of(client.get(f"/zy/manage/org/{world.juvenile.id}/"))
    has_detail = "members.detail" in app.view_functions
    assert (f"/zy/manage/members/{world.juvenile_member.id}" in text) == has_detail


def _build_branches(court, committee, start: int, count: int) -> None:
    for number in range(start, start + count):
        branch = make_org(court, f"第{number}党支部", parent=committee, slug=f"b{number}", department=f"第{number}庭")
        group = make_org(court, f"第{number}党小组", kind="group", parent=branch, slug=f"g{number}")
        secretary = make_member(branch, f"书记{number}")
        make_member(branch, f"组员{number}", group_id=group.id)
        db.session.add(CommitteeSeat(organisation_id=branch.id, member_id=secretary.id, post="secretary"))
    db.session.commit()


def test_tree_query_count_does_not_grow_with_branches(client, world, login_as, query_counter):
    court = make_court("tq", "测试法院", parent=world.zy)
    committee = make_org(court, "测试机关党委", kind="committee", slug="jgdw")
    admin = make_user("tqadmin", roles=[("court_admin", court, None)], court=court)
    _build_branches(court, committee, 1, 3)
    login_as(admin)
    client.get("/tq/manage/org/")  # warm-up: first-request work is not the tree's
    # The test keeps one session open across requests; end its transaction
    # before each measured request so both start from the same state.
    db.session.commit()
    with query_counter() as few:
        small = client.get("/tq/manage/org/")
    _build_branches(court, committee, 4, 37)
    db.session.commit()
    client.get("/tq/manage/org/")  # a change resets the cached 待办 count: warm it again
    db.session.commit()
    with query_counter() as many:
        large = client.get("/tq/manage/org/")
    assert small.status_code == large.status_code == 200
    assert "第40党支部" in text_of(large) and "书记40" in text_of(large)
    assert len(few) == len(many), many
    assert len(many) <= 10


def test_branch_detail_query_count_does_not_grow_with_members(client, world, sign_in, query_counter):
    sign_in(world.zy_admin)
    url = f"/zy/manage/org/{world.juvenile.id}/"
    group = make_org(world.zy, "少年庭党小组", kind="group", parent=world.juvenile, slug="snt-1")
    for post in ("secretary", "deputy"):
        db.session.add(
            CommitteeSeat(organisation_id=world.juvenile.id, member_id=make_member(world.juvenile).id, post=post)
        )
    db.session.commit()
    client.get(url)
    db.session.commit()
    with query_counter() as few:
        client.get(url)
    for _ in range(40):
        make_member(world.juvenile, group_id=group.id)
    db.session.commit()
    client.get(url)  # a change resets the cached 待办 count: warm it again
    db.session.commit()
    with query_counter() as many:
        page = client.get(url)
    assert page.status_code == 200 and "少年庭党小组" in text_of(page)
    assert len(few) == len(many), many
