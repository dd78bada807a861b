"""The demo's standard (9 aspects, 43 items, 100 points, the evidence keys
it scores automatically), the demo's order with the cycle's demo, and the
editor page's constant number of statements."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.api import court_today
from dangjian.db import db
from dangjian_assessment import dangjian_demo_data
from dangjian_assessment.demo_standard import LABELS
from dangjian_assessment.models import (
    DEDUCTION,
    DRAFT,
    FROZEN,
    INDICATOR,
    PUBLISHED,
    Aspect,
    Assessment,
    Item,
    Standard,
)

from .conftest import enable
from .cycle_helpers import build_standard
from .evidence_helpers import request
from .standard_helpers import url

MODULES = ("archives", "study", "redculture", "showcase")
ASPECTS = [
    "决策部署",
    "机构建设",
    "政治建设",
    "思想建设",
    "组织建设",
    "作风纪律建设",
    "制度建设",
    "党建与业务融合",
    "品牌与阵地建设",
]


def _statements(executed) -> int:
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT"))


def _rows() -> tuple[int, int, int, int]:
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Standard, Aspect, Item, Assessment))


def test_the_demo_standard_and_its_order_with_the_cycle(app, assessment):
    world = assessment
    year = court_today(world.zy).year
    dangjian_demo_data(world.zy)  # the standard's demo first, then the cycle's on last year's
    dangjian_demo_data(world.wf)
    db.session.commit()
    mine = {s.year: s for s in db.session.scalars(select(Standard).where(Standard.court_id == world.zy.id))}
    assert set(mine) == {year - 1, year}
    for standard in mine.values():
        aspects = list(
            db.session.scalars(select(Aspect).where(Aspect.standard_id == standard.id).order_by(Aspect.position))
        )
        assert [a.name for a in aspects] == ASPECTS
        items = list(db.session.scalars(select(Item).where(Item.standard_id == standard.id)))
        assert len(items) == 43 and standard.items_total == 100 == float(standard.total_points)
        assert {i.indicator_key for i in items if i.indicator_key} == set(LABELS)
        assert any(i.method == DEDUCTION and not i.indicator_key for i in items)
        for item in items:
            if item.method == INDICATOR:
                assert all(float(s["points"]) <= float(item.points) for s in item.mapping.get("steps", []))
            if item.method == DEDUCTION:
                assert 0 < float(item.deduction_per) <= float(item.points)
    # Last year's was assessed (and so frozen) by the cycle's demo; this year's is offered to the city.
    assessment_row = db.session.scalar(select(Assessment))
    assert assessment_row.standard_id == mine[year - 1].id and assessment_row.status == PUBLISHED
    assert mine[year - 1].status == FROZEN and mine[year - 1].published_for_city
    assert mine[year].status == DRAFT and mine[year].published_for_city
    # The first basic court adopted both; last year's copy is what its own demo assessment used.
    adopted = {s.year: s for s in db.session.scalars(select(Standard).where(Standard.court_id == world.wf.id))}
    assert {y: s.adopted_from_id for y, s in adopted.items()} == {year - 1: mine[year - 1].id, year: mine[year].id}
    for standard in adopted.values():
        assert db.session.scalar(select(func.count(Item.id)).where(Item.standard_id == standard.id)) == 43
    assert adopted[year - 1].status == FROZEN and adopted[year].status == DRAFT
    courts_published = db.session.scalars(select(Assessment.court_id).where(Assessment.status == PUBLISHED))
    assert sorted(courts_published) == sorted([world.zy.id, world.wf.id])  # the city view has a court to show

    # Running the demo again adds nothing.
    before = _rows()
    dangjian_demo_data(world.zy)
    dangjian_demo_data(world.wf)
    db.session.commit()
    assert _rows() == before


def test_every_key_of_the_demo_is_offered_when_all_modules_are_on(app, assessment):
    from dangjian_assessment.standard_items import offered_indicators

    world = assessment
    for name in MODULES:
        enable(world.zy, name=name)
    with request(app):
        offered = offered_indicators(world.zy)
    for key, (label, unit) in LABELS.items():
        assert key in offered, key
        assert (offered[key].label, offered[key].unit) == (label, unit), key


def test_the_editor_runs_the_same_statements_for_8_and_43_items(client, assessment, login_as, query_counter):
    world = assessment
    for name in MODULES:
        enable(world.zy, name=name)
    small = build_standard(world.zy, 2020)
    dangjian_demo_data(world.zy)
    db.session.commit()
    large = db.session.scalar(select(Standard).where(Standard.year == court_today(world.zy).year))
    login_as(world.zy_admin)
    client.get(url(small))  # warm the per-user caches (the to-do badge)
    with query_counter() as few:
        page = client.get(url(small)).get_data(as_text=True)
    assert "100 分，与满分一致" in page
    with query_counter() as many:
        page = client.get(url(large)).get_data(as_text=True)
    assert "党建与业务融合" in page and "审限内结案率" in page and "缺开次数" in page
    assert _statements(many) == _statements(few), (_statements(many), _statements(few))
    # The list of years too.
    with query_counter() as listing:
        assert client.get("/zy/assessment/standards").status_code == 200
    assert _statements(listing) <= _statements(few) + 2
