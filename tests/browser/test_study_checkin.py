"""A member checks in a study from a phone, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_study.models import StudyCheckin, StudyMaterial
from tests.factories import DEFAULT_PASSWORD

REFLECTION = "通过学习红旗渠精神，我体会到自力更生、艰苦创业的可贵，办案中也要有不怕难的劲头。"


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


def test_member_checks_in_from_a_phone(world, live_server, phone):
    modules.set_enabled(world.zy, "study", True)
    db.session.add(
        StudyMaterial(
            court_id=world.zy.id,
            title="红旗渠精神专题学习",
            kind="article",
            scope="court",
            body_html="<p>自力更生、艰苦创业、团结协作、无私奉献。</p>",
            minutes=60,
        )
    )
    db.session.commit()

    phone.goto(f"{live_server}/auth/login")
    phone.fill("input[name=username]", "lxt")
    phone.fill("input[name=password]", DEFAULT_PASSWORD)
    phone.click("button[type=submit]")
    phone.goto(f"{live_server}/zy/")
    phone.locator(".navbar-toggler").click()
    phone.get_by_role("link", name="学习打卡").first.click()
    expect(phone.get_by_role("heading", name="我的学习")).to_be_visible()
    phone.get_by_role("link", name="红旗渠精神专题学习").click()

    button = phone.get_by_role("button", name="我已学习，打卡")
    button.scroll_into_view_if_needed()
    phone.fill("textarea[name=reflection]", "太短")
    button.click()
    expect(phone.get_by_text("学习心得至少写 30 个字")).to_be_visible()
    expect(phone.locator("textarea[name=reflection]")).to_have_value("太短")  # nothing lost

    phone.fill("textarea[name=reflection]", REFLECTION)
    phone.get_by_role("button", name="我已学习，打卡").click()
    expect(phone.get_by_text("打卡成功")).to_be_visible()
    expect(phone.get_by_text("已学习打卡")).to_be_visible()
    # The page fits the phone: nothing scrolls sideways.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    db.session.expire_all()
    assert db.session.scalar(select(func.count(StudyCheckin.id))) == 1
