"""A new court with nothing in it: every empty state says what to do next and
links to where it can be done, instead of "all is well" or a dead end."""

import pytest

from dangjian.db import db
from dangjian.modules import services as modules
from tests.factories import make_court, make_user

TO_ORG_TREE = '<a href="/xin/manage/org/">先到组织架构中建立党支部</a>'


@pytest.fixture
def empty_court(world):
    court = make_court("xin", "安阳市新区人民法院", parent=world.zy)
    admin = make_user("xinadmin", roles=[("court_admin", court, None)], court=court)
    for name in ("study", "archives", "redculture", "showcase"):
        modules.set_enabled(court, name, True)
    db.session.commit()
    return admin


def test_dashboard_of_an_empty_court_points_to_the_organisation_tree(empty_court, client, login_as):
    login_as(empty_court)
    html = client.get("/xin/").get_data(as_text=True)
    assert "三会一课都按期开了" not in html
    assert "都符合要求" not in html
    assert "还没有党支部，暂无三会一课提醒" in html and "还没有党支部，暂无组织建设提醒" in html
    assert html.count(TO_ORG_TREE) >= 4  # meetings, organisation, study, branch sites
    assert "/xin/archives/meetings/new" not in html


@pytest.mark.parametrize(
    "path, says",
    [
        ("/xin/archives/", "三会一课记录按党支部填写"),
        ("/xin/archives/documents/", "档案文件按党支部、年度和类别归档"),
        ("/xin/archives/bundles/", "档案包按党支部和年度生成"),
        ("/xin/manage/sites/", "支部网站随党支部一起建立"),
        ("/xin/manage/members/new", "本院还没有党支部，党员无处可归"),
        ("/xin/showcase/", "各支部在支部网站设置的品牌会出现在这里"),
        ("/xin/study/stats", "还没有党员：建立党支部、录入名册后"),
        ("/xin/study/plans", "月度学习计划按党支部制定"),
    ],
)
def test_module_pages_of_an_empty_court_say_what_to_do(empty_court, client, login_as, path, says):
    login_as(empty_court)
    html = client.get(path).get_data(as_text=True)
    assert says in html
    assert TO_ORG_TREE in html
    assert "换个关键词" not in html


def test_new_meeting_in_a_court_without_branches_explains_instead_of_404(empty_court, client, login_as):
    login_as(empty_court)
    response = client.get("/xin/archives/meetings/new")
    assert response.status_code == 302 and response.headers["Location"].endswith("/xin/archives/")
    assert "请先在组织架构中建立党支部" in client.get("/xin/archives/").get_data(as_text=True)


def test_a_court_with_branches_keeps_its_usual_messages(empty_court, world, client, login_as):
    modules.set_enabled(world.zy, "archives", True)
    db.session.commit()
    login_as(world.zy_admin)
    html = client.get("/zy/").get_data(as_text=True)
    assert "先到组织架构中建立党支部" not in html
    assert "/zy/archives/meetings/new" in html
