"""The inbox in a real browser (issue 12): the editor submits a post, the
secretary sees the badge rise, opens the inbox, publishes from it, the
badge falls, and the editor is told."""

import re

from playwright.sync_api import expect

from tests.browser.test_microsite import sign_in, write_body

TITLE = "少年庭开展“法治进校园”宣讲"


def badge_count(page, prefix: str) -> int:
    label = page.locator(f'nav a[aria-label^="{prefix} "]').get_attribute("aria-label")
    return int(re.search(r"\d+", label).group())


def todo_count(page, base_url) -> int:
    page.goto(f"{base_url}/zy/")
    return badge_count(page, "待办")


def test_submitted_post_reaches_the_secretary_and_the_result_reaches_the_editor(world, live_server, browser):
    editor_context = browser.new_context(locale="zh-CN")
    secretary_context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        editor, secretary = editor_context.new_page(), secretary_context.new_page()
        sign_in(secretary, live_server, world.juvenile_secretary.username)
        before = todo_count(secretary, live_server)

        sign_in(editor, live_server, world.juvenile_editor.username)
        editor.goto(f"{live_server}/zy/manage/sites/{world.juvenile.id}/posts/new")
        editor.fill("input[name=title]", TITLE)
        write_body(editor, "宣讲团走进第一中学，为同学们上了一堂法治课。")
        editor.locator("button[name=action][value=submit]").click()
        editor.wait_for_load_state()

        assert todo_count(secretary, live_server) == before + 1
        # On a phone the badge stays in the top bar, outside the folded menu.
        secretary.get_by_role("link", name=f"待办 {before + 1} 项").click()
        expect(secretary.get_by_role("heading", name="我的待办")).to_be_visible()
        secretary.get_by_role("link", name=TITLE).click()
        secretary.wait_for_load_state()
        secretary.locator("button[name=action][value=publish]").first.click()
        secretary.wait_for_load_state()

        assert todo_count(secretary, live_server) == before
        editor.goto(f"{live_server}/zy/")
        assert badge_count(editor, "通知") >= 1
        editor.locator('nav a[aria-label^="通知 "]').click()
        expect(editor.get_by_role("main")).to_contain_text(TITLE)
    finally:
        editor_context.close()
        secretary_context.close()
