"""Recording payments, back-payment, the branch's month, the member's statement."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dangjian.api import court_today
from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_dues.models import Payment

from .conftest import months_ago, pay, rates_back, set_rate


def test_secretary_records_a_payment_and_the_month_shows_it(dues, client, login_as):
    member = dues.juvenile_member
    today = court_today(dues.zy)
    set_rate(member, 450000)  # 1% → 45.00
    login_as(dues.juvenile_secretary)
    response = client.post(
        f"/zy/dues/members/{member.id}/payments/new",
        data={
            "year": today.year,
            "month": today.month,
            "amount": "45",
            "paid_on": today.isoformat(),
            "method": "wechat",
        },
    )
    assert response.status_code == 302
    payment = db.session.scalar(select(Payment))
    assert (payment.amount_fen, payment.method, payment.branch_id) == (4500, "wechat", dues.juvenile.id)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "dues.payment_recorded")) is not None
    page = client.get(f"/zy/dues/branches/{dues.juvenile.id}").get_data(as_text=True)
    assert "林晓彤" in page and "45.00" in page and "微信" in page
    statement = client.get(f"/zy/dues/members/{member.id}").get_data(as_text=True)
    assert payment.receipt_no in statement and "已缴" in statement


def test_back_payment_is_recorded_against_the_month_it_pays(dues, client, login_as):
    member = dues.juvenile_member
    rates_back(member, 300000)  # 15.00 a month
    year, month = months_ago(dues.zy, 2)
    today = court_today(dues.zy)
    login_as(dues.juvenile_secretary)
    client.post(
        f"/zy/dues/members/{member.id}/payments/new",
        data={"year": year, "month": month, "amount": "15.00", "paid_on": today.isoformat(), "method": "cash"},
    )
    payment = db.session.scalar(select(Payment))
    assert (payment.year, payment.month, payment.paid_on) == (year, month, today) and payment.is_back_payment
    statement = client.get(f"/zy/dues/members/{member.id}?year={year}").get_data(as_text=True)
    assert "补交" in statement


def test_back_payment_beyond_six_months_needs_a_note(dues, client, login_as):
    member = dues.juvenile_member
    rates_back(member, 300000, months=10)
    year, month = months_ago(dues.zy, 8)
    today = court_today(dues.zy)
    login_as(dues.juvenile_secretary)
    data = {"year": year, "month": month, "amount": "15", "paid_on": today.isoformat(), "method": "cash"}
    response = client.post(f"/zy/dues/members/{member.id}/payments/new", data=data)
    assert response.status_code == 422 and "请在备注中说明情况" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Payment.id))) == 0
    data["note"] = "经支部委员会研究同意补交"
    assert client.post(f"/zy/dues/members/{member.id}/payments/new", data=data).status_code == 302
    assert db.session.scalar(select(func.count(Payment.id))) == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": "-15"}, "金额不能为负数"),
        ({"amount": "0"}, "金额应大于 0"),
        ({"amount": "0.001"}, "金额最多精确到分"),
        ({"amount": "NaN"}, "金额应为数字"),
        ({"amount": "十五元"}, "金额应为数字"),
        ({"amount": "99999999"}, "金额过大"),
        ({"year": "9999"}, "年度应在 2000 年至 2100 年之间"),
        ({"month": "13"}, "月份应为 1 至 12"),
        ({"month": "三"}, "月份"),
        ({"paid_on": "2026-02-30"}, "日期"),
        ({"paid_on": "9999-01-01"}, "日期"),
        ({"method": "bitcoin"}, "选择"),
    ],
)
def test_bad_payment_input_is_refused_and_nothing_saved(dues, client, login_as, change, message):
    member = dues.juvenile_member
    set_rate(member, 300000)
    today = court_today(dues.zy)
    login_as(dues.juvenile_secretary)
    data = {"year": today.year, "month": today.month, "amount": "15", "paid_on": today.isoformat(), "method": "cash"}
    response = client.post(f"/zy/dues/members/{member.id}/payments/new", data=data | change)
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Payment.id))) == 0


def test_future_month_and_unrated_year_are_refused(dues, client, login_as):
    member = dues.juvenile_member
    today = court_today(dues.zy)
    login_as(dues.juvenile_secretary)
    data = {"year": today.year, "month": today.month, "amount": "15", "paid_on": today.isoformat(), "method": "cash"}
    response = client.post(f"/zy/dues/members/{member.id}/payments/new", data=data)
    assert response.status_code == 422 and "尚未核定" in response.get_data(as_text=True)
    set_rate(member, 300000, year=today.year + 1)
    response = client.post(f"/zy/dues/members/{member.id}/payments/new", data=data | {"year": today.year + 1})
    assert "不能登记尚未到来的月份" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Payment.id))) == 0


def test_deleting_a_payment_is_audited(dues, client, login_as):
    member = dues.juvenile_member
    set_rate(member, 300000)
    today = court_today(dues.zy)
    payment = pay(member, today.year, today.month, 1500, paid_on=today)
    login_as(dues.juvenile_secretary)
    assert client.post(f"/zy/dues/payments/{payment.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Payment.id))) == 0
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "dues.payment_deleted")) is not None


def test_member_sees_own_yearly_statement_and_receipts(dues, client, login_as):
    member = dues.juvenile_member
    rates_back(member, 800000)  # 1.5% → 120.00
    year, month = months_ago(dues.zy, 1)
    payment = pay(member, year, month, 12000)
    login_as(dues.member_user)
    page = client.get(f"/zy/dues/me?year={year}").get_data(as_text=True)
    assert "我的党费" in page and "8,000.00" in page and "120.00" in page and payment.receipt_no in page
    assert "登记缴纳" not in page and "/delete" not in page
    assert client.get(f"/zy/dues/members/{member.id}").status_code == 403


def test_carry_rates_into_a_new_year_recalculates(dues, client, login_as):
    member = dues.juvenile_member
    this_year = court_today(dues.zy).year
    set_rate(member, 500001, year=this_year)
    login_as(dues.zy_admin)
    assert client.post("/zy/dues/rates/carry", data={"year": this_year + 1}).status_code == 302
    statement = client.get(f"/zy/dues/members/{member.id}?year={this_year + 1}").get_data(as_text=True)
    assert "5,000.01" in statement and "75.00" in statement


def test_branch_month_costs_the_same_queries_for_more_members(dues, client, login_as, query_counter):
    from tests.factories import make_member

    today = court_today(dues.zy)
    rates_back(dues.juvenile_member, 300000)
    pay(dues.juvenile_member, today.year, today.month, 1500, paid_on=today)
    login_as(dues.juvenile_secretary)
    url = f"/zy/dues/branches/{dues.juvenile.id}"
    db.session.expire_all()
    with query_counter() as few:
        client.get(url)
    for number in range(8):
        member = make_member(dues.juvenile, f"党员{number}")
        db.session.commit()
        rates_back(member, 450000 + number)
        pay(member, today.year, today.month, 4500, paid_on=today)
    db.session.expire_all()
    with query_counter() as many:
        page = client.get(url).get_data(as_text=True)
    assert "党员7" in page
    statements = [[q for q in counted if q != "BEGIN"] for counted in (few, many)]  # BEGIN: the test's session
    assert len(statements[0]) == len(statements[1])
