"""QR sign-in (扫码签到) in a real browser: the secretary's screen on one
device, a member's phone scanning it, the count rising without a reload."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from dangjian.db import db
from dangjian.modules import services as modules
from tests.browser.test_accessibility import AXE_SOURCE, describe, run_axe
from tests.factories import DEFAULT_PASSWORD


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10000)
    yield page
    context.close()


@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def log_in(page, base, username):
    page.goto(f"{base}/auth/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("button[type=submit]")


def test_a_member_scans_the_secretarys_screen_from_a_phone(world, live_server, screen, phone):
    from dangjian_archives.models import Attendance, Meeting, MeetingType

    modules.set_enabled(world.zy, "archives", True)
    db.session.commit()
    general = db.session.scalar(
        select(MeetingType).where(MeetingType.court_id == world.zy.id, MeetingType.code == "general")
    )
    meeting = Meeting(
        court_id=world.zy.id,
        branch_id=world.juvenile.id,
        type_id=general.id,
        title="七月支部党员大会",
        held_on=date.today(),
        status="draft",
    )
    db.session.add(meeting)
    db.session.commit()

    errors: list[str] = []
    screen.on("pageerror", lambda error: errors.append(str(error)))
    log_in(screen, live_server, "sntsj")
    screen.goto(f"{live_server}/zy/archives/meetings/{meeting.id}/")
    screen.get_by_role("link", name="签到二维码").click()
    expect(screen.locator("[data-signin-qr] svg")).to_be_visible()
    expect(screen.locator("[data-signin-count]")).to_have_text("0")
    scan_url = screen.locator("[data-signin-screen]").get_attribute("data-scan-url")
    assert scan_url and scan_url.startswith(live_server)
    if AXE_SOURCE:
        found = [("screen", item) for item in run_axe(screen)]
        assert not found, describe(found)

    # The phone camera opens the code's URL; the member is not signed in yet.
    phone.goto(scan_url)
    expect(phone).to_have_url(f"{live_server}/auth/login?next=" + phone.url.split("next=", 1)[1])
    phone.fill("input[name=username]", "lxt")
    phone.fill("input[name=password]", DEFAULT_PASSWORD)
    phone.click("button[type=submit]")
    expect(phone.get_by_role("heading", name="签到成功")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    if AXE_SOURCE:
        found = [("phone result", item) for item in run_axe(phone)]
        assert not found, describe(found)
    phone.goto(scan_url)
    expect(phone.get_by_role("heading", name="您已签到")).to_be_visible()

    # The screen's count rises by its own polling.
    expect(screen.locator("[data-signin-count]")).to_have_text("1")
    expect(screen.locator("[data-signin-names]")).to_contain_text("林晓彤")

    # Within one 30-second window the screen shows the next code, drawn as SVG.
    expect(screen.locator("[data-signin-screen]")).not_to_have_attribute("data-scan-url", scan_url, timeout=40000)
    expect(screen.locator("[data-signin-qr] svg")).to_be_visible()
    assert screen.locator("[data-signin-qr] svg").evaluate("svg => svg.getBBox().width") > 100

    assert not errors, errors

    db.session.rollback()  # end the read begun above: see what the live server committed
    rows = list(db.session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)))
    assert [(r.member_id, r.status) for r in rows] == [(world.juvenile_member.id, "present")]
    assert rows[0].signed_in_at is not None
