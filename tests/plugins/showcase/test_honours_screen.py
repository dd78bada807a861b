"""Honours room (荣誉室) and big-screen mode (大屏)."""

from __future__ import annotations

import re
from datetime import date

from dangjian.api import hookimpl
from dangjian.db import db
from dangjian_showcase.models import CourtHonour

from .conftest import add_site_honour, rows, set_brand


def test_honours_room_puts_court_and_branch_honours_on_one_timeline(client, showcase, login_as):
    world = showcase
    add_site_honour(world.juvenile, "五一巾帼奖状", level="provincial", awarded_on=date(2022, 4, 28))
    add_site_honour(world.office, "未发布的荣誉", published=False, awarded_on=date(2022, 1, 1))
    login_as(world.zy_admin)
    response = client.post(
        "/zy/showcase/honours/new",
        data={"title": "市级党建示范点", "level": "city", "awarding_body": "市直机关工委", "awarded_on": "2023-07-01"},
    )
    assert response.status_code == 302
    page = client.get("/zy/showcase/honours").get_data(as_text=True).split('class="sc-timeline"')[1]
    assert page.index("2023 年") < page.index("市级党建示范点") < page.index("2022 年") < page.index("五一巾帼奖状")
    assert "未发布的荣誉" not in page and "少年庭党支部" in page
    provincial = client.get("/zy/showcase/honours?level=provincial").get_data(as_text=True)
    assert "五一巾帼奖状" in provincial and "市级党建示范点" not in provincial
    by_year = client.get("/zy/showcase/honours?year=2023").get_data(as_text=True)
    assert "市级党建示范点" in by_year and "五一巾帼奖状" not in by_year

    honour = rows(CourtHonour)[0]
    login_as(world.juvenile_secretary)
    assert client.post(f"/zy/showcase/honours/{honour.id}/delete").status_code == 403
    login_as(world.zy_admin)
    assert client.post(f"/zy/showcase/honours/{honour.id}/delete").status_code == 302
    assert rows(CourtHonour) == []


def test_court_honour_form_shows_errors_in_chinese(client, showcase, login_as):
    login_as(showcase.zy_admin)
    page = client.post("/zy/showcase/honours/new", data={"title": "", "level": "city"}).get_data(as_text=True)
    assert "请填写荣誉名称" in page


def test_big_screen_has_no_inline_script_and_shows_brands_honours_numbers(client, showcase):
    world = showcase
    set_brand(world.juvenile, "护航青春", slogan="用心守护 用爱护航")
    add_site_honour(world.juvenile, "五一巾帼奖状")
    page = client.get("/zy/showcase/screen").get_data(as_text=True)
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all("src=" in tag for tag in scripts)
    assert re.search(r"<script[^>]*>\s*[^<\s]", page) is None  # nothing between the tags
    assert re.search(r"\son[a-z]+=", page) is None  # no inline event handlers
    assert "/static/plugins/showcase/screen.js" in page
    assert "护航青春" in page and "五一巾帼奖状" in page and "党支部" in page and "党员" in page
    assert client.get("/static/plugins/showcase/screen.js").status_code == 200


def test_screen_data_reloads_the_slides_as_json(client, showcase):
    world = showcase
    set_brand(world.juvenile, "护航青春")
    data = client.get("/zy/showcase/screen/data").get_json()
    kinds = [slide["kind"] for slide in data["slides"]]
    assert kinds[0] == "numbers" and "brand" in kinds
    numbers = {n["label"]: n["value"] for n in data["slides"][0]["numbers"]}
    assert numbers["党支部"] == 2 and numbers["党员"] == 2 and numbers["支部品牌"] == 1


class Study:
    """Another module offering its headline number through the showcase's hook."""

    @hookimpl
    def dangjian_showcase_numbers(self, court):
        return [{"label": "今年学习心得", "value": 42, "unit": "篇", "order": 50}]


def test_other_modules_add_headline_numbers_through_the_hook(plugin_app, world):
    from dangjian.courts.models import Court
    from dangjian.modules import services as modules

    app = plugin_app({"studyfake": Study()})
    with app.app_context():
        zy = db.session.get(Court, world.zy.id)
        modules.set_enabled(zy, "showcase", True)
        db.session.commit()
        client = app.test_client()
        numbers = client.get("/zy/showcase/screen/data").get_json()["slides"][0]["numbers"]
        assert "今年学习心得" not in [n["label"] for n in numbers]  # not enabled in this court
        modules.set_enabled(zy, "studyfake", True)
        db.session.commit()
        numbers = client.get("/zy/showcase/screen/data").get_json()["slides"][0]["numbers"]
        assert {"label": "今年学习心得", "value": 42, "unit": "篇", "order": 50} in numbers
