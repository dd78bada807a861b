"""Fixtures of the showcase module's tests: the module on in 中院, brands set
the way a branch editor sets them (the microsite's brand settings)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from dangjian.db import db
from dangjian.modules import services as modules
from dangjian.sites import content, gallery, workflow

# The smallest valid PDF the sniffer accepts.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def showcase(world):
    modules.set_enabled(world.zy, "showcase", True)
    db.session.commit()
    return world


def set_brand(branch, name, slogan="", meaning="", vehicle="", impact=""):
    site = content.site_of(branch)
    content.update_brand(
        site, {"brand_name": name, "slogan": slogan, "meaning": meaning, "vehicle": vehicle, "impact": impact}
    )
    db.session.commit()  # services flush; the caller commits
    return site


def add_site_honour(branch, title, level="city", published=True, awarded_on=None):
    honour = gallery.create_honour(content.site_of(branch), {"title": title, "level": level, "awarded_on": awarded_on})
    if published:
        gallery.set_published(honour, True)
    db.session.commit()
    return honour


def add_post(branch, title):
    post = content.create_post(content.site_of(branch), {"title": title, "body": "<p>正文</p>"})
    workflow.publish(post)
    db.session.commit()
    return post


def upload(data: bytes = PDF, name: str = "汇报材料.pdf"):
    return (io.BytesIO(data), name)


def make_review(world, judges=(), votes=False, criteria=(("品牌特色", 60), ("工作成效", 40))):
    from dangjian_showcase.models import Criterion, Judge, Review

    review = Review(
        court_id=world.zy.id,
        title="2025年度支部品牌展评",
        period="2025年度",
        status="open",
        votes_enabled=votes,
        award_places=3,
        criteria=[Criterion(name=n, weight=w, position=i) for i, (n, w) in enumerate(criteria)],
        judges=[Judge(user_id=u.id) for u in judges],
    )
    db.session.add(review)
    db.session.commit()
    return review


def make_entry(review, branch, summary="我们支部的品牌介绍，围绕审判工作开展特色活动，成效明显。", submitted=True):
    from dangjian.db import utcnow
    from dangjian_showcase.models import Entry

    entry = Entry(
        court_id=review.court_id,
        review_id=review.id,
        branch_id=branch.id,
        summary=summary,
        submitted_at=utcnow() if submitted else None,
    )
    db.session.add(entry)
    db.session.commit()
    return entry


def score_all(entry, judge, value):
    from dangjian_showcase.models import Score

    for criterion in entry.review.criteria:
        db.session.add(Score(entry_id=entry.id, user_id=judge.id, criterion_id=criterion.id, value=value))
    db.session.commit()


def rows(model, *where):
    return list(db.session.scalars(select(model).where(*where)))


def queries(executed) -> int:
    return sum(1 for sql in executed if sql.split()[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"))
