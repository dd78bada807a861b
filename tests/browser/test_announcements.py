"""通知公告 in a real browser: the court admin writes one for a chosen
branch (the branch list opens when 选定支部 is picked) with a deadline and
publishes it; the member is told, opens it and presses 确认已阅; the sender
sees it on the receipts page.  Every page of the journey passes axe (no
serious or critical violation) on a desktop and on a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import AXE_SOURCE, describe, run_axe
from tests.browser.test_microsite import sign_in

TITLE = "关于学习《中国共产党纪律处分条例》的通知"
PHONE = {"width": 390, "height": 844}


def check_axe(page, where: str, found: list) -> None:
    if AXE_SOURCE:
        found.extend((where, item) for item in run_axe(page))


def test_publish_read_acknowledge_and_receipts(world, live_server, browser):
    if not AXE_SOURCE:
        pytest.skip("node_modules/axe-core not installed (npm ci)")
    admin_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    member_context = browser.new_context(locale="zh-CN", viewport=PHONE)
    found: list = []
    try:
        admin, member = admin_context.new_page(), member_context.new_page()
        sign_in(admin, live_server, world.zy_admin.username)
        admin.goto(f"{live_server}/zy/announcements/manage/new")
        check_axe(admin, "new (desktop)", found)
        branches = admin.locator("#branch-picker")
        expect(branches).to_be_hidden()  # 全院 is the default
        admin.fill("input[name=title]", TITLE)
        admin.fill("textarea[name=body]", "各党支部：\n请组织党员认真学习。")
        admin.get_by_label("选定支部").check()
        expect(branches).to_be_visible()
        admin.get_by_label("少年庭党支部").check()
        admin.fill("input[name=ack_deadline]", (date.today() + timedelta(days=5)).isoformat())
        admin.locator("button[name=action][value=publish]").click()
        admin.wait_for_load_state()
        expect(admin.get_by_text("已发布，3 人收到了通知。")).to_be_visible()

        sign_in(member, live_server, world.member_user.username)
        member.goto(f"{live_server}/zy/")
        expect(member.get_by_role("link", name="通知 1 条未读")).to_be_visible()
        member.goto(f"{live_server}/zy/announcements/")
        check_axe(member, "list (phone)", found)
        member.get_by_role("link", name=TITLE).click()
        member.wait_for_load_state()
        check_axe(member, "detail (phone)", found)
        member.get_by_role("button", name="确认已阅").focus()
        member.keyboard.press("Enter")  # keyboard works
        member.wait_for_load_state()
        expect(member.get_by_text("您已于")).to_be_visible()
        expect(member.get_by_role("link", name="待办 0 项")).to_be_visible()

        admin.reload()
        check_axe(admin, "receipts (desktop)", found)
        admin.get_by_role("link", name="全部收件人").click()
        admin.wait_for_load_state()
        row = admin.locator("tr", has_text="林晓彤")
        expect(row).not_to_contain_text("未确认")
        admin.set_viewport_size(PHONE)
        check_axe(admin, "receipts (phone)", found)
        assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        admin.goto(f"{live_server}/zy/announcements/manage/")
        check_axe(admin, "manage (phone)", found)
        assert admin.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        admin_context.close()
        member_context.close()
    assert not found, describe(found)
