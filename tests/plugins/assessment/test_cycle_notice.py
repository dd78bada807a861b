"""Results: the public notice blocks publishing, objections need answers, a
closed assessment is read-only, and published stars reach the brand wall
and the microsite."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian.sites import content
from dangjian.sites.models import Honour, Site
from dangjian_assessment import notice_services
from dangjian_assessment.models import Assessment, ItemScore, Objection
from dangjian_showcase.models import BranchRating

from .cycle_helpers import WEAK, base, entry_of, notice_over, noticed_cycle, published_cycle, sheet_data, sheet_url


def test_the_notice_period_blocks_publishing(client, assessment, login_as):
    world = assessment
    cycle, _ = noticed_cycle(client, login_as, world)
    page = client.post(f"{base(cycle)}/publish", follow_redirects=True).get_data(as_text=True)
    assert "期满后方可发布结果" in page
    db.session.expire_all()
    assert db.session.get(Assessment, cycle.id).status == "notice"
    notice_over(cycle)
    client.post(f"{base(cycle)}/publish")
    db.session.expire_all()
    assert db.session.get(Assessment, cycle.id).status == "published"


def test_objections_only_during_the_notice_and_must_be_answered(client, assessment, login_as):
    world = assessment
    cycle, _ = noticed_cycle(client, login_as, world)
    office = entry_of(cycle, world.office)
    login_as(world.member_user)
    empty = client.post(f"{base(cycle)}/results", data={"entry_id": office.id, "text": "  "})
    assert empty.status_code == 422 and "请写明异议的内容和理由" in empty.get_data(as_text=True)
    long = client.post(f"{base(cycle)}/results", data={"entry_id": office.id, "text": "长" * 1001})
    assert long.status_code == 422 and "不超过 1000 个字" in long.get_data(as_text=True)
    other = client.post(f"{base(cycle)}/results", data={"entry_id": 999999, "text": "无此支部"})
    assert other.status_code == 422
    assert db.session.scalar(select(func.count(Objection.id))) == 0
    client.post(f"{base(cycle)}/results", data={"entry_id": office.id, "text": "请复核办公室支部的得分。"})
    page = client.get(f"{base(cycle)}/results").get_data(as_text=True)
    assert "我提出的异议" in page and "待答复" in page

    login_as(world.zy_admin)
    notice_over(cycle)
    login_as(world.member_user)
    late = client.post(f"{base(cycle)}/results", data={"entry_id": office.id, "text": "再提一条"})
    assert late.status_code == 422 and "公示期已结束" in late.get_data(as_text=True)

    login_as(world.zy_admin)
    page = client.post(f"{base(cycle)}/publish", follow_redirects=True).get_data(as_text=True)
    assert "还有 1 条异议没有答复" in page
    objection = db.session.scalar(select(Objection))
    blank = client.post(f"{base(cycle)}/objections/{objection.id}/answer", data={"answer": ""}, follow_redirects=True)
    assert "请填写答复" in blank.get_data(as_text=True)
    client.post(f"{base(cycle)}/objections/{objection.id}/answer", data={"answer": "已复核，维持原结果。"})
    client.post(f"{base(cycle)}/publish")
    db.session.expire_all()
    assert db.session.get(Assessment, cycle.id).status == "published"
    login_as(world.member_user)
    page = client.get(f"{base(cycle)}/results").get_data(as_text=True)
    assert "已复核，维持原结果。" in page


def test_a_published_assessment_is_read_only(client, assessment, login_as):
    world = assessment
    cycle, items = published_cycle(client, login_as, world)
    office = entry_of(cycle, world.office)
    before = sorted(db.session.execute(select(ItemScore.id, ItemScore.self_points, ItemScore.review_points)).all())
    # The sheet, the review, the objections, the answers and the steps all refuse.
    client.post(sheet_url(cycle, office), data=sheet_data(items, WEAK, action="save"))
    client.post(f"{base(cycle)}/reviewers", data={"username": world.juvenile_secretary.username})
    client.post(f"{base(cycle)}/finalise")
    client.post(f"{base(cycle)}/close-self")
    page = client.post(f"{base(cycle)}/publish", follow_redirects=True).get_data(as_text=True)
    assert "考评结果已发布，本次考评已结束，不能再修改" in page
    login_as(world.member_user)
    client.post(f"{base(cycle)}/results", data={"entry_id": office.id, "text": "发布后的异议"})
    db.session.expire_all()
    after = sorted(db.session.execute(select(ItemScore.id, ItemScore.self_points, ItemScore.review_points)).all())
    assert before == after
    assert db.session.scalar(select(func.count(Objection.id))) == 0
    assert db.session.get(Assessment, cycle.id).status == "published"
    page = client.get(f"{base(cycle)}/results").get_data(as_text=True)
    assert "提交异议" not in page


def test_published_stars_reach_the_showcase_wall_and_the_stars_page_turns_read_only(client, assessment, login_as):
    world = assessment
    modules.set_enabled(world.zy, "showcase", True)
    db.session.add(BranchRating(court_id=world.zy.id, branch_id=world.juvenile.id, stars=3, year=2024))
    db.session.add(BranchRating(court_id=world.zy.id, branch_id=world.office.id, stars=4, year=2024))
    content.update_brand(content.site_of(world.juvenile), {"brand_name": "护航青春", "slogan": "用心守护"})
    db.session.commit()
    wall = client.get("/zy/showcase/?stars=3").get_data(as_text=True)
    assert "少年庭党支部" in wall  # hand-set, before any published assessment

    noticed_cycle(client, login_as, world)
    assert "少年庭党支部" in client.get("/zy/showcase/?stars=3").get_data(as_text=True)  # not yet published
    cycle = db.session.scalars(select(Assessment)).one()
    notice_over(cycle)
    client.post(f"{base(cycle)}/publish")

    five = client.get("/zy/showcase/?stars=5").get_data(as_text=True)
    assert "少年庭党支部" in five and "办公室党支部" not in five
    two = client.get("/zy/showcase/?stars=2").get_data(as_text=True)
    assert "办公室党支部" in two
    brand = client.get(f"/zy/showcase/brand/{world.juvenile.id}").get_data(as_text=True)
    assert "5 星级党支部" in brand and "2025 年度党建考评" in brand
    slides = client.get("/zy/showcase/screen/data").get_json()["slides"]
    assert {s["branch"]: s["stars"] for s in slides if s["kind"] == "brand"} == {"少年庭党支部": 5}
    assert "★★★★★" in client.get("/zy/showcase/screen").get_data(as_text=True)
    stars = client.get("/zy/showcase/stars").get_data(as_text=True)
    assert "星级来自党建考评" in stars and "不能修改" in stars and "<select" not in stars
    client.post("/zy/showcase/stars", data={"year": "2026", f"stars-{world.juvenile.id}": "1"})
    assert db.session.scalar(select(BranchRating.stars).where(BranchRating.branch_id == world.juvenile.id)) == 3

    # Switched off in the court: the hand-set stars count again.
    modules.set_enabled(world.zy, "assessment", False)
    db.session.commit()
    assert "少年庭党支部" in client.get("/zy/showcase/?stars=3").get_data(as_text=True)


def test_five_star_branches_get_their_honour_once(client, assessment, login_as):
    world = assessment
    published_cycle(client, login_as, world)
    honours = db.session.execute(select(Site.branch_id, Honour.title, Honour.published).join(Site)).all()
    assert honours == [(world.juvenile.id, "五星级党支部（2025年度）", True)]
    page = client.get("/zy/s/snt/honours/").get_data(as_text=True)
    assert "五星级党支部（2025年度）" in page
    # The same title on the same site is the same honour: recorded again, nothing is added.
    entry = entry_of(db.session.scalars(select(Assessment)).one(), world.juvenile)
    notice_services.five_star_honour(world.zy, entry, 2025, entry.assessment.period_end, None)
    db.session.commit()
    assert db.session.scalar(select(func.count(Honour.id))) == 1


def test_four_stars_without_an_innovation_project(client, assessment, login_as):
    world = assessment
    cycle, _ = noticed_cycle(client, login_as, world, innovation="")
    assert entry_of(cycle, world.juvenile).stars == 4  # 95 points, no innovation project
