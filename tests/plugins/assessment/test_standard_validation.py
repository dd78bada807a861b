"""Bad input to the standard editor: each gets a Chinese message beside its
field (status 422) and nothing is saved."""

from __future__ import annotations

import pytest

from .cycle_helpers import build_standard
from .standard_helpers import aspects_of, item_form, snapshot, url

ITEM_CASES = [
    ({"points": "101"}, "分值不能超过标准满分 100 分"),
    ({"points": "-3"}, "分值不能为负数"),
    ({"points": "abc"}, "分值应为数字"),
    ({"points": "nan"}, "分值应为数字"),
    ({"points": "1e20"}, "分值应为数字"),
    ({"points": "99999999999999999999"}, "分值超出范围"),
    ({"points": "0"}, "分值应大于 0"),
    ({"points": "2.555"}, "最多保留两位小数"),
    ({"points": ""}, "请填写分值"),
    ({"text": "   "}, "请填写项目内容"),
    ({"text": "字" * 501}, "项目内容不超过 500 个字"),
    ({"method": "magic"}, "请选择计分方式"),
    ({"aspect_id": "999999"}, "请选择项目所属的方面"),
    ({"method": "deduction", "deduction_per": ""}, "每次扣分应大于 0"),
    ({"method": "deduction", "deduction_per": "6"}, "每次扣分不能超过本项分值 5 分"),
    ({"method": "deduction", "deduction_per": "-1"}, "每次扣分不能为负数"),
    ({"method": "indicator", "indicator_key": "", "min_1": "90", "points_1": "5"}, "请选择指标"),
    ({"method": "indicator", "indicator_key": "nosuch.key", "min_1": "1", "points_1": "1"}, "所属功能模块未启用"),
    ({"method": "indicator", "indicator_key": "business.closure_rate"}, "请至少填写一档的最低值和得分"),
    (
        {"method": "indicator", "indicator_key": "business.closure_rate", "min_1": "90", "points_1": "6"},
        "得分不能超过本项满分 5 分",
    ),
    (
        {"method": "indicator", "indicator_key": "business.closure_rate", "min_1": "90", "points_1": "abc"},
        "得分应为数字",
    ),
    (
        {"method": "indicator", "indicator_key": "business.closure_rate", "min_1": "90", "points_1": ""},
        "请填写这一档的得分",
    ),
    (
        {
            "method": "indicator",
            "indicator_key": "business.closure_rate",
            "min_1": "90",
            "points_1": "5",
            "min_2": "60",
            "points_2": "3",
        },
        "各档最低值应自上而下依次增大",
    ),
    (
        {
            "method": "indicator",
            "indicator_key": "business.closure_rate",
            "mapping_kind": "linear",
            "low": "90",
            "high": "90",
        },
        "上限应大于下限",
    ),
    (
        {
            "method": "indicator",
            "indicator_key": "business.closure_rate",
            "mapping_kind": "linear",
            "low": "95",
            "high": "60",
        },
        "上限应大于下限",
    ),
    (
        {"method": "indicator", "indicator_key": "business.closure_rate", "mapping_kind": "linear", "low": "nan"},
        "下限应为数字",
    ),
    (
        {"method": "indicator", "indicator_key": "business.closure_rate", "mapping_kind": ""},
        "请选择指标换算为得分的方式",
    ),
]


@pytest.mark.parametrize(("changes", "message"), ITEM_CASES)
def test_a_bad_item_is_refused_and_nothing_saved(client, assessment, login_as, changes, message):
    world = assessment
    standard = build_standard(world.zy, 2026)
    first = aspects_of(standard)[0]
    existing = first.items[0] if first.items else None
    before = snapshot(standard.id)
    login_as(world.zy_admin)
    for target in ("/items/new", f"/items/{existing.id}/edit"):
        response = client.post(url(standard, target), data=item_form(first, **changes))
        assert response.status_code == 422, target
        page = response.get_data(as_text=True)
        assert message in page, target
        assert snapshot(standard.id) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total_points": "0"}, "满分应大于 0"),
        ({"total_points": "-100"}, "满分不能为负数"),
        ({"total_points": "abc"}, "满分应为数字"),
        ({"total_points": "nan"}, "满分应为数字"),
        ({"total_points": "1e20"}, "满分应为数字"),
        ({"total_points": "15"}, "满分不能低于单项最高分值 20 分"),
        ({"total_points": ""}, "请填写满分"),
        ({"title": ""}, "请填写标准名称"),
        ({"title": "名" * 121}, "标准名称不超过 120 个字"),
    ],
)
def test_a_bad_title_or_total_is_refused(client, assessment, login_as, changes, message):
    world = assessment
    standard = build_standard(world.zy, 2026)
    before = snapshot(standard.id)
    login_as(world.zy_admin)
    data = {"title": "新名称", "total_points": "100", **changes}
    response = client.post(url(standard, "/settings"), data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert snapshot(standard.id) == before


@pytest.mark.parametrize(
    ("data", "message"),
    [({"name": ""}, "请填写方面名称"), ({"name": "方" * 61}, "方面名称不超过 60 个字")],
)
def test_a_bad_aspect_is_refused(client, assessment, login_as, data, message):
    world = assessment
    standard = build_standard(world.zy, 2026)
    first = aspects_of(standard)[0]
    before = snapshot(standard.id)
    login_as(world.zy_admin)
    for target in ("/aspects/new", f"/aspects/{first.id}/edit"):
        response = client.post(url(standard, target), data=data)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
        assert snapshot(standard.id) == before


@pytest.mark.parametrize("year", ["9999", "1999", "abc", "", "2026.5", "-2026", "２０２６"])
def test_a_bad_year_is_refused(client, assessment, login_as, year):
    world = assessment
    login_as(world.zy_admin)
    response = client.post("/zy/assessment/standards/new", data={"year": year, "mode": "empty"})
    assert response.status_code == 422
    assert "年度应为 2000 至 2100 之间的年份" in response.get_data(as_text=True)
    assert client.get("/zy/assessment/standards").get_data(as_text=True).count("编辑中") == 0


def test_moving_in_a_direction_that_is_not_one(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy, 2026)
    first = aspects_of(standard)[0]
    before = snapshot(standard.id)
    login_as(world.zy_admin)
    response = client.post(url(standard, f"/aspects/{first.id}/move"), data={"direction": "sideways"})
    assert response.status_code == 302 and snapshot(standard.id) == before
