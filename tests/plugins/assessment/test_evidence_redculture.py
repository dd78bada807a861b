"""Evidence from the red-culture module: the participation statistics."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.db import db
from dangjian_redculture import stats
from tests.factories import make_member, make_org
from tests.plugins.redculture.conftest import make_activity

from .conftest import enable
from .evidence_helpers import keys_of, more_branches, offered, statement_counts, types, values

KEYS = {"redculture.theme_activities", "redculture.study_day_rate"}


@pytest.fixture
def red(assessment):
    world = assessment
    enable(world.zy, name="redculture")
    enable(world.wf, name="redculture")
    j, o = world.juvenile, world.office
    second, third, _fourth = (make_member(j) for _ in range(3))
    extra = make_member(o, "顾南星")
    make_activity(world.zy, "参观红旗渠", [j], held_on=date(2025, 3, 8), attended=[world.juvenile_member, second])
    make_activity(
        world.zy,
        "联合主题党日",
        [j, o],
        kind="theme_day",
        held_on=date(2025, 7, 1),
        attended=[world.juvenile_member, world.office_member],
    )
    # The court committee's study day: no organising branch, members of any branch take part.
    make_activity(world.zy, "红旗渠精神学习日", [], kind="study_day", held_on=date(2025, 9, 5), attended=[third, extra])
    make_activity(world.zy, "去年的主题党日", [j], kind="theme_day", held_on=date(2024, 7, 1))
    make_activity(world.wf, "立案庭参观", [world.wf_branch], held_on=date(2025, 4, 1), attended=[world.wf_member])
    db.session.commit()
    return world


def test_activities_and_participation(app, red):
    world = red
    empty = make_org(world.zy, "新设党支部", parent=world.zy_committee, slug="xs")
    db.session.commit()
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id, empty.id])
    # The juvenile branch organised the visit and (jointly) the theme day; 3 of its 4 members took part.
    assert values(found, world.juvenile, "redculture.") == {
        "redculture.theme_activities": 2,
        "redculture.study_day_rate": 75.0,
    }
    assert values(found, world.office, "redculture.") == {
        "redculture.theme_activities": 1,
        "redculture.study_day_rate": 100.0,
    }
    assert values(found, empty, "redculture.") == {
        "redculture.theme_activities": 0,
        "redculture.study_day_rate": None,
    }
    assert found[(empty.id, "redculture.study_day_rate")].note == "本支部没有在册党员"
    rate = found[(world.juvenile.id, "redculture.study_day_rate")]
    assert rate.unit == "%" and rate.note == "现有党员 4 名，参加过活动 3 名"
    assert found[(world.juvenile.id, "redculture.theme_activities")].unit == "次"
    assert rate.links == (
        ("参与统计", "/zy/redculture/stats?year=2025"),
        ("活动列表", f"/zy/redculture/activities?year=2025&branch_id={world.juvenile.id}"),
    )


def test_the_same_numbers_as_the_statistics_page(app, red):
    world = red
    rows, _total = stats.branch_rows(world.zy, 2025, None)
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id])
    for row in rows:
        assert found[(row.branch_id, "redculture.theme_activities")].value == row.organised
        assert found[(row.branch_id, "redculture.study_day_rate")].value == row.rate


def test_a_half_year(app, red):
    world = red
    found = offered(app, world.zy, date(2025, 1, 1), date(2025, 6, 30), [world.juvenile.id, world.office.id])
    assert values(found, world.juvenile, "redculture.") == {
        "redculture.theme_activities": 1,
        "redculture.study_day_rate": 50.0,
    }
    assert values(found, world.office, "redculture.") == {
        "redculture.theme_activities": 0,
        "redculture.study_day_rate": 0.0,
    }


def test_switched_off_in_the_court_its_indicators_go(app, red):
    world = red
    assert set(types(app, world.zy)) >= KEYS
    enable(world.zy, False, name="redculture")
    assert not KEYS & set(types(app, world.zy))
    assert keys_of(offered(app, world.zy, branch_ids=[world.juvenile.id]), "redculture.") == set()
    assert set(types(app, world.wf)) >= KEYS


def test_another_courts_branches_are_never_counted(app, red):
    world = red
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.wf_branch.id])
    assert {branch for branch, key in found if key in KEYS} == {world.juvenile.id}
    own = offered(app, world.wf, branch_ids=[world.wf_branch.id])
    assert values(own, world.wf_branch, "redculture.") == {
        "redculture.theme_activities": 1,
        "redculture.study_day_rate": 100.0,
    }


def test_statements_do_not_grow_with_branches(app, red, query_counter):
    world = red
    many = [world.juvenile, world.office, *more_branches(world)]
    for branch in many[2:]:
        make_activity(world.zy, f"{branch.name}参观", [branch], attended=[make_member(branch)])
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many)
    assert small == large
