"""Judges do not score their own branch's entry (回避), the results average
over the judges who may score, and each judge's 评语 is kept per entry
(issue 13 item 3)."""

from __future__ import annotations

from dangjian.db import db
from dangjian_showcase.models import Entry, JudgeComment, Review, Score

from .conftest import make_entry, make_review, rows, score_all


def scores(review, value):
    return {f"c{c.id}": str(value) for c in review.criteria}


def test_a_judge_is_excluded_from_their_own_branchs_entry(client, showcase, login_as):
    world = showcase  # member_user (林晓彤) is a member of the juvenile branch
    review = make_review(world, judges=[world.member_user, world.zy_admin])
    own, other = make_entry(review, world.juvenile), make_entry(review, world.office)
    login_as(world.member_user)
    listing = client.get(f"/zy/showcase/reviews/{review.id}/judge").get_data(as_text=True)
    assert "回避（本支部作品，不评分）" in listing
    assert f"/zy/showcase/entries/{own.id}/score" not in listing and f"/zy/showcase/entries/{other.id}/score" in listing
    page = client.get(f"/zy/showcase/entries/{own.id}/score").get_data(as_text=True)
    assert "按回避规定不为本支部的作品评分" in page and 'name="comment"' not in page
    refused = client.post(f"/zy/showcase/entries/{own.id}/score", data=scores(review, 100))
    assert "按回避规定不为本支部的作品评分" in refused.get_data(as_text=True)
    assert rows(Score) == []
    assert client.post(f"/zy/showcase/entries/{other.id}/score", data=scores(review, 90)).status_code == 302
    assert len(rows(Score)) == len(review.criteria)

    login_as(world.zy_admin)  # the admin sees who was excluded, on the entry and the scoring screens
    for url in (f"/zy/showcase/entries/{own.id}/score", f"/zy/showcase/entries/{own.id}"):
        page = client.get(url).get_data(as_text=True)
        assert f"回避评委（本支部党员，不为这件作品评分）：{world.member_user.label}" in page, url
    results = client.get(f"/zy/showcase/reviews/{review.id}/results").get_data(as_text=True)
    assert f"回避：{world.member_user.label}（本支部党员，不评分）" in results


def test_results_average_over_the_judges_who_may_score(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.member_user, world.zy_admin])
    own, other = make_entry(review, world.juvenile), make_entry(review, world.office)
    score_all(own, world.zy_admin, 80)
    score_all(own, world.member_user, 100)  # a sheet from before the rule: it must not count
    score_all(other, world.zy_admin, 70)
    score_all(other, world.member_user, 90)
    login_as(world.zy_admin)
    results = client.get(f"/zy/showcase/reviews/{review.id}/results").get_data(as_text=True)
    assert "已评 1/1 位评委" in results and "已评 2/2 位评委" in results
    client.post(f"/zy/showcase/reviews/{review.id}/results", data={})
    db.session.expire_all()
    ranked = {e.branch_id: (e.rank, e.final_score) for e in rows(Entry)}
    # Not penalised for the missing judge (80, not 40), and the own-branch 100 is ignored (not 90).
    assert ranked == {world.juvenile.id: (1, 80.0), world.office.id: (2, 80.0)}  # a tie: the earlier entry first
    assert db.session.get(Review, review.id).status == "published"


def test_each_judge_writes_a_comment_the_court_admin_reads(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.juvenile_secretary, world.zy_admin])
    entry = make_entry(review, world.office)
    login_as(world.juvenile_secretary)
    form = client.get(f"/zy/showcase/entries/{entry.id}/score").get_data(as_text=True)
    assert 'name="comment"' in form and "评语" in form
    too_long = client.post(f"/zy/showcase/entries/{entry.id}/score", data=dict(scores(review, 85), comment="长" * 1001))
    text = too_long.get_data(as_text=True)
    assert too_long.status_code == 200 and "评语不能超过 1000 个字" in text and "is-invalid" in text
    assert rows(Score) == [] and rows(JudgeComment) == []
    client.post(f"/zy/showcase/entries/{entry.id}/score", data=dict(scores(review, 85), comment="载体丰富，宣传到位"))
    assert [(c.user_id, c.text) for c in rows(JudgeComment)] == [(world.juvenile_secretary.id, "载体丰富，宣传到位")]
    assert "载体丰富，宣传到位" in client.get(f"/zy/showcase/entries/{entry.id}/score").get_data(as_text=True)
    client.post(f"/zy/showcase/entries/{entry.id}/score", data=dict(scores(review, 86), comment="改过的评语"))
    assert [c.text for c in rows(JudgeComment)] == ["改过的评语"]  # one per judge and entry

    login_as(world.zy_admin)
    results = client.get(f"/zy/showcase/reviews/{review.id}/results").get_data(as_text=True)
    assert f"{world.juvenile_secretary.label}</span>：86.0 分 · 评语：改过的评语" in results
    assert f"{world.zy_admin.label}</span>：未评分" in results
    with client.session_transaction() as session:
        session.clear()  # judges' comments are not public
    assert client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True).count("改过的评语") == 0
