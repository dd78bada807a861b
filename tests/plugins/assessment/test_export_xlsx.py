"""The court admin's Excel export: a ranked summary and one sheet per
branch with every item's self and review scores; valid, unique sheet names;
no live formula; nobody else gets it; constant SQL for any number of branches."""

from __future__ import annotations

from datetime import datetime

from dangjian.db import db
from dangjian_assessment.export_services import SHEET_HEADERS, SUMMARY_HEADERS, sheet_names
from tests.factories import make_org
from tests.spreadsheet_checks import PAYLOAD, assert_inert, formulas

from .cycle_helpers import base, build_standard, entry_of, open_assessment, submitted_cycle
from .views_helpers import REASON, reviewed_cycle, statements, utf8_filename, workbook


def test_the_workbook_has_the_summary_and_a_sheet_per_branch(client, assessment, login_as):
    world = assessment
    cycle, items = reviewed_cycle(client, login_as, world)
    response = client.get(f"{base(cycle)}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert utf8_filename(response) == "2025年度党支部考评评分汇总.xlsx"
    assert 'filename="assessment-' in response.headers["Content-Disposition"]
    assert formulas(response.data) == []
    book = workbook(response.data)
    assert book.sheetnames == ["汇总", "少年庭党支部", "办公室党支部"]

    summary = [[c.value for c in row] for row in book["汇总"].iter_rows()]
    assert tuple(summary[0]) == SUMMARY_HEADERS
    assert summary[1] == [1, "少年庭党支部", 95, None, 95, "五星级", "法官进校园"]
    assert summary[2] == [2, "办公室党支部", 61, 57, 57, "一星级", None]

    office = [[c.value for c in row] for row in book["办公室党支部"].iter_rows()]
    assert tuple(office[0]) == SHEET_HEADERS
    rows = {row[1]: row for row in office[1:] if row[1]}
    assert len(rows) == 8
    brand = rows[items["brand"].text]
    assert brand[0] == "品牌建设" and brand[2] == 20 and brand[3] == "人工评分"
    assert brand[5] == 12 and brand[7] == 8 and brand[8] == REASON
    assert brand[6] == f"{items['brand'].text}：已按要求落实。"
    discipline = rows[items["discipline"].text]
    assert discipline[3].startswith("按次扣分") and discipline[4] == "2 次" and discipline[5] == 6
    assert office[-2][0] == "合计" and office[-2][2] == 100 and office[-2][5] == 61
    assert office[-1][0] == "最终得分" and office[-1][7] == 57 and office[-1][8] == "一星级"
    # The assessment page, the results page and the heat map link to it.
    for url in (base(cycle), f"{base(cycle)}/results", f"{base(cycle)}/heatmap"):
        assert f"{base(cycle)}/export.xlsx" in client.get(url).get_data(as_text=True)


def test_typed_text_stays_text(client, assessment, login_as):
    world = assessment
    cycle, _ = submitted_cycle(client, login_as, world, innovation=PAYLOAD)
    response = client.get(f"{base(cycle)}/export.xlsx")  # while the self-assessment runs
    assert response.status_code == 200
    assert_inert(response.data)
    summary = [[c.value for c in row] for row in workbook(response.data)["汇总"].iter_rows()]
    assert summary[1][0] is None and summary[1][5] is None  # no rank or stars before finalising


def test_sheet_names_are_valid_and_unique():
    long = "第一人民法庭（派出法庭）暨诉讼服务中心党支部第一党小组联合党支部"
    names = sheet_names(["汇总", "立案/审判[一]:庭*?\\", long, long, "ABC", "abc", "", "History"])
    assert names[0] == "汇总(2)"
    assert names[1] == "立案_审判_一__庭___"
    assert all(len(n) <= 31 for n in names) and names[2] != names[3] and names[3].endswith("(2)")
    assert names[4] == "ABC" and names[5] == "abc(2)"
    assert names[6] == "党支部" and names[7] == "History(2)"
    assert len({n.casefold() for n in names}) == len(names)


def test_only_the_court_admin_gets_the_workbook(client, assessment, login_as):
    world = assessment
    cycle, _ = reviewed_cycle(client, login_as, world)
    url = f"{base(cycle)}/export.xlsx"
    for user in (world.member_user, world.juvenile_secretary, world.juvenile_editor, world.wf_admin):
        login_as(user)
        assert client.get(url).status_code == 403, user.username
    login_as(world.member_user)
    assert "export.xlsx" not in client.get(f"{base(cycle)}/results").get_data(as_text=True)
    # Another court's admin with this id in their own court: not found.
    login_as(world.wf_admin)
    assert client.get(f"/wf/assessment/cycles/{cycle.id}/export.xlsx").status_code == 404
    login_as(world.zy_admin)
    assert client.get(f"/zy/assessment/cycles/{cycle.id + 999}/export.xlsx").status_code == 404


def test_the_workbook_runs_the_same_statements_for_1_and_5_branches(client, assessment, login_as, query_counter):
    world = assessment
    build_standard(world.zy)
    world.office.dissolved_at = datetime(2025, 1, 1)  # one branch in the first assessment
    db.session.commit()
    login_as(world.zy_admin)
    few = open_assessment(client, period_end="2025-06-30", title="2025年上半年考评")
    client.get(f"{base(few)}/export.xlsx")
    with query_counter() as small:
        response = client.get(f"{base(few)}/export.xlsx")
    assert workbook(response.data).sheetnames == ["汇总", "少年庭党支部"]
    world.office.dissolved_at = None
    for n in range(3):
        make_org(world.zy, f"第{n}党支部", parent=world.zy_committee, slug=f"b{n}")
    db.session.commit()
    many = open_assessment(client)
    assert entry_of(many, world.juvenile) is not None
    client.get(f"{base(many)}/export.xlsx")
    with query_counter() as large:
        response = client.get(f"{base(many)}/export.xlsx")
    assert len(workbook(response.data).sheetnames) == 6
    assert statements(large) == statements(small)
