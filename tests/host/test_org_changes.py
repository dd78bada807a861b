"""Changing the organisation tree: create, edit, move, dissolve, committee."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db, utcnow
from dangjian.org import services
from dangjian.org.models import CommitteeSeat, Organisation

from ..factories import make_member, make_org
from .test_org import fresh_sign_in

BASE = "/zy/manage/org"


def text_of(response) -> str:
    return response.get_data(as_text=True)


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def org_named(name: str) -> Organisation | None:
    db.session.expire_all()
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


@pytest.fixture
def sign_in(app, client, login_as):
    return fresh_sign_in(app, client, login_as)


@pytest.fixture
def admin(world, sign_in):
    sign_in(world.zy_admin)
    return world


def create(client, **data):
    data.setdefault("slug", "")
    data.setdefault("department", "")
    data.setdefault("department_kind", "")
    return client.post(f"{BASE}/new", data=data)


# Create --------------------------------------------------------------------


def test_create_form_prefills_kind_from_parent(client, admin):
    page = client.get(f"{BASE}/new?parent={admin.juvenile.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert f'<option selected value="{admin.juvenile.id}">' in text
    assert '<option selected value="group">' in text


def test_create_branch_under_committee_and_group_under_branch(client, admin):
    response = create(
        client,
        parent_id=admin.zy_committee.id,
        kind="branch",
        name="刑一庭党支部",
        department="刑事审判第一庭",
        department_kind="tribunal",
    )
    assert response.status_code == 302
    branch = org_named("刑一庭党支部")
    assert (branch.kind, branch.parent_id, branch.court_id) == ("branch", admin.zy_committee.id, admin.zy.id)
    assert branch.slug == "branch-1"  # suggested when left empty
    assert (branch.department, branch.department_kind) == ("刑事审判第一庭", "tribunal")
    assert response.headers["Location"].endswith(f"{BASE}/{branch.id}/")

    response = create(client, parent_id=branch.id, kind="group", name="刑一庭第一党小组", slug="xyt-1")
    assert response.status_code == 302
    group = org_named("刑一庭第一党小组")
    assert (group.kind, group.parent_id, group.slug) == ("group", branch.id, "xyt-1")
    assert audit_actions() == ["org.created", "org.created"]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()[-1]
    assert entry.user_id == admin.zy_admin.id and entry.court_id == admin.zy.id and entry.target_id == group.id
    tree = text_of(client.get(f"{BASE}/"))
    assert "刑一庭党支部" in tree and "刑一庭第一党小组" in tree


@pytest.mark.parametrize(
    "parent, kind, message",
    [
        ("zy_committee", "group", "党小组只能设在党支部之下"),
        ("juvenile", "branch", "党支部只能设在机关党委、党总支之下"),
        ("juvenile", "general_branch", "党总支只能设在机关党委之下"),
        ("zy_committee", "committee", "机关党委是本院最高一级党组织"),
        (None, "committee", "请从列表中选择"),  # not offered while the court has a committee
    ],
)
def test_invalid_kind_or_parent_is_refused_in_chinese(client, admin, parent, kind, message):
    parent_id = getattr(admin, parent).id if parent else 0
    response = create(client, parent_id=parent_id, kind=kind, name="不该建立的组织")
    assert response.status_code == 200
    text = text_of(response)
    assert message in text
    assert 'value="不该建立的组织"' in text  # nothing lost on bad input
    assert org_named("不该建立的组织") is None
    assert audit_actions() == []


def test_rules_hold_for_every_caller_of_the_services(admin):
    with pytest.raises(services.OrgError, match="每个法院只能设一个机关党委"):
        services.create_org(admin.zy, kind="committee", parent=None, name="第二个机关党委")
    with pytest.raises(services.OrgError, match="党支部必须设在机关党委、党总支之下"):
        services.create_org(admin.zy, kind="branch", parent=None, name="无上级支部")
    with pytest.raises(services.OrgError, match="上级组织不属于本院"):
        services.create_org(admin.zy, kind="group", parent=admin.wf_branch, name="越界小组")
    with pytest.raises(services.OrgError, match="请选择组织类型"):
        services.create_org(admin.zy, kind="club", parent=admin.juvenile, name="兴趣小组")
    db.session.rollback()
    assert org_named("第二个机关党委") is None and audit_actions() == []


def test_second_committee_allowed_after_the_first_is_dissolved(client, admin):
    first = db.session.get(Organisation, admin.zy_committee.id)
    for child in (admin.juvenile, admin.office):
        db.session.get(Organisation, child.id).dissolved_at = utcnow()
    db.session.get(type(admin.juvenile_member), admin.juvenile_member.id).left_on = utcnow().date()
    db.session.get(type(admin.office_member), admin.office_member.id).left_on = utcnow().date()
    first.dissolved_at = utcnow()
    db.session.commit()
    assert create(client, parent_id=0, kind="committee", name="新机关党委").status_code == 302
    assert org_named("新机关党委").slug == "committee-1"


def test_duplicate_or_malformed_slug_is_refused(client, admin):
    response = create(client, parent_id=admin.zy_committee.id, kind="branch", name="重复支部", slug="snt")
    assert response.status_code == 200
    assert "网址标识“snt”已被本院其他组织" in text_of(response)
    assert org_named("重复支部") is None
    response = create(client, parent_id=admin.zy_committee.id, kind="branch", name="重复支部", slug="Bad Slug")
    assert "只能用小写英文字母、数字和连字符" in text_of(response)
    assert org_named("重复支部") is None
    # Slugs are unique per court only: the basic court also has "jgdw".
    assert (
        create(client, parent_id=admin.zy_committee.id, kind="branch", name="同名标识", slug="lat").status_code == 302
    )


def test_parent_from_another_court_is_refused(client, admin):
    response = create(client, parent_id=admin.wf_branch.id, kind="group", name="越界小组")
    assert response.status_code == 200
    assert "请从列表中选择" in text_of(response)
    assert org_named("越界小组") is None


# Edit ----------------------------------------------------------------------


def test_rename_and_change_slug_with_warning(client, admin):
    org_id = admin.juvenile.id
    assert "/zy/s/snt/" in text_of(client.get(f"{BASE}/{org_id}/edit"))
    response = client.post(
        f"{BASE}/{org_id}/edit",
        data={
            "name": "少年家事审判庭党支部",
            "slug": "snjs",
            "department": "少年家事审判庭",
            "department_kind": "tribunal",
        },
        follow_redirects=True,
    )
    text = text_of(response)
    assert "已保存修改" in text and "原网址已失效" in text
    org = org_named("少年家事审判庭党支部")
    assert (org.id, org.slug, org.department) == (org_id, "snjs", "少年家事审判庭")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "org.renamed"
    assert entry.detail["name"] == ["少年庭党支部", "少年家事审判庭党支部"]


def test_edit_refuses_taken_slug_and_keeps_input(client, admin):
    response = client.post(
        f"{BASE}/{admin.juvenile.id}/edit",
        data={
            "name": "新名字",
            "slug": "bgs",
            "department": "",
            "department_kind": "",
        },
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "网址标识“bgs”已被本院其他组织" in text and 'value="新名字"' in text
    assert org_named("少年庭党支部").slug == "snt"
    assert audit_actions() == []


# Move ----------------------------------------------------------------------


def test_move_branch_under_general_branch(client, admin):
    general = make_org(admin.zy, "审判业务党总支", kind="general_branch", parent=admin.zy_committee, slug="spzz")
    db.session.commit()
    response = client.post(f"{BASE}/{admin.juvenile.id}/move", data={"parent_id": general.id})
    assert response.status_code == 302
    assert org_named("少年庭党支部").parent_id == general.id
    assert audit_actions() == ["org.moved"]


def test_move_into_own_descendant_is_refused(client, admin):
    general = make_org(admin.zy, "审判业务党总支", kind="general_branch", parent=admin.zy_committee, slug="spzz")
    branch = make_org(admin.zy, "民一庭党支部", parent=general, slug="myt")
    group = make_org(admin.zy, "民一庭党小组", kind="group", parent=branch, slug="myt-1")
    db.session.commit()
    # The form never offers descendants; a forged request is refused too.
    response = client.post(f"{BASE}/{branch.id}/move", data={"parent_id": group.id})
    assert response.status_code == 200 and "请从列表中选择" in text_of(response)
    assert f'value="{group.id}"' not in text_of(client.get(f"{BASE}/{branch.id}/move"))
    with pytest.raises(services.OrgError, match="不能把组织调到它自己或它的下级组织之下"):
        services.move_org(general, branch)
    with pytest.raises(services.OrgError, match="不能把组织调到它自己"):
        services.move_org(branch, branch)
    db.session.rollback()
    assert org_named("民一庭党支部").parent_id == general.id
    assert audit_actions() == []


def test_move_group_with_members_is_refused(client, admin):
    group = make_org(admin.zy, "少年庭党小组", kind="group", parent=admin.juvenile, slug="snt-1")
    make_member(admin.juvenile, "组内党员", group_id=group.id)
    db.session.commit()
    response = client.post(f"{BASE}/{group.id}/move", data={"parent_id": admin.office.id})
    assert response.status_code == 200
    assert "请先办理组织关系转接" in text_of(response)
    assert org_named("少年庭党小组").parent_id == admin.juvenile.id


# Dissolve ------------------------------------------------------------------


def test_dissolve_refused_while_members_remain_then_allowed(client, admin):
    org_id = admin.juvenile.id
    detail = text_of(client.get(f"{BASE}/{org_id}/"))
    assert "将本组织的 1 名党员转接到其他组织" in detail
    response = client.post(f"{BASE}/{org_id}/dissolve", follow_redirects=True)
    assert "还有 1 名党员，不能撤销" in text_of(response) and "转接" in text_of(response)
    assert org_named("少年庭党支部").dissolved_at is None

    member = db.session.get(type(admin.juvenile_member), admin.juvenile_member.id)
    member.branch_id = admin.office.id  # transferred to another branch
    db.session.commit()
    assert 'data-bs-target="#confirm-dissolve"' in text_of(client.get(f"{BASE}/{org_id}/"))
    response = client.post(f"{BASE}/{org_id}/dissolve", follow_redirects=True)
    assert "已撤销党支部“少年庭党支部”" in text_of(response)
    assert org_named("少年庭党支部").dissolved_at is not None
    assert audit_actions() == ["org.dissolved"]
    tree = text_of(client.get(f"{BASE}/"))
    assert "少年庭党支部" not in tree
    assert "少年庭党支部" in text_of(client.get(f"{BASE}/?dissolved=1"))
    # A dissolved organisation takes no new children.
    response = create(client, parent_id=org_id, kind="group", name="迟来的小组")
    assert org_named("迟来的小组") is None


def test_dissolve_refused_while_child_orgs_are_active(client, admin):
    response = client.post(f"{BASE}/{admin.zy_committee.id}/dissolve", follow_redirects=True)
    text = text_of(response)
    assert "下还有 2 个下级组织" in text and "少年庭党支部" in text
    assert org_named("安阳中院机关党委").dissolved_at is None


def test_dissolve_asks_for_the_password_on_a_stale_session(client, world, login_as):
    login_as(world.zy_admin)
    with client.session_transaction() as session:
        session["auth_at"] = 0
    response = client.post(f"{BASE}/{world.office.id}/dissolve")
    assert response.status_code == 302 and "/auth/reauth" in response.headers["Location"]
    assert org_named("办公室党支部").dissolved_at is None


# Committee -----------------------------------------------------------------


def test_committee_seats_set_and_secretary_shown(client, admin):
    juvenile = admin.juvenile
    deputy = make_member(juvenile, "张副书记")
    db.session.commit()
    form = client.get(f"{BASE}/{juvenile.id}/committee")
    assert form.status_code == 200 and "张副书记" in text_of(form) and "周立言" not in text_of(form)
    response = client.post(
        f"{BASE}/{juvenile.id}/committee",
        data={
            "secretary": admin.juvenile_member.id,
            "deputy": deputy.id,
            "organisation": admin.juvenile_member.id,
            "publicity": 0,
            "discipline": 0,
        },
        follow_redirects=True,
    )
    assert "已更新委员会" in text_of(response)
    seats = {(s.post, s.member_id) for s in db.session.scalars(select(CommitteeSeat))}
    assert seats == {
        ("secretary", admin.juvenile_member.id),
        ("deputy", deputy.id),
        ("organisation", admin.juvenile_member.id),
    }
    assert '书记：<span class="text-body">林晓彤</span>' in text_of(client.get(f"{BASE}/"))
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "org.committee" and "书记：空缺 → 林晓彤" in entry.summary

    # Replacing the secretary keeps one secretary per branch.
    client.post(
        f"{BASE}/{juvenile.id}/committee",
        data={"secretary": deputy.id, "deputy": 0, "organisation": admin.juvenile_member.id},
    )
    db.session.expire_all()
    posts = [(s.post, s.member_id) for s in db.session.scalars(select(CommitteeSeat))]
    assert sorted(posts) == sorted([("secretary", deputy.id), ("organisation", admin.juvenile_member.id)])


def test_committee_holder_must_belong_to_the_branch(client, admin):
    response = client.post(f"{BASE}/{admin.juvenile.id}/committee", data={"secretary": admin.office_member.id})
    assert response.status_code == 200
    assert "请从列表中选择" in text_of(response)
    with pytest.raises(services.OrgError, match="须从本组织的正式党员中选任"):
        services.set_committee(admin.juvenile, {"secretary": admin.office_member.id})
    db.session.rollback()
    assert db.session.scalars(select(CommitteeSeat)).all() == []


def test_probationary_members_cannot_hold_a_post(client, admin):
    probationary = make_member(admin.juvenile, "预备党员甲", status="probationary")
    db.session.commit()
    assert "预备党员甲" not in text_of(client.get(f"{BASE}/{admin.juvenile.id}/committee"))
    with pytest.raises(services.OrgError, match="预备党员没有被选举权"):
        services.set_committee(admin.juvenile, {"secretary": probationary.id})
    db.session.rollback()
    assert db.session.scalars(select(CommitteeSeat)).all() == []


def test_organ_committee_seats_come_from_the_branches_below(client, admin):
    page = text_of(client.get(f"{BASE}/{admin.zy_committee.id}/committee"))
    assert "机关党委委员会" in page and "林晓彤" in page and "周立言" in page and "韩明远" not in page
    response = client.post(f"{BASE}/{admin.zy_committee.id}/committee", data={"secretary": admin.office_member.id})
    assert response.status_code == 302
    assert '书记：<span class="text-body">周立言</span>' in text_of(client.get(f"{BASE}/"))


def test_party_groups_have_no_committee_page(client, admin):
    group = make_org(admin.zy, "少年庭党小组", kind="group", parent=admin.juvenile, slug="snt-1")
    db.session.commit()
    assert client.get(f"{BASE}/{group.id}/committee").status_code == 404


def test_changes_need_a_csrf_token(make_app):
    from ..factories import build_world

    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        world = build_world()
        client = app.test_client()
        with client.session_transaction() as session:
            session["_user_id"] = world.zy_admin.get_id()
            session["_fresh"] = True
        response = client.post(
            f"{BASE}/new", data={"parent_id": world.zy_committee.id, "kind": "branch", "name": "伪造"}
        )
        assert response.status_code == 400
        assert org_named("伪造") is None
        assert 'id="csrf_token"' in text_of(client.get(f"{BASE}/new"))  # the form carries its token
