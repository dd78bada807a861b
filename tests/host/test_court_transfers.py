"""Transfers of a member to a branch of another court of the city."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.access.models import RoleAssignment
from dangjian.audit.models import AuditEntry
from dangjian.auth.models import User
from dangjian.db import db
from dangjian.members.models import CourtTransferRequest, Member, MemberTransfer

from ..factories import make_court, make_org, make_user
from .test_admin_users import statements


def fresh(model, object_id):
    db.session.expire_all()
    return db.session.get(model, object_id)


def ask(client, world, member=None, branch=None, reason="工作调动至文峰区法院"):
    member = member or world.juvenile_member
    branch = branch or world.wf_branch
    return client.post(
        f"/zy/manage/transfers/out/{member.id}",
        data={"to_court": world.wf.id, "to_branch_id": branch.id, "reason": reason},
    )


def pending_request(world) -> CourtTransferRequest:
    return db.session.scalar(
        select(CourtTransferRequest).where(CourtTransferRequest.member_id == world.juvenile_member.id)
    )


def audit(court, action):
    return db.session.scalars(
        select(AuditEntry.summary).where(AuditEntry.court_id == court.id, AuditEntry.action == action)
    ).all()


def test_whole_flow_moves_member_history_and_account(client, world, login_as):
    # The member's account is also the juvenile branch's editor in the 中院.
    db.session.add(
        RoleAssignment(
            user_id=world.member_user.id, role="branch_editor", court_id=world.zy.id, organisation_id=world.juvenile.id
        )
    )
    db.session.commit()
    login_as(world.zy_admin)
    # Step one offers the courts of the city, step two the chosen court's branches.
    step1 = client.get(f"/zy/manage/transfers/out/{world.juvenile_member.id}").get_data(as_text=True)
    assert world.wf.name in step1
    step2 = client.get(f"/zy/manage/transfers/out/{world.juvenile_member.id}?to_court={world.wf.id}").get_data(
        as_text=True
    )
    assert "立案庭党支部" in step2
    assert ask(client, world).status_code == 302
    transfer = pending_request(world)
    assert transfer.status == "pending"
    assert fresh(Member, world.juvenile_member.id).court_id == world.zy.id  # still ours until accepted
    assert "已申请转至" in client.get(f"/zy/manage/members/{world.juvenile_member.id}").get_data(as_text=True)

    login_as(world.wf_admin)
    home = client.get("/wf/").get_data(as_text=True)
    assert "1</span> 项外院转入申请待接收" in home
    page = client.get(f"/wf/manage/transfers/{transfer.id}/").get_data(as_text=True)
    assert "林晓彤" in page and "2010-07-01" in page and "少年庭党支部" in page
    # Only what is needed to accept: no personal data of the member.
    assert "13800000000" not in page and "410502198503140000" not in page
    response = client.post(f"/wf/manage/transfers/{transfer.id}/", data={"branch_id": world.wf_branch.id})
    assert response.status_code == 302

    member = fresh(Member, world.juvenile_member.id)
    assert (member.court_id, member.branch_id, member.group_id) == (world.wf.id, world.wf_branch.id, None)
    history = db.session.scalars(select(MemberTransfer).where(MemberTransfer.member_id == member.id)).all()
    assert [(h.from_court_id, h.to_court_id, h.from_branch_id, h.to_branch_id) for h in history] == [
        (world.zy.id, world.wf.id, world.juvenile.id, world.wf_branch.id)
    ]
    account = fresh(User, world.member_user.id)
    assert account.court_id == world.wf.id
    assert not [a for a in account.roles if a.court_id == world.zy.id]
    assert fresh(CourtTransferRequest, transfer.id).status == "accepted"
    assert audit(world.wf, "member.transferred_in") and audit(world.zy, "member.transferred_out")
    assert audit(world.zy, "member.transfer_requested") and audit(world.wf, "member.transfer_requested")
    # The member is now on the receiving roll with the history, and gone from the sending one.
    detail = client.get(f"/wf/manage/members/{member.id}").get_data(as_text=True)
    assert "少年庭党支部" in detail
    login_as(world.zy_admin)
    assert client.get(f"/zy/manage/members/{member.id}").status_code == 404
    # The account now opens its record in the new court.
    login_as(account)
    assert client.get("/wf/manage/members/me").status_code == 200


def test_receiving_admin_may_choose_another_branch(client, world, login_as):
    other = make_org(world.wf, "执行局党支部", parent=world.wf_branch.parent, slug="zxj")
    db.session.commit()
    login_as(world.zy_admin)
    ask(client, world)
    login_as(world.wf_admin)
    client.post(f"/wf/manage/transfers/{pending_request(world).id}/", data={"branch_id": other.id})
    assert fresh(Member, world.juvenile_member.id).branch_id == other.id
    # A branch of another court is not accepted.
    login_as(world.zy_admin)
    ask(client, world, member=world.office_member)
    transfer = db.session.scalar(
        select(CourtTransferRequest).where(CourtTransferRequest.member_id == world.office_member.id)
    )
    login_as(world.wf_admin)
    page = client.post(f"/wf/manage/transfers/{transfer.id}/", data={"branch_id": world.office.id})
    assert "选项无效" in page.get_data(as_text=True)
    assert fresh(Member, world.office_member.id).court_id == world.zy.id


def test_decline_needs_a_reason_and_the_sender_sees_it(client, world, login_as):
    login_as(world.zy_admin)
    ask(client, world)
    transfer = pending_request(world)
    login_as(world.wf_admin)
    refused = client.post(f"/wf/manage/transfers/{transfer.id}/decline", data={"reason": "  "})
    assert refused.status_code == 400 and "请填写退回原因" in refused.get_data(as_text=True)
    assert (
        client.post(f"/wf/manage/transfers/{transfer.id}/decline", data={"reason": "人员尚未报到"}).status_code == 302
    )
    assert fresh(CourtTransferRequest, transfer.id).status == "declined"
    # Accepting afterwards changes nothing.
    client.post(f"/wf/manage/transfers/{transfer.id}/", data={"branch_id": world.wf_branch.id})
    assert fresh(Member, world.juvenile_member.id).court_id == world.zy.id
    login_as(world.zy_admin)
    assert "人员尚未报到" in client.get("/zy/manage/transfers/").get_data(as_text=True)
    assert audit(world.zy, "member.transfer_declined")


def test_sender_can_withdraw_a_pending_request(client, world, login_as):
    login_as(world.zy_admin)
    ask(client, world)
    transfer = pending_request(world)
    assert ask(client, world).status_code == 302  # a second request is refused while one is pending
    assert db.session.scalar(select(db.func.count(CourtTransferRequest.id))) == 1
    assert client.post(f"/zy/manage/transfers/{transfer.id}/withdraw").status_code == 302
    assert fresh(CourtTransferRequest, transfer.id).status == "withdrawn"
    login_as(world.wf_admin)
    assert (
        client.post(f"/wf/manage/transfers/{transfer.id}/", data={"branch_id": world.wf_branch.id}).status_code == 200
    )
    assert fresh(Member, world.juvenile_member.id).court_id == world.zy.id


def test_scoping_between_the_two_courts(client, world, login_as):
    login_as(world.zy_admin)
    ask(client, world)
    transfer = pending_request(world)
    # The receiver cannot see the sender's roll or the member's record.
    login_as(world.wf_admin)
    assert client.get(f"/wf/manage/members/{world.juvenile_member.id}").status_code == 404
    assert client.get("/zy/manage/members/").status_code == 403
    assert client.post(f"/wf/manage/transfers/{transfer.id}/withdraw").status_code == 404
    # The sender cannot accept their own request, nor see the receiver's roll.
    login_as(world.zy_admin)
    assert client.get(f"/zy/manage/transfers/{transfer.id}/").status_code == 404
    assert client.get("/wf/manage/members/").status_code == 403
    # A secretary (no members.transfer) cannot ask at all.
    login_as(world.juvenile_secretary)
    assert client.get(f"/zy/manage/transfers/out/{world.juvenile_member.id}").status_code == 403
    # A third court of the city may not act on a request addressed to the basic court.
    third = make_court("tangyin", "汤阴县人民法院", parent=world.zy)
    admin = make_user("tyadmin", roles=[("court_admin", third, None)], court=third)
    db.session.commit()
    login_as(admin)
    assert client.get(f"/tangyin/manage/transfers/{transfer.id}/").status_code == 404


def test_only_courts_of_the_same_city_are_targets(client, world, login_as):
    elsewhere = make_court("xx", "新乡市中级人民法院")
    far_branch = make_org(elsewhere, "立案庭党支部", slug="lat")
    db.session.commit()
    login_as(world.zy_admin)
    page = client.get(f"/zy/manage/transfers/out/{world.juvenile_member.id}").get_data(as_text=True)
    assert "新乡市中级人民法院" not in page
    client.post(
        f"/zy/manage/transfers/out/{world.juvenile_member.id}",
        data={"to_court": elsewhere.id, "to_branch_id": far_branch.id, "reason": "调动"},
    )
    assert pending_request(world) is None


def test_transfer_list_query_count_does_not_grow(client, world, login_as, query_counter):
    login_as(world.zy_admin)
    ask(client, world)
    with query_counter() as few:
        client.get("/zy/manage/transfers/")
    ask(client, world, member=world.office_member)
    with query_counter() as more:
        client.get("/zy/manage/transfers/")
    assert statements(more) == statements(few)


def test_member_with_a_pending_request_cannot_leave_the_roll(client, world, login_as):
    login_as(world.zy_admin)
    ask(client, world)
    response = client.post(
        f"/zy/manage/members/{world.juvenile_member.id}/leave", data={"left_on": "2026-01-05", "reason": "调往外单位"}
    )
    assert response.status_code == 302
    assert fresh(Member, world.juvenile_member.id).left_on is None
    assert "请先在“跨院转接”中撤回" in client.get(f"/zy/manage/members/{world.juvenile_member.id}").get_data(
        as_text=True
    )
