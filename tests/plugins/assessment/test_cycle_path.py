"""The yearly cycle from end to end through the pages people use: open →
self-assess → submit → review → finalise → notice → objection answered →
publish; and what opening refuses and freezes."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_assessment.models import (
    FROZEN,
    NOTICE,
    OPEN,
    PUBLISHED,
    REVIEWED,
    REVIEWING,
    SUBMITTED,
    Assessment,
    BranchEntry,
    ItemScore,
    Objection,
    Standard,
)
from tests.factories import make_member, make_user

from .cycle_helpers import (
    STRONG,
    WEAK,
    build_standard,
    entry_of,
    items_of,
    notice_over,
    open_assessment,
    open_form,
    review_data,
    sheet_data,
    sheet_url,
)


def test_the_whole_cycle_from_opening_to_published_stars(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy)
    items = items_of(standard)
    reviewer = make_user("pingshen", member=make_member(world.office, "评审员甲"))
    db.session.commit()

    # The court admin opens the assessment: one entry per active branch.
    login_as(world.zy_admin)
    page = client.get("/zy/assessment/cycles/new").get_data(as_text=True)
    assert "2025 年度考评标准" in page or "年度考评标准" in page
    cycle = open_assessment(client)
    assert cycle.status == OPEN
    assert {e.branch_id for e in db.session.scalars(select(BranchEntry))} == {world.juvenile.id, world.office.id}
    assert db.session.scalar(select(func.count(ItemScore.id))) == 16  # 2 branches × 8 items
    page = client.get(f"/zy/assessment/cycles/{cycle.id}").get_data(as_text=True)
    assert "少年庭党支部" in page and "办公室党支部" in page and "截止自评" in page

    # The juvenile secretary fills and submits the sheet (with the innovation project).
    juvenile = entry_of(cycle, world.juvenile)
    login_as(world.juvenile_secretary)
    assert client.get(sheet_url(cycle, juvenile)).status_code == 200
    response = client.post(
        sheet_url(cycle, juvenile), data=sheet_data(items, STRONG, innovation="法官进校园", action="save")
    )
    assert response.status_code == 302
    juvenile = entry_of(cycle, world.juvenile)
    assert juvenile.status == "draft" and juvenile.self_total == 95 and juvenile.innovation == "法官进校园"
    response = client.post(
        sheet_url(cycle, juvenile), data=sheet_data(items, STRONG, innovation="法官进校园", action="submit")
    )
    assert response.status_code == 302
    assert entry_of(cycle, world.juvenile).status == SUBMITTED
    # Submitted: read-only for the branch.
    client.post(sheet_url(cycle, juvenile), data=sheet_data(items, WEAK, action="save"))
    assert entry_of(cycle, world.juvenile).self_total == 95

    # The admin fills the office's sheet for it (2 disciplinary occurrences: 10 - 4).
    login_as(world.zy_admin)
    office = entry_of(cycle, world.office)
    response = client.post(sheet_url(cycle, office), data=sheet_data(items, WEAK, occurrences="2", action="submit"))
    assert response.status_code == 302
    assert entry_of(cycle, world.office).self_total == 61

    # Reviewers: appointed by username; the office member reviews the juvenile branch only.
    response = client.post(f"/zy/assessment/cycles/{cycle.id}/reviewers", data={"username": "pingshen"})
    assert response.status_code == 302
    client.post(f"/zy/assessment/cycles/{cycle.id}/close-self")
    assert db.session.get(Assessment, cycle.id).status == REVIEWING

    login_as(reviewer)
    listing = client.get(f"/zy/assessment/cycles/{cycle.id}/review").get_data(as_text=True)
    assert "少年庭党支部" in listing and "办公室党支部" not in listing
    points = {name: STRONG.get(name, "10") for name in items}
    points["brand"] = "16"
    response = client.post(
        f"/zy/assessment/cycles/{cycle.id}/review/{juvenile.id}",
        data=review_data(items, points, {"brand": "品牌“五有”中缺少成效材料。"}),
    )
    assert response.status_code == 302
    juvenile = entry_of(cycle, world.juvenile)
    assert juvenile.status == REVIEWED and juvenile.review_total == 93
    brand = db.session.scalar(
        select(ItemScore).where(ItemScore.entry_id == juvenile.id, ItemScore.item_id == items["brand"].id)
    )
    assert (brand.self_points, brand.review_points) == (18, 16)  # both kept
    assert brand.review_note == "品牌“五有”中缺少成效材料。"

    # Finalise: totals (review where given), ranks, stars; the notice starts.
    login_as(world.zy_admin)
    client.post(f"/zy/assessment/cycles/{cycle.id}/finalise")
    cycle = db.session.get(Assessment, cycle.id)
    assert cycle.status == NOTICE and cycle.notice_ends_on is not None
    juvenile, office = entry_of(cycle, world.juvenile), entry_of(cycle, world.office)
    assert (juvenile.final_total, juvenile.rank, juvenile.stars) == (93, 1, 5)
    assert (office.final_total, office.rank, office.stars) == (61, 2, 2)

    # A member sees the notice and raises an objection; publishing waits for the answer.
    login_as(world.member_user)
    notice = client.get(f"/zy/assessment/cycles/{cycle.id}/results").get_data(as_text=True)
    assert "公示期至" in notice and "93" in notice and "五星级" in notice
    response = client.post(
        f"/zy/assessment/cycles/{cycle.id}/results",
        data={"entry_id": office.id, "text": "办公室支部的宣传阵地得分偏低。"},
    )
    assert response.status_code == 302
    objection = db.session.scalar(select(Objection))
    assert objection.user_id == world.member_user.id and objection.entry_id == office.id

    login_as(world.zy_admin)
    notice_over(cycle)
    client.post(f"/zy/assessment/cycles/{cycle.id}/publish")
    assert db.session.get(Assessment, cycle.id).status == NOTICE  # an objection is unanswered
    page = client.get(f"/zy/assessment/cycles/{cycle.id}").get_data(as_text=True)
    assert "办公室支部的宣传阵地得分偏低。" in page and "1</strong> 条异议待答复" in page
    client.post(
        f"/zy/assessment/cycles/{cycle.id}/objections/{objection.id}/answer",
        data={"answer": "经复核，评分依据充分，维持原结果。"},
    )
    client.post(f"/zy/assessment/cycles/{cycle.id}/publish")
    cycle = db.session.get(Assessment, cycle.id)
    assert cycle.status == PUBLISHED and cycle.published_at is not None

    # Every step audited, with Chinese labels on the audit screen.
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("assessment.%"))))
    assert actions >= {
        "assessment.opened",
        "assessment.self_saved",
        "assessment.self_submitted",
        "assessment.reviewer_added",
        "assessment.self_closed",
        "assessment.reviewed",
        "assessment.finalised",
        "assessment.objection_raised",
        "assessment.objection_answered",
        "assessment.published",
    }

    # The member now sees their branch's scorecard, and the index says it is published.
    login_as(world.member_user)
    card = client.get(f"/zy/assessment/cycles/{cycle.id}/entries/{juvenile.id}")
    assert card.status_code == 200 and "品牌“五有”中缺少成效材料。" in card.get_data(as_text=True)
    assert client.get(f"/zy/assessment/cycles/{cycle.id}/entries/{office.id}").status_code == 404
    assert "已发布" in client.get("/zy/assessment/").get_data(as_text=True)
    history = client.get(f"/zy/assessment/branches/{world.juvenile.id}/history").get_data(as_text=True)
    assert "2025" in history and "93" in history


def test_opening_refused_when_the_items_do_not_add_up(client, assessment, login_as):
    world = assessment
    build_standard(world.zy, short_by=3)  # items total 97 of 100
    login_as(world.zy_admin)
    response = client.post("/zy/assessment/cycles/new", data=open_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "合计 97 分" in page and "与满分 100 分不一致" in page
    assert db.session.scalar(select(func.count(Assessment.id))) == 0
    assert db.session.scalar(select(Standard.status)) != FROZEN


def test_opening_refused_without_a_standard_for_the_year(client, assessment, login_as):
    world = assessment
    build_standard(world.zy, year=2024)
    login_as(world.zy_admin)
    response = client.post("/zy/assessment/cycles/new", data=open_form(2025))
    assert response.status_code == 422
    assert "还没有 2025 年度的考评标准" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Assessment.id))) == 0


def test_opening_freezes_the_standard_and_refuses_a_second_of_the_same_period(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy)
    assert standard.status != FROZEN
    login_as(world.zy_admin)
    open_assessment(client)
    db.session.expire_all()
    assert db.session.get(Standard, standard.id).status == FROZEN
    again = client.post("/zy/assessment/cycles/new", data=open_form())
    assert again.status_code == 422 and "这一期间的考评已经开启过" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Assessment.id))) == 1


def test_open_form_refuses_bad_dates_and_thresholds(client, assessment, login_as):
    world = assessment
    build_standard(world.zy)
    login_as(world.zy_admin)
    cases = [
        ({"period_end": "2024-12-31"}, "结束日期不能早于开始日期"),
        ({"period_end": "2026-06-30"}, "同一年度内"),
        ({"period_start": "9999-01-01"}, ""),
        ({"notice_days": "0"}, "公示天数应为 1 至 30 天"),
        ({"notice_days": "abc"}, ""),
        ({"star4_min": "95"}, "依次降低"),
        ({"star5_min": "NaN"}, "分数线应为数字"),
        ({"star3_min": "-5"}, "分数线不能为负数"),
        ({"star2_min": "1e3"}, "分数线应为数字"),
        ({"star5_min": "150"}, "星级分数线应在 0 至 100 分之间"),
    ]
    for change, message in cases:
        response = client.post("/zy/assessment/cycles/new", data=open_form(**change))
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    assert db.session.scalar(select(func.count(Assessment.id))) == 0


def test_index_empty_state_says_what_to_do_next(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    page = client.get("/zy/assessment/").get_data(as_text=True)
    assert "本院还没有开展考评" in page and "考评标准" in page and "开启考评" in page
    login_as(world.member_user)
    page = client.get("/zy/assessment/").get_data(as_text=True)
    assert "本院还没有开展考评" in page and "开启考评</a>" not in page


def test_the_demo_publishes_last_years_assessment_when_its_standard_exists(client, assessment):
    from dangjian.courts.clock import court_today
    from dangjian_assessment import demo_cycle

    world = assessment
    demo_cycle.add_demo_data(world.zy)  # no standard for last year: nothing, and no error
    assert db.session.scalar(select(func.count(Assessment.id))) == 0
    year = court_today(world.zy).year - 1
    build_standard(world.zy, year=year)
    demo_cycle.add_demo_data(world.zy)
    db.session.commit()
    cycle = db.session.scalars(select(Assessment)).one()
    assert cycle.status == PUBLISHED and cycle.title == f"{year}年度党支部考评"
    entries = list(db.session.scalars(select(BranchEntry).order_by(BranchEntry.rank)))
    assert [e.rank for e in entries] == [1, 2] and all(e.stars for e in entries)
    demo_cycle.add_demo_data(world.zy)  # run again: nothing more
    assert db.session.scalar(select(func.count(Assessment.id))) == 1
    demo_cycle.add_demo_data(world.wf)  # the basic court keeps its own
    assert db.session.scalar(select(func.count(Assessment.id))) == 1
