"""The archives journey in a real browser: a secretary records a meeting on
a phone or a desktop, the court admin returns it, the secretary refiles."""

from playwright.sync_api import expect

from dangjian.db import db
from dangjian.modules import services as modules
from tests.factories import make_member

from .test_journeys import open_nav_link, sign_in


def as_someone_else(page):
    """A new browser context (no cookies at all) with the same screen size,
    so one person's session can never leak into the next person's."""
    context = page.context.browser.new_context(viewport=page.viewport_size, locale="zh-CN")
    other = context.new_page()
    other.set_default_timeout(10000)
    return other


def test_secretary_records_and_refiles_a_meeting(world, live_server, page):
    modules.set_enabled(world.zy, "archives", True)
    away = make_member(world.juvenile, "周立言")
    db.session.commit()
    sign_in(page, live_server, "sntsj")
    page.goto(live_server + "/zy/")
    open_nav_link(page, "党建档案")
    page.get_by_role("link", name="新建会议记录").first.click()
    page.fill("input[name=title]", "学习贯彻全会精神")
    page.fill("input[name=place]", "党建活动室")
    page.fill("input[name=chair]", "林晓彤")  # offered from the roster (datalist), typed or picked
    # The roster grid: everyone present by default, one tap marks an absence,
    # the reason box appears only then and the counts follow.
    counts = page.locator("[data-att-counts]")
    expect(counts).to_contain_text("应到 2 人 · 实到 2 人")
    reason = page.locator(f"input[name=reason-{away.id}]")
    expect(reason).to_be_hidden()
    page.locator(f"label[for=att-{away.id}-absent]").click()
    expect(counts).to_contain_text("应到 2 人 · 实到 1 人 · 缺席 1")
    expect(reason).to_be_visible()
    reason.fill("外出开庭")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("已保存为草稿")).to_be_visible()
    expect(page.get_by_text("应到 2 人，实到 1 人")).to_be_visible()
    expect(page.get_by_text("缺席：外出开庭")).to_be_visible()
    page.get_by_role("button", name="报送机关党委").click()
    expect(page.get_by_text("已报送，等待机关党委审核")).to_be_visible()
    url = page.url

    page = as_someone_else(page)
    sign_in(page, live_server, "zyadmin")
    page.goto(url)
    page.fill("textarea[name=reason]", "请补充会议议程")
    page.get_by_role("button", name="驳回修改").click()
    expect(page.get_by_text("已驳回，支部书记会看到驳回原因")).to_be_visible()

    page = as_someone_else(page)
    sign_in(page, live_server, "sntsj")
    page.goto(url)
    expect(page.get_by_text("驳回原因：请补充会议议程")).to_be_visible()
    page.get_by_role("link", name="修改记录").click()
    page.fill("textarea[name=agenda]", "一、学习\n二、讨论")
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("button", name="重新报送").click()
    expect(page.get_by_text("已报送，等待机关党委审核")).to_be_visible()
