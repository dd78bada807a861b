"""The journeys people take, in a real browser, on a phone and a desktop."""

from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")


def open_nav_link(page, label, menu=None):
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    if menu:
        page.locator("#mainNav").get_by_role("button", name=menu).or_(
            page.locator("#mainNav").get_by_role("link", name=menu)
        ).first.click()
    page.locator("#mainNav").get_by_role("link", name=label).first.click()


def test_visitor_browses_portal_to_court(world, live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("link", name="安阳市文峰区人民法院").first.click()
    expect(page.locator("h1")).to_have_text("安阳市文峰区人民法院")
    expect(page.get_by_text("立案庭党支部")).to_be_visible()


def test_court_admin_signs_in_and_searches_the_roll(world, live_server, page):
    sign_in(page, live_server, "zyadmin")
    page.goto(live_server + "/zy/")
    expect(page.get_by_text("本院党员队伍")).to_be_visible()
    open_nav_link(page, "党员名册", menu="管理")
    page.fill("input[name=q]", "林晓")
    page.keyboard.press("Enter")
    expect(page.get_by_text("林晓彤").first).to_be_visible()
    expect(page.get_by_text("周立言")).to_have_count(0)


def test_member_signs_in_and_sees_own_record(world, live_server, page):
    sign_in(page, live_server, "lxt")
    page.goto(live_server + "/zy/")
    expect(page.get_by_text("我的党员信息")).to_be_visible()
    page.get_by_role("link", name="查看我的档案").click()
    expect(page.get_by_text("林晓彤").first).to_be_visible()


def test_wrong_password_shows_chinese_error(world, live_server, page):
    page.goto(f"{live_server}/auth/login")
    page.fill("input[name=username]", "zyadmin")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.get_by_text("用户名或密码不正确")).to_be_visible()
