"""Anonymity of the member appraisal: no page, table or audit entry shows
who rated whom; one vote per member, counted once."""

from __future__ import annotations

import re

from sqlalchemy import select

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian_assessment.appraisal_models import (
    GRADES,
    AppraisalResult,
    AppraisalTally,
    AppraisalVoter,
)
from tests.factories import make_member

from .appraisal_helpers import YEAR, ballot, counts, juvenile_people, open_round, url

BALLOTS = {  # who votes → how they rate the others, by position in juvenile_people
    0: {1: "excellent", 2: "qualified", 3: "unqualified"},
    1: {0: "qualified", 2: "basic", 3: "qualified"},
    2: {0: "excellent", 1: "excellent", 3: "basic"},
}


def _vote_all(client, login_as, appraisal, people, order) -> None:
    for voter in order:
        login_as(people[voter].user)
        grades = {people[i].member: grade for i, grade in BALLOTS[voter].items()}
        assert client.post(url(appraisal, "/vote"), data=ballot(grades)).status_code == 302


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_the_tables_cannot_say_who_rated_whom():
    tally = {c.name for c in AppraisalTally.__table__.columns}
    assert tally == {"id", "appraisal_id", "member_id", "grade", "votes"}
    voter = {c.name for c in AppraisalVoter.__table__.columns}
    assert voter == {"id", "appraisal_id", "member_id"}  # no time, no grade
    assert not [c for c in AppraisalResult.__table__.columns if "rater" in c.name or "voter" in c.name]


def test_no_page_shows_who_voted_or_what_they_chose(client, assessment, login_as):
    world = assessment
    people = juvenile_people(world)
    login_as(world.zy_admin)
    appraisal = open_round(client)
    _vote_all(client, login_as, appraisal, people, order=[0, 1, 2])
    pages = {
        "round": url(appraisal),
        "branch": url(appraisal, f"/branches/{world.juvenile.id}"),
        "distribution": url(appraisal, "/distribution"),
        "index": "/zy/assessment/appraisals/",
    }
    voters = [people[i].name for i in BALLOTS]
    for user in (world.juvenile_secretary, world.zy_admin):
        login_as(user)
        for name, address in pages.items():
            response = client.get(address)
            if response.status_code == 404:  # the distribution is the court's, not the secretary's
                assert name == "distribution" and user is world.juvenile_secretary
                continue
            text = _text(response.get_data(as_text=True))
            if name == "branch":
                # Every member appears in their own row only, as the one rated (the name, and the
                # hidden labels of their two fields): never as a voter.
                for person in people:
                    assert text.count(person.name) == 1 + text.count(f"{person.name}的评定"), (name, person.name)
                    assert text.count(f"{person.name}的评定") == 2
                assert "已投票 3 人" in text
            else:
                for voter in voters:
                    assert voter not in text, (name, voter)
    # Nor the audit log: the vote's entries name the voter and no grade, no rated member.
    entries = list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "assessment.appraisal_voted")))
    assert len(entries) == 3
    for entry in entries:
        assert entry.target_type == "Appraisal" and entry.detail is None
        for label in GRADES.values():
            assert label not in entry.summary
        others = [p.name for p in people if p.name not in entry.summary]
        assert len(others) == len(people) - 1  # only the voter is named
    log = _text(client.get("/zy/manage/audit/?action=assessment.appraisal_voted").get_data(as_text=True))
    for label in GRADES.values():
        assert label not in log


def test_the_order_of_votes_leaves_no_trace(client, assessment, login_as):
    """The same ballots cast in opposite orders leave the same rows, ids included."""
    world = assessment
    people = juvenile_people(world)
    login_as(world.zy_admin)
    first = open_round(client, year=YEAR)
    second = open_round(client, year=YEAR + 1)
    _vote_all(client, login_as, first, people, order=[0, 1, 2])
    _vote_all(client, login_as, second, people, order=[2, 1, 0])

    def rows(appraisal):
        found = list(
            db.session.scalars(
                select(AppraisalTally).where(AppraisalTally.appraisal_id == appraisal.id).order_by(AppraisalTally.id)
            )
        )
        start = found[0].id
        return [(t.id - start, t.member_id, t.grade, t.votes) for t in found]

    db.session.expire_all()
    assert rows(first) == rows(second)
    assert len(rows(first)) == 4 * len(people)


def test_a_second_vote_is_refused_and_the_counts_stay(client, assessment, login_as):
    world = assessment
    lin, wang, chen, liu = juvenile_people(world)
    login_as(world.zy_admin)
    appraisal = open_round(client)
    login_as(lin.user)
    grades = {wang.member: "excellent", chen.member: "qualified", liu.member: "basic"}
    assert client.post(url(appraisal, "/vote"), data=ballot(grades)).status_code == 302
    before = counts(appraisal)
    response = client.post(url(appraisal, "/vote"), data=ballot({m: "unqualified" for m in grades}))
    assert response.status_code == 422
    assert "不能重复投票" in response.get_data(as_text=True)
    assert counts(appraisal) == before
    assert db.session.scalar(select(AppraisalVoter.id).where(AppraisalVoter.member_id == lin.member.id))


def test_a_parallel_second_submit_fails_on_the_voter_row(client, assessment, login_as):
    """Two requests that both passed the 'has voted' check: the unique voter
    row stops the second, with a Chinese message and no counts added."""
    from dangjian_assessment import appraisal_services
    from dangjian_assessment.appraisal_services import AppraisalRefused

    world = assessment
    lin, wang, chen, liu = juvenile_people(world)
    login_as(world.zy_admin)
    appraisal = open_round(client)
    login_as(lin.user)
    grades = {wang.member: "excellent", chen.member: "qualified", liu.member: "basic"}
    assert client.post(url(appraisal, "/vote"), data=ballot(grades)).status_code == 302
    before = counts(appraisal)
    original = appraisal_services.has_voted
    appraisal_services.has_voted = lambda *args: False  # as if the other request had not committed yet
    try:
        posted = {f"grade-{m.id}": g for m, g in grades.items()}
        try:
            appraisal_services.cast_vote(world.zy, appraisal, lin.member, posted, lin.user)
        except AppraisalRefused as refusal:
            assert "不能重复投票" in refusal.message
        else:
            raise AssertionError("a second vote was counted")
        db.session.rollback()
    finally:
        appraisal_services.has_voted = original
    assert counts(appraisal) == before


def test_a_member_who_joins_later_is_rated_without_a_trace_of_earlier_ballots(client, assessment, login_as):
    world = assessment
    people = juvenile_people(world)
    login_as(world.zy_admin)
    appraisal = open_round(client)
    _vote_all(client, login_as, appraisal, people, order=[0])
    newcomer = make_member(world.juvenile, "赵新来")
    db.session.commit()
    login_as(people[1].user)
    grades = {people[0].member: "qualified", people[2].member: "qualified", people[3].member: "qualified"}
    grades[newcomer] = "excellent"
    assert client.post(url(appraisal, "/vote"), data=ballot(grades)).status_code == 302
    tally = counts(appraisal)
    assert [tally[(newcomer.id, g)] for g in GRADES] == [1, 0, 0, 0]
