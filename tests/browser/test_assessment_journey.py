"""The yearly assessment in a real browser: the court admin opens it, the
branch secretary self-assesses and submits (with the confirmation dialog), a
reviewer scores the sheet, the court admin finalises and publishes, and the
stars appear on the brand wall."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_assessment.models import PUBLISHED, Assessment, BranchEntry
from tests.factories import DEFAULT_PASSWORD, make_member, make_user
from tests.plugins.assessment.cycle_helpers import STRONG, WEAK, build_standard, items_of, notice_over


def sign_in(browser, base_url: str, username: str, previous=None):
    """A page of a fresh browser context signed in as ``username`` (the
    previous user's context closed: no request of theirs still in flight)."""
    if previous is not None:
        previous.context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{base_url}/auth/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base_url}/zy/**")
    return page


def fill_sheet(page, items, points: dict[str, str]) -> None:
    for name, value in points.items():
        item = items[name]
        page.locator(f"[name=points-{item.id}]").fill(value)
        page.locator(f"[name=note-{item.id}]").fill(f"{item.text}：已按要求落实，材料齐全。")


def test_open_self_assess_review_publish_and_the_stars_reach_the_wall(world, live_server, browser):
    for name in ("assessment", "showcase"):
        modules.set_enabled(world.zy, name, True)
    items = items_of(build_standard(world.zy))
    make_user("pingshen", member=make_member(world.office, "评审员甲"))
    db.session.commit()

    # The court admin opens 2025's assessment from the module's index.
    page = sign_in(browser, live_server, world.zy_admin.username)
    page.goto(f"{live_server}/zy/assessment/")
    page.get_by_role("link", name="开启考评").first.click()
    page.get_by_label("考评名称").fill("2025年度党支部考评")
    page.get_by_label("开始日期").fill("2025-01-01")
    page.get_by_label("结束日期").fill("2025-12-31")
    page.get_by_role("button", name="开启考评").click()
    expect(page.get_by_role("heading", name="2025年度党支部考评")).to_be_visible()
    db.session.rollback()  # a fresh view of what the server wrote
    assessment = db.session.scalar(select(Assessment))

    # The office's sheet is filled by the admin for it (a weak branch).
    page.get_by_role("row", name="办公室党支部").get_by_role("link", name="填写自评").click()
    page.locator(f"[name=occurrences-{items['discipline'].id}]").fill("2")
    fill_sheet(page, items, WEAK)
    page.get_by_role("button", name="提交自评").click()
    page.get_by_role("dialog").get_by_role("button", name="提交自评").click()
    expect(page.get_by_role("alert").filter(has_text="自评已提交")).to_be_visible()

    # The juvenile secretary fills theirs: a draft first, then submits.
    page = sign_in(browser, live_server, world.juvenile_secretary.username, page)
    page.goto(f"{live_server}/zy/assessment/")
    page.get_by_role("link", name="填写自评").click()
    page.locator(f"[name=occurrences-{items['discipline'].id}]").fill("0")
    fill_sheet(page, items, STRONG)
    page.get_by_label("创新项目").fill("“法官进校园”普法护航青春行动")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_text("95")).to_be_visible()
    page.get_by_role("button", name="提交自评").click()
    page.get_by_role("dialog").get_by_role("button", name="提交自评").click()
    expect(page.get_by_role("alert").filter(has_text="自评已提交")).to_be_visible()

    # The court admin appoints the reviewer and closes the self-assessment.
    page = sign_in(browser, live_server, world.zy_admin.username, page)
    page.goto(f"{live_server}/zy/assessment/cycles/{assessment.id}")
    page.get_by_role("link", name="评审人").first.click()
    page.get_by_label("评审人用户名").fill("pingshen")
    page.get_by_role("button", name="指定评审人").click()
    expect(page.get_by_role("cell", name="pingshen")).to_be_visible()
    page.goto(f"{live_server}/zy/assessment/cycles/{assessment.id}")
    page.get_by_role("button", name="截止自评，进入评审").click()
    page.get_by_role("dialog").get_by_role("button", name="截止自评", exact=True).click()
    expect(page.get_by_text("评审人正在评审")).to_be_visible()

    # The reviewer (of the office branch) scores the juvenile sheet only, lowering one item with a reason.
    page = sign_in(browser, live_server, "pingshen", page)
    page.goto(f"{live_server}/zy/assessment/cycles/{assessment.id}/review")
    expect(page.get_by_role("link", name="办公室党支部")).to_have_count(0)
    page.get_by_role("link", name="少年庭党支部").click()
    page.locator(f"[name=review-{items['brand'].id}]").fill("16")
    page.locator(f"[name=reason-{items['brand'].id}]").fill("品牌“五有”中缺少成效材料。")
    page.get_by_role("button", name="保存评审").click()
    expect(page.get_by_role("link", name="少年庭党支部 自评 95 分，评审 93 分 已评审")).to_be_visible()

    # The court admin finalises; once the notice has run its course, publishes.
    page = sign_in(browser, live_server, world.zy_admin.username, page)
    page.goto(f"{live_server}/zy/assessment/cycles/{assessment.id}")
    page.get_by_role("button", name="评定星级并公示").click()
    page.get_by_role("dialog").get_by_role("button", name="评定并公示", exact=True).click()
    expect(page.get_by_role("link", name="公示页面")).to_be_visible()
    db.session.rollback()  # the test's read of earlier is over; write on top of what the server wrote
    notice_over(assessment)
    page.reload()
    page.get_by_role("button", name="发布结果").click()
    page.get_by_role("dialog").get_by_role("button", name="发布结果", exact=True).click()
    expect(page.get_by_text("本次考评已结束（只读）")).to_be_visible()
    db.session.rollback()
    assert db.session.get(Assessment, assessment.id).status == PUBLISHED
    stars = dict(db.session.execute(select(BranchEntry.branch_id, BranchEntry.stars)).all())
    assert stars == {world.juvenile.id: 5, world.office.id: 2}

    # The brand wall shows the published stars.
    page.goto(f"{live_server}/zy/showcase/?stars=5")
    card = page.locator(".card", has_text="少年庭党支部")
    expect(card.get_by_label("5 星级党支部")).to_be_visible()
    expect(page.get_by_text("办公室党支部")).to_have_count(0)
    page.context.close()
