"""Publishing review results is one transaction: an honour that cannot be
created leaves nothing half-published (no rank without its honour)."""

from __future__ import annotations

from dangjian.audit.models import AuditEntry
from dangjian.db import db
from dangjian.sites.errors import SiteError
from dangjian.sites.models import Honour
from dangjian_showcase import reviews
from dangjian_showcase.models import Entry, Review

from .conftest import make_entry, make_review, rows, score_all


def test_a_failed_honour_publishes_nothing(client, showcase, login_as, monkeypatch):
    world = showcase
    review = make_review(world, judges=[world.juvenile_secretary])
    first, second = make_entry(review, world.juvenile), make_entry(review, world.office)
    score_all(first, world.juvenile_secretary, 90)
    score_all(second, world.juvenile_secretary, 70)
    real = reviews.create_site_honour
    calls = []

    def second_honour_fails(site, values, **kwargs):
        calls.append(values["title"])
        if len(calls) == 2:  # the first honour is already written (flushed) by now
            raise SiteError("请填写荣誉名称。", field="title")
        return real(site, values, **kwargs)

    monkeypatch.setattr(reviews, "create_site_honour", second_honour_fails)
    login_as(world.zy_admin)
    response = client.post(
        f"/zy/showcase/reviews/{review.id}/results", data={f"comment-{first.id}": "特色鲜明"}, follow_redirects=True
    )
    assert response.status_code == 200 and "结果没有发布" in response.get_data(as_text=True)
    assert len(calls) == 2
    db.session.expire_all()
    assert db.session.get(Review, review.id).status == "open"
    assert db.session.get(Review, review.id).published_at is None
    assert [(e.rank, e.final_score, e.comment, e.honour_id) for e in rows(Entry)] == [(None, None, "", None)] * 2
    assert rows(Honour) == []
    assert (
        rows(AuditEntry, AuditEntry.action.in_(("showcase.results_published", "site.created", "site.published"))) == []
    )

    monkeypatch.setattr(reviews, "create_site_honour", real)  # the cause is gone: publishing works
    assert client.post(f"/zy/showcase/reviews/{review.id}/results", data={}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Review, review.id).status == "published"
    assert sorted(h.title for h in rows(Honour)) == ["2025年度支部品牌展评 第1名", "2025年度支部品牌展评 第2名"]
    assert all(e.honour_id is not None for e in rows(Entry))
