"""The frozen standard, copying to next year, the city's published
standard adopted by a basic court, and who may see and change what."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from dangjian.db import db
from dangjian_assessment.models import DRAFT, FROZEN, Standard

from .cycle_helpers import build_standard, open_assessment
from .standard_helpers import aspects_of, fresh, item_count, item_form, items_in, snapshot, url

FROZEN_TEXT = "该年度考评已开启，考评标准已冻结，如需调整请编辑下一年度的标准"


def _posts(standard, aspect, item):
    """Every change a court admin can post to a standard."""
    return [
        ("/settings", {"title": "改名", "total_points": "90"}),
        ("/aspects/new", {"name": "新方面"}),
        (f"/aspects/{aspect.id}/edit", {"name": "改名的方面"}),
        (f"/aspects/{aspect.id}/move", {"direction": "down"}),
        ("/items/new", item_form(aspect)),
        (f"/items/{item.id}/edit", item_form(aspect, text="改过的项目")),
        (f"/items/{item.id}/move", {"direction": "down"}),
        (f"/items/{item.id}/delete", {}),
        (f"/aspects/{aspect.id}/delete", {}),
    ]


def test_a_frozen_standard_refuses_every_change_and_its_copy_is_free(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy, 2025)
    login_as(world.zy_admin)
    open_assessment(client)  # 2025's assessment opens: the standard freezes
    assert fresh(Standard, standard.id).status == FROZEN
    before = snapshot(standard.id)
    first = aspects_of(standard)[0]
    item = items_in(first)[0]
    for path, data in _posts(standard, first, item):
        response = client.post(url(standard, path), data=data, follow_redirects=True)
        assert FROZEN_TEXT in response.get_data(as_text=True), path
        assert snapshot(standard.id) == before, path
    # The forms are not offered either; the page says why.
    response = client.get(url(standard, f"/items/{item.id}/edit"), follow_redirects=True)
    assert FROZEN_TEXT in response.get_data(as_text=True)
    page = client.get(url(standard)).get_data(as_text=True)
    assert FROZEN_TEXT in page and "添加方面" not in page and "复制为 2026 年度标准" in page

    # Copy to next year, then edit the copy: the frozen one stays as it was.
    assert client.post(url(standard, "/copy")).status_code == 302
    copy = db.session.scalar(select(Standard).where(Standard.year == 2026))
    assert copy.status == DRAFT and item_count(copy.id) == 8
    copy_first = aspects_of(copy)[0]
    copy_item = items_in(copy_first)[0]
    for path, data in _posts(copy, copy_first, copy_item):
        response = client.post(url(copy, path), data=data)
        assert response.status_code == 302, path
    assert snapshot(standard.id) == before
    assert snapshot(copy.id) != before
    # Copying again to the same year is refused.
    response = client.post(url(standard, "/copy"), follow_redirects=True)
    assert "本院已有 2026 年度的考评标准" in response.get_data(as_text=True)


def test_the_city_publishes_and_a_basic_court_adopts_and_adapts(client, assessment, login_as):
    world = assessment
    city = build_standard(world.zy, 2026)
    incomplete = build_standard(world.zy, 2027, short_by=5)
    before = snapshot(city.id)
    # The basic court sees nothing before it is published.
    login_as(world.wf_admin)
    assert "中院向全市发布的考评标准" not in client.get("/wf/assessment/standards").get_data(as_text=True)
    assert client.get(f"/wf/assessment/standards/city/{city.id}").status_code == 404
    assert client.post(f"/wf/assessment/standards/city/{city.id}/adopt").status_code == 404

    login_as(world.zy_admin)
    response = client.post(url(incomplete, "/publish"), data={"publish": "1"}, follow_redirects=True)
    assert "合计等于满分后才能向全市发布" in response.get_data(as_text=True)
    assert not fresh(Standard, incomplete.id).published_for_city
    assert client.post(url(city, "/publish"), data={"publish": "1"}).status_code == 302
    assert fresh(Standard, city.id).published_for_city

    login_as(world.wf_admin)
    page = client.get("/wf/assessment/standards").get_data(as_text=True)
    assert "中院向全市发布的考评标准" in page and "采用为本院 2026 年度标准" in page
    preview = client.get(f"/wf/assessment/standards/city/{city.id}").get_data(as_text=True)
    assert "只读" in preview and "组织建设" in preview and "添加方面" not in preview
    assert client.post(f"/wf/assessment/standards/city/{city.id}/adopt").status_code == 302
    own = db.session.scalar(select(Standard).where(Standard.court_id == world.wf.id))
    assert (own.year, own.adopted_from_id, own.status, own.published_for_city) == (2026, city.id, DRAFT, False)
    assert item_count(own.id) == 8
    # Adopting again: the court has that year's standard already.
    response = client.post(f"/wf/assessment/standards/city/{city.id}/adopt", follow_redirects=True)
    assert "本院已有 2026 年度的考评标准" in response.get_data(as_text=True)
    assert db.session.scalar(select(Standard.id).where(Standard.court_id == world.wf.id, Standard.year == 2026))
    assert len(list(db.session.scalars(select(Standard).where(Standard.court_id == world.wf.id)))) == 1

    # The basic court adapts its copy; the city's is unchanged.
    first = aspects_of(own)[0]
    item = items_in(first)[0]
    assert client.post(url(own, f"/items/{item.id}/edit", "wf"), data=item_form(first, points="18")).status_code == 302
    assert client.post(url(own, "/aspects/new", "wf"), data={"name": "文峰特色"}).status_code == 302
    assert "采用自中院发布的" in client.get(url(own, "", "wf")).get_data(as_text=True)
    assert snapshot(city.id) == before
    # Only the intermediate court publishes.
    response = client.post(url(own, "/publish", "wf"), data={"publish": "1"}, follow_redirects=True)
    assert "只有中级人民法院可以向全市发布考评标准" in response.get_data(as_text=True)
    # Withdrawn: no longer offered; the copy stays.
    login_as(world.zy_admin)
    assert client.post(url(city, "/publish"), data={"publish": "0"}).status_code == 302
    login_as(world.wf_admin)
    assert client.get(f"/wf/assessment/standards/city/{city.id}").status_code == 404
    assert fresh(Standard, own.id) is not None


def test_a_basic_courts_admin_cannot_touch_the_citys_standard(client, assessment, login_as):
    world = assessment
    city = build_standard(world.zy, 2026)
    before = snapshot(city.id)
    first = aspects_of(city)[0]
    item = items_in(first)[0]
    login_as(world.wf_admin)
    assert client.get(url(city, "", "wf")).status_code == 404
    for path, data in _posts(city, first, item):
        assert client.post(url(city, path, "wf"), data=data).status_code == 404, path
    assert client.post(url(city, "/copy", "wf")).status_code == 404
    assert client.post(url(city, "/publish", "wf"), data={"publish": "1"}).status_code == 404
    assert client.get(url(city, "")).status_code == 403  # no role in the 中院
    assert snapshot(city.id) == before


def test_another_courts_standard_is_not_found(client, assessment, login_as):
    world = assessment
    basic = build_standard(world.wf, 2026)
    login_as(world.zy_admin)
    assert client.get(url(basic, "", "zy")).status_code == 404
    assert client.get(f"/zy/assessment/standards/city/{basic.id}").status_code == 404
    # The 中院's admin oversees the basic court read-only.
    assert client.get(url(basic, "", "wf")).status_code == 200
    assert client.post(url(basic, "/aspects/new", "wf"), data={"name": "x"}).status_code == 403


@pytest.mark.parametrize("who", ["member_user", "juvenile_secretary"])
def test_a_member_or_secretary_reads_but_cannot_edit(client, assessment, login_as, who):
    world = assessment
    standard = build_standard(world.zy, 2026)
    before = snapshot(standard.id)
    first = aspects_of(standard)[0]
    item = items_in(first)[0]
    login_as(getattr(world, who))
    page = client.get(url(standard)).get_data(as_text=True)
    assert "组织建设" in page and "添加方面" not in page and "删除" not in page
    list_page = client.get("/zy/assessment/standards").get_data(as_text=True)
    assert standard.title in list_page and "新建年度标准" not in list_page
    for path, data in _posts(standard, first, item):
        assert client.post(url(standard, path), data=data).status_code == 403, path
    assert client.get(url(standard, f"/items/{item.id}/edit")).status_code == 403
    assert client.post("/zy/assessment/standards/new", data={"year": "2027", "mode": "empty"}).status_code == 403
    assert snapshot(standard.id) == before
