"""A branch's scoring sheet as a Word document: the court admin for every
branch, a secretary for their own branch only, nobody else."""

from __future__ import annotations

from dangjian.db import db
from dangjian_assessment.models import Assessment

from .cycle_helpers import base, entry_of, submitted_cycle
from .views_helpers import REASON, document_text, reviewed_cycle, utf8_filename


def test_the_sheet_holds_the_branch_the_items_the_scores_and_the_stars(client, assessment, login_as):
    world = assessment
    cycle, items = reviewed_cycle(client, login_as, world)
    office = entry_of(cycle, world.office)
    response = client.get(f"{base(cycle)}/entries/{office.id}/sheet.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert utf8_filename(response) == "办公室党支部2025年度党支部考评评分表.docx"
    text = document_text(response.data)
    assert "2025年度党支部考评评分表" in text
    assert "党支部：办公室党支部" in text and "安阳市中级人民法院" in text
    assert "考评期间：2025年01月01日 至 2025年12月31日" in text
    assert "1. 组织建设（满分 50 分）" in text and "2. 品牌建设（满分 50 分）" in text
    for item in items.values():
        assert item.text in text
    assert REASON in text and "2 次" in text
    assert "自评合计：61 分" in text and "最终得分：57 分" in text
    assert "排名：第 2 名" in text and "星级：★ 一星级党支部" in text

    juvenile = entry_of(cycle, world.juvenile)
    text = document_text(client.get(f"{base(cycle)}/entries/{juvenile.id}/sheet.docx").data)
    assert "星级：★★★★★ 五星级党支部" in text and "创新项目：法官进校园" in text
    page = client.get(f"{base(cycle)}/entries/{juvenile.id}").get_data(as_text=True)
    assert f"/entries/{juvenile.id}/sheet.docx" in page


def test_a_secretary_gets_only_their_branchs_sheet(client, assessment, login_as):
    world = assessment
    cycle, _ = submitted_cycle(client, login_as, world)
    juvenile, office = entry_of(cycle, world.juvenile), entry_of(cycle, world.office)
    login_as(world.juvenile_secretary)
    response = client.get(f"{base(cycle)}/entries/{juvenile.id}/sheet.docx")
    assert response.status_code == 200 and "少年庭党支部" in document_text(response.data)
    assert "星级：尚未评定" in document_text(response.data)
    assert client.get(f"{base(cycle)}/entries/{office.id}/sheet.docx").status_code == 404
    page = client.get(f"{base(cycle)}/entries/{juvenile.id}").get_data(as_text=True)
    assert "sheet.docx" in page and "export.xlsx" not in page
    assert f"/entries/{office.id}/sheet.docx" not in client.get(base(cycle)).get_data(as_text=True)


def test_members_editors_and_other_courts_get_no_sheet(client, assessment, login_as):
    world = assessment
    cycle, _ = reviewed_cycle(client, login_as, world)
    juvenile = entry_of(cycle, world.juvenile)
    url = f"{base(cycle)}/entries/{juvenile.id}/sheet.docx"
    for user in (world.member_user, world.juvenile_editor, world.wf_admin):
        login_as(user)
        assert client.get(url).status_code == 403, user.username
    login_as(world.member_user)
    assert "sheet.docx" not in client.get(f"{base(cycle)}/entries/{juvenile.id}").get_data(as_text=True)
    login_as(world.wf_admin)
    assert client.get(f"/wf/assessment/cycles/{cycle.id}/entries/{juvenile.id}/sheet.docx").status_code == 404
    # An entry of another assessment under this assessment's id: not found.
    login_as(world.zy_admin)
    other = Assessment(
        court_id=world.zy.id,
        standard_id=cycle.standard_id,
        title="另一次考评",
        period_start=cycle.period_start,
        period_end=cycle.period_end,
    )
    db.session.add(other)
    db.session.commit()
    assert client.get(f"/zy/assessment/cycles/{other.id}/entries/{juvenile.id}/sheet.docx").status_code == 404
