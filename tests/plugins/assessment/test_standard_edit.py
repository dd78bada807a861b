"""The standard editor through its pages: a year's standard made empty or
copied from the previous year, aspects and items added, edited, moved and
deleted, the running total with 尚差/超出, and the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_assessment.models import DEDUCTION, DRAFT, INDICATOR, Aspect, Item, Standard

from .cycle_helpers import RATE_KEY, build_standard
from .standard_helpers import aspects_of, fresh, item_count, item_form, items_in, snapshot, url


def _new(client, year="2026", mode="empty"):
    return client.post("/zy/assessment/standards/new", data={"year": year, "mode": mode})


def test_the_court_admin_builds_a_standard_from_empty(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    page = client.get("/zy/assessment/standards").get_data(as_text=True)
    assert "本院还没有考评标准" in page and "新建年度标准" in page
    response = _new(client)
    assert response.status_code == 302
    standard = db.session.scalar(select(Standard))
    assert (standard.year, float(standard.total_points), standard.status) == (2026, 100, DRAFT)
    page = client.get(url(standard)).get_data(as_text=True)
    assert "这套标准还没有方面" in page and "尚差 100 分" in page

    # Aspects, then items in them.
    assert client.post(url(standard, "/aspects/new"), data={"name": "组织建设", "description": ""}).status_code == 302
    assert client.post(url(standard, "/aspects/new"), data={"name": "品牌建设"}).status_code == 302
    first, second = aspects_of(standard)
    assert (first.name, first.position, second.position) == ("组织建设", 1, 2)
    assert client.get(url(standard, f"/items/new?aspect={first.id}")).status_code == 200
    response = client.post(url(standard, "/items/new"), data=item_form(first, points="60"))
    assert response.status_code == 302
    page = client.get(url(standard)).get_data(as_text=True)
    assert "按期召开支委会" in page and "60 分，尚差 40 分" in page and "人工评分" in page

    response = client.post(
        url(standard, "/items/new"),
        data=item_form(second, text="违反组织纪律", points="50", method="deduction", deduction_per="2.5"),
    )
    assert response.status_code == 302
    page = client.get(url(standard)).get_data(as_text=True)
    assert "110 分，超出 10 分" in page and "每次扣 2.5 分，扣完为止" in page
    deduction = db.session.scalar(select(Item).where(Item.method == DEDUCTION))
    response = client.post(
        url(standard, f"/items/{deduction.id}/edit"),
        data=item_form(second, text="违反组织纪律", points="40", method="deduction", deduction_per="2"),
    )
    assert response.status_code == 302
    deduction = fresh(Item, deduction.id)
    assert (float(deduction.points), float(deduction.deduction_per)) == (40, 2)
    page = client.get(url(standard)).get_data(as_text=True)
    assert "100 分，与满分一致" in page and "尚差" not in page and "超出" not in page

    # Title and total: another total makes the balance wrong again.
    response = client.post(url(standard, "/settings"), data={"title": "2026年度考评细则", "total_points": "120"})
    assert response.status_code == 302
    assert fresh(Standard, standard.id).title == "2026年度考评细则"
    assert "尚差 20 分" in client.get(url(standard)).get_data(as_text=True)
    # Every change is audited.
    actions = [
        a
        for (a,) in db.session.execute(
            select(AuditEntry.action).where(AuditEntry.action.startswith("assessment.")).order_by(AuditEntry.id)
        )
    ]
    assert actions == [
        "assessment.standard_created",
        "assessment.aspect_added",
        "assessment.aspect_added",
        "assessment.item_added",
        "assessment.item_added",
        "assessment.item_edited",
        "assessment.standard_edited",
    ]


def test_an_indicator_item_with_thresholds_and_then_linear(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy, 2026)
    first = aspects_of(standard)[0]
    login_as(world.zy_admin)
    data = item_form(
        first,
        text="党员参会率",
        points="4",
        method="indicator",
        indicator_key="business.closure_rate",
        mapping_kind="thresholds",
        min_1="60",
        points_1="2",
        min_2="",
        points_2="",
        min_3="90",
        points_3="4",
    )
    assert client.post(url(standard, "/items/new"), data=data).status_code == 302
    item = db.session.scalar(select(Item).where(Item.text == "党员参会率"))
    assert item.method == INDICATOR and item.indicator_key == "business.closure_rate"
    assert item.mapping["kind"] == "thresholds"
    assert item.mapping["steps"] == [
        {"min": 60.0, "points": 2.0},
        {"min": 90.0, "points": 4.0},
    ]  # the empty row ignored
    page = client.get(url(standard)).get_data(as_text=True)
    assert "结案率" in page and "≥ 90% 得 4 分；≥ 60% 得 2 分；低于 60% 得 0 分" in page
    # The form shows what is saved.
    form = client.get(url(standard, f"/items/{item.id}/edit")).get_data(as_text=True)
    assert 'value="90"' in form and 'value="4"' in form
    data.update(mapping_kind="linear", low="60", high="100")
    assert client.post(url(standard, f"/items/{item.id}/edit"), data=data).status_code == 302
    item = fresh(Item, item.id)
    assert (item.mapping["kind"], item.mapping["low"], item.mapping["high"]) == ("linear", 60.0, 100.0)
    assert "60% 及以下 0 分，100% 及以上 4 分，其间按比例计分" in client.get(url(standard)).get_data(as_text=True)


def test_an_indicator_whose_module_is_off_is_marked(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy, 2026)  # its rate item uses an indicator no module offers here
    login_as(world.zy_admin)
    page = client.get(url(standard)).get_data(as_text=True)
    assert "（模块未启用，届时人工评分）" in page
    # Editing the item keeps its indicator; choosing an unknown one is refused.
    rate = db.session.scalar(select(Item).where(Item.indicator_key == RATE_KEY))
    form = client.get(url(standard, f"/items/{rate.id}/edit")).get_data(as_text=True)
    assert f'value="{RATE_KEY}" selected' in form or f'selected value="{RATE_KEY}"' in form
    data = item_form(
        rate.aspect,
        text="按期召开率（改）",
        points="15",
        method="indicator",
        indicator_key=RATE_KEY,
        min_1="90",
        points_1="15",
    )
    assert client.post(url(standard, f"/items/{rate.id}/edit"), data=data).status_code == 302
    assert fresh(Item, rate.id).text == "按期召开率（改）"
    data["indicator_key"] = "archives.on_time_rate"  # archives is off in this court
    response = client.post(url(standard, f"/items/{rate.id}/edit"), data=data)
    assert response.status_code == 422 and "所属功能模块未启用" in response.get_data(as_text=True)
    assert fresh(Item, rate.id).indicator_key == RATE_KEY


def test_move_and_delete(client, assessment, login_as):
    world = assessment
    standard = build_standard(world.zy, 2026)
    first, second = aspects_of(standard)
    login_as(world.zy_admin)
    assert client.post(url(standard, f"/aspects/{second.id}/move"), data={"direction": "up"}).status_code == 302
    assert [a.name for a in aspects_of(standard)] == ["品牌建设", "组织建设"]
    # Already first: said, nothing changes.
    response = client.post(url(standard, f"/aspects/{second.id}/move"), data={"direction": "up"}, follow_redirects=True)
    assert "已经是第一个方面" in response.get_data(as_text=True)
    items = items_in(first)
    assert client.post(url(standard, f"/items/{items[0].id}/move"), data={"direction": "down"}).status_code == 302
    moved = items_in(first)
    assert [i.id for i in moved[:2]] == [items[1].id, items[0].id]
    assert [i.position for i in moved] == [1, 2, 3, 4]
    # An item to another aspect goes to its end.
    data = item_form(second, text=items[3].text, points="5")
    assert client.post(url(standard, f"/items/{items[3].id}/edit"), data=data).status_code == 302
    assert items_in(second)[-1].id == items[3].id and len(items_in(first)) == 3

    page = client.get(url(standard)).get_data(as_text=True)
    assert "请确认" in page and "此操作不能撤销" in page  # delete asks first
    assert client.post(url(standard, f"/items/{items[0].id}/delete")).status_code == 302
    assert item_count(standard.id) == 7 and [i.position for i in items_in(first)] == [1, 2]
    assert client.post(url(standard, f"/aspects/{first.id}/delete")).status_code == 302
    assert [a.name for a in aspects_of(standard)] == ["品牌建设"] and item_count(standard.id) == 5
    assert db.session.get(Aspect, first.id) is None


def test_a_year_copied_from_the_previous_one(client, assessment, login_as):
    world = assessment
    previous = build_standard(world.zy, 2025)
    before = snapshot(previous.id)
    login_as(world.zy_admin)
    response = _new(client, "2026", "copy")
    assert response.status_code == 302
    copy = db.session.scalar(select(Standard).where(Standard.year == 2026))
    assert copy.title == "2026年度党支部考评标准" and item_count(copy.id) == 8
    copied, original = snapshot(copy.id), snapshot(previous.id)
    assert original == before
    # Same content, new rows.
    assert [row[2:] for row in copied[1:]] == [row[2:] for row in original[1:]]
    assert not {(len(row), row[0]) for row in copied[1:]} & {(len(row), row[0]) for row in original[1:]}
    # No 2024 to copy for 2025; 2025 exists already.
    response = _new(client, "2025", "copy")
    assert response.status_code == 422 and "本院已有 2025 年度的考评标准" in response.get_data(as_text=True)
    response = _new(client, "2024", "copy")
    assert response.status_code == 422 and "没有 2023 年度的考评标准可以复制" in response.get_data(as_text=True)
    assert db.session.scalar(select(Standard).where(Standard.year == 2024)) is None


def test_the_index_points_the_admin_to_the_standard_first(client, assessment, login_as):
    world = assessment
    login_as(world.zy_admin)
    page = client.get("/zy/assessment/").get_data(as_text=True)
    assert "制定考评标准" in page and "/zy/assessment/standards" in page
    assert "考评标准</a>" in page  # the tab
