"""The branch's self-assessment sheet: evidence from the modules mapped to
points, deductions floored at zero, hand scores checked, attachments."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from dangjian.courts.models import Court
from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_assessment.models import ItemScore, ItemScoreFile
from tests.conftest import sign_in

from .cycle_helpers import (
    STRONG,
    FakeEvidence,
    build_standard,
    entry_of,
    items_of,
    open_assessment,
    sheet_data,
    sheet_url,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _score(entry, item) -> ItemScore:
    db.session.expire_all()
    return db.session.scalar(select(ItemScore).where(ItemScore.entry_id == entry.id, ItemScore.item_id == item.id))


@pytest.fixture
def evidence_app(plugin_app, world):
    """An app with a fake evidence module, on with the assessment in 中院."""
    FakeEvidence.values = {}
    app = plugin_app({"fake": FakeEvidence()})
    with app.app_context():
        zy = db.session.get(Court, world.zy.id)
        modules.set_enabled(zy, "assessment", True)
        modules.set_enabled(zy, "fake", True)
        db.session.commit()
        yield app


def test_indicator_thresholds_map_to_points_with_the_evidence_links(evidence_app, world):
    zy = db.session.get(Court, world.zy.id)
    items = items_of(build_standard(zy))
    FakeEvidence.values = {world.juvenile.id: 95.0, world.office.id: 70.0}
    client = evidence_app.test_client()
    sign_in(evidence_app, client, world.zy_admin)
    cycle = open_assessment(client)
    juvenile, office = entry_of(cycle, world.juvenile), entry_of(cycle, world.office)

    page = client.get(sheet_url(cycle, juvenile)).get_data(as_text=True)
    assert "三会一课按期召开率" in page and "95%" in page and "15 分" in page
    assert 'href="/fake/stats/' in page and "情况统计表" in page
    assert f'name="points-{items["rate"].id}"' not in page  # the branch does not type it
    page = client.get(sheet_url(cycle, office)).get_data(as_text=True)
    assert "70%" in page and "8 分" in page

    # Saved as the module says (a typed value for the automatic item is ignored).
    data = sheet_data(items, {k: v for k, v in STRONG.items() if k != "rate"}, action="save")
    data[f"points-{items['rate'].id}"] = "1"
    assert client.post(sheet_url(cycle, juvenile), data=data).status_code == 302
    rate = _score(juvenile, items["rate"])
    assert (rate.indicator_value, rate.self_points) == (95.0, 15)

    # Below every step: no points; and when the module is switched off the item is scored by hand.
    FakeEvidence.values = {world.office.id: 50.0}
    page = client.get(sheet_url(cycle, office)).get_data(as_text=True)
    assert "50%" in page and "0 分" in page
    modules.set_enabled(db.session.get(Court, world.zy.id), "fake", False)
    db.session.commit()
    page = client.get(sheet_url(cycle, office)).get_data(as_text=True)
    assert "该指标所属模块未在本院启用，本项改为人工评分" in page
    assert f'name="points-{items["rate"].id}"' in page


def test_deductions_floor_at_zero_on_the_sheet(client, assessment, login_as):
    world = assessment
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    entry = entry_of(cycle, world.juvenile)
    login_as(world.juvenile_secretary)
    client.post(sheet_url(cycle, entry), data=sheet_data(items, STRONG, occurrences="3", action="save"))
    assert _score(entry, items["discipline"]).self_points == 4  # 10 - 3 × 2
    client.post(sheet_url(cycle, entry), data=sheet_data(items, STRONG, occurrences="9", action="save"))
    discipline = _score(entry, items["discipline"])
    assert (discipline.occurrences, discipline.self_points) == (9, 0)  # 18 taken, floored at zero
    assert entry_of(cycle, world.juvenile).self_total == 85
    page = client.get(sheet_url(cycle, entry)).get_data(as_text=True)
    assert "每次扣 2 分，扣完为止" in page


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("25", "得分不能超过本项满分 20 分"),
        ("-1", "得分不能为负数"),
        ("NaN", "得分应为数字"),
        ("inf", "得分应为数字"),
        ("十分", "得分应为数字"),
        ("1e1", "得分应为数字"),
        ("4.555", "得分最多保留两位小数"),
        ("99999999999", "得分超出范围"),
    ],
)
def test_bad_points_are_refused_in_chinese_and_nothing_is_saved(client, assessment, login_as, typed, message):
    world = assessment
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    entry = entry_of(cycle, world.juvenile)
    login_as(world.juvenile_secretary)
    data = sheet_data(items, dict(STRONG, meetings=typed), innovation="创新", action="save")
    response = client.post(sheet_url(cycle, entry), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in page and "没有保存" in page
    assert _score(entry, items["brand"]).self_points is None  # the other items were not saved either
    assert entry_of(cycle, world.juvenile).innovation == ""


def test_bad_occurrences_are_refused(client, assessment, login_as):
    world = assessment
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    entry = entry_of(cycle, world.juvenile)
    for typed, message in (("-2", "次数不能为负数"), ("两次", "次数应为 0 至 9999 的整数"), ("1.5", "整数")):
        response = client.post(sheet_url(cycle, entry), data=sheet_data(items, STRONG, occurrences=typed))
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _score(entry, items["meetings"]).self_points is None


def test_submitting_needs_every_score_and_an_explanation_for_hand_scores(client, assessment, login_as):
    world = assessment
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    entry = entry_of(cycle, world.juvenile)
    login_as(world.juvenile_secretary)
    data = sheet_data(items, STRONG, action="submit")
    del data[f"points-{items['media'].id}"]
    data[f"note-{items['brand'].id}"] = ""
    page = client.post(sheet_url(cycle, entry), data=data).get_data(as_text=True)
    assert "请填写本项得分" in page and "人工评分的项目请写明评分说明" in page
    assert entry_of(cycle, world.juvenile).status == "draft"
    # A draft may leave them open.
    assert client.post(sheet_url(cycle, entry), data=dict(data, action="save")).status_code == 302
    assert entry_of(cycle, world.juvenile).status == "draft"


def test_attachments_are_checked_by_content_kept_and_removable(client, assessment, login_as):
    world = assessment
    items = items_of(build_standard(world.zy))
    login_as(world.zy_admin)
    cycle = open_assessment(client)
    entry = entry_of(cycle, world.juvenile)
    login_as(world.juvenile_secretary)
    field = f"file-{items['meetings'].id}"

    fake = sheet_data(items, STRONG, action="save", **{field: (io.BytesIO(b"MZ\x90\x00 not a pdf"), "记录.pdf")})
    response = client.post(sheet_url(cycle, entry), data=fake, content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(select(ItemScoreFile.id)) is None
    assert _score(entry, items["meetings"]).self_points is None  # the scores went back with the file

    good = sheet_data(items, STRONG, action="save", **{field: (io.BytesIO(PDF), "支委会记录.pdf")})
    assert client.post(sheet_url(cycle, entry), data=good, content_type="multipart/form-data").status_code == 302
    link = db.session.scalar(select(ItemScoreFile))
    assert link is not None
    page = client.get(sheet_url(cycle, entry)).get_data(as_text=True)
    assert "支委会记录.pdf" in page
    download = client.get(f"/zy/assessment/cycles/{cycle.id}/entries/{entry.id}/files/{link.file_id}")
    assert download.status_code == 200 and download.data == PDF
    # Another branch's secretary, or a member before publishing, cannot fetch it.
    login_as(world.member_user)
    assert client.get(f"/zy/assessment/cycles/{cycle.id}/entries/{entry.id}/files/{link.file_id}").status_code == 404

    login_as(world.juvenile_secretary)
    client.post(f"/zy/assessment/cycles/{cycle.id}/entries/{entry.id}/files/{link.file_id}/remove")
    assert db.session.scalar(select(ItemScoreFile.id)) is None
