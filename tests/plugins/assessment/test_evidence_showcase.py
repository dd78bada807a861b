"""Evidence from the showcase module: a branch's honours by level."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.api import create_site_honour, publish_site_item, site_of
from dangjian.db import db

from .conftest import enable
from .evidence_helpers import keys_of, more_branches, offered, statement_counts, types, values

KEYS = {"showcase.honours", "showcase.honours_city_or_higher"}


def honour(branch, title, level, awarded_on, published=True):
    made = create_site_honour(site_of(branch), {"title": title, "level": level, "awarded_on": awarded_on})
    if published:
        publish_site_item(made, True)
    db.session.commit()
    return made


@pytest.fixture
def showcase(assessment):
    world = assessment
    enable(world.zy, name="showcase")
    enable(world.wf, name="showcase")
    j = world.juvenile
    honour(j, "全国法院先进集体", "national", date(2025, 4, 1))
    honour(j, "市级先进基层党组织", "city", date(2025, 6, 28))
    honour(j, "院先进党支部", "court", date(2025, 12, 31))
    honour(j, "优秀品牌", "other", None)  # no date: no period to place it in
    honour(j, "省级示范党支部", "provincial", date(2025, 7, 1), published=False)  # not shown
    honour(j, "市级先进基层党组织", "city", date(2024, 6, 28))  # another year
    honour(world.wf_branch, "市级文明单位", "city", date(2025, 3, 1))
    return world


def test_honours_of_the_period_by_level(app, showcase):
    world = showcase
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id])
    assert values(found, world.juvenile, "showcase.") == {
        "showcase.honours": 3,
        "showcase.honours_city_or_higher": 2,
    }
    assert values(found, world.office, "showcase.") == {
        "showcase.honours": 0,
        "showcase.honours_city_or_higher": 0,
    }
    juvenile = found[(world.juvenile.id, "showcase.honours")]
    assert juvenile.unit == "项" and juvenile.note == "国家级 1 项，市级 1 项，院级 1 项"
    assert found[(world.office.id, "showcase.honours")].note == "本期没有获得荣誉"
    assert juvenile.links == (
        ("荣誉室", "/zy/showcase/honours?year=2025"),
        ("支部品牌", f"/zy/showcase/brand/{world.juvenile.id}"),
    )


def test_a_half_year_and_the_wall_keeps_counting_every_honour(app, showcase):
    from dangjian_showcase import walls

    world = showcase
    found = offered(app, world.zy, date(2025, 1, 1), date(2025, 6, 30), [world.juvenile.id])
    assert values(found, world.juvenile, "showcase.") == {
        "showcase.honours": 2,
        "showcase.honours_city_or_higher": 2,
    }
    # The wall's count is the same computation without a period: every shown honour.
    card = next(c for c in walls.court_wall(world.zy) if c.branch.id == world.juvenile.id)
    assert card.honours == 5


def test_switched_off_in_the_court_its_indicators_go(app, showcase):
    world = showcase
    assert set(types(app, world.zy)) >= KEYS
    enable(world.zy, False, name="showcase")
    assert not KEYS & set(types(app, world.zy))
    assert keys_of(offered(app, world.zy, branch_ids=[world.juvenile.id]), "showcase.") == set()
    assert set(types(app, world.wf)) >= KEYS


def test_another_courts_branches_are_never_counted(app, showcase):
    world = showcase
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.wf_branch.id])
    assert {branch for branch, key in found if key in KEYS} == {world.juvenile.id}
    own = offered(app, world.wf, branch_ids=[world.wf_branch.id, world.juvenile.id])
    assert {branch for branch, key in own if key in KEYS} == {world.wf_branch.id}
    assert values(own, world.wf_branch, "showcase.") == {
        "showcase.honours": 1,
        "showcase.honours_city_or_higher": 1,
    }


def test_statements_do_not_grow_with_branches(app, showcase, query_counter):
    world = showcase
    many = [world.juvenile, world.office, *more_branches(world)]
    for branch in many[2:]:
        honour(branch, "院先进党支部", "court", date(2025, 5, 1))
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many)
    assert small == large
