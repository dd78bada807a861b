"""Fixtures of the development module's tests."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian_development import services
from dangjian_development.models import Candidate, Step
from tests.factories import make_user

# A full path with valid dates: code → date.
VALID_PATH = (
    ("apply", date(2022, 3, 1)),
    ("talk", date(2022, 3, 20)),
    ("recommend", date(2022, 5, 1)),
    ("activist", date(2022, 5, 10)),
    ("contact", date(2022, 5, 12)),
    ("training", date(2022, 9, 1)),
    ("assess", date(2022, 11, 10)),
    ("assess", date(2023, 5, 10)),
    ("target", date(2023, 5, 20)),
    ("review", date(2023, 6, 1)),
    ("central_training", date(2023, 6, 10)),
    ("prereview", date(2023, 6, 20)),
    ("publicity", date(2023, 6, 25)),
    ("admit", date(2023, 7, 1)),
    ("approve", date(2023, 7, 15)),
    ("oath", date(2023, 7, 20)),
    ("probation_assess", date(2024, 1, 5)),
    ("convert_apply", date(2024, 6, 20)),
    ("convert", date(2024, 7, 2)),
    ("convert_approve", date(2024, 7, 10)),
    ("archive", date(2024, 7, 20)),
)


@pytest.fixture
def dev(app, world):
    """The module on in the 中院, its default steps, a second branch's secretary."""
    modules.set_enabled(world.zy, "development", True)
    services.ensure_steps(world.zy)
    world.office_secretary = make_user("bgssj", roles=[("branch_secretary", world.zy, world.office)], court=world.zy)
    db.session.commit()
    return world


def step(court, code) -> Step:
    return db.session.scalar(db.select(Step).where(Step.court_id == court.id, Step.code == code))


def make_candidate(world, name="王一鸣", branch=None, birth_date=date(1996, 4, 2), user=None) -> Candidate:
    candidate = Candidate(
        court_id=world.zy.id,
        branch_id=(branch or world.juvenile).id,
        name=name,
        sex="male",
        birth_date=birth_date,
        user_id=user.id if user else None,
    )
    db.session.add(candidate)
    db.session.commit()
    return candidate


def walk(world, candidate, upto=None):
    """Record the valid path (up to and including ``upto``) through the service."""
    for code, on in VALID_PATH:
        services.record_step(world.zy, candidate, step(world.zy, code), on, "", None)
        if code == upto:
            break
    db.session.commit()
