"""Dashboard card, demo data, the index page."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.api import court_today
from dangjian.db import db
from dangjian_dues.demo import add_demo_data
from dangjian_dues.ledger import behind
from dangjian_dues.models import Payment, Rate

from .conftest import pay_all_but, rates_back, set_rate


def test_dashboard_card_for_member_and_secretary(dues, client, login_as):
    member = dues.juvenile_member
    rates_back(member, 300000, months=14)
    pay_all_but(member, 1500, unpaid=4, back=24)
    login_as(dues.member_user)
    home = client.get("/zy/").get_data(as_text=True)
    assert "应缴 <strong>15.00</strong> 元" in home and "已连续 4 个月未交" in home
    login_as(dues.juvenile_secretary)
    home = client.get("/zy/").get_data(as_text=True)
    assert "1 名党员连续 3 个月以上未交党费" in home
    login_as(dues.juvenile_editor)
    assert "党员连续 3 个月" not in client.get("/zy/").get_data(as_text=True)


def test_index_for_managers_and_members(dues, client, login_as):
    set_rate(dues.juvenile_member, 300000)
    login_as(dues.zy_admin)
    page = client.get("/zy/dues/").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" in page and "按上年工资生成" in page
    login_as(dues.juvenile_secretary)
    page = client.get("/zy/dues/").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" not in page
    login_as(dues.member_user)
    assert client.get("/zy/dues/").headers["Location"].endswith("/zy/dues/me")


def test_demo_data_gives_rates_payments_and_some_arrears(dues):
    add_demo_data(dues.zy)
    add_demo_data(dues.wf)  # the courts below get none
    db.session.commit()
    assert db.session.scalar(select(func.count(Rate.id)).where(Rate.court_id == dues.zy.id)) >= 2
    assert db.session.scalar(select(func.count(Payment.id)).where(Payment.court_id == dues.zy.id)) > 0
    assert db.session.scalar(select(func.count(Rate.id)).where(Rate.court_id == dues.wf.id)) == 0
    assert behind(dues.zy, court_today(dues.zy), at_least=1) is not None
