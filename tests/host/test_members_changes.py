"""Member roll changes: create, edit, transfer, leave the roll, restore."""

from __future__ import annotations

from datetime import date

import pytest
from flask import g
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.members.models import Member, MemberTransfer
from dangjian.members.services import id_number_problem

from ..factories import make_org

LIST = "/zy/manage/members/"


def valid_id(birth: date, sequence: str = "003") -> str:
    body = f"410502{birth:%Y%m%d}{sequence}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]


@pytest.fixture
def sign_in(login_as):
    # Requests reuse the test's app context, so drop what ``g`` cached.
    def sign(user):
        login_as(user)
        g.pop("_login_user", None)
        g.pop("court", None)
        return user

    return sign


def form_data(branch, **overrides):
    data = {
        "name": "张卫东",
        "sex": "male",
        "ethnicity": "汉族",
        "education": "大学本科",
        "status": "full",
        "joined_party_on": "2012-06-20",
        "full_member_on": "2013-06-20",
        "party_post": "组织委员",
        "admin_post": "审判员",
        "department": "",
        "branch_id": str(branch.id),
        "group_id": "0",
        "birth_date": "1986-02-03",
        "id_number": valid_id(date(1986, 2, 3)),
        "phone": "13712345678",
        "address": "安阳市北关区红旗路8号",
    }
    data.update(overrides)
    return data


def audits(action):
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_id_number_rules():
    assert id_number_problem("11010519491231002X") is None
    assert id_number_problem("11010519491231002x") is None
    assert "校验位" in id_number_problem("110105194912310021")
    assert "18位" in id_number_problem("1101051949123100")
    assert "出生日期" in id_number_problem("110105194913310020")
    assert "数字" in id_number_problem("11010519491231A02X")


def test_create_form_offers_only_scope_branches(client, world, sign_in):
    sign_in(world.juvenile_secretary)
    page = client.get(f"{LIST}new").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" not in page
    make_org(world.zy, "已撤销党支部", parent=world.zy_committee).dissolved_at = date(2020, 1, 1)
    db.session.commit()
    sign_in(world.zy_admin)
    page = client.get(f"{LIST}new").get_data(as_text=True)
    assert "办公室党支部" in page and "已撤销党支部" not in page and "立案庭党支部" not in page


def test_create_with_bad_input_shows_errors_and_keeps_input(client, world, sign_in):
    group_of_office = make_org(world.zy, "办公室第一党小组", kind="group", parent=world.office)
    db.session.commit()
    sign_in(world.zy_admin)
    response = client.post(
        f"{LIST}new",
        data=form_data(
            world.juvenile,
            name="",
            id_number="410502198602030000",
            joined_party_on="2014-01-01",
            full_member_on="2013-01-01",
            group_id=str(group_of_office.id),
            phone="abc",
        ),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "请填写姓名。" in page
    assert "校验位不正确" in page
    assert "转正时间不能早于入党时间。" in page
    assert "所选党小组不属于所选党支部" in page
    assert "请填写正确的电话号码" in page
    assert page.count("invalid-feedback") >= 5
    # Everything typed is still there.
    assert 'value="410502198602030000"' in page
    assert "安阳市北关区红旗路8号" in page and 'value="审判员"' in page and 'value="2014-01-01"' in page
    assert db.session.scalar(select(Member).where(Member.id_number == "410502198602030000")) is None
    assert not audits("member.created")


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"status": "probationary"}, "预备党员尚未转正"),
        ({"joined_party_on": "2001-01-01", "full_member_on": ""}, "入党时应年满十八周岁"),
        ({"birth_date": "1986-02-04"}, "出生日期与公民身份号码中的出生日期不一致"),
        ({"joined_party_on": "2099-01-01", "full_member_on": ""}, "日期不能晚于今天"),
        ({"joined_party_on": "2999-01-01", "full_member_on": ""}, "日期超出范围"),
        ({"joined_party_on": "2012-13-40"}, "日期格式不正确"),
        ({"sex": ""}, "请选择性别"),
        ({"branch_id": "0"}, "请选择所在党支部"),
    ],
)
def test_create_validation_rules(client, world, sign_in, overrides, message):
    sign_in(world.zy_admin)
    response = client.post(f"{LIST}new", data=form_data(world.juvenile, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Member).where(Member.name == "张卫东")) is None


def test_secretary_cannot_create_in_another_branch(client, world, sign_in):
    sign_in(world.juvenile_secretary)
    response = client.post(f"{LIST}new", data=form_data(world.office))
    assert "选项无效" in response.get_data(as_text=True)
    assert db.session.scalar(select(Member).where(Member.name == "张卫东")) is None


def test_create_success_writes_member_and_audit(client, world, sign_in):
    group = make_org(world.zy, "少年审判团队党小组", kind="group", parent=world.juvenile)
    db.session.commit()
    sign_in(world.juvenile_secretary)
    response = client.post(
        f"{LIST}new",
        data=form_data(world.juvenile, group_id=str(group.id), id_number=valid_id(date(1986, 2, 3)).lower()),
    )
    assert response.status_code == 302
    member = db.session.scalar(select(Member).where(Member.name == "张卫东"))
    assert member.court_id == world.zy.id and member.branch_id == world.juvenile.id and member.group_id == group.id
    assert member.department == "少年审判庭"  # taken from the branch when left blank
    assert member.id_number == valid_id(date(1986, 2, 3))
    assert response.headers["Location"].endswith(f"{LIST}{member.id}")
    entry = audits("member.created")[0]
    assert entry.target_id == member.id and "张卫东" in entry.summary and entry.court_id == world.zy.id
    assert entry.user_id == world.juvenile_secretary.id
    page = client.get(f"{LIST}{member.id}").get_data(as_text=True)
    assert "少年审判团队党小组" in page and "13712345678" in page


def test_edit_success_writes_audit_without_personal_values(client, world, sign_in):
    member = world.juvenile_member
    sign_in(world.zy_admin)
    edit_page = client.get(f"{LIST}{member.id}/edit").get_data(as_text=True)
    assert 'value="林晓彤"' in edit_page
    data = form_data(
        world.juvenile,
        name="林晓彤",
        sex="female",
        birth_date="1985-03-14",
        id_number=valid_id(date(1985, 3, 14)),
        phone="13600000001",
        admin_post="庭长",
        joined_party_on="2010-07-01",
        full_member_on="2011-07-01",
    )
    response = client.post(f"{LIST}{member.id}/edit", data=data)
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.admin_post == "庭长" and member.phone == "13600000001"
    entry = audits("member.updated")[0]
    assert "行政职务" in entry.summary and "联系电话" in entry.summary
    assert "13600000001" not in entry.summary and "13600000001" not in str(entry.detail)
    assert entry.detail["values"]["admin_post"] == {"from": "", "to": "庭长"}
    # Saving again without changes writes nothing.
    client.post(f"{LIST}{member.id}/edit", data=data)
    assert len(audits("member.updated")) == 1


def test_transfer_moves_member_and_records_history(client, world, sign_in):
    group = make_org(world.zy, "少年审判团队党小组", kind="group", parent=world.juvenile)
    member = world.juvenile_member
    member.group_id = group.id
    db.session.commit()
    sign_in(world.zy_admin)
    page = client.get(f"{LIST}{member.id}/transfer").get_data(as_text=True)
    assert "办公室党支部" in page and "立案庭党支部" not in page
    bad = client.post(
        f"{LIST}{member.id}/transfer", data={"to_branch_id": "0", "transferred_on": "2024-03-01", "reason": ""}
    )
    assert "请选择转入的党支部" in bad.get_data(as_text=True) and "请填写转接原因" in bad.get_data(as_text=True)
    other_court = client.post(
        f"{LIST}{member.id}/transfer",
        data={"to_branch_id": str(world.wf_branch.id), "transferred_on": "2024-03-01", "reason": "调动"},
    )
    assert "选项无效" in other_court.get_data(as_text=True)
    response = client.post(
        f"{LIST}{member.id}/transfer",
        data={
            "to_branch_id": str(world.office.id),
            "transferred_on": "2024-03-01",
            "reason": "工作调动至办公室",
            "update_department": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(member)
    assert member.branch_id == world.office.id and member.group_id is None and member.department == "办公室"
    transfer = db.session.scalar(select(MemberTransfer).where(MemberTransfer.member_id == member.id))
    assert (transfer.from_branch_id, transfer.to_branch_id) == (world.juvenile.id, world.office.id)
    assert transfer.transferred_on == date(2024, 3, 1) and transfer.by_user_id == world.zy_admin.id
    assert "少年庭党支部" in audits("member.transferred")[0].summary
    detail = client.get(f"{LIST}{member.id}").get_data(as_text=True)
    assert "工作调动至办公室" in detail and "2024-03-01" in detail
    # The juvenile secretary no longer reaches the member.
    sign_in(world.juvenile_secretary)
    assert client.get(f"{LIST}{member.id}").status_code == 404


def test_leave_needs_reason_then_hides_member_and_can_be_undone(client, world, sign_in):
    member = world.office_member
    sign_in(world.zy_admin)
    detail = client.get(f"{LIST}{member.id}").get_data(as_text=True)
    assert "转出本院" in detail and "confirm-leave" in detail
    missing = client.post(f"{LIST}{member.id}/leave", data={"left_on": "2024-05-01", "reason": ""})
    assert missing.status_code == 200 and "请填写转出原因。" in missing.get_data(as_text=True)
    db.session.refresh(member)
    assert member.left_on is None
    response = client.post(f"{LIST}{member.id}/leave", data={"left_on": "2024-05-01", "reason": "调往市委政法委"})
    assert response.status_code == 302
    client.get(response.headers["Location"])  # shows (and uses up) the flash message
    db.session.refresh(member)
    assert member.left_on == date(2024, 5, 1)
    entry = audits("member.left")[0]
    assert entry.detail["reason"] == "调往市委政法委"
    assert "周立言" not in client.get(LIST).get_data(as_text=True)
    detail = client.get(f"{LIST}{member.id}").get_data(as_text=True)
    assert "调往市委政法委" in detail and "恢复在册" in detail
    assert client.get(f"{LIST}{member.id}/transfer").status_code == 302
    client.post(f"{LIST}{member.id}/restore")
    db.session.refresh(member)
    assert member.left_on is None
    assert "周立言" in client.get(LIST).get_data(as_text=True)
