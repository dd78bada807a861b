"""Evidence from the study module: hours against the yearly target."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.db import db
from dangjian_study import services
from dangjian_study.models import StudySession
from tests.factories import make_member, make_org
from tests.plugins.study.conftest import make_checkin

from .conftest import enable
from .evidence_helpers import keys_of, more_branches, offered, statement_counts, types, values

KEYS = {"study.target_share", "study.average_hours"}


def session(branch, held_on, minutes, members):
    recorded = services.record_session(
        StudySession(court_id=branch.court_id, branch_id=branch.id, held_on=held_on, topic="集中学习", minutes=minutes),
        [m.id for m in members],
    )
    db.session.commit()
    return recorded


@pytest.fixture
def study(assessment):
    """Targets 32 hours (members) and 56 (secretaries and committee members)."""
    world = assessment
    enable(world.zy, name="study")
    enable(world.wf, name="study")
    j = world.juvenile
    reader = world.juvenile_member
    secretary = make_member(j, "刘书记", party_post="支部书记")
    newcomer = make_member(j, "王新")
    gone = make_member(j, "赵调离", left_on=date(2025, 8, 1))
    make_checkin(reader, date(2025, 3, 1), minutes=14 * 60)
    make_checkin(reader, date(2025, 9, 1), minutes=14 * 60)
    make_checkin(reader, date(2024, 12, 31), minutes=50 * 60)  # another year
    session(j, date(2025, 6, 1), 4 * 60, [reader, newcomer])
    make_checkin(secretary, date(2025, 2, 1), minutes=30 * 60)
    make_checkin(secretary, date(2025, 10, 1), minutes=10 * 60)
    make_checkin(gone, date(2025, 5, 1), minutes=100 * 60)  # no longer on the roll
    make_checkin(world.wf_member, date(2025, 5, 1), minutes=40 * 60)
    db.session.commit()
    return world


def test_hours_against_the_target(app, study):
    world = study
    empty = make_org(world.zy, "新设党支部", parent=world.zy_committee, slug="xs")
    db.session.commit()
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.office.id, empty.id])
    # reader 32 h of 32 (28 checked in, 4 in the session); the secretary 40 of 56; the newcomer 4 of 32.
    assert values(found, world.juvenile, "study.") == {"study.target_share": 33.3, "study.average_hours": 25.3}
    assert values(found, world.office, "study.") == {"study.target_share": 0.0, "study.average_hours": 0.0}
    assert values(found, empty, "study.") == {"study.target_share": None, "study.average_hours": None}
    assert found[(empty.id, "study.target_share")].note == "本支部没有在册党员"
    share = found[(world.juvenile.id, "study.target_share")]
    assert share.unit == "%" and share.note == "在册党员 3 名，达到要求 1 名"
    assert found[(world.juvenile.id, "study.average_hours")].unit == "学时"
    assert share.links == (("学习统计", f"/zy/study/stats?start=2025-01-01&end=2025-12-31&branch={world.juvenile.id}"),)


def test_a_half_year_halves_the_target(app, study):
    world = study
    found = offered(app, world.zy, date(2025, 1, 1), date(2025, 6, 30), [world.juvenile.id])
    # Targets 16 and 28 hours: the reader has 18, the secretary 30, the newcomer 4.
    assert values(found, world.juvenile, "study.") == {"study.target_share": 66.7, "study.average_hours": 17.3}


def test_the_courts_own_targets_count(app, study):
    from tests.plugins.study.conftest import set_study_settings

    world = study
    set_study_settings(world.zy, member_hours=4, leader_hours=40)
    found = offered(app, world.zy, branch_ids=[world.juvenile.id])
    assert values(found, world.juvenile, "study.")["study.target_share"] == 100.0


def test_switched_off_in_the_court_its_indicators_go(app, study):
    world = study
    assert set(types(app, world.zy)) >= KEYS
    enable(world.zy, False, name="study")
    assert not KEYS & set(types(app, world.zy))
    assert keys_of(offered(app, world.zy, branch_ids=[world.juvenile.id]), "study.") == set()
    assert set(types(app, world.wf)) >= KEYS


def test_another_courts_branches_are_never_counted(app, study):
    world = study
    found = offered(app, world.zy, branch_ids=[world.juvenile.id, world.wf_branch.id])
    assert {branch for branch, key in found if key in KEYS} == {world.juvenile.id}
    own = offered(app, world.wf, branch_ids=[world.wf_branch.id])
    assert values(own, world.wf_branch, "study.") == {"study.target_share": 100.0, "study.average_hours": 40.0}


def test_statements_do_not_grow_with_branches(app, study, query_counter):
    world = study
    many = [world.juvenile, world.office, *more_branches(world)]
    for branch in many[2:]:
        make_checkin(make_member(branch), date(2025, 4, 1), minutes=60)
    db.session.commit()
    small, large = statement_counts(app, query_counter, world.zy, many[:1], many)
    assert small == large
