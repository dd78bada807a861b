"""Pay is personal data: who sees it, and the module switched off."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.api import court_today
from dangjian.db import db
from dangjian_dues.models import Officer, Payment, Rate

from .conftest import enable, office_user, pay, set_rate


def test_another_branchs_secretary_sees_no_pay_figure(dues, client, login_as):
    set_rate(dues.office_member, 987654)  # 9,876.54
    login_as(dues.juvenile_secretary)
    for url in (
        f"/zy/dues/members/{dues.office_member.id}",
        f"/zy/dues/branches/{dues.office.id}",
        f"/zy/dues/members/{dues.office_member.id}/rate",
        f"/zy/dues/members/{dues.office_member.id}/payments/new",
    ):
        assert client.get(url).status_code == 404, url
    for url in ("/zy/dues/", "/zy/dues/reports", "/zy/dues/arrears", f"/zy/manage/members/{dues.office_member.id}"):
        assert "9,876.54" not in client.get(url).get_data(as_text=True), url


def test_member_page_panel_only_for_those_who_may_see_pay(dues, client, login_as):
    set_rate(dues.juvenile_member, 987654)
    login_as(dues.juvenile_secretary)
    assert "9,876.54" in client.get(f"/zy/manage/members/{dues.juvenile_member.id}").get_data(as_text=True)
    login_as(dues.member_user)
    assert "9,876.54" in client.get("/zy/manage/members/me").get_data(as_text=True)
    login_as(dues.zy_admin)
    assert "9,876.54" in client.get(f"/zy/manage/members/{dues.juvenile_member.id}").get_data(as_text=True)
    assert "9,876.54" in client.get(f"/zy/dues/members/{dues.juvenile_member.id}").get_data(as_text=True)


def test_court_above_and_other_court_see_no_pay(dues, client, login_as):
    set_rate(dues.wf_member, 987654)
    login_as(dues.zy_admin)  # oversees 文峰 but pay is not for oversight
    assert client.get(f"/wf/dues/members/{dues.wf_member.id}").status_code == 403
    assert client.get(f"/zy/dues/members/{dues.wf_member.id}").status_code == 404
    login_as(dues.wf_admin)
    assert "9,876.54" in client.get(f"/wf/dues/members/{dues.wf_member.id}").get_data(as_text=True)


def test_dues_officer_keeps_own_branch_only_and_cannot_designate(dues, client, login_as):
    user = office_user(dues)
    db.session.commit()
    set_rate(dues.office_member, 400000)
    set_rate(dues.juvenile_member, 987654)
    login_as(user)
    assert client.get(f"/zy/dues/branches/{dues.office.id}").status_code == 403  # not yet an officer
    login_as(dues.zy_admin)
    response = client.post(f"/zy/dues/branches/{dues.office.id}/officers", data={"member": dues.office_member.id})
    assert response.status_code == 302 and db.session.scalar(select(func.count(Officer.id))) == 1
    login_as(user)
    page = client.get(f"/zy/dues/branches/{dues.office.id}").get_data(as_text=True)
    assert "4,000.00" in page
    assert client.get(f"/zy/dues/branches/{dues.juvenile.id}").status_code == 404
    assert client.get(f"/zy/dues/members/{dues.juvenile_member.id}").status_code == 404
    assert client.get(f"/zy/dues/branches/{dues.office.id}/officers").status_code == 403
    today = court_today(dues.zy)
    response = client.post(
        f"/zy/dues/members/{dues.office_member.id}/payments/new",
        data={"year": today.year, "month": today.month, "amount": "40", "paid_on": today.isoformat(), "method": "cash"},
    )
    assert response.status_code == 302 and db.session.scalar(select(Payment.amount_fen)) == 4000


def test_secretary_designates_only_own_branch_members(dues, client, login_as):
    login_as(dues.juvenile_secretary)
    response = client.post(f"/zy/dues/branches/{dues.juvenile.id}/officers", data={"member": dues.office_member.id})
    assert response.status_code == 422 and db.session.scalar(select(func.count(Officer.id))) == 0
    assert client.get(f"/zy/dues/branches/{dues.office.id}/officers").status_code == 404


def test_editor_is_not_a_dues_keeper(dues, client, login_as):
    set_rate(dues.juvenile_member, 987654)
    login_as(dues.juvenile_editor)
    assert client.get("/zy/dues/").status_code == 403
    assert client.get(f"/zy/dues/members/{dues.juvenile_member.id}").status_code == 403
    assert "9,876.54" not in client.get(f"/zy/manage/members/{dues.juvenile_member.id}").get_data(as_text=True)


def test_module_off_answers_404_and_keeps_data(dues, client, login_as):
    set_rate(dues.juvenile_member, 300000)
    today = court_today(dues.zy)
    pay(dues.juvenile_member, today.year, today.month, 1500, paid_on=today)
    enable(dues.zy, False)
    login_as(dues.zy_admin)
    for url in ("/zy/dues/", "/zy/dues/me", f"/zy/dues/members/{dues.juvenile_member.id}", "/zy/dues/reports"):
        assert client.get(url).status_code == 404, url
    assert "/zy/dues/" not in client.get("/zy/").get_data(as_text=True)
    assert (
        db.session.scalar(select(func.count(Rate.id))) == 1 and db.session.scalar(select(func.count(Payment.id))) == 1
    )
    enable(dues.zy, True)
    assert "15.00" in client.get(f"/zy/dues/members/{dues.juvenile_member.id}").get_data(as_text=True)


def test_officer_who_moves_to_another_branch_loses_the_old_branch(dues, client, login_as):
    user = office_user(dues)
    db.session.add(Officer(court_id=dues.zy.id, branch_id=dues.office.id, member_id=dues.office_member.id))
    db.session.commit()
    login_as(user)
    assert client.get(f"/zy/dues/branches/{dues.office.id}").status_code == 200
    dues.office_member.branch_id = dues.juvenile.id
    db.session.commit()
    assert client.get(f"/zy/dues/branches/{dues.office.id}").status_code == 403
    assert client.get(f"/zy/dues/branches/{dues.juvenile.id}").status_code == 403


def test_arrears_list_and_reports_keep_to_the_secretarys_branch(dues, client, login_as):
    from .conftest import rates_back

    rates_back(dues.office_member, 300000, months=14)
    rates_back(dues.juvenile_member, 300000, months=14)
    login_as(dues.juvenile_secretary)
    page = client.get("/zy/dues/arrears").get_data(as_text=True)
    assert "林晓彤" in page and "周立言" not in page
    login_as(dues.zy_admin)
    page = client.get("/zy/dues/arrears").get_data(as_text=True)
    assert "林晓彤" in page and "周立言" in page
