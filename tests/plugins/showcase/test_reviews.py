"""Showcase reviews: open, enter, score, publish, vote — and who may do what."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from dangjian.db import db
from dangjian.sites.models import Honour
from dangjian_showcase.models import Attachment, Entry, Review, Score, Vote

from .conftest import make_entry, make_review, rows, score_all, set_brand, upload


def review_form(world, **extra):
    data = {
        "title": "2025年度支部品牌展评",
        "period": "2025年度",
        "description": "请各支部提交品牌材料",
        "award_places": "3",
        "judge_ids": [str(world.juvenile_secretary.id), str(world.zy_admin.id)],
        "criterion-0": "品牌特色",
        "weight-0": "60",
        "criterion-1": "工作成效",
        "weight-1": "40",
    }
    data.update(extra)
    return data


def test_court_admin_opens_a_review_with_rubric_and_judges(client, showcase, login_as):
    world = showcase
    login_as(world.juvenile_secretary)
    assert client.post("/zy/showcase/reviews/new", data=review_form(world)).status_code == 403
    login_as(world.zy_admin)
    bad = client.post("/zy/showcase/reviews/new", data=review_form(world, **{"weight-1": "30"}))
    assert bad.status_code == 200 and "各项权重之和须为 100，现在是 90" in bad.get_data(as_text=True)
    assert "请各支部提交品牌材料" in bad.get_data(as_text=True)  # nothing lost on bad input
    assert client.post("/zy/showcase/reviews/new", data=review_form(world)).status_code == 302
    review = rows(Review)[0]
    assert [(c.name, c.weight) for c in review.criteria] == [("品牌特色", 60), ("工作成效", 40)]
    assert {j.user_id for j in review.judges} == {world.juvenile_secretary.id, world.zy_admin.id}
    assert review.votes_enabled is False  # off by default


def test_branch_submits_an_entry_built_from_its_brand(client, showcase, login_as):
    world = showcase
    set_brand(world.juvenile, "护航青春", slogan="用心守护", meaning="<p>守护未成年人健康成长</p>")
    review = make_review(world, judges=[world.zy_admin])
    login_as(world.juvenile_editor)
    form = client.get(f"/zy/showcase/reviews/{review.id}/entry/{world.juvenile.id}").get_data(as_text=True)
    assert "护航青春：用心守护" in form and "守护未成年人健康成长" in form
    assert client.get(f"/zy/showcase/reviews/{review.id}/entry/{world.office.id}").status_code == 404

    summary = "护航青春：用心守护。少年庭党支部开展法治进校园、圆桌审判等特色活动。"
    response = client.post(
        f"/zy/showcase/reviews/{review.id}/entry/{world.juvenile.id}",
        data={"summary": summary, "action": "submit", "attachments": [upload()]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    entry = rows(Entry)[0]
    assert entry.summary == summary and entry.submitted_at is not None
    assert [a.file.kind for a in entry.attachments] == ["pdf"]

    refused = client.post(
        f"/zy/showcase/reviews/{review.id}/entry/{world.juvenile.id}",
        data={"summary": summary, "action": "submit", "attachments": [upload(b"MZ\x90\x00", "x.exe")]},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 200 and len(rows(Attachment)) == 1
    attachment = rows(Attachment)[0]
    assert client.get(f"/zy/showcase/attachments/{attachment.id}").status_code == 200


def test_a_judge_scores_only_reviews_they_were_assigned(client, showcase, login_as):
    world = showcase
    assigned = make_review(world, judges=[world.juvenile_secretary])
    other = make_review(world, judges=[world.zy_admin])
    entry = make_entry(assigned, world.juvenile)
    other_entry = make_entry(other, world.office)
    c1, c2 = assigned.criteria

    login_as(world.juvenile_secretary)
    assert client.get(f"/zy/showcase/reviews/{assigned.id}/judge").status_code == 200
    response = client.post(f"/zy/showcase/entries/{entry.id}/score", data={f"c{c1.id}": "90", f"c{c2.id}": "80"})
    assert response.status_code == 302
    assert sorted(s.value for s in rows(Score)) == [80, 90]
    bad = client.post(f"/zy/showcase/entries/{entry.id}/score", data={f"c{c1.id}": "120", f"c{c2.id}": "80"})
    assert "请打 0 到 100 分的整数" in bad.get_data(as_text=True)

    # Not assigned to the other review, and the court admin cannot score either unless assigned.
    assert client.get(f"/zy/showcase/reviews/{other.id}/judge").status_code == 403
    o1, o2 = other.criteria
    assert (
        client.post(
            f"/zy/showcase/entries/{other_entry.id}/score", data={f"c{o1.id}": "90", f"c{o2.id}": "90"}
        ).status_code
        == 403
    )
    login_as(world.zy_admin)
    assert (
        client.post(f"/zy/showcase/entries/{entry.id}/score", data={f"c{c1.id}": "10", f"c{c2.id}": "10"}).status_code
        == 403
    )
    assert len(rows(Score)) == 2


def test_results_are_published_only_by_the_court_admin(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.juvenile_secretary])
    first, second = make_entry(review, world.juvenile), make_entry(review, world.office)
    score_all(first, world.juvenile_secretary, 90)
    score_all(second, world.juvenile_secretary, 70)

    for user in (world.juvenile_secretary, world.juvenile_editor, world.member_user):
        login_as(user)
        assert client.post(f"/zy/showcase/reviews/{review.id}/results", data={}).status_code == 403
    login_as(world.wf_admin)
    assert client.post(f"/zy/showcase/reviews/{review.id}/results", data={}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Review, review.id).status == "open"

    login_as(world.zy_admin)
    response = client.post(
        f"/zy/showcase/reviews/{review.id}/results", data={f"comment-{first.id}": "特色鲜明，成效突出"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    review = db.session.get(Review, review.id)
    assert review.status == "published"
    ranks = {e.branch_id: (e.rank, e.final_score) for e in review.entries}
    assert ranks == {world.juvenile.id: (1, 90.0), world.office.id: (2, 70.0)}
    honours = rows(Honour)
    assert sorted(h.title for h in honours) == ["2025年度支部品牌展评 第1名", "2025年度支部品牌展评 第2名"]
    assert all(h.published and h.level == "court" for h in honours)

    # Results show on the wall, the review page, and the branch's microsite honours.
    with client.session_transaction() as session:
        session.clear()  # a visitor
    wall = client.get("/zy/showcase/").get_data(as_text=True)
    assert "2025年度支部品牌展评 第1名" in wall
    page = client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True)
    assert "特色鲜明，成效突出" in page and "90.00" in page
    assert "2025年度支部品牌展评 第1名" in client.get("/zy/s/snt/honours/").get_data(as_text=True)


def test_a_visitor_sees_walls_and_published_results_but_no_scores_in_progress(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.juvenile_secretary])
    entry = make_entry(review, world.juvenile)
    score_all(entry, world.juvenile_secretary, 87)
    assert client.get("/zy/showcase/").status_code == 200
    page = client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True)
    assert "少年庭党支部" in page and "87" not in page and "得分在结果发布后公布" in page
    assert client.get(f"/zy/showcase/reviews/{review.id}/results").status_code == 302  # to the login
    assert client.get(f"/zy/showcase/entries/{entry.id}").status_code == 404  # not before publication
    login_as(world.member_user)
    assert "87" not in client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True)
    assert client.get(f"/zy/showcase/reviews/{review.id}/results").status_code == 403

    login_as(world.zy_admin)
    assert "87.00" in client.get(f"/zy/showcase/reviews/{review.id}/results").get_data(as_text=True)
    client.post(f"/zy/showcase/reviews/{review.id}/results", data={})
    with client.session_transaction() as session:
        session.clear()
    page = client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True)
    assert "87.00" in page
    assert client.get(f"/zy/showcase/entries/{entry.id}").status_code == 200


def test_one_vote_per_member_per_entry(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.zy_admin], votes=True)
    entry = make_entry(review, world.office)
    login_as(world.member_user)
    assert "投一票" in client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True)
    client.post(f"/zy/showcase/entries/{entry.id}/vote")
    second = client.post(f"/zy/showcase/entries/{entry.id}/vote", follow_redirects=True)
    assert "您已经为这件作品投过票了" in second.get_data(as_text=True)
    assert len(rows(Vote)) == 1
    login_as(world.juvenile_editor)  # an account without a member record holds no vote
    assert client.post(f"/zy/showcase/entries/{entry.id}/vote").status_code == 403

    db.session.add(Vote(entry_id=entry.id, member_id=world.juvenile_member.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_votes_are_off_by_default(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.zy_admin])
    entry = make_entry(review, world.office)
    login_as(world.member_user)
    assert "投一票" not in client.get(f"/zy/showcase/reviews/{review.id}").get_data(as_text=True)
    refused = client.post(f"/zy/showcase/entries/{entry.id}/vote", follow_redirects=True)
    assert "本次展评未开放党员投票" in refused.get_data(as_text=True)
    assert rows(Vote) == []


def test_rubric_is_fixed_once_scoring_started(client, showcase, login_as):
    world = showcase
    review = make_review(world, judges=[world.juvenile_secretary])
    score_all(make_entry(review, world.juvenile), world.juvenile_secretary, 80)
    login_as(world.zy_admin)
    response = client.post(
        f"/zy/showcase/reviews/{review.id}/edit",
        data=review_form(world, **{"criterion-0": "新的标准", "weight-0": "100", "criterion-1": "", "weight-1": ""}),
    )
    assert "评委已开始评分，评分标准不能再修改" in response.get_data(as_text=True)
