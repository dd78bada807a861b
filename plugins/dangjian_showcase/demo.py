"""Demo data: star ratings, court honours and an open showcase review whose
entries come from the demo microsites' brands (fictional names only)."""

from __future__ import annotations

from datetime import date, timedelta

from dangjian.api import court_sites, db, utcnow

from .models import BranchRating, CourtHonour, Criterion, Entry, Judge, Review, Score
from .reviews import eligible_judges, summary_from_brand

COURT_HONOURS = [
    ("全省法院党建工作先进集体", "provincial", "省法院机关党委", date(2023, 6, 28)),
    ("市级党建工作示范点", "city", "市直机关工委", date(2022, 7, 1)),
    ("职工书屋示范点", "city", "市总工会", date(2021, 4, 23)),
]
STARS = [5, 5, 4, 4, 3, 5, 4, 3]


def add_demo_data(court) -> None:
    pairs = court_sites(court)
    year = date.today().year - 1
    for n, (branch, _site) in enumerate(pairs):
        db.session.add(BranchRating(court_id=court.id, branch_id=branch.id, stars=STARS[n % len(STARS)], year=year))
    for title, level, body, when in COURT_HONOURS[: 3 if court.parent_id is None else 1]:
        db.session.add(CourtHonour(court_id=court.id, title=title, level=level, awarding_body=body, awarded_on=when))
    branded = [(branch, site) for branch, site in pairs if site is not None and site.brand_name]
    judges = eligible_judges(court)[:3]
    if not branded or not judges:
        return
    review = Review(
        court_id=court.id,
        title=f"{year + 1}年度支部品牌展评",
        period=f"{year + 1}年上半年",
        description="各支部围绕“一支部一特色一品牌”，提交品牌介绍和汇报材料，由评委按评分标准打分。",
        status="open",
        votes_enabled=False,
        award_places=3,
    )
    review.criteria = [
        Criterion(name=name, weight=weight, position=n)
        for n, (name, weight) in enumerate(
            [("品牌定位与特色", 25), ("载体与活动", 25), ("工作成效与影响", 30), ("展示与宣传", 20)]
        )
    ]
    review.judges = [Judge(user_id=user.id) for user in judges]
    db.session.add(review)
    db.session.flush()
    for n, (branch, _site) in enumerate(branded):
        entry = Entry(
            court_id=court.id,
            review_id=review.id,
            branch_id=branch.id,
            summary=summary_from_brand(branch),
            submitted_at=utcnow() - timedelta(days=n + 1),
        )
        db.session.add(entry)
        db.session.flush()
        for criterion in review.criteria:
            db.session.add(
                Score(
                    entry_id=entry.id,
                    user_id=judges[0].id,
                    criterion_id=criterion.id,
                    value=92 - 3 * n - criterion.position,
                )
            )
