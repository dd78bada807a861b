"""Review: reviewers appointed by the court admin score each item beside the
self-score; a different score needs a reason; nobody reviews their own branch."""

from __future__ import annotations

from sqlalchemy import func, select

from dangjian.db import db
from dangjian_assessment.models import ItemScore, Reviewer
from tests.factories import make_member, make_user

from .cycle_helpers import STRONG, base, entry_of, review_data, submitted_cycle


def _appoint(client, cycle, username):
    return client.post(f"{base(cycle)}/reviewers", data={"username": username})


def test_a_reviewer_is_not_offered_and_cannot_score_their_own_branch(client, assessment, login_as):
    world = assessment
    reviewer = make_user("pingshen", member=make_member(world.juvenile, "少年庭党员"))
    db.session.commit()
    cycle, items = submitted_cycle(client, login_as, world)
    assert _appoint(client, cycle, "pingshen").status_code == 302
    page = client.get(f"{base(cycle)}/reviewers").get_data(as_text=True)
    assert "pingshen" in page and "少年庭党支部" in page  # shown as the branch they do not review

    login_as(reviewer)
    juvenile, office = entry_of(cycle, world.juvenile), entry_of(cycle, world.office)
    listing = client.get(f"{base(cycle)}/review").get_data(as_text=True)
    assert "办公室党支部" in listing and "少年庭党支部" not in listing
    page = client.get(f"{base(cycle)}/review/{juvenile.id}", follow_redirects=True).get_data(as_text=True)
    assert "评审人不能评审本人所在的党支部" in page
    points = {name: "1" for name in items}
    client.post(f"{base(cycle)}/review/{juvenile.id}", data=review_data(items, points, dict.fromkeys(items, "理由")))
    assert entry_of(cycle, world.juvenile).review_total is None
    assert db.session.scalar(select(func.count(ItemScore.id)).where(ItemScore.review_points.is_not(None))) == 0
    # The office is theirs to review.
    assert client.get(f"{base(cycle)}/review/{office.id}").status_code == 200


def test_a_branch_secretary_reviewer_is_kept_off_their_branch_too(client, assessment, login_as):
    world = assessment
    cycle, _items = submitted_cycle(client, login_as, world)
    _appoint(client, cycle, world.juvenile_secretary.username)
    login_as(world.juvenile_secretary)
    listing = client.get(f"{base(cycle)}/review").get_data(as_text=True)
    assert "少年庭党支部" not in listing and "办公室党支部" in listing


def test_a_different_review_score_needs_a_written_reason(client, assessment, login_as):
    world = assessment
    reviewer = make_user("pingshen", member=make_member(world.office, "办公室党员"))
    db.session.commit()
    cycle, items = submitted_cycle(client, login_as, world)
    _appoint(client, cycle, "pingshen")
    login_as(reviewer)
    juvenile = entry_of(cycle, world.juvenile)
    points = {name: STRONG.get(name, "10") for name in items}
    points["media"] = "7"
    response = client.post(f"{base(cycle)}/review/{juvenile.id}", data=review_data(items, points))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "评审分与自评分（9 分）不同，请写明理由" in page
    assert db.session.scalar(select(func.count(ItemScore.id)).where(ItemScore.review_points.is_not(None))) == 0
    assert entry_of(cycle, world.juvenile).status == "submitted"

    bad = dict(points, brand="21")
    page = client.post(f"{base(cycle)}/review/{juvenile.id}", data=review_data(items, bad)).get_data(as_text=True)
    assert "评审分不能超过本项满分 20 分" in page

    reasons = {"media": "宣传阵地未按季度更新。"}
    assert (
        client.post(f"{base(cycle)}/review/{juvenile.id}", data=review_data(items, points, reasons)).status_code == 302
    )
    entry = entry_of(cycle, world.juvenile)
    assert (entry.status, entry.self_total, entry.review_total) == ("reviewed", 95, 93)
    card = client.get(f"{base(cycle)}/entries/{juvenile.id}")
    assert card.status_code == 404  # a reviewer reviews; the scorecard is the branch's and the court's
    login_as(world.juvenile_secretary)
    page = client.get(f"{base(cycle)}/entries/{juvenile.id}").get_data(as_text=True)
    assert "宣传阵地未按季度更新。" in page and "93" in page


def test_only_appointed_reviewers_review(client, assessment, login_as):
    world = assessment
    cycle, _items = submitted_cycle(client, login_as, world)
    office = entry_of(cycle, world.office)
    login_as(world.member_user)
    assert client.get(f"{base(cycle)}/review").status_code == 404
    assert client.get(f"{base(cycle)}/review/{office.id}").status_code == 404
    # An account of another court cannot be appointed.
    login_as(world.zy_admin)
    response = _appoint(client, cycle, world.wf_admin.username)
    assert response.status_code == 422 and "本院没有用户名为" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Reviewer.id))) == 0
