"""A branch secretary opens a file, records steps (one refused with its rule) and generates a document, in a real browser."""

from __future__ import annotations

from playwright.sync_api import expect

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_development.models import Candidate
from tests.factories import DEFAULT_PASSWORD


def test_secretary_works_a_candidate_file(world, live_server, browser):
    modules.set_enabled(world.zy, "development", True)
    db.session.commit()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=username]", "sntsj")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server}/zy/development/")
    page.get_by_role("link", name="登记入党申请人").click()
    page.get_by_label("姓名").fill("王一鸣")
    page.get_by_label("递交入党申请书日期").fill("2024-03-01")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="王一鸣 入党申请人")).to_be_visible()

    page.get_by_label("完成日期").fill("2024-02-20")  # the talk before the application
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("后一环节的日期不能早于前一环节")).to_be_visible()
    page.get_by_label("完成日期").fill("2024-03-15")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_text("已登记“党组织派人谈话”（2024-03-15）")).to_be_visible()

    page.get_by_role("button", name="生成入党申请人谈话记录").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="入党申请人谈话记录").click()
    assert download.value.suggested_filename.endswith(".docx")
    db.session.expire_all()
    candidate = db.session.scalar(db.select(Candidate))
    assert [r.step.code for r in candidate.records] == ["apply", "talk"] and len(candidate.documents) == 1
    context.close()
