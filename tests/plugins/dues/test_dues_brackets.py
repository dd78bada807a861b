"""The brackets at every boundary, rounding, and the rate form."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_dues.models import Rate
from dangjian_dues.money import MoneyError, monthly_dues, parse_yuan, percent, yuan


@pytest.mark.parametrize(
    ("pay_yuan", "retired", "dues_fen"),
    [
        ("0", False, 0),
        ("2999.99", False, 1500),  # 14.99995 → 15.00
        ("3000.00", False, 1500),  # 0.5% of the whole pay
        ("3000.01", False, 3000),  # 1% of the whole pay: 30.0001 → 30.00
        ("5000", False, 5000),
        ("5000.01", False, 7500),  # 1.5%: 75.00015 → 75.00
        ("10000", False, 15000),
        ("10000.01", False, 20000),  # 2%: 200.0002 → 200.00
        ("1001.00", False, 501),  # 5.005 → 5.01: halves round up
        ("3333.30", False, 3333),  # 33.333 → 33.33
        ("5000", True, 2500),  # retirees: 0.5% up to 5000
        ("5000.01", True, 5000),  # then 1%
        ("12000", True, 12000),
    ],
)
def test_bracket_boundaries(pay_yuan, retired, dues_fen):
    assert monthly_dues(parse_yuan(pay_yuan, maximum_fen=10**9), retired) == dues_fen


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "不能为负数"),
        ("NaN", "应为数字"),
        ("inf", "应为数字"),
        ("三千", "应为数字"),
        ("0.001", "精确到分"),
        ("1e12", "金额过大"),
        ("", "请填写金额"),
    ],
)
def test_amounts_that_are_not_money(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_yuan(text, maximum_fen=100_000_000)


def test_integer_fen_sums_without_float_drift():
    # 0.1 + 0.2 in float is 0.30000000000000004; in 分 it is exact.
    fen = [parse_yuan(t, maximum_fen=10**9) for t in ("0.10", "0.20", "1,234.56", "0.07")]
    assert sum(fen) == 123493 and yuan(sum(fen)) == "1,234.93"
    assert parse_yuan(0.1, maximum_fen=10**9) + parse_yuan(0.2, maximum_fen=10**9) == 30
    assert percent(1, 3) == "33.3%" and percent(5, 0) == "—"


def test_secretary_sets_rate_through_the_form(dues, client, login_as):
    login_as(dues.juvenile_secretary)
    member = dues.juvenile_member
    page = client.get(f"/zy/dues/members/{member.id}/rate")
    assert page.status_code == 200 and "全额乘以" in page.get_data(as_text=True)
    year = int(page.get_data(as_text=True).split('name="year"')[1].split('value="')[1].split('"')[0])
    response = client.post(
        f"/zy/dues/members/{member.id}/rate",
        data={"year": year, "pay": "5000.01", "extra": "10", "note": "本人申请自愿多交"},
    )
    assert response.status_code == 302
    rate = db.session.scalar(select(Rate).where(Rate.member_id == member.id))
    assert (rate.pay_fen, rate.monthly_fen, rate.extra_fen, rate.expected_fen) == (500001, 7500, 1000, 8500)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "dues.rate_saved"))
    assert entry is not None and "85.00" in entry.summary
    statement = client.get(f"/zy/dues/members/{member.id}?year={year}").get_data(as_text=True)
    assert "5,000.01" in statement and "85.00" in statement and "本人申请自愿多交" in statement


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pay", "-100", "金额不能为负数"),
        ("pay", "99999999999", "金额过大"),
        ("pay", "NaN", "金额应为数字"),
        ("pay", "很多", "金额应为数字"),
        ("pay", "0.001", "金额最多精确到分"),
        ("year", "9999", "年度应在 2000 年至 2100 年之间"),
        ("year", "abc", "年度"),
        ("extra", "-5", "金额不能为负数"),
    ],
)
def test_bad_rate_input_is_refused_in_chinese_and_nothing_saved(dues, client, login_as, field, value, message):
    login_as(dues.juvenile_secretary)
    data = {"year": "2026", "pay": "4000", "extra": "0"} | {field: value}
    response = client.post(f"/zy/dues/members/{dues.juvenile_member.id}/rate", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Rate.id)) is None


def test_year_beyond_next_is_refused_by_the_service(dues, client, login_as):
    login_as(dues.juvenile_secretary)
    response = client.post(f"/zy/dues/members/{dues.juvenile_member.id}/rate", data={"year": "2099", "pay": "4000"})
    assert response.status_code == 422 and "年度应在 2000 年至" in response.get_data(as_text=True)
    assert db.session.scalar(select(Rate.id)) is None


def test_blank_extra_means_none_and_the_year_comes_from_the_link(dues, client, login_as):
    login_as(dues.juvenile_secretary)
    member = dues.juvenile_member
    assert 'value="2025"' in client.get(f"/zy/dues/members/{member.id}/rate?year=2025").get_data(as_text=True)
    response = client.post(f"/zy/dues/members/{member.id}/rate", data={"year": "2025", "pay": "3000", "extra": ""})
    assert response.status_code == 302
    rate = db.session.scalar(select(Rate))
    assert (rate.year, rate.extra_fen, rate.expected_fen) == (2025, 0, 1500)
