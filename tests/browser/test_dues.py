"""党费 in a real browser: a secretary records a back-payment from a phone,
the member finds it on their statement; the module's pages pass axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dangjian.api import court_today
from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_dues.models import Payment
from tests.plugins.dues.conftest import months_ago, rates_back

from .test_accessibility import AXE_SOURCE, DESKTOP, describe, run_axe, sign_in


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def test_secretary_records_a_back_payment_from_a_phone(world, live_server, phone):
    modules.set_enabled(world.zy, "dues", True)
    db.session.commit()
    rates_back(world.juvenile_member, 450000)  # 1% → 45.00
    year, month = months_ago(world.zy, 2)

    sign_in(phone, live_server, "sntsj")
    phone.goto(f"{live_server}/zy/dues/branches/{world.juvenile.id}")
    expect(phone.get_by_role("heading", name=f"少年庭党支部 · {court_today(world.zy).year} 年")).to_be_visible()
    phone.get_by_role("link", name="登记").first.click()
    phone.fill("input[name=year]", str(year))
    phone.fill("input[name=month]", str(month))
    phone.fill("input[name=amount]", "45.001")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text("金额最多精确到分（两位小数）")).to_be_visible()
    expect(phone.locator("input[name=month]")).to_have_value(str(month))  # nothing lost
    phone.fill("input[name=amount]", "45")
    phone.get_by_role("button", name="保存").click()
    expect(phone.get_by_text(f"已登记林晓彤 {year} 年 {month} 月党费。")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone
    db.session.rollback()  # end the test's read transaction: the server committed on its own connection
    payment = db.session.scalar(select(Payment))
    assert (payment.year, payment.month, payment.amount_fen) == (year, month, 4500) and payment.is_back_payment

    phone.context.clear_cookies()
    sign_in(phone, live_server, "lxt")
    phone.goto(f"{live_server}/zy/dues/me?year={year}")
    expect(phone.get_by_text(payment.receipt_no)).to_be_visible()
    expect(phone.get_by_text("补交").first).to_be_visible()


@pytest.mark.skipif(not AXE_SOURCE, reason="node_modules/axe-core not installed (npm ci)")
def test_dues_pages_have_no_serious_accessibility_violations(world, live_server, browser):
    modules.set_enabled(world.zy, "dues", True)
    db.session.commit()
    rates_back(world.juvenile_member, 450000)
    member_id, branch_id = world.juvenile_member.id, world.juvenile.id
    pages = {
        "sntsj": [
            "/zy/dues/",
            f"/zy/dues/branches/{branch_id}",
            f"/zy/dues/members/{member_id}",
            f"/zy/dues/members/{member_id}/rate",
            f"/zy/dues/members/{member_id}/payments/new",
            f"/zy/dues/branches/{branch_id}/officers",
            "/zy/dues/reports",
            "/zy/dues/arrears",
        ],
        "lxt": ["/zy/dues/me"],
        "zyadmin": ["/zy/dues/import"],
    }
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    found = []
    try:
        for username, paths in pages.items():
            context.clear_cookies()
            sign_in(page, live_server, username)
            for path in paths:
                page.goto(f"{live_server}{path}")
                found += [(path, item) for item in run_axe(page)]
    finally:
        context.close()
    assert not found, describe(found)
