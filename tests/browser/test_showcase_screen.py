"""The big screen (大屏) in a real browser: it opens without a click and rotates."""

from playwright.sync_api import expect

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian.sites import content


def test_big_screen_rotates_by_itself(world, live_server, page):
    modules.set_enabled(world.zy, "showcase", True)
    for branch, name in ((world.juvenile, "护航青春"), (world.office, "服务先锋")):
        content.update_brand(content.site_of(branch), {"brand_name": name, "slogan": "口号"})
    db.session.commit()

    page.goto(f"{live_server}/zy/showcase/screen?seconds=2")
    slides = page.locator("#sc-slides > .sc-slide")
    expect(slides).to_have_count(3)  # numbers + two brands
    active = page.locator("#sc-slides > .sc-slide.is-active")
    expect(active).to_have_count(1)
    expect(active).to_have_attribute("data-kind", "numbers")
    expect(page.locator("#sc-counter")).to_have_text("1 / 3")
    # No click: after the interval the next existing slide is shown, and no slide is added.
    expect(page.locator("#sc-counter")).to_have_text("2 / 3", timeout=6000)
    expect(active).to_have_attribute("data-kind", "brand")
    expect(page.locator("#sc-slides > .sc-slide.is-active .sc-brand-name")).to_be_visible()
    expect(page.locator("#sc-counter")).to_have_text("3 / 3", timeout=6000)
    expect(page.locator("#sc-counter")).to_have_text("1 / 3", timeout=6000)
    expect(slides).to_have_count(3)
