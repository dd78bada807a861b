"""The heat map: branches in rank order, the standard's aspects, each cell
the scorecard's aspect sum and its share, coloured by share with a legend;
whoever may see the results sees it; constant SQL for any number of branches."""

from __future__ import annotations

import re
from datetime import datetime

from flask import g

from dangjian.db import db
from dangjian_assessment import scorecard
from dangjian_assessment.heatmap import Cell
from dangjian_assessment.scorecard import points_text
from tests.factories import make_org

from .cycle_helpers import base, build_standard, entry_of, open_assessment, submitted_cycle
from .views_helpers import reviewed_cycle, statements

CELL = re.compile(r'<td class="[^"]*ac-heat-cell (ac-heat-\d)" data-points="([^"]+)">')


def test_cells_are_the_scorecards_aspect_sums(app, client, assessment, login_as):
    world = assessment
    cycle, _ = reviewed_cycle(client, login_as, world)
    login_as(world.member_user)
    response = client.get(f"{base(cycle)}/heatmap")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # Rank order, the aspects as columns, the legend.
    assert page.index("少年庭党支部") < page.index("办公室党支部")
    assert "组织建设" in page and "品牌建设" in page and "满分 50" in page
    assert "90% 及以上" in page and "60% 以下" in page
    cells = CELL.findall(page)
    expected = []
    with app.test_request_context("/zy/assessment/"):
        g.court = world.zy
        for branch in (world.juvenile, world.office):
            sheet = scorecard.build_sheet(world.zy, cycle, entry_of(cycle, branch))
            expected += [(Cell(b.final_total, b.maximum).band, points_text(b.final_total)) for b in sheet.blocks]
    assert cells == expected
    # 办公室 品牌建设: 8 + 6 + 6 + 6 after review = 26 of 50 → 52%, shown as text.
    assert expected[3] == ("ac-heat-1", "26")
    assert '26</span><span class="small"> / 50（52%）' in page
    assert '50</span><span class="small"> / 50（100%）' in page  # 少年庭 组织建设
    assert expected[0][0] == "ac-heat-5"


def test_bands_follow_the_share():
    assert Cell(45, 50).band == "ac-heat-5"
    assert Cell(44.99, 50).band == "ac-heat-4"
    assert Cell(35, 50).band == "ac-heat-3"
    assert Cell(30, 50).band == "ac-heat-2"
    assert Cell(0, 50).band == "ac-heat-1" and Cell(0, 0).band == "ac-heat-1"


def test_who_sees_the_heat_map(client, assessment, login_as):
    world = assessment
    cycle, _ = submitted_cycle(client, login_as, world)
    url = f"{base(cycle)}/heatmap"
    assert client.get(url).status_code == 200  # the court admin, before the results
    assert "heatmap" in client.get(base(cycle)).get_data(as_text=True)
    login_as(world.member_user)
    assert client.get(url).status_code == 404  # members: once the results are out
    login_as(world.wf_admin)
    assert client.get(url).status_code == 403
    assert client.get(f"/wf/assessment/cycles/{cycle.id}/heatmap").status_code == 404
    login_as(world.zy_admin)
    client.post(f"{base(cycle)}/close-self")
    client.post(f"{base(cycle)}/finalise")
    login_as(world.member_user)
    assert client.get(url).status_code == 200
    assert "heatmap" in client.get(f"{base(cycle)}/results").get_data(as_text=True)


def test_the_heat_map_runs_the_same_statements_for_1_and_5_branches(client, assessment, login_as, query_counter):
    world = assessment
    build_standard(world.zy)
    world.office.dissolved_at = datetime(2025, 1, 1)
    db.session.commit()
    login_as(world.zy_admin)
    few = open_assessment(client, period_end="2025-06-30", title="2025年上半年考评")
    client.get(f"{base(few)}/heatmap")
    with query_counter() as small:
        page = client.get(f"{base(few)}/heatmap").get_data(as_text=True)
    assert len(CELL.findall(page)) == 2
    world.office.dissolved_at = None
    for n in range(3):
        make_org(world.zy, f"第{n}党支部", parent=world.zy_committee, slug=f"b{n}")
    db.session.commit()
    many = open_assessment(client)
    client.get(f"{base(many)}/heatmap")
    with query_counter() as large:
        page = client.get(f"{base(many)}/heatmap").get_data(as_text=True)
    assert len(CELL.findall(page)) == 10 and "第2党支部" in page
    assert statements(large) == statements(small)
