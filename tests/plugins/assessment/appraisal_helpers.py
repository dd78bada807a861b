"""Helpers of the member appraisal's tests: a branch with a few more
members who sign in, opening a round, and the ballots people post."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from dangjian.db import db
from dangjian_assessment.appraisal_models import Appraisal, AppraisalTally
from tests.factories import court_date, make_member, make_user

# Last year: a round may be held in its year or early the next one.
YEAR = court_date().year - 1


@dataclass
class Person:
    member: object
    user: object

    @property
    def name(self) -> str:
        return self.member.name


def juvenile_people(world) -> list[Person]:
    """少年庭: 林晓彤 (world.member_user) and three more members who sign in."""
    people = [Person(world.juvenile_member, world.member_user)]
    for index, name in enumerate(("王海峰", "陈思远", "刘佳怡"), start=1):
        member = make_member(world.juvenile, name)
        people.append(Person(member, make_user(f"snt{index}", member=member)))
    db.session.commit()
    return people


def round_form(year: int = YEAR, **overrides) -> dict:
    today = court_date()
    data = {
        "year": str(year),
        "title": f"{year}年度民主评议党员",
        "starts_on": (today - timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def open_round(client, court_slug: str = "zy", year: int = YEAR, **overrides) -> Appraisal:
    response = client.post(f"/{court_slug}/assessment/appraisals/new", data=round_form(year, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalars(select(Appraisal).order_by(Appraisal.id.desc())).first()


def url(appraisal: Appraisal, tail: str = "", court_slug: str = "zy") -> str:
    return f"/{court_slug}/assessment/appraisals/{appraisal.id}{tail}"


def ballot(grades: dict, confirm: bool = True) -> dict:
    """``grades``: a member (or their id) → a grade key."""
    data = {f"grade-{getattr(m, 'id', m)}": grade for m, grade in grades.items()}
    if confirm:
        data["confirm"] = "y"
    return data


def counts(appraisal: Appraisal) -> dict[tuple[int, str], int]:
    db.session.expire_all()
    return {
        (t.member_id, t.grade): t.votes
        for t in db.session.scalars(select(AppraisalTally).where(AppraisalTally.appraisal_id == appraisal.id))
    }


def set_dates(appraisal: Appraisal, *, starts: int, ends: int) -> None:
    """Move the round's dates to ``starts``/``ends`` days from today."""
    db.session.expire_all()
    row = db.session.get(Appraisal, appraisal.id)
    today = court_date()
    row.starts_on, row.ends_on = today + timedelta(days=starts), today + timedelta(days=ends)
    db.session.commit()
