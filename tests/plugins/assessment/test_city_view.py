"""The intermediate court's city view: the basic courts side by side for a
year (status, branches per star, average, the top branch), read-only, with
links the 中院's admin may follow (oversight); refused to everyone else;
constant SQL in the number of courts."""

from __future__ import annotations

from dangjian.db import db
from dangjian_assessment.models import Assessment
from tests.factories import make_court, make_org, make_user

from .conftest import enable
from .cycle_helpers import (
    STRONG,
    WEAK,
    base,
    build_standard,
    entry_of,
    items_of,
    notice_over,
    open_assessment,
    sheet_data,
    sheet_url,
)
from .views_helpers import statements


def finalised(client, login_as, court, admin, plan, *, publish=False) -> Assessment:
    """``court``'s 2025 assessment with ``plan`` [(branch, points, occurrences,
    innovation)] submitted, finalised (and published)."""
    items = items_of(build_standard(court))
    login_as(admin)
    cycle = open_assessment(client, court.slug)
    for branch, points, occurrences, project in plan:
        response = client.post(
            sheet_url(cycle, entry_of(cycle, branch), court.slug),
            data=sheet_data(items, points, occurrences=occurrences, innovation=project, action="submit"),
        )
        assert response.status_code == 302
    client.post(f"{base(cycle, court.slug)}/close-self")
    client.post(f"{base(cycle, court.slug)}/finalise")
    if publish:
        notice_over(cycle)
        assert client.post(f"{base(cycle, court.slug)}/publish").status_code == 302
    db.session.expire_all()
    return db.session.get(Assessment, cycle.id)


def second_court(world):
    nh = make_court("nh", "内黄县人民法院", parent=world.zy)
    committee = make_org(nh, "内黄县法院机关党委", kind="committee", slug="jgdw")
    first = make_org(nh, "刑庭党支部", parent=committee, slug="xt")
    second = make_org(nh, "民庭党支部", parent=committee, slug="mt")
    admin = make_user("nhadmin", roles=[("court_admin", nh, None)], court=nh)
    db.session.commit()
    enable(nh)
    return nh, first, second, admin


def test_the_city_view_sets_the_basic_courts_side_by_side(client, assessment, login_as):
    world = assessment
    wf_cycle = finalised(client, login_as, world.wf, world.wf_admin, [(world.wf_branch, STRONG, "0", "诉源治理")])
    nh, first, second, nh_admin = second_court(world)
    nh_cycle = finalised(
        client, login_as, nh, nh_admin, [(first, STRONG, "0", "法润乡村"), (second, WEAK, "2", "")], publish=True
    )
    login_as(world.zy_admin)
    assert "全市基层法院" in client.get("/zy/assessment/").get_data(as_text=True)
    response = client.get("/zy/assessment/city?year=2025")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "全市基层法院党建考评 · 2025年度" in page
    wf_row = page[page.index("安阳市文峰区人民法院") : page.index("内黄县人民法院")]
    nh_row = page[page.index("内黄县人民法院") :]
    assert "公示" in wf_row and "立案庭党支部" in wf_row and ">95<" in wf_row
    assert f'href="/wf/assessment/cycles/{wf_cycle.id}/results"' in wf_row
    assert "已发布" in nh_row and "刑庭党支部" in nh_row and ">78<" in nh_row  # (95 + 61) / 2
    assert f'href="/nh/assessment/cycles/{nh_cycle.id}/results"' in nh_row
    cells = [c.strip() for c in nh_row.split("</table>")[0].split('<td class="text-end">')[1:7]]
    assert [c.split("<")[0] for c in cells] == ["2", "1", "0", "0", "1", "0"]  # branches, 5★ … 1★ (61: 2★)
    # Oversight: the 中院's admin reads a basic court's results and heat map, and changes nothing.
    assert client.get(f"/wf/assessment/cycles/{wf_cycle.id}/results").status_code == 200
    assert client.get(f"/wf/assessment/cycles/{wf_cycle.id}/heatmap").status_code == 200
    assert client.get(f"/wf/assessment/cycles/{wf_cycle.id}/export.xlsx").status_code == 403
    assert client.post(f"/wf/assessment/cycles/{wf_cycle.id}/publish").status_code == 403
    # Another year: nothing opened yet; a year that is not a year: 404.
    other = client.get("/zy/assessment/city?year=2024").get_data(as_text=True)
    assert other.count("2024年度尚未开启考评") == 2
    assert client.get("/zy/assessment/city?year=9999").status_code == 404
    assert client.get("/zy/assessment/city?year=abc").status_code == 404
    assert "2025年度" in client.get("/zy/assessment/city").get_data(as_text=True)  # the latest year by default


def test_only_the_intermediate_courts_whole_court_viewers(client, assessment, login_as):
    world = assessment
    finalised(client, login_as, world.wf, world.wf_admin, [(world.wf_branch, STRONG, "0", "")])
    assert client.get("/wf/assessment/city").status_code == 404  # a basic court has no city
    assert "全市基层法院" not in client.get("/wf/assessment/").get_data(as_text=True)
    assert client.get("/zy/assessment/city").status_code == 403
    login_as(world.zy_admin)
    assert client.get("/wf/assessment/city").status_code == 404
    for user in (world.member_user, world.juvenile_secretary):
        login_as(user)
        assert client.get("/zy/assessment/city").status_code == 404, user.username
        assert "全市基层法院" not in client.get("/zy/assessment/").get_data(as_text=True)


def test_the_city_view_runs_the_same_statements_for_1_and_2_courts(client, assessment, login_as, query_counter):
    world = assessment
    finalised(client, login_as, world.wf, world.wf_admin, [(world.wf_branch, STRONG, "0", "")])
    login_as(world.zy_admin)
    client.get("/zy/assessment/city?year=2025")
    with query_counter() as one:
        assert client.get("/zy/assessment/city?year=2025").status_code == 200
    nh, first, second, nh_admin = second_court(world)
    finalised(client, login_as, nh, nh_admin, [(first, STRONG, "0", ""), (second, WEAK, "2", "")])
    login_as(world.zy_admin)
    client.get("/zy/assessment/city?year=2025")
    with query_counter() as two:
        page = client.get("/zy/assessment/city?year=2025").get_data(as_text=True)
    assert "内黄县人民法院" in page and "刑庭党支部" in page
    assert statements(two) == statements(one)
