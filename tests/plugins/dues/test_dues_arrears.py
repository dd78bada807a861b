"""Arrears warnings at 3 and 6 months, the arrears list, the reports."""

from __future__ import annotations

from dangjian.api import court_today
from dangjian.db import db
from dangjian.inbox.todos import collect_todos
from dangjian_dues.ledger import behind
from tests.factories import make_user

from .conftest import months_ago, pay, pay_all_but, rates_back, set_rate


def _inbox(client, court, user):
    with client.application.test_request_context(f"/{court.slug}/"):
        from flask import g

        g.court = court
        return collect_todos(court, user)


def test_unpaid_run_counts_back_from_last_month(dues):
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    pay_all_but(member, 1500, unpaid=2, back=24)
    today = court_today(dues.zy)
    assert behind(dues.zy, today, at_least=1)[0][1:] == (2, 3000)
    year, month = months_ago(dues.zy, 3)
    pay(member, year, month, 1000)  # short by 5.00: that month is still unpaid
    assert behind(dues.zy, today, at_least=1) == [(member, 2, 3000)]


def test_warning_at_three_months_goes_to_the_secretary_not_the_admin(dues, client):
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    pay_all_but(member, 1500, unpaid=2, back=24)
    assert not [t for t in _inbox(client, dues.zy, dues.juvenile_secretary) if t.kind.startswith("dues.")]
    year, month = months_ago(dues.zy, 3)
    db.session.delete(next(p for p in member_payments(member) if (p.year, p.month) == (year, month)))
    db.session.commit()
    items = [t for t in _inbox(client, dues.zy, dues.juvenile_secretary) if t.kind.startswith("dues.")]
    assert [(t.kind, t.title) for t in items] == [("dues.unpaid", "林晓彤：已连续 3 个月未交党费")]
    assert "45.00" in items[0].detail
    assert not [t for t in _inbox(client, dues.zy, dues.zy_admin) if t.kind.startswith("dues.")]
    assert not [t for t in _inbox(client, dues.zy, dues.member_user) if t.kind.startswith("dues.")]


def test_six_months_is_a_serious_matter_for_the_court_admin(dues, client, login_as):
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    pay_all_but(member, 1500, unpaid=5, back=24)
    assert not [t for t in _inbox(client, dues.zy, dues.zy_admin) if t.kind.startswith("dues.")]
    year, month = months_ago(dues.zy, 6)
    db.session.delete(next(p for p in member_payments(member) if (p.year, p.month) == (year, month)))
    db.session.commit()
    items = [t for t in _inbox(client, dues.zy, dues.zy_admin) if t.kind.startswith("dues.")]
    assert [t.kind for t in items] == ["dues.serious"] and "严重" in items[0].kind_label and "严重" in items[0].detail
    secretary = [t for t in _inbox(client, dues.zy, dues.juvenile_secretary) if t.kind.startswith("dues.")]
    assert [t.kind for t in secretary] == ["dues.unpaid"]
    login_as(dues.zy_admin)
    page = client.get("/zy/dues/arrears").get_data(as_text=True)
    assert "林晓彤" in page and "6 个月" in page and "严重" in page
    other = make_user("other", roles=[("branch_secretary", dues.zy, dues.office)], court=dues.zy)
    db.session.commit()
    assert not [t for t in _inbox(client, dues.zy, other) if t.kind.startswith("dues.")]


def test_exempt_member_is_not_in_arrears(dues):
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    from dangjian_dues.models import Rate

    for rate in db.session.scalars(db.select(Rate)):
        rate.exempt = True
    db.session.commit()
    assert behind(dues.zy, court_today(dues.zy), at_least=1) == []


def test_months_before_joining_are_not_owed(dues):
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    year, month = months_ago(dues.zy, 1)
    from datetime import date

    member.joined_party_on = date(year, month, 1)
    db.session.commit()
    assert behind(dues.zy, court_today(dues.zy), at_least=1) == [(member, 1, 1500)]


def test_reports_per_branch_and_court_with_rate_of_payment(dues, client, login_as, query_counter):
    today = court_today(dues.zy)
    set_rate(dues.juvenile_member, 300000)  # 15.00
    set_rate(dues.office_member, 1200000)  # 2% → 240.00
    for month in range(1, today.month + 1):
        pay(dues.juvenile_member, today.year, month, 1500)
    pay(dues.office_member, today.year, 1, 24000)
    login_as(dues.zy_admin)
    with query_counter() as counted:
        page = client.get(f"/zy/dues/reports?year={today.year}").get_data(as_text=True)
    assert len(counted) <= 24  # the layout (inbox count included) and two sums per page, whatever the roll
    months = today.month
    assert f"{months * 15:,}.00" in page and "100.0%" in page
    total_expected, total_paid = months * (1500 + 24000), months * 1500 + 24000
    from dangjian_dues.money import percent, yuan

    assert yuan(total_expected) in page and yuan(total_paid) in page and percent(total_paid, total_expected) in page
    assert "全院合计" in page
    export = client.get(f"/zy/dues/reports.xlsx?year={today.year}")
    assert export.status_code == 200 and export.data[:2] == b"PK"
    login_as(dues.juvenile_secretary)
    page = client.get(f"/zy/dues/reports?year={today.year}").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" not in page and "全院合计" not in page
    assert client.get("/zy/dues/reports?year=9999").status_code == 404


def member_payments(member):
    from dangjian_dues.models import Payment

    return list(db.session.scalars(db.select(Payment).where(Payment.member_id == member.id)))


def test_warning_months_are_a_court_setting(dues, client, login_as):
    login_as(dues.zy_admin)
    page = client.get("/zy/manage/modules/dues/settings").get_data(as_text=True)
    assert "提醒支部书记的连续未交月数" in page
    response = client.post(
        "/zy/manage/modules/dues/settings", data={"notice_months": "2", "serious_months": "2", "backpay_months": "6"}
    )
    assert response.status_code in (302, 303)
    bad = client.post(
        "/zy/manage/modules/dues/settings", data={"notice_months": "99", "serious_months": "6", "backpay_months": "6"}
    )
    assert "应为 1 至 12 个月" in bad.get_data(as_text=True)
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    pay_all_but(member, 1500, unpaid=2, back=24)
    assert [t.kind for t in _inbox(client, dues.zy, dues.juvenile_secretary) if t.kind.startswith("dues.")] == [
        "dues.unpaid"
    ]
    assert [t.kind for t in _inbox(client, dues.zy, dues.zy_admin) if t.kind.startswith("dues.")] == ["dues.serious"]
