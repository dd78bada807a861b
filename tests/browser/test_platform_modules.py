"""The platform's modules page reads well on a phone and a desktop."""

import os

from playwright.sync_api import expect

from tests.browser.test_journeys import sign_in


def test_modules_page_fits_and_names_hooks_for_people(world, live_server, page, tmp_path):
    sign_in(page, live_server, "platform")
    page.goto(live_server + "/admin/modules/")
    expect(page.locator("h1")).to_have_text("插件与模块")
    # Nothing wider than the screen: no clipped table, no sideways scrolling.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    # Raw hook names are folded away behind a human label.
    expect(page.get_by_text("dangjian_nav_items").first).to_be_hidden()
    details = page.locator("details", has_text="导航菜单").first
    details.locator("summary").click()
    expect(details.get_by_text("导航菜单")).to_be_visible()
    shots = os.environ.get("DANGJIAN_SCREENSHOTS")
    if shots:
        page.screenshot(path=os.path.join(shots, f"modules-{page.viewport_size['width']}.png"), full_page=True)
