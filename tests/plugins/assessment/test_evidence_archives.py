"""Evidence from the archives module: the 情况统计表's cells as indicators."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.db import db
from tests.plugins.archives.conftest import add_meeting

from .conftest import enable
from .evidence_helpers import keys_of, more_branches, offered, statement_counts, types, values

KEYS = {"archives.completion_rate", "archives.on_time_rate", "archives.attendance_rate", "archives.missed_count"}


@pytest.fixture
def archives(assessment):
    world = assessment
    enable(world.zy, name="archives")
    enable(world.wf, name="archives")
    j = world.juvenile
    # The court's default types: 46 meetings due in a year (4 + 12 + 12 + 4 + 12 + 1 + 1).
    add_meeting(j, "general", date(2025, 2, 10), present=3, absent=1)
    add_meeting(j, "general", date(2025, 5, 10), present=4, late=True)
    add_meeting(j, "general", date(2025, 11, 3), present=2, absent=2)
    add_meeting(j, "lesson", date(2025, 3, 3), present=4)
    for month in range(1, 7):
        add_meeting(j, "committee", date(2025, month, 20), status="approved", present=3)
    add_meeting(j, "committee", date(2025, 7, 20), status="draft", present=3)  # not reported
    add_meeting(j, "general", date(2024, 12, 30), present=9)  # another year
    add_meeting(world.wf_branch, "general", date(2025, 1, 5), present=6)
    db.session.commit()
    return world


def test_the_statistics_table_becomes_indicators(app, archives):
    world = archives
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id])
    assert values(found, world.juvenile, "archives.") == {
        "archives.completion_rate": 21.7,  # 10 held of 46 due
        "archives.on_time_rate": 19.6,  # 9 on time of 46
        "archives.attendance_rate": 91.2,  # 31 present of 34 expected
        "archives.missed_count": 36,
    }
    # Nothing held is a real value; only attendance has nothing to divide by.
    assert values(found, world.office, "archives.") == {
        "archives.completion_rate": 0.0,
        "archives.on_time_rate": 0.0,
        "archives.attendance_rate": None,
        "archives.missed_count": 46,
    }
    assert found[(world.office.id, "archives.attendance_rate")].note == "本期没有已报送的会议"
    juvenile = found[(world.juvenile.id, "archives.completion_rate")]
    assert juvenile.unit == "%" and juvenile.note == "应开 46 次：按时 9，补开补报 1，未开 36"
    assert juvenile.links == (
        ("情况统计表", "/zy/archives/stats/?year=2025"),
        ("会议记录", f"/zy/archives/?branch={world.juvenile.id}&year=2025"),
    )
    assert found[(world.juvenile.id, "archives.missed_count")].unit == "次"


def test_the_same_numbers_as_the_table(app, archives):
    """One computation, two uses: the indicator is the table's cell."""
    from dangjian_archives.services import stats

    world = archives
    table = stats.build([world.zy], 2025, "year", 1, date(2026, 1, 15))
    row = next(r for r in table.rows if r.branch.id == world.juvenile.id).total
    found = offered(app, world.zy, branch_ids=[world.juvenile.id])
    assert found[(world.juvenile.id, "archives.missed_count")].value == row.missing
    assert found[(world.juvenile.id, "archives.attendance_rate")].value == row.rate


def test_half_year_and_a_period_with_nothing_due(app, archives):
    world = archives
    first_half = offered(app, world.zy, date(2025, 1, 1), date(2025, 6, 30), [world.juvenile.id])
    # Due Jan–Jun: general 2, lesson 2, committee, group and theme day 6 each; the yearly types not yet.
    assert values(first_half, world.juvenile, "archives.") == {
        "archives.completion_rate": 40.9,  # 9 of 22: general 2 (one late), lesson 1, committee 6
        "archives.on_time_rate": 36.4,  # 8 of 22
        "archives.attendance_rate": 96.7,  # 29 present of 30 expected
        "archives.missed_count": 13,
    }
    future = offered(app, world.zy, date(2027, 1, 1), date(2027, 6, 30), [world.juvenile.id])
    assert values(future, world.juvenile, "archives.") == {
        "archives.completion_rate": None,
        "archives.on_time_rate": None,
        "archives.attendance_rate": None,
        "archives.missed_count": 0,
    }
    assert future[(world.juvenile.id, "archives.completion_rate")].note == "本期无应开会议"


def test_switched_off_in_the_court_its_indicators_go(app, archives):
    world = archives
    assert set(types(app, world.zy)) >= KEYS
    enable(world.zy, False, name="archives")
    assert not KEYS & set(types(app, world.zy))
    assert keys_of(offered(app, world.zy, branch_ids=[world.juvenile.id]), "archives.") == set()
    # The other court still has them.
    assert set(types(app, world.wf)) >= KEYS


def test_another_courts_branches_are_never_counted(app, archives):
    world = archives
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.wf_branch.id])
    assert {branch for branch, key in found if key in KEYS} == {world.juvenile.id}
    own = offered(app, world.wf, branch_ids=[world.wf_branch.id, world.juvenile.id])
    assert {branch for branch, key in own if key in KEYS} == {world.wf_branch.id}
    assert own[(world.wf_branch.id, "archives.completion_rate")].links[0][1] == "/wf/archives/stats/?year=2025"


def test_statements_do_not_grow_with_branches(app, archives, query_counter):
    world = archives
    many = [world.juvenile, world.office, *more_branches(world)]
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many)
    assert small == large
    assert len(offered(app, world.zy, branch_ids=[b.id for b in many])) >= 5 * len(KEYS)
