"""Brand walls, brand detail, star ratings: the brand comes from the microsite."""

from __future__ import annotations

from datetime import date

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian.sites import content
from dangjian_showcase.models import BranchRating
from tests.factories import make_org

from .conftest import add_post, add_site_honour, queries, set_brand


def test_wall_follows_the_microsite_brand_without_re_entry(client, showcase):
    world = showcase
    set_brand(world.juvenile, "护航青春", slogan="用心守护 用爱护航")
    page = client.get("/zy/showcase/").get_data(as_text=True)
    assert "护航青春" in page and "用心守护 用爱护航" in page
    assert "办公室党支部" in page and "品牌尚未设置" in page  # a branch without a brand is still listed

    # The editor renames the brand on the microsite: the wall follows at once.
    set_brand(world.juvenile, "青春护航", slogan="守护每一个孩子")
    page = client.get("/zy/showcase/").get_data(as_text=True)
    assert "青春护航" in page and "守护每一个孩子" in page
    assert "用心守护 用爱护航" not in page
    assert f'href="/zy/showcase/brand/{world.juvenile.id}"' in page


def test_wall_shows_stars_and_honour_counts_and_filters(client, showcase):
    world = showcase
    world.juvenile.department_kind = "tribunal"
    world.office.department_kind = "office"
    db.session.add(BranchRating(court_id=world.zy.id, branch_id=world.juvenile.id, stars=5, year=2025))
    db.session.commit()
    add_site_honour(world.juvenile, "五一巾帼奖状")
    add_site_honour(world.juvenile, "未发布的荣誉", published=False)
    page = client.get("/zy/showcase/").get_data(as_text=True)
    assert "5 星级党支部" in page and "荣誉 1 项" in page

    tribunals = client.get("/zy/showcase/?kind=tribunal").get_data(as_text=True)
    assert "少年庭党支部" in tribunals and "办公室党支部" not in tribunals
    five = client.get("/zy/showcase/?stars=5").get_data(as_text=True)
    assert "少年庭党支部" in five and "办公室党支部" not in five
    unrated = client.get("/zy/showcase/?stars=0").get_data(as_text=True)
    assert "办公室党支部" in unrated and "少年庭党支部" not in unrated
    assert client.get("/zy/showcase/?kind=nonsense&stars=x").status_code == 200


def test_wall_query_count_does_not_grow_with_branches(client, showcase, query_counter):
    world = showcase
    set_brand(world.juvenile, "护航青春")
    client.get("/zy/showcase/")  # warm up (sites created on first visit elsewhere)
    with query_counter() as few:
        assert client.get("/zy/showcase/").status_code == 200
    for n in range(8):
        branch = make_org(world.zy, f"第{n}党支部", parent=world.zy_committee, slug=f"b{n}")
        db.session.commit()
        set_brand(branch, f"品牌{n}", slogan="口号")
        add_site_honour(branch, f"荣誉{n}")
        db.session.add(BranchRating(court_id=world.zy.id, branch_id=branch.id, stars=4))
    db.session.commit()
    with query_counter() as many:
        page = client.get("/zy/showcase/")
    assert "品牌7" in page.get_data(as_text=True)
    assert queries(many) == queries(few)


def test_city_wall_lists_only_courts_that_enabled_the_module(client, showcase):
    world = showcase
    set_brand(world.wf_branch, "立案为民")
    page = client.get("/zy/showcase/city").get_data(as_text=True)
    assert "安阳市中级人民法院" in page and "少年庭党支部" in page
    assert "安阳市文峰区人民法院" not in page and "立案庭党支部" not in page
    assert client.get("/wf/showcase/city").status_code == 404  # the module is off there

    modules.set_enabled(world.wf, "showcase", True)
    db.session.commit()
    page = client.get("/zy/showcase/city").get_data(as_text=True)
    assert "安阳市文峰区人民法院" in page and "立案为民" in page
    assert f"/wf/showcase/brand/{world.wf_branch.id}" in page


def test_brand_detail_shows_the_five_elements_news_and_honours(client, showcase):
    world = showcase
    set_brand(
        world.juvenile,
        "护航青春",
        slogan="用心守护",
        meaning="<p>守护未成年人</p>",
        vehicle="<p>法治进校园</p>",
        impact="<p>获五一巾帼奖状</p>",
    )
    add_post(world.juvenile, "少年庭开展法治进校园活动")
    add_site_honour(world.juvenile, "五一巾帼奖状", level="provincial", awarded_on=date(2022, 4, 28))
    page = client.get(f"/zy/showcase/brand/{world.juvenile.id}").get_data(as_text=True)
    for text in (
        "护航青春",
        "用心守护",
        "守护未成年人",
        "法治进校园",
        "获五一巾帼奖状",
        "少年庭开展法治进校园活动",
        "五一巾帼奖状",
        "省级",
        "/zy/s/snt/",
    ):
        assert text in page
    assert client.get(f"/zy/showcase/brand/{world.zy_committee.id}").status_code == 404
    assert client.get(f"/zy/showcase/brand/{world.wf_branch.id}").status_code == 404


def test_court_admin_sets_star_ratings(client, showcase, login_as):
    world = showcase
    login_as(world.member_user)
    assert client.get("/zy/showcase/stars").status_code == 403
    login_as(world.zy_admin)
    response = client.post(
        "/zy/showcase/stars",
        data={
            "year": "2025",
            f"stars-{world.juvenile.id}": "5",
            f"stars-{world.office.id}": "",
            f"stars-{world.wf_branch.id}": "3",
        },
    )
    assert response.status_code == 302
    ratings = {r.branch_id: r.stars for r in db.session.scalars(db.select(BranchRating))}
    assert ratings == {world.juvenile.id: 5}  # another court's branch is ignored
    client.post("/zy/showcase/stars", data={"year": "2025", f"stars-{world.juvenile.id}": ""})
    assert db.session.scalar(db.select(db.func.count(BranchRating.id))) == 0


def test_module_disabled_answers_404(client, world):
    assert client.get("/zy/showcase/").status_code == 404
    assert content.site_of(world.juvenile) is not None
