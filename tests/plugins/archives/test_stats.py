"""The statistics table on a fixture year, cell by cell, and its roll-ups."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from dangjian.db import db
from tests.factories import make_org

from .conftest import add_meeting

TODAY = date(2026, 1, 15)


@pytest.fixture
def year_2025(archives):
    world = archives
    j = world.juvenile
    add_meeting(j, "general", date(2025, 2, 10), present=8, absent=2)
    add_meeting(j, "general", date(2025, 5, 10), present=9, absent=1, late=True)
    add_meeting(j, "general", date(2025, 8, 1), present=10, late=True)
    add_meeting(j, "general", date(2025, 9, 1), present=5, absent=5)  # Q3 also on time: counts once, on time
    for month in range(1, 11):
        add_meeting(j, "committee", date(2025, month, 20), status="approved", present=5)
    add_meeting(j, "committee", date(2025, 11, 20), present=4, absent=1, late=True, status="returned")
    add_meeting(j, "committee", date(2025, 12, 20), status="draft", present=5)  # not reported: December missing
    add_meeting(world.office, "general", date(2025, 3, 31), present=3, absent=1)
    add_meeting(world.wf_branch, "general", date(2025, 1, 5), present=6)
    add_meeting(world.wf_branch, "general", date(2025, 4, 5), present=6)
    add_meeting(world.wf_branch, "general", date(2025, 7, 5), present=6)
    add_meeting(world.wf_branch, "general", date(2025, 10, 5), present=6)
    add_meeting(j, "general", date(2024, 12, 30), present=1)  # another year: ignored
    db.session.commit()
    return world


def cell(table, branch, code):
    row = next(r for r in table.rows if r.branch.id == branch.id)
    c = row.cells[code]
    return (c.required, c.on_time, c.late, c.missing, c.rate)


def test_year_cell_by_cell(year_2025):
    from dangjian_archives.services import stats

    world = year_2025
    table = stats.build([world.zy], 2025, "year", 1, TODAY)
    assert [code for code, _ in table.columns] == [
        "general",
        "committee",
        "group",
        "lesson",
        "theme_day",
        "life",
        "appraisal",
    ]
    assert cell(table, world.juvenile, "general") == (4, 2, 1, 1, 80.0)
    assert cell(table, world.juvenile, "committee") == (12, 10, 1, 1, 98.2)  # 54 of 55
    assert cell(table, world.juvenile, "group") == (12, 0, 0, 12, None)
    assert cell(table, world.juvenile, "lesson") == (4, 0, 0, 4, None)
    assert cell(table, world.juvenile, "theme_day") == (12, 0, 0, 12, None)
    assert cell(table, world.juvenile, "life") == (1, 0, 0, 1, None)
    assert cell(table, world.juvenile, "appraisal") == (1, 0, 0, 1, None)
    assert cell(table, world.office, "general") == (4, 1, 0, 3, 75.0)
    assert cell(table, world.office, "committee") == (12, 0, 0, 12, None)
    court = table.court_rows[world.zy.id].cells["general"]
    assert (court.required, court.on_time, court.late, court.missing, court.rate) == (8, 3, 1, 4, 79.5)  # 35 of 44
    assert table.city is None


def test_quarter_and_month(year_2025):
    from dangjian_archives.services import stats

    world = year_2025
    q4 = stats.build([world.zy], 2025, "quarter", 4, TODAY)
    assert cell(q4, world.juvenile, "general") == (1, 0, 0, 1, None)
    assert cell(q4, world.juvenile, "committee") == (3, 1, 1, 1, 90.0)  # Oct 5/5, Nov 4/5 (Dec a draft)
    assert cell(q4, world.juvenile, "life") == (1, 0, 0, 1, None)  # yearly: due in the last quarter
    q3 = stats.build([world.zy], 2025, "quarter", 3, TODAY)
    assert cell(q3, world.juvenile, "general") == (1, 1, 0, 0, 75.0)  # 15 of 20
    assert cell(q3, world.juvenile, "life") == (0, 0, 0, 0, None)
    march = stats.build([world.zy], 2025, "month", 3, TODAY)
    assert cell(march, world.juvenile, "general") == (1, 1, 0, 0, None)  # held in February, due in March
    assert cell(march, world.office, "general") == (1, 1, 0, 0, 75.0)
    february = stats.build([world.zy], 2025, "month", 2, TODAY)
    assert cell(february, world.juvenile, "general") == (0, 0, 0, 0, 80.0)


def test_current_period_is_not_missing_before_it_ends(year_2025):
    from dangjian_archives.services import stats

    world = year_2025
    table = stats.build([world.zy], 2025, "year", 1, date(2025, 11, 10))
    # November and December are not over: November has a (late) meeting, December nothing yet.
    assert cell(table, world.juvenile, "committee") == (11, 10, 1, 0, 98.2)
    assert cell(table, world.juvenile, "life") == (0, 0, 0, 0, None)


def test_roll_up_to_the_city(year_2025, client, login_as):
    from dangjian_archives.services import stats

    world = year_2025
    table = stats.build(stats.city_courts(world.zy), 2025, "year", 1, TODAY)
    assert cell(table, world.wf_branch, "general") == (4, 4, 0, 0, 100.0)
    wf = table.court_rows[world.wf.id].cells["general"]
    assert (wf.required, wf.on_time, wf.missing) == (4, 4, 0)
    city = table.city.cells["general"]
    assert (city.required, city.on_time, city.late, city.missing, city.rate) == (12, 7, 1, 4, 86.8)  # 59 of 68
    login_as(world.zy_admin)
    page = client.get("/zy/archives/stats/?year=2025&granularity=year&scope=city")
    assert page.status_code == 200 and "全市合计" in page.text and "安阳市文峰区人民法院" in page.text


def test_stats_page_and_excel(year_2025, client, login_as):
    world = year_2025
    login_as(world.zy_admin)
    page = client.get("/zy/archives/stats/?year=2025&granularity=year")
    assert page.status_code == 200 and "少年庭党支部" in page.text and "<svg" in page.text
    export = client.get("/zy/archives/stats/export?year=2025&granularity=year")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.data)).active
    rows = {(r[0], r[1]): r for r in sheet.iter_rows(min_row=3, values_only=True)}
    juvenile = (
        rows[("安阳市中级人民法院", "少年庭党支部")]
        if ("安阳市中级人民法院", "少年庭党支部") in rows
        else next(r for key, r in rows.items() if key[1] == "少年庭党支部")
    )
    assert list(juvenile[2:7]) == [4, 2, 1, 1, 80.0]
    assert sheet.cell(2, 3).value == "支部党员大会应开"


def test_secretary_sees_own_branch_and_oversight_sees_figures_only(year_2025, client, login_as):
    world = year_2025
    login_as(world.juvenile_secretary)
    text = client.get("/zy/archives/stats/?year=2025").text
    assert "少年庭党支部" in text and "办公室党支部" not in text
    assert client.get("/zy/archives/stats/?year=2025&scope=city").status_code == 200
    assert "全市合计" not in client.get("/zy/archives/stats/?year=2025&scope=city").text
    login_as(world.zy_admin)  # oversight of 文峰: statistics yes, minutes no
    assert "立案庭党支部" in client.get("/wf/archives/stats/?year=2025").text
    assert client.get("/wf/archives/").status_code == 403
    assert client.get("/wf/archives/documents/").status_code == 403
    login_as(world.wf_admin)  # no oversight upwards
    assert client.get("/zy/archives/stats/").status_code == 403


def test_stats_statements_do_not_grow_with_branches(year_2025, client, login_as, query_counter):
    world = year_2025
    login_as(world.zy_admin)
    client.get("/zy/archives/stats/?year=2025&scope=city")
    with query_counter() as few:
        client.get("/zy/archives/stats/?year=2025&scope=city")
        client.get("/zy/archives/stats/?year=2025")
    for number in range(8):
        branch = make_org(world.zy, f"第{number}党支部", parent=world.zy_committee)
        add_meeting(branch, "general", date(2025, 3, 1), present=3)
    db.session.commit()
    client.get("/zy/archives/stats/?year=2025")  # a change resets the cached 待办 count: warm it again
    with query_counter() as many:
        client.get("/zy/archives/stats/?year=2025&scope=city")
        assert "第7党支部" in client.get("/zy/archives/stats/?year=2025").text
    count = lambda statements: len([s for s in statements if s.lstrip().upper().startswith("SELECT")])  # noqa: E731
    assert count(many) == count(few)
